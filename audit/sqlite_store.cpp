// The decision log in one SQLite file: the schema, and the store's operations in SQL.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "audit/audit_errors.h"
#include "audit/chain.h"
#include "audit/sqlite_db.h"
#include "audit/store.h"
#include "runtime/base/system_error.h"

namespace regel::audit {
namespace {

// Append-only: the triggers refuse any UPDATE or DELETE, so nothing in regel (nor a careless
// query) changes a record; someone who drops them to alter the log is caught by the chain.
constexpr const char* kSchema = R"sql(
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE rulesets (
  sha256 TEXT PRIMARY KEY, name TEXT NOT NULL, version TEXT NOT NULL, rgb BLOB NOT NULL, added TEXT NOT NULL);
CREATE TABLE decisions (
  id INTEGER PRIMARY KEY,
  time TEXT NOT NULL,
  engine TEXT NOT NULL,
  ruleset_sha256 TEXT NOT NULL REFERENCES rulesets(sha256),
  case_id TEXT,
  input TEXT NOT NULL,
  input_sha256 TEXT NOT NULL,
  date_option TEXT,
  decision_date TEXT,
  outcome TEXT NOT NULL,
  error_code TEXT,
  amount_ore INTEGER,
  reasons TEXT NOT NULL,
  decision TEXT NOT NULL,
  stickprov INTEGER NOT NULL,
  stickprov_key TEXT NOT NULL,
  previous_hash TEXT NOT NULL,
  hash TEXT NOT NULL,
  hmac TEXT);
CREATE INDEX decisions_by_date ON decisions(decision_date);
CREATE TRIGGER decisions_append_only_update BEFORE UPDATE ON decisions
  BEGIN SELECT RAISE(ABORT, 'beslutsloggen tar bara emot nya poster'); END;
CREATE TRIGGER decisions_append_only_delete BEFORE DELETE ON decisions
  BEGIN SELECT RAISE(ABORT, 'beslutsloggen tar bara emot nya poster'); END;
CREATE TRIGGER rulesets_append_only_update BEFORE UPDATE ON rulesets
  BEGIN SELECT RAISE(ABORT, 'beslutsloggen tar bara emot nya poster'); END;
CREATE TRIGGER rulesets_append_only_delete BEFORE DELETE ON rulesets
  BEGIN SELECT RAISE(ABORT, 'beslutsloggen tar bara emot nya poster'); END;
)sql";

// The columns every read of a whole record selects, in the order rowToRecord reads them.
constexpr const char* kRecordColumns =
    "d.id, d.time, d.engine, d.ruleset_sha256, r.name, r.version, d.case_id, d.input, d.input_sha256, "
    "d.date_option, d.decision_date, d.outcome, d.error_code, d.amount_ore, d.reasons, d.decision, "
    "d.stickprov, d.stickprov_key, d.previous_hash, d.hash, d.hmac "
    "FROM decisions d LEFT JOIN rulesets r ON r.sha256 = d.ruleset_sha256";

LoggedDecision rowToRecord(const Statement& row) {
  LoggedDecision r;
  r.id = row.integer(0);
  r.time = row.text(1);
  r.engine = row.text(2);
  r.rulesetSha256 = row.text(3);
  r.rulesetName = row.text(4);
  r.rulesetVersion = row.text(5);
  DecisionRecord& d = r.decision;
  d.caseId = row.text(6);
  d.input = row.text(7);
  d.inputSha256 = row.text(8);
  d.dateOption = row.text(9);
  d.decisionDate = row.text(10);
  d.outcome = row.text(11);
  d.errorCode = row.text(12);
  d.amountOre = row.optionalInteger(13);
  d.reasons = row.text(14);
  d.decision = row.text(15);
  d.stickprov = row.integer(16) != 0;
  d.stickprovKey = row.text(17);
  r.previousHash = row.text(18);
  r.hash = row.text(19);
  r.hmac = row.text(20);
  return r;
}


class SqliteStore final : public LogStore {
 public:
  SqliteStore(std::string path, AuditOptions options) : path(std::move(path)), options(std::move(options)) {}

