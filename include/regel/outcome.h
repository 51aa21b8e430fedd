// The public library API, part 2a: one decided (or refused) case as plain data: the outcome, the
// amount, the reasons, the facts still needed, and every problem in one shape. The runtime's own
// types stay behind it; renderers (regel/decide.h) read them through the outcome.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "regel/compile.h"

namespace regel {

// Faststallt: the ruleset decided an amount (a fee, a grant), not an approval; it may be 0 kr.
enum class Outcome : uint8_t { Bifall, Avslag, ManuellProvning, Komplettering, Faststallt };
constexpr size_t kOutcomeCount = 5;
// "bifall", "avslag", "manuell prövning", "komplettering", "fastställt belopp".
const char* outcomeName(Outcome outcome);

// Anything that stopped a case: a case the JSON of which could not be read (codes R06xx, with the
// JSON path and the line and column in the JSON text) or a run-time error in the rules (R05xx,
// with the file, line and column in the rules).
struct Problem {
  std::string code;     // stable: "R0601", "R0501"
  std::string message;  // Swedish
  std::vector<std::string> args;  // what the code's template was filled with (for other renderers)
  std::string path;     // case problems: "vuxna[1].ålder" ("" for the whole case)
  SourceLocation location;  // line 0 when unknown; file empty for case problems
};

// A fact the case lacks, and the rules that needed it ("beslutet" for a decision branch).
struct MissingFact {
  std::string path;
  std::vector<std::string> neededBy;
};

// A figure the ruleset declares unknown (`okänd`) that the decision needed.
struct UnknownFigure {
  std::string parameter;
  std::string reason;
  std::string period;
  std::vector<std::string> neededBy;
};

// One case: refused (problems) or decided. Sessions reuse one, so reading it costs nothing until
// an accessor that builds a value (problems, missing, unknown, error) is called.
class CaseOutcome {
 public:
  CaseOutcome();
  ~CaseOutcome();
  CaseOutcome(CaseOutcome&&) noexcept;
  CaseOutcome& operator=(CaseOutcome&&) noexcept;
  CaseOutcome(const CaseOutcome&) = delete;
  CaseOutcome& operator=(const CaseOutcome&) = delete;

  bool decided() const;  // false: the case was refused; problems() says why
  // Refused, or decided with a run-time error in the rules.
  bool failed() const;
  const std::string& caseId() const;
  std::vector<Problem> problems() const;

  // The decision (for a decided case). With an error() the outcome is manuell prövning.
  Outcome outcome() const;
  std::optional<int64_t> amountOre() const;  // bifall med belopp
  const std::vector<std::string>& reasons() const;
  std::vector<MissingFact> missing() const;    // komplettering: exactly the facts needed
  std::vector<UnknownFigure> unknown() const;  // manuell prövning for lack of a figure
  // Facts the case lacks that the decision did not need: every value they can have gives it
  // (paths, as in missing()). The reasons end with a sentence on each.
  std::vector<std::string> unneededFacts() const;
  std::optional<Problem> error() const;
  std::optional<std::string> decisionDate() const;  // "ÅÅÅÅ-MM-DD", when the case had one
  // The case's own decision date when DecideOptions::date replaced a different one ("ÅÅÅÅ-MM-DD";
  // a month field: its first day, and only when the date lies in another month).
  std::optional<std::string> replacedCaseDate() const;
  bool stickprov() const;                            // selected for manual control
  bool hasTrace() const;

  // The runtime's data behind the outcome (api/outcome_internal.h), for regel's own layers.
  struct Internal;
  Internal& internal() { return *impl_; }
  const Internal& internal() const { return *impl_; }

 private:
  std::unique_ptr<Internal> impl_;
};

}  // namespace regel
