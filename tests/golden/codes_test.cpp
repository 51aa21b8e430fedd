// Every stable code in the one registry (runtime/base/codes.def), whatever kind of problem it is
// (compiler diagnostic, case error, run-time or .rgb error, decision-log problem, the service's
// problem), is unique and of the form R0nnn in its kind's range; and no code is used or documented
// that the registry does not list.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "audit/audit_errors.h"
#include "compiler/diagnostics/diagnostic.h"
#include "runtime/case/case_json.h"
#include "runtime/program/runtime_errors.h"
#include "service/service_errors.h"

namespace regel {
namespace {

std::set<std::string> registeredCodes() {
  std::set<std::string> out;
  for (diag::Kind k : diag::allKinds()) out.emplace(diag::codeOf(k));
  for (rt::CaseErrorKind k : rt::allCaseErrorKinds()) out.emplace(rt::caseErrorCode(k));
  for (rt::ErrorKind k : rt::allErrorKinds()) out.emplace(rt::errorCode(k));
  for (audit::ErrorKind k : audit::allErrorKinds()) out.emplace(audit::errorCode(k));
  for (service::ErrorKind k : service::allErrorKinds()) out.emplace(service::errorCode(k));
  return out;
}

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
  EXPECT_EQ(owner.size(), 160u);  // grows with every new code: a code dropped from the registry shows here
}

// Every code written in the sources, the docs and the playground (a message, a comment, a table of
// codes) is one the registry lists: a code retired or mistyped there shows here. The tests run in
// the source tree.
TEST(Codes, NoCodeOutsideTheRegistry) {
  namespace fs = std::filesystem;
  const std::set<std::string> known = registeredCodes();
  const std::regex code("R0[0-9]{3}");
  const std::set<std::string> extensions = {".cpp", ".h", ".def", ".md", ".js", ".yaml", ".sh", ".py"};
  size_t files = 0;
  for (const char* dir : {"compiler", "runtime", "api", "audit", "service", "cli", "include", "docs", "playground/src",
                          "scripts", "rulesets"}) {
    ASSERT_TRUE(fs::is_directory(dir)) << dir << " (the test runs in the source tree)";
    for (const auto& entry : fs::recursive_directory_iterator(dir)) {
      if (!entry.is_regular_file() || extensions.count(entry.path().extension().string()) == 0) continue;
      std::ifstream in(entry.path(), std::ios::binary);
      std::stringstream text;
      text << in.rdbuf();
      const std::string s = text.str();
      ++files;
      for (auto it = std::sregex_iterator(s.begin(), s.end(), code); it != std::sregex_iterator(); ++it) {
        // The end of a range ("R0501–R0599") names no code of its own.
        const size_t at = static_cast<size_t>(it->position());
        if (at >= 3 && s.compare(at - 3, 3, "–") == 0) continue;
        EXPECT_TRUE(known.count(it->str()) > 0) << entry.path().string() << " names " << it->str()
                                                << ", which runtime/base/codes.def does not list";
      }
    }
  }
  EXPECT_GT(files, 100u);
}

}  // namespace
}  // namespace regel