  bool storeRuleset(const StoredRuleset& ruleset, AuditProblem& error) override;
  bool append(std::vector<LoggedDecision>& records, const Seal& seal, AuditProblem& error) override;
  bool list(const AuditFilter& filter, std::vector<LoggedDecision>& out, AuditProblem& error) override;
  std::optional<LoggedDecision> get(int64_t id, AuditProblem& error) override;
  bool forEach(const std::function<bool(const LoggedDecision&)>& visit, AuditProblem& error) override;
  bool chainIndex(std::vector<std::pair<int64_t, std::string>>& out, AuditProblem& error) override;
  std::optional<std::string> rulesetRgb(const std::string& sha256, AuditProblem& error) override;
  bool forEachRuleset(const std::function<void(const StoredRuleset&)>& visit, AuditProblem& error) override;

  // A problem of kind `kind` about the log file, with SQLite's message.
  AuditProblem problem(ErrorKind kind) const { return makeProblem(kind, {path, db.error()}); }

  std::string path;
  AuditOptions options;
  Database db;
};

// Creates the file with mode 0600 before SQLite opens it: a log holds personal data. SQLite gives
// its -wal and -shm files the same mode.
bool createPrivateFile(const std::string& path, AuditProblem& error) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd >= 0) {
    ::close(fd);
    return true;
  }
  if (errno == EEXIST) return true;
  error = makeProblem(ErrorKind::Unopenable, {path, rt::systemErrorText(errno)});
  return false;
}

// An empty database becomes a log; any other must be one, of this schema version.
bool checkOrCreateSchema(SqliteStore& log, AuditProblem& error) {
  Statement tables(log.db, "SELECT count(*) FROM sqlite_master");
  if (!tables.ok() || tables.step() != SQLITE_ROW) {
    error = makeProblem(ErrorKind::NotALog, {log.path, log.db.error()});
    return false;
  }
  if (tables.integer(0) == 0) {
    if (log.options.readOnly) {
      error = makeProblem(ErrorKind::NotALog, {log.path, "filen är tom"});
      return false;
    }
    Transaction tx(log.db);
    if (!tx.begun() || !log.db.exec(kSchema)) {
      error = log.problem(ErrorKind::WriteFailed);
      return false;
    }
    Statement insert(log.db, "INSERT INTO meta (key, value) VALUES ('schema', ?1), ('created', ?2)");
    insert.bind(1, kAuditSchema).bind(2, utcNow());
    if (!insert.run() || !tx.commit()) {
      error = log.problem(ErrorKind::WriteFailed);
      return false;
    }
    return true;
  }
  Statement schema(log.db, "SELECT value FROM meta WHERE key = 'schema'");
  if (!schema.ok() || schema.step() != SQLITE_ROW) {
    error = makeProblem(ErrorKind::NotALog, {log.path, "tabellen meta med loggens format saknas"});
    return false;
  }
  if (schema.text(0) != kAuditSchema) {
    error = makeProblem(ErrorKind::SchemaVersion, {log.path, schema.text(0), kAuditSchema});
    return false;
  }
  return true;
}

bool limitSize(Database& db, uint64_t maxBytes) {
  Statement pageSize(db, "PRAGMA page_size");
  if (!pageSize.ok() || pageSize.step() != SQLITE_ROW || pageSize.integer(0) <= 0) return false;
  const uint64_t pages = std::max<uint64_t>(1, maxBytes / static_cast<uint64_t>(pageSize.integer(0)));
  return db.exec(fmt::format("PRAGMA max_page_count = {}", pages).c_str());
}

}  // namespace

bool SqliteStore::storeRuleset(const StoredRuleset& ruleset, AuditProblem& error) {
  Transaction tx(db);
  Statement insert(db, "INSERT OR IGNORE INTO rulesets (sha256, name, version, rgb, added) VALUES (?1, ?2, ?3, ?4, ?5)");
  insert.bind(1, ruleset.sha256).bind(2, ruleset.name).bind(3, ruleset.version).bindBlob(4, ruleset.rgb);
  insert.bind(5, ruleset.added);
  if (!tx.begun() || !insert.run() || !tx.commit()) {
    error = problem(ErrorKind::WriteFailed);
    return false;
  }
  return true;
}

