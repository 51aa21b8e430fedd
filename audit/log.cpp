// The decision log: opening (and creating) it, storing rulesets, appending chained records.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>

#include <fmt/format.h>

#include "audit/chain.h"
#include "audit/log_impl.h"
#include "runtime/base/sha256.h"

namespace regel {
namespace {

using audit::ErrorKind;
using audit::makeProblem;

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

// Now, UTC, to the millisecond: "2026-12-06T15:55:01.123Z".
std::string utcNow() {
  const auto now = std::chrono::system_clock::now();
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  const std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                     tm.tm_hour, tm.tm_min, tm.tm_sec, ms % 1000);
}

// Creates the file with mode 0600 before SQLite opens it: a log holds personal data. SQLite gives
// its -wal and -shm files the same mode.
bool createPrivateFile(const std::string& path, AuditProblem& error) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd >= 0) {
    ::close(fd);
    return true;
  }
  if (errno == EEXIST) return true;
  error = makeProblem(ErrorKind::Unopenable, {path, std::strerror(errno)});
  return false;
}

// An empty database becomes a log; any other must be one, of this schema version.
bool checkOrCreateSchema(AuditLog::Impl& log, AuditProblem& error) {
  audit::Statement tables(log.db, "SELECT count(*) FROM sqlite_master");
  if (!tables.ok() || tables.step() != SQLITE_ROW) {
    error = makeProblem(ErrorKind::NotALog, {log.path, log.db.error()});
    return false;
  }
  if (tables.integer(0) == 0) {
    if (log.options.readOnly) {
      error = makeProblem(ErrorKind::NotALog, {log.path, "filen är tom"});
      return false;
    }
    audit::Transaction tx(log.db);
    if (!tx.begun() || !log.db.exec(kSchema)) {
      error = log.dbProblem(ErrorKind::WriteFailed);
      return false;
    }
    audit::Statement insert(log.db, "INSERT INTO meta (key, value) VALUES ('schema', ?1), ('created', ?2)");
    insert.bind(1, kAuditSchema).bind(2, utcNow());
    if (!insert.run() || !tx.commit()) {
      error = log.dbProblem(ErrorKind::WriteFailed);
      return false;
    }
    return true;
  }
  audit::Statement schema(log.db, "SELECT value FROM meta WHERE key = 'schema'");
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

bool limitSize(audit::Database& db, uint64_t maxBytes) {
  audit::Statement pageSize(db, "PRAGMA page_size");
  if (!pageSize.ok() || pageSize.step() != SQLITE_ROW || pageSize.integer(0) <= 0) return false;
  const uint64_t pages = std::max<uint64_t>(1, maxBytes / static_cast<uint64_t>(pageSize.integer(0)));
  return db.exec(fmt::format("PRAGMA max_page_count = {}", pages).c_str());
}

}  // namespace

