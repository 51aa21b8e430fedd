// Fields marked `personuppgift`: carried through compilation and .rgb, and never echoed in the
// messages about a case that gives them wrongly.
#include <gmock/gmock.h>

#include "regel/decide.h"
#include "runtime/program/program.h"

namespace regel::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const char* const kPersonalRules = R"(regelverk Personer
  version "p1"
post Sökande { namn: text personuppgift, personnummer: heltal personuppgift, född: datum personuppgift, ålder: heltal }
indata { sökande: Sökande, lön: belopp }
värde bistånd: belopp = max(0 kr, 5 000 kr - lön)
beslut
  bifall med bistånd om bistånd > 0 kr
  avslag annars
)";

std::shared_ptr<const Ruleset> personalRuleset() {
  static std::shared_ptr<const Ruleset> rs = [] {
    CompileResult r = compileSource("personer.regel", kPersonalRules);
    EXPECT_EQ(r.errors, 0u) << r.rendered;
    return r.ruleset;
  }();
  return rs;
}

TEST(PersonalData, MarkedFieldsSurviveTheRgb) {
  auto rs = personalRuleset();
  ASSERT_TRUE(rs);
  LoadResult loaded = loadRgb(rs->toRgb(), "personer.rgb");
  ASSERT_TRUE(loaded.ruleset) << loaded.message;
  const auto& types = loaded.ruleset->program().types;
  const rt::RecordInfo* sokande = nullptr;
  for (const auto& r : types.records) {
    if (r.name == "Sökande") sokande = &r;
  }
  ASSERT_TRUE(sokande);
  ASSERT_EQ(sokande->fields.size(), 4u);
  EXPECT_TRUE(sokande->fields[0].personal);
  EXPECT_TRUE(sokande->fields[1].personal);
  EXPECT_TRUE(sokande->fields[2].personal);
  EXPECT_FALSE(sokande->fields[3].personal);
}

TEST(PersonalData, NeverEchoedInCaseErrors) {
  const CaseOutcome o = decideJson(*personalRuleset(), R"({"sökande": {"namn": 19850101, "personnummer": "198501011234",
      "född": "1985-13-01", "ålder": "fyrtio"}, "lön": 1000})");
  ASSERT_FALSE(o.decided());
  const auto problems = o.problems();
  ASSERT_EQ(problems.size(), 4u);
  std::string all;
  for (const auto& p : problems) all += p.message + "\n";
  EXPECT_THAT(all, Not(HasSubstr("19850101")));
  EXPECT_THAT(all, Not(HasSubstr("1985-13-01")));
  EXPECT_EQ(problems[0].message, "fältet 'namn' ska vara en text men är ett tal (en personuppgift, visas inte)");
  EXPECT_EQ(problems[2].message,
            "fältet 'född' har värdet \"(en personuppgift, visas inte)\", som inte är ett giltigt datum (ÅÅÅÅ-MM-DD)");
  // A field that is not personal is shown as before.
  EXPECT_THAT(problems[3].message, HasSubstr("\"fyrtio\""));
}

}  // namespace
}  // namespace regel::testing
