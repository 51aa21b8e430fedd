// The decision log on PostgreSQL: the same tables and columns as in SQLite (sqlite_store.cpp), so
// that several service instances can write one log. Parameters are always bound (pg_db.h).
#include <fmt/format.h>

#include "audit/audit_errors.h"
#include "audit/chain.h"
#include "audit/pg_db.h"
#include "audit/store.h"

namespace regel::audit {
namespace {

// Append-only: statement triggers refuse any UPDATE, DELETE or TRUNCATE, so nothing in regel (nor a
// careless query) changes a record; someone who drops them to alter the log is caught by the chain.
// The tables live in the connection's current schema (the first of its search_path).
constexpr const char* kSchema = R"sql(
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE rulesets (
  sha256 TEXT PRIMARY KEY, name TEXT NOT NULL, version TEXT NOT NULL, rgb BYTEA NOT NULL, added TEXT NOT NULL);
CREATE TABLE decisions (
  id BIGINT PRIMARY KEY,
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
  amount_ore BIGINT,
  reasons TEXT NOT NULL,
  decision TEXT NOT NULL,
  stickprov BOOLEAN NOT NULL,
  stickprov_key TEXT NOT NULL,
  previous_hash TEXT NOT NULL,
  hash TEXT NOT NULL,
  hmac TEXT);
CREATE INDEX decisions_by_date ON decisions (decision_date COLLATE "C");
CREATE FUNCTION regel_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN RAISE EXCEPTION 'beslutsloggen tar bara emot nya poster'; END $$;
CREATE TRIGGER decisions_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON decisions
  FOR EACH STATEMENT EXECUTE FUNCTION regel_append_only();
CREATE TRIGGER rulesets_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON rulesets
  FOR EACH STATEMENT EXECUTE FUNCTION regel_append_only();
)sql";

// The key of the transaction-scoped advisory lock that two processes opening one fresh database at
// once take before creating the schema: the second sees the first one's tables. ('regl', 1.)
constexpr const char* kCreateLock = "SELECT pg_advisory_xact_lock(1919248236, 1)";
// The lock every append takes before it reads the last hash: one per log (the schema it is in),
// held to COMMIT or ROLLBACK. An advisory lock needs no privilege on the tables, so that the
// service's role needs only SELECT and INSERT; `LOCK TABLE … IN EXCLUSIVE MODE` needed UPDATE too.
// ('regA', the schema's hash.)
constexpr const char* kAppendLock = "SELECT pg_advisory_xact_lock(1919248193, hashtext(current_schema()))";

// The columns every read of a whole record selects, in the order rowToRecord reads them.
constexpr const char* kRecordColumns =
    "d.id, d.time, d.engine, d.ruleset_sha256, r.name, r.version, d.case_id, d.input, d.input_sha256, "
    "d.date_option, d.decision_date, d.outcome, d.error_code, d.amount_ore, d.reasons, d.decision, "
    "d.stickprov, d.stickprov_key, d.previous_hash, d.hash, d.hmac "
    "FROM decisions d LEFT JOIN rulesets r ON r.sha256 = d.ruleset_sha256";

LoggedDecision rowToRecord(const PgResult& q, int row) {
  LoggedDecision r;
  r.id = q.integer(row, 0);
  r.time = q.text(row, 1);
  r.engine = q.text(row, 2);
  r.rulesetSha256 = q.text(row, 3);
  r.rulesetName = q.text(row, 4);
  r.rulesetVersion = q.text(row, 5);
  DecisionRecord& d = r.decision;
  d.caseId = q.text(row, 6);
  d.input = q.text(row, 7);
  d.inputSha256 = q.text(row, 8);
  d.dateOption = q.text(row, 9);
  d.decisionDate = q.text(row, 10);
  d.outcome = q.text(row, 11);
  d.errorCode = q.text(row, 12);
  d.amountOre = q.optionalInteger(row, 13);
  d.reasons = q.text(row, 14);
  d.decision = q.text(row, 15);
  d.stickprov = q.boolean(row, 16);
  d.stickprovKey = q.text(row, 17);
  r.previousHash = q.text(row, 18);
  r.hash = q.text(row, 19);
  r.hmac = q.text(row, 20);
  return r;
}

class PostgresStore final : public LogStore {
 public:
  PostgresStore(std::string name, AuditOptions options) : name(std::move(name)), options(std::move(options)) {}

