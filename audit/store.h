// Where a decision log is kept: the operations the log needs of its database, so that SQLite
// (sqlite_store.cpp) and PostgreSQL (postgres_store.cpp) keep the same records the same way. The chain is not the
// store's business: append() hands each record to `seal` once it has its id and previous hash.
// Internal to audit/.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "regel/audit.h"

namespace regel::audit {

struct StoredRuleset {
  std::string sha256, name, version, rgb, added;
};

class LogStore {
 public:
  virtual ~LogStore() = default;

  // Stores the ruleset unless one with its hash is stored (never replaced).
  virtual bool storeRuleset(const StoredRuleset& ruleset, AuditProblem& error) = 0;
  // Appends the records in order, all or none, holding the log's write lock from reading the last
  // record to committing: each record gets the next id and the last hash as previousHash, then
  // `seal` sets its hash and HMAC before it is stored.
  using Seal = std::function<void(LoggedDecision&)>;
  virtual bool append(std::vector<LoggedDecision>& records, const Seal& seal, AuditProblem& error) = 0;

  // Records in log order; the listing leaves out the bodies (input, reasons, decision).
  virtual bool list(const AuditFilter& filter, std::vector<LoggedDecision>& out, AuditProblem& error) = 0;
  virtual std::optional<LoggedDecision> get(int64_t id, AuditProblem& error) = 0;
  virtual bool forEach(const std::function<bool(const LoggedDecision&)>& visit, AuditProblem& error) = 0;
  // Every record's id and hash, in log order.
  virtual bool chainIndex(std::vector<std::pair<int64_t, std::string>>& out, AuditProblem& error) = 0;
  // nullopt with `error` untouched when no ruleset has that hash.
  virtual std::optional<std::string> rulesetRgb(const std::string& sha256, AuditProblem& error) = 0;
  virtual bool forEachRuleset(const std::function<void(const StoredRuleset&)>& visit, AuditProblem& error) = 0;
};

// The log in the SQLite file at `path` (created with mode 0600 when allowed).
std::unique_ptr<LogStore> openSqliteStore(const std::string& path, const AuditOptions& options, AuditProblem& error);

// The log on the PostgreSQL server at `url` (postgresql://… or postgres://…), in the tables of
// the connection's current schema, created when empty and allowed. Read-only sessions never write.
std::unique_ptr<LogStore> openPostgresStore(const std::string& url, const AuditOptions& options, AuditProblem& error);

// Now, UTC, to the millisecond: "2026-12-06T15:55:01.123Z".
std::string utcNow();

}  // namespace regel::audit
