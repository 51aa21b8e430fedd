// What an open decision log holds, shared by the files that write and read it (log.cpp) and
// verify it (verify.cpp). Internal to audit/.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "audit/audit_errors.h"
#include "audit/store.h"
#include "regel/audit.h"

namespace regel {

struct AuditLog::Impl {
  std::string path;
  AuditOptions options;
  std::unique_ptr<audit::LogStore> store;
  std::string rulesetSha256;  // of the ruleset set by useRuleset, appended with
  AuditProblem lastError;
  // Rulesets loaded from the log by their hash (pseudonymised exports read many records).
  std::map<std::string, std::shared_ptr<const Ruleset>> loaded;
};

}  // namespace regel
