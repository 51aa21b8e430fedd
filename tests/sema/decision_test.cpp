// Regression tests for the checker's decision pass (compiler/sema/decision.cpp).
#include <gtest/gtest.h>

#include "tests/sema/sema_fixture.h"

namespace {

using namespace regel;

const std::string kHead = "indata { n: heltal }\nvärde x: heltal lagrum \"1 §\" = n\n";

// The repeated-condition warning (R0403) finds an earlier equal condition through a hash index
// (comparing every pair of branches was quadratic: minutes for 150 000 branches). It must still
// find repeats far apart and not confuse different constants or operators.
TEST(Decision, RepeatedConditionIsUnreachable) {
  auto r = regel::testing::checkBody(kHead + "beslut\n  avslag om x = 1\n  avslag om x = 2\n  avslag om x < 1\n"
                              "  manuell prövning om x = 1\n  avslag annars\n");
  EXPECT_TRUE(r.errors.empty());
  EXPECT_EQ(r.warnings, std::vector<std::string>{"R0403"});
}

TEST(Decision, ManyBranchesAreCheckedInLinearTime) {
  std::string body = kHead + "beslut\n";
  constexpr int kBranches = 20'000;  // took ~2 s before the index; now a fraction of that
  for (int i = 0; i < kBranches; ++i) body += "  avslag om x = " + std::to_string(i) + "\n";
  body += "  avslag om x = 7\n  avslag annars\n";
  auto r = regel::testing::checkBody(body);
  EXPECT_TRUE(r.errors.empty());
  EXPECT_EQ(r.warnings, std::vector<std::string>{"R0403"});
  EXPECT_EQ(r.module.decision.size(), static_cast<size_t>(kBranches + 2));
}

}  // namespace
