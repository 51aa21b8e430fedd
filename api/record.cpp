// Library API: a decided case as the decision log records it.
#include "regel/record.h"

#include "api/outcome_internal.h"
#include "runtime/base/json_writer.h"
#include "runtime/base/sha256.h"
#include "runtime/explain/explain.h"

#ifndef REGEL_VERSION
#error "REGEL_VERSION is set by CMake from the project's version"
#endif

namespace regel {

const char* engineVersion() { return "regel " REGEL_VERSION; }

std::string stickprovKeyFingerprint(const DecideOptions& options) {
  if (!options.stickprovKey) return "regelverket";
  return "nyckel:" + rt::toHex(rt::hmacSha256(*options.stickprovKey, "regel-stickprov")).substr(0, 16);
}

std::optional<DecisionRecord> makeDecisionRecord(const Ruleset& ruleset, const CaseOutcome& caseOutcome,
                                                 std::string_view input, const DecideOptions& options) {
  const CaseOutcome::Internal& o = caseOutcome.internal();
  // A decision on facts set in place of the case's is a what-if, not the case's decision.
  if (!o.decided || !options.facts.empty()) return std::nullopt;
  const rt::Decision& d = o.decision;
  DecisionRecord r;
  r.caseId = o.caseId;
  r.input.assign(input);
  r.inputSha256 = rt::toHex(rt::sha256(input));
  if (options.date) r.dateOption = *options.date;
  if (d.hasDate) r.decisionDate = rt::formatDate(d.date);
  r.outcome = rt::outcomeName(d.error ? rt::Outcome::ManuellProvning : d.outcome);
  if (d.error) r.errorCode = d.error->code;
  if (d.hasAmount && !d.error) r.amountOre = d.amount.ore;
  rt::JsonWriter w(false);
  w.beginArray();
  for (const auto& reason : d.reasons) w.string(reason);
  w.endArray();
  r.reasons = w.take();
  r.decision = rt::renderDecisionJson(ruleset.program(), d, o.data, o.caseId, false);
  while (!r.decision.empty() && r.decision.back() == '\n') r.decision.pop_back();
  r.stickprov = d.stickprov;
  r.stickprovKey = stickprovKeyFingerprint(options);
  return r;
}

}  // namespace regel