  bool storeRuleset(const StoredRuleset& ruleset, AuditProblem& error) override;
  bool append(std::vector<LoggedDecision>& records, const Seal& seal, AuditProblem& error) override;
  bool list(const AuditFilter& filter, std::vector<LoggedDecision>& out, AuditProblem& error) override;
  std::optional<LoggedDecision> get(int64_t id, AuditProblem& error) override;
  bool forEach(const std::function<bool(const LoggedDecision&)>& visit, AuditProblem& error) override;
  bool chainIndex(std::vector<std::pair<int64_t, std::string>>& out, AuditProblem& error) override;
  std::optional<std::string> rulesetRgb(const std::string& sha256, AuditProblem& error) override;
  bool forEachRuleset(const std::function<void(const StoredRuleset&)>& visit, AuditProblem& error) override;

  // A problem of kind `kind` about the log, with the reason (a result's or a transaction's error).
  AuditProblem problem(ErrorKind kind, const std::string& reason) const { return makeProblem(kind, {name, reason}); }

  std::string name;  // the URL without its password
  AuditOptions options;
  PgConnection db;
};

// Creates the schema in an empty current schema, within the caller's transaction.
bool createSchema(PostgresStore& log, AuditProblem& error) {
  const PgResult created = log.db.exec(kSchema);
  if (!created.ok()) {
    error = log.problem(ErrorKind::WriteFailed, created.error());
    return false;
  }
  const PgResult meta = log.db.exec("INSERT INTO meta (key, value) VALUES ('schema', $1), ('created', $2)",
                                    PgParams().text(kAuditSchema).text(utcNow()));
  if (!meta.ok()) {
    error = log.problem(ErrorKind::WriteFailed, meta.error());
    return false;
  }
  return true;
}

// An empty schema becomes a log (unless read-only); any other must be one, of this schema version.
bool checkOrCreateSchema(PostgresStore& log, AuditProblem& error) {
  const bool mayCreate = log.options.create && !log.options.readOnly;
  PgTransaction tx(log.db);
  if (!tx.begun()) {
    error = log.problem(ErrorKind::ReadFailed, tx.error);
    return false;
  }
  if (mayCreate) {
    const PgResult locked = log.db.exec(kCreateLock);
    if (!locked.ok()) {
      error = log.problem(ErrorKind::WriteFailed, locked.error());
      return false;
    }
  }
  const PgResult tables = log.db.exec(
      "SELECT count(*), count(*) FILTER (WHERE tablename = 'meta') FROM pg_catalog.pg_tables "
      "WHERE schemaname = current_schema()");
  if (!tables.ok()) {
    error = log.problem(ErrorKind::ReadFailed, tables.error());
    return false;
  }
  if (tables.integer(0, 0) == 0) {
    if (!mayCreate) {
      error = makeProblem(ErrorKind::Missing, {log.name});
      return false;
    }
    if (!createSchema(log, error)) return false;
  } else if (tables.integer(0, 1) == 0) {
    error = makeProblem(ErrorKind::NotALog, {log.name, "tabellen meta med loggens format saknas"});
    return false;
  }
  const PgResult schema = log.db.exec("SELECT value FROM meta WHERE key = 'schema'");
  if (!schema.ok() || schema.rows() != 1) {
    error = makeProblem(ErrorKind::NotALog, {log.name, schema.ok() ? "loggens format anges inte" : schema.error()});
    return false;
  }
  if (schema.text(0, 0) != kAuditSchema) {
    error = makeProblem(ErrorKind::SchemaVersion, {log.name, schema.text(0, 0), kAuditSchema});
    return false;
  }
  if (!tx.commit()) {
    error = log.problem(mayCreate ? ErrorKind::WriteFailed : ErrorKind::ReadFailed, tx.error);
    return false;
  }
  return true;
}

PgParams recordParams(const LoggedDecision& r) {
  const DecisionRecord& x = r.decision;
  PgParams p;
  p.integer(r.id).text(r.time).text(r.engine).text(r.rulesetSha256).textOrNull(x.caseId).text(x.input);
  p.text(x.inputSha256).textOrNull(x.dateOption).textOrNull(x.decisionDate).text(x.outcome).textOrNull(x.errorCode);
  p.integer(x.amountOre).text(x.reasons).text(x.decision).boolean(x.stickprov).text(x.stickprovKey);
  p.text(r.previousHash).text(r.hash).textOrNull(r.hmac);
  return p;
}

}  // namespace

