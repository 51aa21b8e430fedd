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

// A refusal says which single fact, changed, would have granted the application, the fact named
// by its etikett where it has one; the search is the caseworker's (regel/what_if.h).
TEST(Letter, RefusalSaysWhatWouldHaveGrantedIt) {
  const auto rs = compileSource("stod.regel", R"(regelverk Stöd
  version "b1"
  beslutsdatum månad
  överklagande "Överklaga till förvaltningsrätten inom tre veckor."
indata { månad: månad, lön: belopp etikett "lön efter skatt", hyra: belopp, ort: text }
värde bistånd: belopp lagrum "4 kap. 1 § SoL" = max(0 kr, 3 490 kr + hyra - lön)
villkor i_kommunen lagrum "2 kap. 1 § SoL" = ort = "Trelleborg"
beslut
  bifall med bistånd om i_kommunen och bistånd > 0 kr
  avslag annars skäl "Inkomsterna täcker behovet."
)").ruleset;
  ASSERT_TRUE(rs);
  DecideOptions options;
  options.trace = true;
  const std::string json = R"({"indata": {"månad": "2023-03", "lön": 20000, "hyra": 5000, "ort": "Trelleborg"}})";
  EXPECT_THAT(renderLetter(*rs, decideJson(*rs, json, options), "ärende.json"),
              HasSubstr("  • 4 kap. 1 § SoL\n"
                        "\n"
                        "Vad som hade ändrat beslutet\n"
                        "  Om en av de här uppgifterna hade varit en annan, och allt annat detsamma, hade beslutet blivit "
                        "ett annat:\n"
                        "  • Om uppgiften hyra hade varit 16 510,01 kr i stället för 5 000 kr, hade du beviljats 0,01 kr.\n"
                        "  • Om uppgiften om lön efter skatt hade varit 8 489,99 kr i stället för 20 000 kr, hade du "
                        "beviljats 0,01 kr.\n"
                        "\n"
                        "Så överklagar du\n"));
  // Another town would refuse it too: a change that refuses is not what the applicant asks for.
  const std::string elsewhere = R"({"indata": {"månad": "2023-03", "lön": 0, "hyra": 5000, "ort": "Malmö"}})";
  EXPECT_THAT(renderLetter(*rs, decideJson(*rs, elsewhere, options), "ärende.json"),
              HasSubstr("  • Om uppgiften ort hade varit ”Trelleborg” i stället för ”Malmö”, hade du beviljats 8 490 kr.\n"));
  // An approval says nothing of it.
  const std::string approved = R"({"indata": {"månad": "2023-03", "lön": 0, "hyra": 5000, "ort": "Trelleborg"}})";
  const std::string letter = renderLetter(*rs, decideJson(*rs, approved, options), "ärende.json");
  EXPECT_THAT(letter, HasSubstr("Du beviljas 8 490 kr."));
  EXPECT_THAT(letter, Not(HasSubstr("Vad som hade ändrat beslutet")));
}

TEST(Letter, NoAppealWithoutADecision) {
  const std::string text = letter(R"({"indata": {"månad": "2023-03", "hyra": 5000}})");
  EXPECT_THAT(text, HasSubstr("Vi behöver fler uppgifter från dig innan vi kan fatta beslut.\n\nUppgifter vi behöver\n"
                              "  • Uppgiften lön saknas.\n"));
  EXPECT_THAT(text, Not(HasSubstr("Så överklagar du")));
}

// A fact the decision did not need (every value gives the same decision) is named by its label too,
// also a label that reads like the field's name.
TEST(Letter, AFactNotNeededIsNamedByItsLabel) {
  const auto rs = compileSource("moot.regel", R"(regelverk Moot
  version "m1"
  beslutsdatum månad
indata {
  månad: månad
  hinder: ja/nej etikett "hinder för arbete"
  barn_hemma: ja/nej
  funktionsnedsättning: ja/nej etikett "funktionsnedsättning"
  hyra: belopp
}
värde stöd: belopp lagrum "1 §" = om hinder så 1 000 kr annars 1 000 kr
värde tillägg: belopp lagrum "2 §" = om barn_hemma eller funktionsnedsättning så 0 kr annars 0 kr
beslut
  bifall med stöd + tillägg om hyra > 0 kr skäl "Du har en hyra."
  avslag annars skäl "Ingen hyra."
)").ruleset;
  ASSERT_TRUE(rs);
  DecideOptions options;
  options.trace = true;
  const CaseOutcome outcome = decideJson(*rs, R"({"indata": {"månad": "2023-03", "hyra": 4000}})", options);
  EXPECT_EQ(outcome.unneededFacts(), (std::vector<std::string>{"hinder", "barn_hemma", "funktionsnedsättning"}));
  EXPECT_THAT(renderLetter(*rs, outcome, "ärende.json"),
              HasSubstr("Du beviljas 1 000 kr.\n\nSkäl för beslutet\n"
                        "  • Du har en hyra.\n"
                        "  • Uppgiften om hinder för arbete saknas, men beslutet blir detsamma vilket värde den än har.\n"
                        "  • Uppgiften barn_hemma saknas, men beslutet blir detsamma vilket värde den än har.\n"
                        "  • Uppgiften om funktionsnedsättning saknas, men beslutet blir detsamma vilket värde den än "
                        "har.\n"));
}


