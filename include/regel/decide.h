// The public library API, part 2: decide cases given as JSON and render the decisions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "regel/compile.h"
#include "regel/outcome.h"
#include "regel/what_if.h"

namespace regel {

// A fact set in place of the case's own (`regel run --sätt fält=värde`): the field's path as in
// messages ("vuxna[0].lön", "boendekostnad") and its value as the case's JSON would give it (a
// number, true/false or ja/nej, a text such as "6 500 kr", "sambor" or "2023-03-01").
struct FactOverride {
  std::string path;
  std::string value;
};

struct DecideOptions {
  std::optional<std::string> date;  // "ÅÅÅÅ-MM-DD": overrides the case's decision date
  bool trace = false;               // build the full trace (for --explain and --trace json)
  // The municipality's secret key for stickprov; without it the ruleset's SHA-256 is the key,
  // which makes the selection reproducible but predictable by anyone who has the ruleset.
  std::optional<std::string> stickprovKey;
  // Facts set in place of the case's before it is decided: a what-if, never logged as a decision
  // (makeDecisionRecord gives none). A path or value that does not fit is refused like the case's
  // own (R0614, R0615, R06xx).
  std::vector<FactOverride> facts{};
};

// Decides the case in `json` (an object of input fields, or {"id", "datum", "indata"}).
CaseOutcome decideJson(const Ruleset& ruleset, std::string_view json, const DecideOptions& options = {});
// Reads and decides a case file; an unreadable file is a problem of its own (R0600).
CaseOutcome decideFile(const Ruleset& ruleset, const std::string& path, const DecideOptions& options = {});

// Swedish text: the decision (and with `explain` the whole trace), or the case's problems.
std::string renderText(const Ruleset& ruleset, const CaseOutcome& outcome, const std::string& label, bool explain);
// JSON (schema regel-beslut/1), or an error document for a refused case; one line when !pretty.
// `withTrace` false leaves the trace out ("spår": null) of a decision decided with it.
std::string renderJson(const Ruleset& ruleset, const CaseOutcome& outcome, const std::string& label,
                       bool pretty = true, bool withTrace = true);

// The decision as one self-contained HTML page for auditors (no script, nothing fetched): outcome,
// reasons, origin (ruleset and its sources' and compiled form's SHA-256, the engine), and with a
// trace the whole tree of rules to fold open. `about` adds rows to the origin ("Post i
// beslutsloggen", "17"); `whatIf` is shown when not empty (renderWhatIf).
std::string renderHtml(const Ruleset& ruleset, const CaseOutcome& outcome,
                       const std::vector<std::pair<std::string, std::string>>& about = {}, const std::string& whatIf = {});

// The decision as a letter to the applicant (beslutsbrev, Swedish text): the decision in plain
// words, its reasons, how it was reckoned, the provisions it rests on, what single change would
// have granted an avslag or a manuell prövning (whatWouldChangeLetterText, searched within
// `whatIf`'s budget) and how to appeal. For a decided case with its trace; a refused case gives
// its problems as renderText does.
std::string renderLetter(const Ruleset& ruleset, const CaseOutcome& outcome, const std::string& label,
                         const WhatIfOptions& whatIf = {});

// Whether `text` is a decision date as the options take it: "ÅÅÅÅ-MM-DD", a real date.
bool validDecisionDate(const std::string& text);

}  // namespace regel
