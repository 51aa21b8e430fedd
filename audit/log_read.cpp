// Reading the decision log: records for list, show and export, and the stored rulesets.
#include <fmt/format.h>

#include "audit/log_impl.h"

namespace regel {

using audit::ErrorKind;

namespace audit {

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

}  // namespace audit

bool AuditLog::list(const AuditFilter& filter, std::vector<LoggedDecision>& out, AuditProblem& error) {
  Impl& log = *impl_;
  // Empty filters match everything; the bodies (input, reasons, decision) are not read.
  audit::Statement q(log.db,
                     "SELECT d.id, d.time, d.engine, d.ruleset_sha256, r.name, r.version, d.case_id, d.decision_date, "
                     "d.outcome, d.error_code, d.amount_ore, d.stickprov, d.hash "
                     "FROM decisions d LEFT JOIN rulesets r ON r.sha256 = d.ruleset_sha256 "
                     "WHERE (?1 IS NULL OR d.decision_date >= ?1) AND (?2 IS NULL OR d.decision_date <= ?2) "
                     "AND (?3 IS NULL OR d.outcome = ?3) AND (?4 IS NULL OR r.name = ?4) "
                     "AND (?5 = 0 OR d.stickprov = 1) ORDER BY d.id");
  if (!q.ok()) {
    error = log.dbProblem(ErrorKind::ReadFailed);
    return false;
  }
  q.bindOrNull(1, filter.from).bindOrNull(2, filter.to).bindOrNull(3, filter.outcome).bindOrNull(4, filter.ruleset);
  q.bind(5, int64_t{filter.stickprovOnly});
  int rc;
  while ((rc = q.step()) == SQLITE_ROW) {
    LoggedDecision r;
    r.id = q.integer(0);
    r.time = q.text(1);
    r.engine = q.text(2);
    r.rulesetSha256 = q.text(3);
    r.rulesetName = q.text(4);
    r.rulesetVersion = q.text(5);
    r.decision.caseId = q.text(6);
    r.decision.decisionDate = q.text(7);
    r.decision.outcome = q.text(8);
    r.decision.errorCode = q.text(9);
    r.decision.amountOre = q.optionalInteger(10);
    r.decision.stickprov = q.integer(11) != 0;
    r.hash = q.text(12);
    out.push_back(std::move(r));
  }
  if (rc != SQLITE_DONE) {
    error = log.dbProblem(ErrorKind::ReadFailed);
    return false;
  }
  return true;
}

std::optional<LoggedDecision> AuditLog::get(int64_t id, AuditProblem& error) {
  Impl& log = *impl_;
  audit::Statement q(log.db, fmt::format("SELECT {} WHERE d.id = ?1", audit::kRecordColumns).c_str());
  if (!q.ok()) {
    error = log.dbProblem(ErrorKind::ReadFailed);
    return std::nullopt;
  }
  q.bind(1, id);
  const int rc = q.step();
  if (rc == SQLITE_ROW) return audit::rowToRecord(q);
  error = rc == SQLITE_DONE ? audit::makeProblem(ErrorKind::NoSuchRecord, {std::to_string(id)}, id)
                            : log.dbProblem(ErrorKind::ReadFailed);
  return std::nullopt;
}

bool AuditLog::forEach(const std::function<bool(const LoggedDecision&)>& visit, AuditProblem& error) {
  Impl& log = *impl_;
  audit::Statement q(log.db, fmt::format("SELECT {} ORDER BY d.id", audit::kRecordColumns).c_str());
  if (!q.ok()) {
    error = log.dbProblem(ErrorKind::ReadFailed);
    return false;
  }
  int rc;
  while ((rc = q.step()) == SQLITE_ROW) {
    if (!visit(audit::rowToRecord(q))) return true;
  }
  if (rc != SQLITE_DONE) {
    error = log.dbProblem(ErrorKind::ReadFailed);
    return false;
  }
  return true;
}

std::optional<std::string> AuditLog::rulesetRgb(const std::string& sha256, AuditProblem& error) {
  Impl& log = *impl_;
  audit::Statement q(log.db, "SELECT rgb FROM rulesets WHERE sha256 = ?1");
  if (!q.ok()) {
    error = log.dbProblem(ErrorKind::ReadFailed);
    return std::nullopt;
  }
  q.bind(1, sha256);
  const int rc = q.step();
  if (rc == SQLITE_ROW) return q.blob(0);
  if (rc != SQLITE_DONE) error = log.dbProblem(ErrorKind::ReadFailed);
  return std::nullopt;
}

}  // namespace regel
