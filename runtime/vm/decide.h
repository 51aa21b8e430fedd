// Deciding one case: the public entry point of the runtime. A decision is a pure function of
// (program, case, decision date); all per-decision state lives in a Decider, never in globals.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/case/case_data.h"
#include "runtime/program/program.h"
#include "runtime/program/runtime_errors.h"
#include "runtime/trace/trace.h"

namespace regel::rt {

namespace vm {
class NativeCode;
}

struct DecisionOptions {
  // The decision date; when absent it is read from the ruleset's decision-date field (a month
  // means its first day).
  std::optional<Date> date;
  // Record the trace (Decision::trace): what --explain, --trace json and the audit log render.
  bool trace = false;
  // Stickprov key (raw bytes); default: the bytes of the first source's SHA-256.
  std::optional<std::string> stickprovKey;
  // Fill Decision::ruleValues (for `regel test`: expected values and coverage).
  bool ruleValues = false;
};

// A fact the case lacks, the path of the field ("vuxna[1].ålder") and the rules that needed it
// ("beslutet" when a branch read it directly).
struct MissingFact {
  std::string path;
  std::vector<std::string> neededBy;
  // The field itself: the record instance (CaseData::records) and the field's index in it.
  uint32_t record = 0;
  uint32_t field = 0;
};

// A parameter figure declared `okänd` that the decision needed.
struct UnknownFigure {
  std::string parameter;
  std::string reason;  // the ruleset's reason text
  std::string period;  // the version's period
  std::vector<std::string> neededBy;
  SourceSpan span;     // the table row or version
};

enum class RuleState : uint8_t { NotEvaluated, Value, Missing, Error };
struct RuleValue {
  RuleState state = RuleState::NotEvaluated;
  Value value;
};

// How a reason about an unneeded fact ends, after "Uppgiften hinder" (the decision's reasons) or
// "Uppgiften om hinder för arbete" (the letter, by the field's etikett).
inline constexpr std::string_view kUnneededFactEnding = " saknas, men beslutet blir detsamma vilket värde den än har.";

struct Decision {
  // With `error` set the outcome is manuell prövning and the reasons say why.
  Outcome outcome = Outcome::ManuellProvning;
  bool hasAmount = false;  // bifall med belopp
  Money amount;
  std::vector<std::string> reasons;  // Swedish, rendered
  // The deciding branch gave no reason of its own, and the first reason is how its amount came
  // about: the motivering of the rule the amount names (`bifall med bistånd`).
  bool amountReason = false;
  std::vector<MissingFact> missing;  // komplettering: exactly the facts needed, in order found
  std::vector<UnknownFigure> unknown;
  // Facts the case lacks that the decision did not need: every value they can have gives this
  // decision (ja/nej and enumeration facts, checked value by value). The reasons end with one
  // sentence per such fact, in this order, after the deciding branch's own.
  std::vector<MissingFact> unneeded;
  std::optional<RuntimeError> error;
  Date date;                         // the decision date used (when hasDate)
  bool hasDate = false;              // false when the case did not give one
  // The case's own decision date when options.date replaced a different one (a month field is
  // different when the date lies in another month): the caller should say so.
  std::optional<Date> replacedCaseDate;
  bool stickprov = false;            // selected for manual control
  int32_t branch = -1;               // the branch that decided (-1: none)
  Trace trace;                       // empty unless options.trace; explain with runtime/explain
  std::vector<RuleValue> ruleValues;  // per rule, when options.ruleValues
  // Empties the decision for reuse, keeping its buffers.
  void clear();
};

// Reusable per-thread decision state for one program: buffers survive between decisions and
// parameter/rule versions stay resolved while the decision date does not change.
class Decider {
 public:
  // With `native` (compiler/jit; it must outlive the Decider) the fast mode runs native code; the
  // decisions and traces are the same as the VM's.
  explicit Decider(const Program& program, const vm::NativeCode* native = nullptr);
  ~Decider();
  Decider(const Decider&) = delete;
  Decider& operator=(const Decider&) = delete;
  Decision decide(const CaseData& data, const DecisionOptions& options = {});
  // Decides into `out`, reusing its buffers (the trace's among them): in a loop over many cases
  // this allocates nothing once the buffers have grown. `data` must outlive any rendering of `out`.
  void decide(const CaseData& data, const DecisionOptions& options, Decision& out);

 private:
  // The decision as the tolerant run finds it, before the value-by-value check of a komplettering.
  void decideCase(const CaseData& data, const DecisionOptions& options, Decision& out);
  struct State;
  std::unique_ptr<State> state_;
};

// Decides one case (a Decider used once).
Decision decide(const Program& program, const CaseData& data, const DecisionOptions& options = {});

// Whether a case is selected for manual control (stickprov): HMAC-SHA256(key, case id) read as a
// big-endian uint64, mod 10 000, below rate × 10 000. No case id: never selected.
bool stickprovSelected(const Program& program, const std::string& caseId,
                       const std::optional<std::string>& key = std::nullopt);

}  // namespace regel::rt