AuditLog::AuditLog(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
AuditLog::~AuditLog() = default;

std::unique_ptr<AuditLog> AuditLog::open(const std::string& path, const AuditOptions& options, AuditProblem& error) {
  auto impl = std::make_unique<Impl>();
  impl->path = path;
  impl->options = options;
  struct stat st {};
  const bool exists = ::stat(path.c_str(), &st) == 0;
  if (!exists && (options.readOnly || !options.create)) {
    error = makeProblem(ErrorKind::Missing, {path});
    return nullptr;
  }
  if (!exists && !createPrivateFile(path, error)) return nullptr;
  if (!impl->db.open(path, false, options.readOnly)) {
    error = impl->dbProblem(ErrorKind::Unopenable);
    return nullptr;
  }
  if (!checkOrCreateSchema(*impl, error)) return nullptr;
  // WAL: readers (an auditor's `audit list`) never block the writer. FULL: a committed decision
  // survives a crash of the process or of the machine.
  if (!options.readOnly && (!impl->db.exec("PRAGMA journal_mode=WAL") || !impl->db.exec("PRAGMA synchronous=FULL"))) {
    error = impl->dbProblem(ErrorKind::WriteFailed);
    return nullptr;
  }
  if (options.maxBytes > 0 && !options.readOnly && !limitSize(impl->db, options.maxBytes)) {
    error = impl->dbProblem(ErrorKind::WriteFailed);
    return nullptr;
  }
  return std::unique_ptr<AuditLog>(new AuditLog(std::move(impl)));
}

bool AuditLog::useRuleset(const Ruleset& ruleset, AuditProblem& error) {
  Impl& log = *impl_;
  const std::string rgb = ruleset.toRgb();
  const std::string sha = rt::toHex(rt::sha256(rgb));
  audit::Transaction tx(log.db);
  audit::Statement insert(log.db,
                          "INSERT OR IGNORE INTO rulesets (sha256, name, version, rgb, added) VALUES (?1, ?2, ?3, ?4, ?5)");
  insert.bind(1, sha).bind(2, ruleset.name()).bind(3, ruleset.version()).bindBlob(4, rgb).bind(5, utcNow());
  if (!tx.begun() || !insert.run() || !tx.commit()) {
    error = log.dbProblem(ErrorKind::WriteFailed);
    return false;
  }
  log.rulesetSha256 = sha;
  return true;
}

bool AuditLog::append(std::vector<DecisionRecord>& records, AuditProblem& error) {
  Impl& log = *impl_;
  if (log.rulesetSha256.empty()) {
    error = makeProblem(ErrorKind::WriteFailed, {log.path, "inget regelverk angivet (useRuleset)"});
    return false;
  }
  // BEGIN IMMEDIATE takes the write lock before the last hash is read: two processes appending
  // to one log chain their records one after the other, never both onto the same record.
  audit::Transaction tx(log.db);
  audit::Statement last(log.db, "SELECT id, hash FROM decisions ORDER BY id DESC LIMIT 1");
  audit::Statement insert(log.db,
                          "INSERT INTO decisions (id, time, engine, ruleset_sha256, case_id, input, input_sha256, "
                          "date_option, decision_date, outcome, error_code, amount_ore, reasons, decision, stickprov, "
                          "stickprov_key, previous_hash, hash, hmac) VALUES "
                          "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)");
  if (!tx.begun() || !last.ok() || !insert.ok()) {
    error = log.dbProblem(ErrorKind::WriteFailed);
    return false;
  }
  const int rc = last.step();
  int64_t id = rc == SQLITE_ROW ? last.integer(0) : 0;
  std::string previous = rc == SQLITE_ROW ? last.text(1) : std::string(audit::kGenesisHash);
  LoggedDecision r;
  r.time = utcNow();
  r.engine = engineVersion();
  r.rulesetSha256 = log.rulesetSha256;
  for (DecisionRecord& d : records) {
    r.id = ++id;
    r.previousHash = std::move(previous);
    r.decision = std::move(d);
    r.hash = audit::chainHash(r);
    r.hmac = log.options.hmacKey ? audit::chainHmac(*log.options.hmacKey, r.hash) : std::string();
    const DecisionRecord& x = r.decision;
    insert.bind(1, r.id).bind(2, r.time).bind(3, r.engine).bind(4, r.rulesetSha256).bindOrNull(5, x.caseId);
    insert.bind(6, x.input).bind(7, x.inputSha256).bindOrNull(8, x.dateOption).bindOrNull(9, x.decisionDate);
    insert.bind(10, x.outcome).bindOrNull(11, x.errorCode).bind(12, x.amountOre).bind(13, x.reasons);
    insert.bind(14, x.decision).bind(15, int64_t{x.stickprov}).bind(16, x.stickprovKey).bind(17, r.previousHash);
    insert.bind(18, r.hash).bindOrNull(19, r.hmac);
    const bool stored = insert.run();
    d = std::move(r.decision);
    if (!stored) {
      error = log.dbProblem(ErrorKind::WriteFailed);
      return false;
    }
    insert.reset();
    previous = r.hash;
  }
  if (!tx.commit()) {
    error = log.dbProblem(ErrorKind::WriteFailed);
    return false;
  }
  return true;
}

bool AuditLog::record(std::vector<DecisionRecord>& records) { return append(records, impl_->lastError); }

const AuditProblem& AuditLog::lastError() const { return impl_->lastError; }

}  // namespace regel