// Fields with an `etikett` are named by it, with which element of a list they belong to.
const char* const kLabelledRules = R"(regelverk Etiketter
  version "e1"
  beslutsdatum månad
post Vuxen {
  lön: belopp minst 0 kr etikett "lön efter skatt"
  inskriven: ja/nej etikett "inskrivning hos Arbetsförmedlingen"
  ålder: heltal
}
indata {
  månad: månad etikett "månaden ansökan gäller"
  vuxna: lista av Vuxen etikett "vuxen"
}
villkor inskrivna lagrum "x" = alla(v i vuxna uppfyller v.inskriven och v.ålder >= 18)
värde inkomst: belopp lagrum "x" = summa(v.lön för varje v i vuxna)
beslut
  avslag om inte inskrivna skäl "Någon är inte inskriven."
  bifall med inkomst annars
)";

TEST(Letter, MissingFactsAreNamedByTheirLabels) {
  const auto rs = compileSource("etiketter.regel", kLabelledRules).ruleset;
  ASSERT_TRUE(rs);
  DecideOptions options;
  options.trace = true;
  const CaseOutcome outcome = decideJson(
      *rs, R"({"indata": {"månad": "2023-03", "vuxna": [{"inskriven": true, "ålder": 30}, {"lön": 100}]}})", options);
  EXPECT_THAT(renderLetter(*rs, outcome, "ärende.json"),
              HasSubstr("Uppgifter vi behöver\n"
                        "  • Uppgiften om inskrivning hos Arbetsförmedlingen för vuxen nr 2 saknas.\n"
                        "  • Uppgiften vuxna[1].ålder saknas.\n"));
  const CaseOutcome noMonth = decideJson(*rs, R"({"indata": {"vuxna": []}})", options);
  EXPECT_THAT(renderLetter(*rs, noMonth, "ärende.json"), HasSubstr("  • Uppgiften om månaden ansökan gäller saknas.\n"));
}


// An avslag reached by `annars` rests on why the branch before it did not apply: the condition it
// tried (here made nej by its exception, whose text is then the condition's) and its provisions.
TEST(Letter, AnAvslagByAnnarsRestsOnTheBranchesTriedBefore) {
  const auto rs = compileSource("prov.regel", R"(regelverk Brevprov
  version "1"
indata { a: ja/nej, b: ja/nej }
villkor v
  lagrum "1 §"
  = a
  ej uppfyllt "Villkoret är inte uppfyllt."
  undantag u om b:
    lagrum "2 §"
    = nej
    motivering "Undantaget i 2 § gäller."
beslut
  bifall om v
  avslag annars
    skäl "Avslag."
)").ruleset;
  ASSERT_TRUE(rs);
  DecideOptions options;
  options.trace = true;
  options.date = "2024-01-01";
  const CaseOutcome outcome = decideJson(*rs, R"({"a": true, "b": true})", options);
  ASSERT_EQ(outcome.outcome(), Outcome::Avslag);
  EXPECT_THAT(renderLetter(*rs, outcome, "ärende.json"),
              HasSubstr("Din ansökan avslås.\n\nSkäl för beslutet\n  • Avslag.\n\n"
                        "Så har vi kommit fram till beslutet\n"
                        "  • Undantaget i 2 § gäller.\n\n"
                        "Beslutet grundar sig på\n  • 1 §\n  • 2 §\n"));
}


// A definition per element whose text a list text already shows (here the reason: the amount's
// motivering) is not repeated on its own, also an element in the middle of the list (shown there
// without its full stop) and one whose text is its exception's.
TEST(Letter, ElementTextsShownInAListAreNotRepeated) {
  const auto rs = compileSource("lista.regel", R"(regelverk Lista
  version "1"
post Barn { namn: text, fri: ja/nej }
indata { barn: lista av Barn }
värde avgift(b: Barn): belopp lagrum "3 §"
  = 100 kr
  motivering "{b.namn} betalar {avgift}."
  undantag fri om b.fri:
    lagrum "4 §"
    = 0 kr
    motivering "{b.namn} betalar ingenting."
värde total: belopp lagrum "3 §"
  = summa(avgift(b) för varje b i barn)
  motivering "Avgiften är {total}: {avgift(b) för varje b i barn}."
beslut
  fastställt belopp med total annars
)").ruleset;
  ASSERT_TRUE(rs);
  DecideOptions options;
  options.trace = true;
  options.date = "2024-01-01";
  const CaseOutcome outcome = decideJson(
      *rs, R"({"barn": [{"namn": "A", "fri": true}, {"namn": "B", "fri": false}, {"namn": "C", "fri": true}]})", options);
  EXPECT_THAT(renderLetter(*rs, outcome, "ärende.json"),
              HasSubstr("Skäl för beslutet\n"
                        "  • Avgiften är 100 kr: A betalar ingenting; B betalar 100 kr; C betalar ingenting.\n\n"
                        "Beslutet grundar sig på\n"));
}

}  // namespace
}  // namespace regel::testing
