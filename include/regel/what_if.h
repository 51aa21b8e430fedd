// The public library API, part 7: what would change a decision. For an avslag or a manuell
// prövning, the caseworker and the applicant ask which single fact, changed how, would have given
// another outcome. The answer is searched with the engine itself: the case is decided again with
// one fact changed at a time — a ja/nej flipped, another value of an uppräkning, a number, a date
// or a month moved in doubling steps and then bisected to the nearest value that changes the
// outcome — within a budget of decisions, so the search is bounded and, like a decision, the same
// on every machine.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "regel/outcome.h"

namespace regel {

struct FactChange {
  std::string field;    // "vuxna[0].lön", "realiserbara_tillgångar"
  std::string now;      // the fact in the case, in Swedish: "12 000 kr", "nej", "”Malmö”"
  // The value that changes the outcome: "10 000 kr", "ja", "”Trelleborg”", "en annan text".
  std::string changed;
  // A number, moved: a heltal, belopp, tal, procent, datum or månad (else a ja/nej, an
  // uppräkning or a text, replaced).
  bool number = false;
  bool calendar = false;  // the number is a datum or a månad: lowered is earlier
  bool lower = false;     // the number lowered (else raised)
  // A text changed to one unlike every other text (`changed` is "en annan text"): any text the
  // rules and the case do not name.
  bool otherText = false;
  Outcome outcome = Outcome::ManuellProvning;  // with the change
  std::optional<int64_t> amountOre;
  // The conditions of the decision whose value the change turns: "tillgångarna_ryms_i_bufferten
  // blir uppfyllt".
  std::vector<std::string> conditions;
};

struct WhatIfOptions {
  uint64_t maxDecisions = 20000;  // the budget: decisions made in the search
};

struct WhatIf {
  std::vector<FactChange> changes;  // in the order the decision read the facts
  uint64_t decisions = 0;           // decided in the search
  bool complete = true;             // false: the budget ran out before every fact was searched
  // Facts the decision read that the search does not change (personuppgifter: another person is
  // another case), in the order read: a change of one of them may still change the outcome.
  std::vector<std::string> notSearched;
};

// The single-fact changes that give `outcome` another decided outcome (bifall, avslag or
// fastställt belopp; not komplettering or manuell prövning). Only facts the decision read can
// change it alone (a fact it never read leaves every read, and so the outcome, as it was). Every
// fact but a personuppgift is searched. A number within its declared limits (and not below zero
// when the value is not negative and no lower limit is declared; dates and months within the years
// 1–9999): a heltal by one, a belopp by one öre, a datum by a day, a månad by a month, a tal by a
// hundredth and a procent by a hundredth of a percent (or by its value's last decimal, up to four
// more). A text with one unlike every other ("en annan text") and with each text of the rules and
// the case, given when it decides otherwise than the unlike one. `outcome` must be a decided
// case with its trace (DecideOptions::trace), of this ruleset; others give no changes.
WhatIf whatWouldChange(const Ruleset& ruleset, const CaseOutcome& outcome, const WhatIfOptions& options = {});

// "Vad skulle ändra beslutet …": the changes as text for people, in Swedish.
std::string renderWhatIf(const WhatIf& whatIf);

// What the caseworker's views show: the search rendered for an avslag or a manuell prövning (not
// one stopped by a run-time error); empty for every other outcome, without searching.
std::string whatWouldChangeText(const Ruleset& ruleset, const CaseOutcome& outcome);

// What the letter to the applicant says of the search, for the same outcomes: a section "Vad som
// hade ändrat beslutet" with a sentence per change that would have granted the application (a
// bifall or a fastställt belopp), the fact named by its etikett ("Om uppgiften om lön efter skatt
// hade varit 8 489,99 kr i stället för 20 000 kr, hade du beviljats 0,01 kr."); empty when the
// search found no such change, and for every other outcome.
std::string whatWouldChangeLetterText(const Ruleset& ruleset, const CaseOutcome& outcome,
                                      const WhatIfOptions& options = {});

}  // namespace regel