bool PostgresStore::storeRuleset(const StoredRuleset& ruleset, AuditProblem& error) {
  // Two instances storing one ruleset at once: the second waits for the first and stores nothing.
  const PgResult r = db.exec(
      "INSERT INTO rulesets (sha256, name, version, rgb, added) VALUES ($1, $2, $3, $4, $5) "
      "ON CONFLICT (sha256) DO NOTHING",
      PgParams().text(ruleset.sha256).text(ruleset.name).text(ruleset.version).bytes(ruleset.rgb).text(ruleset.added));
  if (!r.ok()) {
    error = problem(ErrorKind::WriteFailed, r.error());
    return false;
  }
  return true;
}

bool PostgresStore::append(std::vector<LoggedDecision>& records, const Seal& seal, AuditProblem& error) {
  // The append lock (readers do not wait, appenders do) is taken before the last hash is read:
  // several instances appending to one log chain their records one after the other, never two
  // onto the same record.
  PgTransaction tx(db);
  const PgResult locked = db.exec(kAppendLock);
  const PgResult last = db.exec("SELECT id, hash FROM decisions ORDER BY id DESC LIMIT 1");
  if (!tx.begun() || !locked.ok() || !last.ok()) {
    error = problem(ErrorKind::WriteFailed, !tx.begun() ? tx.error : !locked.ok() ? locked.error() : last.error());
    return false;
  }
  int64_t id = last.rows() > 0 ? last.integer(0, 0) : 0;
  std::string previous = last.rows() > 0 ? last.text(0, 1) : std::string(kGenesisHash);
  for (LoggedDecision& r : records) {
    r.id = ++id;
    r.previousHash = previous;
    seal(r);
    const PgResult inserted = db.exec(
        "INSERT INTO decisions (id, time, engine, ruleset_sha256, case_id, input, input_sha256, date_option, "
        "decision_date, outcome, error_code, amount_ore, reasons, decision, stickprov, stickprov_key, "
        "previous_hash, hash, hmac) VALUES "
        "($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)",
        recordParams(r));
    if (!inserted.ok()) {
      error = problem(ErrorKind::WriteFailed, inserted.error());
      return false;
    }
    previous = r.hash;
  }
  if (!tx.commit()) {
    error = problem(ErrorKind::WriteFailed, tx.error);
    return false;
  }
  return true;
}

bool PostgresStore::list(const AuditFilter& filter, std::vector<LoggedDecision>& out, AuditProblem& error) {
  // Empty filters match everything; the bodies (input, reasons, decision) are not read. Decision
  // dates compare byte by byte, as in SQLite, whatever the database's collation.
  const PgResult q = db.exec(
      "SELECT d.id, d.time, d.engine, d.ruleset_sha256, r.name, r.version, d.case_id, d.decision_date, "
      "d.outcome, d.error_code, d.amount_ore, d.stickprov, d.hash "
      "FROM decisions d LEFT JOIN rulesets r ON r.sha256 = d.ruleset_sha256 "
      "WHERE ($1 IS NULL OR d.decision_date >= $1 COLLATE \"C\") "
      "AND ($2 IS NULL OR d.decision_date <= $2 COLLATE \"C\") "
      "AND ($3 IS NULL OR d.outcome = $3) AND ($4 IS NULL OR r.name = $4) "
      "AND (NOT $5 OR d.stickprov) ORDER BY d.id",
      PgParams().textOrNull(filter.from).textOrNull(filter.to).textOrNull(filter.outcome).textOrNull(filter.ruleset)
          .boolean(filter.stickprovOnly));
  if (!q.ok()) {
    error = problem(ErrorKind::ReadFailed, q.error());
    return false;
  }
  for (int i = 0; i < q.rows(); ++i) {
    LoggedDecision r;
    r.id = q.integer(i, 0);
    r.time = q.text(i, 1);
    r.engine = q.text(i, 2);
    r.rulesetSha256 = q.text(i, 3);
    r.rulesetName = q.text(i, 4);
    r.rulesetVersion = q.text(i, 5);
    r.decision.caseId = q.text(i, 6);
    r.decision.decisionDate = q.text(i, 7);
    r.decision.outcome = q.text(i, 8);
    r.decision.errorCode = q.text(i, 9);
    r.decision.amountOre = q.optionalInteger(i, 10);
    r.decision.stickprov = q.boolean(i, 11);
    r.hash = q.text(i, 12);
    out.push_back(std::move(r));
  }
  return true;
}

