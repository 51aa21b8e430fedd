// The letter to the applicant (beslutsbrev): the decision in plain words, its reasons, how it was
// reckoned, the provisions it rests on, and how to appeal — only for a decision.
#include <gmock/gmock.h>

#include "regel/decide.h"

namespace regel::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const char* const kRules = R"(regelverk Stöd
  version "b1"
  lagrum "4 kap. SoL"
  beslutsdatum månad
  överklagande "Överklaga till förvaltningsrätten inom tre veckor."
indata { månad: månad, lön: belopp, hyra: belopp }
värde norm: belopp lagrum "2 kap. 1 § SoF" = 3 490 kr motivering "Normen är {norm}."
värde bistånd: belopp lagrum "4 kap. 1 § SoL"
  = max(0 kr, norm + hyra - lön)
  motivering "Normen {norm} och hyran {hyra} minus lönen {lön} ger {bistånd}."
beslut
  bifall med bistånd om bistånd > 0 kr
  avslag annars skäl "Inkomsterna täcker behovet."
)";

std::string letter(const std::string& json) {
  static const auto rs = compileSource("stod.regel", kRules).ruleset;
  DecideOptions options;
  options.trace = true;
  return renderLetter(*rs, decideJson(*rs, json, options), "ärende.json");
}

TEST(Letter, ApprovalWithItsReckoningProvisionsAndAppeal) {
  EXPECT_EQ(letter(R"({"id": "B-1", "indata": {"månad": "2023-03", "lön": 1000, "hyra": 5000}})"),
            "BESLUT – Stöd\n"
            "Ärende B-1 · beslutsdatum 2023-03-01\n"
            "\n"
            "Du beviljas 7 490 kr.\n"
            "\n"
            "Skäl för beslutet\n"
            "  • Normen 3 490 kr och hyran 5 000 kr minus lönen 1 000 kr ger 7 490 kr.\n"
            "\n"
            "Så har vi kommit fram till beslutet\n"
            "  • Normen är 3 490 kr.\n"
            "\n"
            "Beslutet grundar sig på\n"
            "  • 4 kap. 1 § SoL\n"
            "  • 2 kap. 1 § SoF\n"
            "\n"
            "Så överklagar du\n"
            "  Överklaga till förvaltningsrätten inom tre veckor.\n");
}

TEST(Letter, RefusalGivesItsReason) {
  const std::string text = letter(R"({"indata": {"månad": "2023-03", "lön": 20000, "hyra": 5000}})");
  EXPECT_THAT(text, HasSubstr("Ärende utan nummer"));
  EXPECT_THAT(text, HasSubstr("Din ansökan avslås.\n\nSkäl för beslutet\n  • Inkomsterna täcker behovet.\n"));
  EXPECT_THAT(text, HasSubstr("Så överklagar du"));
}

TEST(Letter, NoAppealWithoutADecision) {
  const std::string text = letter(R"({"indata": {"månad": "2023-03", "hyra": 5000}})");
  EXPECT_THAT(text, HasSubstr("Vi behöver fler uppgifter från dig innan vi kan fatta beslut.\n\nUppgifter vi behöver\n"
                              "  • Uppgiften lön saknas.\n"));
  EXPECT_THAT(text, Not(HasSubstr("Så överklagar du")));
}

}  // namespace
}  // namespace regel::testing
