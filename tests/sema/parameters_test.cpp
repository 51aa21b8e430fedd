// Regression tests for the checker's parameter pass (compiler/sema/parameters.cpp).
#include <gtest/gtest.h>

#include "tests/sema/sema_fixture.h"

namespace {

using namespace regel;

std::string table(const std::string& rows) {
  return "indata { n: heltal }\nparameter p(k: heltal): belopp\n  gäller från 2023-01-01:\n    tabell\n" + rows +
         "värde x: belopp lagrum \"1 §\" = p(n)\nbeslut\n  bifall med x om x > 0 kr\n  avslag annars\n";
}

// Shadowed table rows (R0310) are found through an index of earlier rows (comparing every pair
// was quadratic: half a minute for 150 000 rows). Which earlier row shadows decides the message:
// the first one, whether an `annars` row or a row with the same keys.
TEST(Parameters, ShadowedRowsAreReportedWithTheFirstShadowingRow) {
  auto same = regel::testing::checkBody(table("      1: 1 kr\n      2: 2 kr\n      1: 3 kr\n      annars: 0 kr\n"));
  EXPECT_TRUE(same.errors.empty());
  ASSERT_EQ(same.warnings, std::vector<std::string>{"R0310"});
  EXPECT_EQ(same.firstArgs[0], "en tidigare rad har samma nycklar");

  auto after = regel::testing::checkBody(table("      annars: 0 kr\n      1: 1 kr\n      annars: 2 kr\n"));
  ASSERT_EQ(after.warnings, (std::vector<std::string>{"R0310", "R0310"}));
  EXPECT_EQ(after.firstArgs[0], "en tidigare rad 'annars' gäller redan alla fall");
  EXPECT_EQ(after.firstArgs[1], "en tidigare rad 'annars' gäller redan alla fall");

  auto first = regel::testing::checkBody(table("      1: 1 kr\n      annars: 0 kr\n      1: 3 kr\n"));
  ASSERT_EQ(first.warnings, std::vector<std::string>{"R0310"});
  EXPECT_EQ(first.firstArgs[0], "en tidigare rad har samma nycklar");

  // Ranges with the same bounds are the same keys; different kinds are not.
  auto ranges = regel::testing::checkBody(table("      1 till 3: 1 kr\n      från 1: 2 kr\n      1 till 3: 3 kr\n"
                                         "      annars: 0 kr\n"));
  ASSERT_EQ(ranges.warnings, std::vector<std::string>{"R0310"});
}

TEST(Parameters, ManyRowsAreCheckedInLinearTime) {
  std::string rows;
  for (int i = 0; i < 20'000; ++i) rows += "      " + std::to_string(i) + ": 1 kr\n";
  rows += "      5: 2 kr\n      annars: 0 kr\n";
  auto r = regel::testing::checkBody(table(rows));
  EXPECT_TRUE(r.errors.empty());
  EXPECT_EQ(r.warnings, std::vector<std::string>{"R0310"});
}

}  // namespace