std::optional<LoggedDecision> PostgresStore::get(int64_t id, AuditProblem& error) {
  const PgResult q = db.exec(fmt::format("SELECT {} WHERE d.id = $1", kRecordColumns).c_str(), PgParams().integer(id));
  if (!q.ok()) {
    error = problem(ErrorKind::ReadFailed, q.error());
    return std::nullopt;
  }
  if (q.rows() > 0) return rowToRecord(q, 0);
  error = makeProblem(ErrorKind::NoSuchRecord, {std::to_string(id)}, id);
  return std::nullopt;
}

bool PostgresStore::forEach(const std::function<bool(const LoggedDecision&)>& visit, AuditProblem& error) {
  // A cursor, fetched a few hundred records at a time: a log of millions of decisions with their
  // traces is never held in memory whole. `visit` may read the store (not call forEach again).
  PgTransaction tx(db);
  const PgResult declared =
      db.exec(fmt::format("DECLARE regel_records NO SCROLL CURSOR FOR SELECT {} ORDER BY d.id", kRecordColumns).c_str());
  if (!tx.begun() || !declared.ok()) {
    error = problem(ErrorKind::ReadFailed, !tx.begun() ? tx.error : declared.error());
    return false;
  }
  for (;;) {
    const PgResult q = db.exec("FETCH FORWARD 256 FROM regel_records");
    if (!q.ok()) {
      error = problem(ErrorKind::ReadFailed, q.error());
      return false;
    }
    if (q.rows() == 0) break;
    for (int i = 0; i < q.rows(); ++i) {
      if (!visit(rowToRecord(q, i))) return true;
    }
  }
  if (!tx.commit()) {
    error = problem(ErrorKind::ReadFailed, tx.error);
    return false;
  }
  return true;
}

bool PostgresStore::chainIndex(std::vector<std::pair<int64_t, std::string>>& out, AuditProblem& error) {
  const PgResult q = db.exec("SELECT id, hash FROM decisions ORDER BY id");
  if (!q.ok()) {
    error = problem(ErrorKind::ReadFailed, q.error());
    return false;
  }
  for (int i = 0; i < q.rows(); ++i) out.emplace_back(q.integer(i, 0), q.text(i, 1));
  return true;
}

std::optional<std::string> PostgresStore::rulesetRgb(const std::string& sha256, AuditProblem& error) {
  const PgResult q = db.exec("SELECT rgb FROM rulesets WHERE sha256 = $1", PgParams().text(sha256));
  if (!q.ok()) {
    error = problem(ErrorKind::ReadFailed, q.error());
    return std::nullopt;
  }
  if (q.rows() > 0) return q.bytes(0, 0);
  return std::nullopt;
}

bool PostgresStore::forEachRuleset(const std::function<void(const StoredRuleset&)>& visit, AuditProblem& error) {
  const PgResult q = db.exec("SELECT sha256, name, version, rgb, added FROM rulesets ORDER BY sha256 COLLATE \"C\"");
  if (!q.ok()) {
    error = problem(ErrorKind::ReadFailed, q.error());
    return false;
  }
  for (int i = 0; i < q.rows(); ++i) visit({q.text(i, 0), q.text(i, 1), q.text(i, 2), q.bytes(i, 3), q.text(i, 4)});
  return true;
}

std::unique_ptr<LogStore> openPostgresStore(const std::string& url, const AuditOptions& options, AuditProblem& error) {
  auto store = std::make_unique<PostgresStore>(redactPostgresUrl(url), options);
  if (!store->db.open(url)) {
    error = makeProblem(ErrorKind::Unopenable, {store->name, store->db.error()});
    return nullptr;
  }
  // Read-only (`regel audit`): the server itself refuses any write of this session.
  if (options.readOnly) {
    const PgResult r = store->db.exec("SET default_transaction_read_only = on");
    if (!r.ok()) {
      error = makeProblem(ErrorKind::Unopenable, {store->name, r.error()});
      return nullptr;
    }
  }
  if (!checkOrCreateSchema(*store, error)) return nullptr;
  return store;
}

}  // namespace regel::audit