bool SqliteStore::append(std::vector<LoggedDecision>& records, const Seal& seal, AuditProblem& error) {
  // BEGIN IMMEDIATE takes the write lock before the last hash is read: two processes appending
  // to one log chain their records one after the other, never both onto the same record.
  Transaction tx(db);
  Statement last(db, "SELECT id, hash FROM decisions ORDER BY id DESC LIMIT 1");
  Statement insert(db,
                   "INSERT INTO decisions (id, time, engine, ruleset_sha256, case_id, input, input_sha256, "
                   "date_option, decision_date, outcome, error_code, amount_ore, reasons, decision, stickprov, "
                   "stickprov_key, previous_hash, hash, hmac) VALUES "
                   "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)");
  if (!tx.begun() || !last.ok() || !insert.ok()) {
    error = problem(ErrorKind::WriteFailed);
    return false;
  }
  const int rc = last.step();
  int64_t id = rc == SQLITE_ROW ? last.integer(0) : 0;
  std::string previous = rc == SQLITE_ROW ? last.text(1) : std::string(kGenesisHash);
  for (LoggedDecision& r : records) {
    r.id = ++id;
    r.previousHash = previous;
    seal(r);
    const DecisionRecord& x = r.decision;
    insert.bind(1, r.id).bind(2, r.time).bind(3, r.engine).bind(4, r.rulesetSha256).bindOrNull(5, x.caseId);
    insert.bind(6, x.input).bind(7, x.inputSha256).bindOrNull(8, x.dateOption).bindOrNull(9, x.decisionDate);
    insert.bind(10, x.outcome).bindOrNull(11, x.errorCode).bind(12, x.amountOre).bind(13, x.reasons);
    insert.bind(14, x.decision).bind(15, int64_t{x.stickprov}).bind(16, x.stickprovKey).bind(17, r.previousHash);
    insert.bind(18, r.hash).bindOrNull(19, r.hmac);
    if (!insert.run()) {
      error = problem(ErrorKind::WriteFailed);
      return false;
    }
    insert.reset();
    previous = r.hash;
  }
  if (!tx.commit()) {
    error = problem(ErrorKind::WriteFailed);
    return false;
  }
  return true;
}

bool SqliteStore::list(const AuditFilter& filter, std::vector<LoggedDecision>& out, AuditProblem& error) {
  // Empty filters match everything. The bodies (input, its hash, reasons, decision) are not read:
  // NULL in their columns, so that a row reads as a whole record does.
  Statement q(db,
              "SELECT d.id, d.time, d.engine, d.ruleset_sha256, r.name, r.version, d.case_id, NULL, NULL, "
              "d.date_option, d.decision_date, d.outcome, d.error_code, d.amount_ore, NULL, NULL, "
              "d.stickprov, d.stickprov_key, d.previous_hash, d.hash, d.hmac "
              "FROM decisions d LEFT JOIN rulesets r ON r.sha256 = d.ruleset_sha256 "
              "WHERE (?1 IS NULL OR d.decision_date >= ?1) AND (?2 IS NULL OR d.decision_date <= ?2) "
              "AND (?3 IS NULL OR d.outcome = ?3) AND (?4 IS NULL OR r.name = ?4) "
              "AND (?5 = 0 OR d.stickprov = 1) ORDER BY d.id");
  if (!q.ok()) {
    error = problem(ErrorKind::ReadFailed);
    return false;
  }
  q.bindOrNull(1, filter.from).bindOrNull(2, filter.to).bindOrNull(3, filter.outcome).bindOrNull(4, filter.ruleset);
  q.bind(5, int64_t{filter.stickprovOnly});
  int rc;
  while ((rc = q.step()) == SQLITE_ROW) out.push_back(rowToRecord(q));
  if (rc != SQLITE_DONE) {
    error = problem(ErrorKind::ReadFailed);
    return false;
  }
  return true;
}

