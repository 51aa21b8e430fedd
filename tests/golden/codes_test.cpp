// Every stable code in the one registry (runtime/base/codes.def), whatever kind of problem it is
// (compiler diagnostic, case error, run-time or .rgb error, decision-log problem, the service's
// problem), is unique and of the form R0nnn in its kind's range.
#include <gtest/gtest.h>

#include <map>
#include <regex>
#include <string>

#include "audit/audit_errors.h"
#include "compiler/diagnostics/diagnostic.h"
#include "runtime/case/case_json.h"
#include "runtime/program/runtime_errors.h"
#include "service/service_errors.h"

namespace regel {
namespace {

TEST(Codes, UniqueAcrossEveryRegistry) {
  std::map<std::string, std::string> owner;  // code → kind
  const std::regex form("R0[0-9][0-9][0-9]");
  auto add = [&](std::string_view code, const char* kind, char first, char last) {
    const std::string c(code);
    EXPECT_TRUE(std::regex_match(c, form)) << c;
    EXPECT_GE(c[2], first) << c << " (" << kind << ")";
    EXPECT_LE(c[2], last) << c << " (" << kind << ")";
    auto [it, added] = owner.emplace(c, kind);
    EXPECT_TRUE(added) << c << " is both " << it->second << " and " << kind;
  };
  for (diag::Kind k : diag::allKinds()) add(diag::codeOf(k), "REGEL_DIAGNOSTIC", '0', '4');
  for (rt::CaseErrorKind k : rt::allCaseErrorKinds()) add(rt::caseErrorCode(k), "REGEL_CASE_ERROR", '6', '6');
  for (rt::ErrorKind k : rt::allErrorKinds()) add(rt::errorCode(k), "REGEL_RUNTIME_ERROR", '5', '7');
  for (audit::ErrorKind k : audit::allErrorKinds()) add(audit::errorCode(k), "REGEL_AUDIT_ERROR", '8', '8');
  for (service::ErrorKind k : service::allErrorKinds()) add(service::errorCode(k), "REGEL_SERVICE_ERROR", '9', '9');
  EXPECT_EQ(owner.size(), 153u);  // grows with every new code: a code dropped from the registry shows here
}

}  // namespace
}  // namespace regel
