// The trace as people and machines read it: names, lagrum, positions, periods and Swedish texts
// looked up from the program and the case. Built from the trace data only when a renderer (or a
// test) asks for it; nothing here runs while deciding.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "runtime/case/case_data.h"
#include "runtime/program/program.h"
#include "runtime/trace/trace.h"
#include "runtime/vm/decide.h"

namespace regel::rt {

struct ExplainedRead {
  TraceRead::Kind kind = TraceRead::Kind::Rule;
  bool poisoned = false;
  uint32_t node = kNoNode;  // the node that computed the value
  std::string name;         // rule or parameter name ("avgift(barn[1])" for a definition per
                            // element), or the input's path ("vuxna[1].ålder")
  std::string text;         // the value in Swedish ("10 120 kr", "ja"), or "saknas"
};

struct ExplainedNode {
  uint32_t id = 0;
  uint32_t parent = kNoNode;
  TraceKind kind = TraceKind::Value;
  TraceState state = TraceState::NotEvaluated;
  uint32_t ref = 0;
  uint32_t version = 0;
  uint32_t exception = 0;
  int32_t row = -1;
  TypeId type = 0;
  Value value;
  bool applies = false;
  bool chosen = false;
  Outcome outcome = Outcome::ManuellProvning;
  bool hasAmount = false;
  std::vector<ExplainedRead> reads;  // deduplicated, in the order read
  std::vector<uint32_t> children;    // in evaluation order
  std::string justification;         // rendered motivering / uppfyllt / ej uppfyllt
  std::vector<std::string> reasons;  // Branch: the reasons when it decided
  std::string name;     // a definition per element names its element: "avgift(barn[1])"
  std::string element;  // Value/Condition of a definition per element: "barn[1]"
  std::vector<std::string> lagrum;
  SourceSpan span;
  std::string file;
  std::string valueText;
  std::vector<std::string> argTexts;
  std::string period;   // the version's period, "2023-01-01 – 2023-12-31"
  std::string source;   // Parameter: källa
  std::string rowText;  // Parameter: the row's keys, "1 till 2"
};

struct ExplainedTrace {
  std::vector<ExplainedNode> nodes;  // nodes[0] is the decision (when not empty)
  bool empty() const { return nodes.empty(); }
};

// A node's value in words: its value, or "uppgift saknas", "okänt värde i regelverket", "fel",
// "inte beräknat".
std::string stateText(const ExplainedNode& n);
// A node's headline as the explanations show it: "gren 2: avslag – villkoret gäller inte",
// "parameter buffert = 10 000 kr", "värde bistånd = 8 720 kr", "undantag x: gäller inte".
std::string nodeHeadline(const Program& program, const ExplainedNode& n);

// Explains the trace of `d`, which was decided from `data`. Linear in the size of the trace.
ExplainedTrace explainTrace(const Program& program, const Decision& d, const CaseData& data);

// The text a list part shows for one element: the motivering of the definition per element
// `rule` for record instance `record`, or the element and its value.
using ElementText = std::function<std::string(uint32_t rule, int64_t record)>;

// A template rendered with the computed values recorded for it: a part that could not be
// computed shows as "…". A list part (`{avgift(b) för varje b i barn}`) shows each element's text
// by `elementText` ("…" without one), joined by "; ".
std::string templateText(const Program& program, const CaseData* data, const Template& t, const TextValue* values,
                         const ElementText* elementText = nullptr);

}  // namespace regel::rt