std::optional<LoggedDecision> SqliteStore::get(int64_t id, AuditProblem& error) {
  Statement q(db, fmt::format("SELECT {} WHERE d.id = ?1", kRecordColumns).c_str());
  if (!q.ok()) {
    error = problem(ErrorKind::ReadFailed);
    return std::nullopt;
  }
  q.bind(1, id);
  const int rc = q.step();
  if (rc == SQLITE_ROW) return rowToRecord(q);
  error = rc == SQLITE_DONE ? makeProblem(ErrorKind::NoSuchRecord, {std::to_string(id)}, id)
                            : problem(ErrorKind::ReadFailed);
  return std::nullopt;
}

bool SqliteStore::forEach(const std::function<bool(const LoggedDecision&)>& visit, AuditProblem& error) {
  Statement q(db, fmt::format("SELECT {} ORDER BY d.id", kRecordColumns).c_str());
  if (!q.ok()) {
    error = problem(ErrorKind::ReadFailed);
    return false;
  }
  int rc;
  while ((rc = q.step()) == SQLITE_ROW) {
    if (!visit(rowToRecord(q))) return true;
  }
  if (rc != SQLITE_DONE) {
    error = problem(ErrorKind::ReadFailed);
    return false;
  }
  return true;
}

bool SqliteStore::chainIndex(std::vector<std::pair<int64_t, std::string>>& out, AuditProblem& error) {
  Statement q(db, "SELECT id, hash FROM decisions ORDER BY id");
  int rc = SQLITE_ERROR;
  while (q.ok() && (rc = q.step()) == SQLITE_ROW) out.emplace_back(q.integer(0), q.text(1));
  if (rc != SQLITE_DONE) {
    error = problem(ErrorKind::ReadFailed);
    return false;
  }
  return true;
}

std::optional<std::string> SqliteStore::rulesetRgb(const std::string& sha256, AuditProblem& error) {
  Statement q(db, "SELECT rgb FROM rulesets WHERE sha256 = ?1");
  if (!q.ok()) {
    error = problem(ErrorKind::ReadFailed);
    return std::nullopt;
  }
  q.bind(1, sha256);
  const int rc = q.step();
  if (rc == SQLITE_ROW) return q.blob(0);
  if (rc != SQLITE_DONE) error = problem(ErrorKind::ReadFailed);
  return std::nullopt;
}

bool SqliteStore::forEachRuleset(const std::function<void(const StoredRuleset&)>& visit, AuditProblem& error) {
  Statement q(db, "SELECT sha256, name, version, rgb, added FROM rulesets ORDER BY sha256");
  int rc = SQLITE_ERROR;
  while (q.ok() && (rc = q.step()) == SQLITE_ROW) visit({q.text(0), q.text(1), q.text(2), q.blob(3), q.text(4)});
  if (rc != SQLITE_DONE) {
    error = problem(ErrorKind::ReadFailed);
    return false;
  }
  return true;
}

std::unique_ptr<LogStore> openSqliteStore(const std::string& path, const AuditOptions& options, AuditProblem& error) {
  auto store = std::make_unique<SqliteStore>(path, options);
  struct stat st {};
  const bool exists = ::stat(path.c_str(), &st) == 0;
  if (!exists && (options.readOnly || !options.create)) {
    error = makeProblem(ErrorKind::Missing, {path});
    return nullptr;
  }
  if (!exists && !createPrivateFile(path, error)) return nullptr;
  if (!store->db.open(path, false, options.readOnly)) {
    error = store->problem(ErrorKind::Unopenable);
    return nullptr;
  }
  if (!checkOrCreateSchema(*store, error)) return nullptr;
  // WAL: readers (an auditor's `audit list`) never block the writer. FULL: a committed decision
  // survives a crash of the process or of the machine.
  if (!options.readOnly && (!store->db.exec("PRAGMA journal_mode=WAL") || !store->db.exec("PRAGMA synchronous=FULL"))) {
    error = store->problem(ErrorKind::WriteFailed);
    return nullptr;
  }
  if (options.maxBytes > 0 && !options.readOnly && !limitSize(store->db, options.maxBytes)) {
    error = store->problem(ErrorKind::WriteFailed);
    return nullptr;
  }
  return store;
}

}  // namespace regel::audit
