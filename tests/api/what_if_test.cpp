// What would change a decision: single facts changed by the engine's own search, with exact
// thresholds, the conditions they turn, declared limits and the budget.
#include <gmock/gmock.h>

#include "regel/decide.h"
#include "regel/record.h"
#include "regel/what_if.h"
#include "tests/api/api_fixture.h"

namespace regel::testing {
namespace {

using ::testing::ElementsAre;

CaseOutcome decided(const std::string& json) {
  DecideOptions options;
  options.trace = true;
  CaseOutcome o = decideJson(*compiled(), json, options);
  EXPECT_TRUE(o.decided());
  return o;
}

// Traced (the search reads the trace), on the given decision date.
DecideOptions tracedOn(const std::string& date) {
  DecideOptions options;
  options.trace = true;
  options.date = date;
  return options;
}

std::vector<std::string> lines(const WhatIf& w) {
  std::vector<std::string> out;
  for (const auto& c : w.changes) {
    std::string s = c.field + " " + c.now + " → " + c.changed + ": " + outcomeName(c.outcome);
    for (const auto& cond : c.conditions) s += "; " + cond;
    out.push_back(s);
  }
  return out;
}

TEST(WhatIf, IncomeThresholdToTheOre) {
  // 3 490 kr norm + 5 000 kr rent − 20 000 kr wage: avslag. Bifall needs a wage under 8 490 kr or
  // a rent over 16 510 kr; being registered already holds.
  const CaseOutcome o = decided(R"({"id": "a", "indata": {"månad": "2023-03", "vuxna": [{"lön": 20000, "inskriven": true}], "hyra": 5000}})");
  ASSERT_EQ(o.outcome(), Outcome::Avslag);
  const WhatIf w = whatWouldChange(*compiled(), o);
  EXPECT_TRUE(w.complete);
  EXPECT_THAT(lines(w), ElementsAre("hyra 5 000 kr → 16 510,01 kr: bifall", "vuxna[0].lön 20 000 kr → 8 489,99 kr: bifall"));
  ASSERT_EQ(w.changes.size(), 2u);
  EXPECT_TRUE(w.changes[0].number);
  EXPECT_FALSE(w.changes[0].lower);
  EXPECT_TRUE(w.changes[1].lower);
  EXPECT_EQ(w.changes[1].amountOre, 1);
  EXPECT_EQ(renderWhatIf(w),
            "Vad skulle ändra beslutet (en uppgift i taget):\n"
            "  • hyra höjd till 16 510,01 kr (i dag 5 000 kr): bifall med 0,01 kr\n"
            "  • vuxna[0].lön sänkt till 8 489,99 kr (i dag 20 000 kr): bifall med 0,01 kr\n");
}

TEST(WhatIf, FlippedConditionIsNamed) {
  const CaseOutcome o = decided(R"({"indata": {"månad": "2023-03", "vuxna": [{"lön": 0, "inskriven": false}], "hyra": 5000}})");
  ASSERT_EQ(o.outcome(), Outcome::Avslag);
  const WhatIf w = whatWouldChange(*compiled(), o);
  EXPECT_THAT(lines(w), ElementsAre("vuxna[0].inskriven nej → ja: bifall; arbetsvillkor blir uppfyllt"));
  EXPECT_EQ(w.changes[0].amountOre, 849000);
  EXPECT_FALSE(w.changes[0].number);
}

TEST(WhatIf, ApprovalTurnsToRefusal) {
  const CaseOutcome o = decided(R"({"indata": {"månad": "2023-03", "vuxna": [{"lön": 1000, "inskriven": true}], "hyra": 5000}})");
  ASSERT_EQ(o.outcome(), Outcome::Bifall);
  const WhatIf w = whatWouldChange(*compiled(), o);
  // No rent from 0 kr up turns it (the norm alone exceeds the wage): rent is not listed.
  EXPECT_THAT(lines(w), ElementsAre("vuxna[0].inskriven ja → nej: avslag; arbetsvillkor blir inte uppfyllt",
                                    "vuxna[0].lön 1 000 kr → 8 490 kr: avslag"));
}

TEST(WhatIf, BudgetBoundsTheSearch) {
  const CaseOutcome o = decided(R"({"indata": {"månad": "2023-03", "vuxna": [{"lön": 20000, "inskriven": true}], "hyra": 5000}})");
  const WhatIf w = whatWouldChange(*compiled(), o, {.maxDecisions = 5});
  EXPECT_FALSE(w.complete);
  EXPECT_EQ(w.decisions, 5u);
  EXPECT_THAT(renderWhatIf(w), ::testing::HasSubstr("Sökningen stannade efter 5 beslut; alla uppgifter har inte prövats."));
}

TEST(WhatIf, UntracedOrRefusedCaseGivesNothing) {
  const CaseOutcome untraced = decideJson(*compiled(), R"({"indata": {"månad": "2023-03", "vuxna": [], "hyra": 1}})");
  EXPECT_TRUE(whatWouldChange(*compiled(), untraced).changes.empty());
  const CaseOutcome refused = decideJson(*compiled(), "{");
  EXPECT_TRUE(whatWouldChange(*compiled(), refused).changes.empty());
}

// --sätt: the threshold the search found, set as a fact, gives the outcome it promised.
TEST(Facts, SetFactsDecideTheChangedCase) {
  const std::string json = R"({"id": "a", "indata": {"månad": "2023-03", "vuxna": [{"lön": 20000, "inskriven": false}], "hyra": 5000}})";
  DecideOptions options;
  options.facts = {{"vuxna[0].lön", "8 489,99 kr"}, {"vuxna[0].inskriven", "ja"}};
  const CaseOutcome o = decideJson(*compiled(), json, options);
  ASSERT_TRUE(o.decided());
  EXPECT_EQ(o.outcome(), Outcome::Bifall);
  EXPECT_EQ(o.amountOre(), 1);
  // A what-if is not the case's decision: it is never logged.
  EXPECT_FALSE(makeDecisionRecord(*compiled(), o, json, options));
  options.facts = {{"hyra", "16510.01"}, {"vuxna[0].inskriven", "true"}};
  EXPECT_EQ(decideJson(*compiled(), json, options).amountOre(), 1);
  // A fact the case does not give is set too (el is valfri).
  options.facts = {{"el", "100"}, {"vuxna[0].inskriven", "ja"}, {"hyra", "16410.01"}};
  EXPECT_EQ(decideJson(*compiled(), json, options).amountOre(), 1);
}

TEST(Facts, FactsThatDoNotFitAreRefused) {
  const std::string json = R"({"indata": {"månad": "2023-03", "vuxna": [{"lön": 1, "inskriven": true}], "hyra": 5000}})";
  DecideOptions options;
  options.facts = {{"hyr", "1"}, {"vuxna[1].lön", "1"}, {"vuxna", "1"}, {"vuxna[0].lön", "tusen"}};
  const CaseOutcome o = decideJson(*compiled(), json, options);
  ASSERT_FALSE(o.decided());
  const auto problems = o.problems();
  ASSERT_EQ(problems.size(), 4u);
  EXPECT_EQ(problems[0].code, "R0614");
  EXPECT_EQ(problems[0].message, "uppgiften hyr finns inte i ärendet; menade du 'hyra'?");
  EXPECT_EQ(problems[1].code, "R0614");
  EXPECT_EQ(problems[1].message, "uppgiften vuxna[1].lön finns inte i ärendet");
  EXPECT_EQ(problems[2].code, "R0615");
  EXPECT_EQ(problems[2].message, "uppgiften vuxna kan inte sättas med --sätt: den är lista av Vuxen");
  EXPECT_EQ(problems[3].code, "R0603");
  EXPECT_EQ(problems[3].path, "vuxna[0].lön");
  EXPECT_EQ(problems[3].location.line, 0u);
}


// A tal and a procent are moved by hundredths (of a percent), to the exact threshold.
TEST(WhatIf, DecimalsAndPercentsAreMovedToTheThreshold) {
  const auto rs = compileSource("vad.regel", R"(regelverk Vad
  version "1"
indata { km: tal, grad: procent, ort: text, namn: text personuppgift }
villkor lång lagrum "1 §" = km >= 2,5
villkor heltid lagrum "2 §" = grad > 75 %
villkor nära lagrum "3 §" = ort = "Trelleborg" eller ort = namn
villkor inte_ada lagrum "4 §" = namn ≠ "Ada"
beslut
  bifall om nära och inte_ada och (lång eller heltid)
  avslag annars skäl "För kort."
)").ruleset;
  ASSERT_TRUE(rs);
  const DecideOptions options = tracedOn("2024-01-01");
  const CaseOutcome o = decideJson(*rs, R"({"km": 1.9, "grad": "50 %", "ort": "Trelleborg", "namn": "Bo"})", options);
  ASSERT_EQ(o.outcome(), Outcome::Avslag);
  const WhatIf w = whatWouldChange(*rs, o);
  EXPECT_TRUE(w.complete);
  EXPECT_THAT(lines(w), ElementsAre("km 1,9 → 2,5: bifall; lång blir uppfyllt", "grad 50 % → 75,01 %: bifall; heltid blir uppfyllt"));
  EXPECT_TRUE(w.changes[0].number);
  EXPECT_FALSE(w.changes[0].lower);
  EXPECT_FALSE(w.changes[0].calendar);
  // The name is read, but a personuppgift is not changed: it is named as not searched.
  EXPECT_EQ(w.notSearched, (std::vector<std::string>{"namn"}));
  EXPECT_EQ(renderWhatIf(w),
            "Vad skulle ändra beslutet (en uppgift i taget):\n"
            "  • km höjd till 2,5 (i dag 1,9): bifall; lång blir uppfyllt\n"
            "  • grad höjd till 75,01 % (i dag 50 %): bifall; heltid blir uppfyllt\n"
            "  Prövas inte (personuppgifter ändras inte): namn.\n");

  // A text is tried with every text that can turn a comparison: the rules' own, the case's, and
  // one unlike all of them.
  const CaseOutcome far = decideJson(*rs, R"({"km": 3, "grad": "50 %", "ort": "Malmö", "namn": "Bo"})", options);
  ASSERT_EQ(far.outcome(), Outcome::Avslag);
  EXPECT_THAT(lines(whatWouldChange(*rs, far)),
              ElementsAre("ort ”Malmö” → ”Trelleborg”: bifall; nära blir uppfyllt", "ort ”Malmö” → ”Bo”: bifall; nära blir uppfyllt"));
  // --sätt sets a text as written, a number too: ort=Trelleborg decides as the search promised.
  DecideOptions set = options;
  set.facts = {{"ort", "Trelleborg"}};
  EXPECT_EQ(decideJson(*rs, R"({"km": 3, "grad": "50 %", "ort": "Malmö", "namn": "Bo"})", set).outcome(), Outcome::Bifall);
  set.facts = {{"ort", "12"}, {"namn", "\"12\""}};
  EXPECT_EQ(decideJson(*rs, R"({"km": 3, "grad": "50 %", "ort": "Malmö", "namn": "Bo"})", set).outcome(), Outcome::Bifall);
  const CaseOutcome near = decideJson(*rs, R"({"km": 3, "grad": "50 %", "ort": "Trelleborg", "namn": "Bo"})", options);
  ASSERT_EQ(near.outcome(), Outcome::Bifall);
  EXPECT_THAT(renderWhatIf(whatWouldChange(*rs, near)),
              ::testing::HasSubstr("  • ort en annan text (i dag ”Trelleborg”): avslag; nära blir inte uppfyllt\n"));

  // A value written with more decimals is moved by its last one, down to millionths; one with
  // even more is moved by millionths from the step beyond it. Neither goes below zero.
  const std::string otherTown = "ort ”Trelleborg” → en annan text: avslag; nära blir inte uppfyllt";
  const CaseOutcome two = decideJson(*rs, R"({"km": 2.5, "grad": "50 %", "ort": "Trelleborg", "namn": "Bo"})", options);
  EXPECT_THAT(lines(whatWouldChange(*rs, two)), ElementsAre(otherTown, "km 2,5 → 2,49: avslag; lång blir inte uppfyllt"));
  const CaseOutcome precise = decideJson(*rs, R"({"km": 1, "grad": "75,125 %", "ort": "Trelleborg", "namn": "Bo"})", options);
  EXPECT_THAT(lines(whatWouldChange(*rs, precise)),
              ElementsAre(otherTown, "grad 75,125 % → 75 %: avslag; heltid blir inte uppfyllt"));
  const CaseOutcome beyond = decideJson(*rs, R"({"km": 2.50000001, "grad": "0 %", "ort": "Trelleborg", "namn": "Bo"})", options);
  EXPECT_THAT(lines(whatWouldChange(*rs, beyond)),
              ElementsAre(otherTown, "km 2,500000… → 2,499999: avslag; lång blir inte uppfyllt"));
}

// A datum is moved by days and a månad by months, earlier and later, within the years 1–9999.
TEST(WhatIf, DatesAndMonthsAreMovedByDaysAndMonths) {
  const auto rs = compileSource("vad.regel", R"(regelverk Vad
  version "1"
indata { född: datum, ansökt: datum, start: månad }
villkor vuxen lagrum "1 §" = ålder(född, ansökt) >= 18
villkor ny_ordning lagrum "2 §" = start >= 2024-07
beslut
  bifall om vuxen och ny_ordning
  avslag annars skäl "Nej."
)").ruleset;
  ASSERT_TRUE(rs);
  const DecideOptions options = tracedOn("2024-01-01");
  const CaseOutcome minor = decideJson(*rs, R"({"född": "2010-05-10", "ansökt": "2024-01-01", "start": "2024-09"})", options);
  ASSERT_EQ(minor.outcome(), Outcome::Avslag);
  const WhatIf w = whatWouldChange(*rs, minor);
  EXPECT_THAT(lines(w), ElementsAre("född 2010-05-10 → 2006-01-01: bifall; vuxen blir uppfyllt",
                                    "ansökt 2024-01-01 → 2028-05-10: bifall; vuxen blir uppfyllt"));
  ASSERT_EQ(w.changes.size(), 2u);
  EXPECT_TRUE(w.changes[0].calendar);
  EXPECT_TRUE(w.changes[0].lower);
  EXPECT_EQ(renderWhatIf(w),
            "Vad skulle ändra beslutet (en uppgift i taget):\n"
            "  • född tidigarelagd till 2006-01-01 (i dag 2010-05-10): bifall; vuxen blir uppfyllt\n"
            "  • ansökt senarelagd till 2028-05-10 (i dag 2024-01-01): bifall; vuxen blir uppfyllt\n");

  const CaseOutcome early = decideJson(*rs, R"({"född": "1990-05-10", "ansökt": "2024-01-01", "start": "2024-03"})", options);
  ASSERT_EQ(early.outcome(), Outcome::Avslag);
  EXPECT_THAT(renderWhatIf(whatWouldChange(*rs, early)),
              ::testing::HasSubstr("  • start senarelagd till 2024-07 (i dag 2024-03): bifall; ny_ordning blir uppfyllt\n"));
}

}  // namespace
}  // namespace regel::testing
