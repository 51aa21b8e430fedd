// Every stable code, across the five registries that define them (compiler diagnostics, case
// errors, run-time and .rgb errors, decision-log problems, the service's problems), is unique and of the form R0nnn in its
// registry's range.
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
  std::map<std::string, std::string> owner;  // code → registry
  const std::regex form("R0[0-9][0-9][0-9]");
  auto add = [&](std::string_view code, const char* registry, char first, char last) {
    const std::string c(code);
    EXPECT_TRUE(std::regex_match(c, form)) << c;
    EXPECT_GE(c[2], first) << c << " (" << registry << ")";
    EXPECT_LE(c[2], last) << c << " (" << registry << ")";
    auto [it, added] = owner.emplace(c, registry);
    EXPECT_TRUE(added) << c << " is both " << it->second << " and " << registry;
  };
  for (diag::Kind k : diag::allKinds()) add(diag::codeOf(k), "diagnostic_kinds.def", '0', '4');
  for (rt::CaseErrorKind k : rt::allCaseErrorKinds()) add(rt::caseErrorCode(k), "case_errors.def", '6', '6');
  for (rt::ErrorKind k : rt::allErrorKinds()) add(rt::errorCode(k), "runtime_errors.def", '5', '7');
  for (audit::ErrorKind k : audit::allErrorKinds()) add(audit::errorCode(k), "audit_errors.def", '8', '8');
  for (service::ErrorKind k : service::allErrorKinds()) add(service::errorCode(k), "service_errors.def", '9', '9');
  EXPECT_EQ(owner.size(), 153u);  // grows with every new code: a code dropped from a registry shows here
}

}  // namespace
}  // namespace regel
