// Renders a decision for people (Swedish text, short or the whole tree) and for machines (JSON,
// schema "regel-beslut/1", documented in docs/json.md). A traced decision is rendered from its trace
// data together with the case it was decided from: `data` must be the CaseData given to decide().
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "runtime/case/case_data.h"
#include "runtime/vm/decide.h"
#include "runtime/program/program.h"

namespace regel::rt {

inline constexpr const char* kDecisionSchema = "regel-beslut/1";

// "beslut", "gren", "värde", "villkor", "undantag", "parameter": a node's kind for people and JSON.
const char* traceKindName(TraceKind k);

// The decision, its amount and reasons, missing facts or the error: what a citizen reads.
std::string renderDecisionText(const Program& program, const Decision& d, const std::string& caseId);
// The whole trace as an indented tree: every rule evaluated, its lagrum, source position, value,
// what it read, its justification and for parameters the version and row used. Needs a trace.
std::string renderExplanationText(const Program& program, const Decision& d, const CaseData& data);
// The decision as a letter to the applicant (beslutsbrev), in plain Swedish: the decision, its
// reasons, how it was reckoned (the motiveringar under the deciding branch, the branches tried
// before it and the further grounds that held), the provisions it rests on, `whatIf` when not
// empty (what single change of a fact would have decided otherwise, as a section of its own) and
// how to appeal (the ruleset's `överklagande`). Needs the trace for the reckoning.
std::string renderDecisionLetter(const Program& program, const Decision& d, const CaseData& data, const std::string& caseId,
                                 const std::string& whatIf = {});

// A fact of the case (a path as in missing facts: "vuxna[1].lön") as the applicant reads it: the
// field's `etikett` and, for an element of a list, which one ("lön efter skatt för vuxen nr 2",
// with the list's own etikett); none when the field has no etikett (name it by its path).
std::optional<std::string> factForPeople(const Program& program, const std::string& path);
// The fact as the subject of a sentence to the applicant: "uppgiften om lön efter skatt för vuxen
// nr 2" by its etikett, "uppgiften vuxna[1].lön" without one.
std::string factSubject(const Program& program, const std::string& path);

// What an HTML report says about where a decision came from beyond the program and the decision
// (the engine, the compiled ruleset's hash, a log record), and an optional what-if text.
struct ReportFacts {
  std::vector<std::pair<std::string, std::string>> rows;
  std::string whatIf;
};
// The decision as one self-contained HTML page (no script, nothing fetched): outcome, reasons,
// origin, and the trace as a tree of <details>.
std::string renderDecisionHtml(const Program& program, const Decision& d, const CaseData& data, const std::string& caseId,
                               const ReportFacts& facts);

// The decision (and the trace, when it has one and `withTrace`) as JSON. Without the trace "spår"
// is null, but what the trace adds elsewhere (an amount's justification among "skäl") stays.
std::string renderDecisionJson(const Program& program, const Decision& d, const CaseData& data,
                               const std::string& caseId, bool pretty = true, bool withTrace = true);

}  // namespace regel::rt
