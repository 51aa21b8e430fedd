// What an open decision log holds, shared by the files that write (log.cpp), read (log_read.cpp)
// and verify (verify.cpp) it. Internal to audit/.
#pragma once

#include <string>

#include "audit/audit_errors.h"
#include "audit/sqlite_db.h"
#include "regel/audit.h"

namespace regel {

struct AuditLog::Impl {
  std::string path;
  AuditOptions options;
  audit::Database db;
  std::string rulesetSha256;  // of the ruleset set by useRuleset, appended with
  AuditProblem lastError;

  // A problem of kind `kind` about the log file, with SQLite's message.
  AuditProblem dbProblem(audit::ErrorKind kind) const { return audit::makeProblem(kind, {path, db.error()}); }
};

namespace audit {

// The columns every read of a whole record selects, in the order rowToRecord reads them.
inline constexpr const char* kRecordColumns =
    "d.id, d.time, d.engine, d.ruleset_sha256, r.name, r.version, d.case_id, d.input, d.input_sha256, "
    "d.date_option, d.decision_date, d.outcome, d.error_code, d.amount_ore, d.reasons, d.decision, "
    "d.stickprov, d.stickprov_key, d.previous_hash, d.hash, d.hmac "
    "FROM decisions d LEFT JOIN rulesets r ON r.sha256 = d.ruleset_sha256";

LoggedDecision rowToRecord(const Statement& row);

}  // namespace audit
}  // namespace regel
