// The random case generator (case_generator.h): deterministic, and every case it writes is one the
// case decoder reads, for the bundled rulesets and for a ruleset with every input type.
#include <gtest/gtest.h>

#include <string>

#include "regel/compile.h"
#include "regel/session.h"
#include "api/outcome_internal.h"
#include "tests/support/case_generator.h"
#include "tests/support/ruleset_paths.h"

namespace {

using namespace regel;
using regel::testing::CaseGenerator;
using regel::testing::CaseGeneratorOptions;

using regel::testing::kAllaTyper;
using regel::testing::kForsorjningsstod;
using regel::testing::kHemtjanst;

TEST(CaseGenerator, IsDeterministicPerSeedAndCaseNumber) {
  CompileResult r = compileFile(kForsorjningsstod);
  ASSERT_TRUE(r.ruleset) << r.rendered;
  CaseGenerator a(r.ruleset->program()), b(r.ruleset->program());
  CaseGeneratorOptions other;
  other.seed = 7;
  CaseGenerator c(r.ruleset->program(), other);
  EXPECT_EQ(a.caseAt(12345), b.caseAt(12345));
  EXPECT_EQ(a.caseAt(3), a.caseAt(3));
  // Out of order gives the same case as in order.
  const std::string third = b.caseAt(3);
  b.caseAt(4);
  EXPECT_EQ(b.caseAt(3), third);
  EXPECT_NE(a.caseAt(1), a.caseAt(2));
  EXPECT_NE(a.caseAt(1), c.caseAt(1));
}

// The comparison of decisions is about decisions, not refusals: the absurd values stay within what
// the decoder accepts.
TEST(CaseGenerator, EveryCaseIsReadable) {
  for (const std::string& path : {kForsorjningsstod, kHemtjanst, kAllaTyper}) {
    CompileResult r = compileFile(path);
    ASSERT_TRUE(r.ruleset) << r.rendered;
    CaseGeneratorOptions options;
    options.absurdRate = 0.05;  // ten times the default: every kind of absurd value occurs
    CaseGenerator generator(r.ruleset->program(), options);
    Session session(*r.ruleset);
    for (uint64_t k = 0; k < 5'000; ++k) {
      const std::string json = generator.caseAt(k);
      const CaseOutcome& o = session.decide(json);
      ASSERT_TRUE(o.decided()) << path << " case #" << k << ": " << json << "\n"
                             << renderText(*r.ruleset, o, "case", false);
    }
  }
}

// About 3 % of the required fields are left out, optional ones about half the time; lists have at
// most four elements unless a value is absurd.
TEST(CaseGenerator, LeavesOutAboutThreePercentOfTheFields) {
  CompileResult r = compileFile(kHemtjanst);  // flat: eight fields, one of them optional
  ASSERT_TRUE(r.ruleset) << r.rendered;
  CaseGenerator generator(r.ruleset->program());
  Session session(*r.ruleset);
  const auto& fields = r.ruleset->program().types.records[r.ruleset->program().inputRecord].fields;
  uint64_t required = 0, requiredAbsent = 0, optional = 0, optionalAbsent = 0;
  for (uint64_t k = 0; k < 20'000; ++k) {
    const CaseOutcome& o = session.decide(generator.caseAt(k));
    ASSERT_TRUE(o.decided());
    for (size_t f = 0; f < fields.size(); ++f) {
      const bool absent = !o.internal().data.has(0, f);
      if (fields[f].optional) {
        ++optional;
        optionalAbsent += absent;
      } else {
        ++required;
        requiredAbsent += absent;
      }
    }
  }
  EXPECT_NEAR(static_cast<double>(requiredAbsent) / static_cast<double>(required), 0.03, 0.005);
  EXPECT_NEAR(static_cast<double>(optionalAbsent) / static_cast<double>(optional), 0.5, 0.03);
}

}  // namespace
