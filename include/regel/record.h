// The public library API, part 6a: one decided case as a decision log keeps it (regel/audit.h),
// as plain text fields. Built on the thread that decided the case, so that a batch renders its
// records in parallel and only appends them in order.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "regel/decide.h"

namespace regel {

// "regel 0.1.0": the engine that decides, as logged with every decision.
const char* engineVersion();

struct DecisionRecord {
  std::string caseId;        // the case's "id", or empty
  std::string input;         // the case exactly as given (JSON text)
  std::string inputSha256;   // of `input`, hex
  std::string dateOption;    // the decision date given in place of the case's own (--datum), or empty
  std::string decisionDate;  // "ÅÅÅÅ-MM-DD" used, or empty when the decision had none
  std::string outcome;       // outcomeName(); "manuell prövning" for a run-time error
  std::string errorCode;     // the run-time error's code (R05xx), or empty
  std::optional<int64_t> amountOre;
  std::string reasons;       // the reasons as a JSON array of strings
  std::string decision;      // the regel-beslut/1 document on one line, with the trace
  bool stickprov = false;
  // Which key chose the stickprov: "regelverket" (none given: the ruleset's hash is the key) or
  // "nyckel:" and the first 16 hex digits of HMAC-SHA256(key, "regel-stickprov"), so an auditor
  // can tell whether the key at hand is the one used without the log revealing it.
  std::string stickprovKey;
};

// The record of a decided case; `outcome` must have been decided with options.trace on (the log
// keeps the trace). nullopt for a case that was refused (it has no decision to log), and for one
// decided with options.facts (a what-if is not the case's decision).
std::optional<DecisionRecord> makeDecisionRecord(const Ruleset& ruleset, const CaseOutcome& outcome,
                                                 std::string_view input, const DecideOptions& options);

// The stickprovKey field for these options (see DecisionRecord::stickprovKey).
std::string stickprovKeyFingerprint(const DecideOptions& options);

}  // namespace regel
