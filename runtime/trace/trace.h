// The trace of a decision as data (what auditors see) and the recorder interface the VM calls.
// The VM records raw values; finishTrace() fills in names, spans and Swedish texts afterwards.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "runtime/case/case_data.h"
#include "runtime/program/program.h"

namespace regel::rt {

constexpr uint32_t kNoNode = UINT32_MAX;
// The type of a node's value when it is not a value of the language (branches, exception tests).
constexpr TypeId kNoType = UINT32_MAX;

enum class TraceKind : uint8_t { Decision, Branch, Value, Condition, Exception, Parameter };
// Value: computed; Missing: needs a fact the case lacks; Unknown: needs an unknown figure;
// Error: a runtime error stopped it; NotEvaluated: opened but never finished.
enum class TraceState : uint8_t { Value, Missing, Unknown, Error, NotEvaluated };

// Something a node read: another rule (or its base value), an input field, or a parameter.
struct TraceRead {
  enum class Kind : uint8_t { Rule, Base, Input, Parameter };
  Kind kind = Kind::Rule;
  bool poisoned = false;       // the value was missing or unknown
  uint32_t ref = 0;            // rule or parameter id; Input: the record instance
  uint32_t field = 0;          // Input: the field index
  uint32_t node = kNoNode;     // Rule/Base/Parameter: the node that computed the value
  TypeId type = 0;
  Value value;
  // Filled in by finishTrace:
  std::string name;  // rule or parameter name, or the input's path ("vuxna[1].ålder")
  std::string text;  // the value in Swedish ("10 120 kr", "ja"), or "saknas"/"okänd"
};

struct TraceNode {
  uint32_t id = 0;
  uint32_t parent = kNoNode;
  TraceKind kind = TraceKind::Value;
  uint32_t ref = 0;        // rule, parameter or branch index (Decision: 0)
  uint32_t version = 0;    // the rule or parameter version used
  uint32_t exception = 0;  // Exception: its index in the version
  TraceState state = TraceState::NotEvaluated;
  TypeId type = 0;
  Value value;             // Branch: ja if it held; Exception: the value when chosen
  bool applies = false;    // Exception: its condition held
  bool chosen = false;     // Exception: its value became the rule's value
  int32_t row = -1;        // Parameter: table row used (-1: a constant version)
  std::vector<Value> args;  // Parameter: the arguments
  std::vector<TraceRead> reads;
  std::vector<uint32_t> children;
  std::string justification;         // rendered motivering / uppfyllt / ej uppfyllt
  std::vector<std::string> reasons;  // Branch: the reasons when it decided
  Outcome outcome = Outcome::ManuellProvning;  // Decision: the outcome
  bool hasAmount = false;                      // Decision: bifall with `value` as öre
  // Filled in by finishTrace:
  std::string name;
  std::vector<std::string> lagrum;
  SourceSpan span;
  std::string file;
  std::string valueText;
  std::vector<std::string> argTexts;
  std::string period;  // the version's period, "2023-01-01 – 2023-12-31"
  std::string source;  // Parameter: källa
  std::string rowText;  // Parameter: the row's keys, "1 till 2"
};

struct Trace {
  std::vector<TraceNode> nodes;  // nodes[0] is the decision (when not empty)
  bool empty() const { return nodes.empty(); }
};

// Receives the events of one decision. The VM never uses a global recorder: one is passed in.
// Nodes nest: open() makes a child of the innermost open node; read() attaches to it.
class TraceRecorder {
 public:
  virtual ~TraceRecorder() = default;
  // Starts over (the decision is re-run in tolerant mode after a missing fact).
  virtual void restart() = 0;
  virtual uint32_t open(TraceKind kind, uint32_t ref, uint32_t version, uint32_t exception) = 0;
  virtual void close(uint32_t node, TraceState state, TypeId type, Value value) = 0;
  virtual void read(const TraceRead& r) = 0;
  virtual void parameter(uint32_t node, int32_t row, const Value* args, uint32_t argCount) = 0;
  virtual void exception(uint32_t node, bool applies, bool chosen) = 0;
  virtual void justify(uint32_t node, std::string text) = 0;
  virtual void reasons(uint32_t node, std::vector<std::string> texts) = 0;
  virtual void outcome(uint32_t node, Outcome outcome, bool hasAmount, Money amount) = 0;
};

// The recorder that builds a Trace in memory.
class TraceBuilder final : public TraceRecorder {
 public:
  void restart() override;
  uint32_t open(TraceKind kind, uint32_t ref, uint32_t version, uint32_t exception) override;
  void close(uint32_t node, TraceState state, TypeId type, Value value) override;
  void read(const TraceRead& r) override;
  void parameter(uint32_t node, int32_t row, const Value* args, uint32_t argCount) override;
  void exception(uint32_t node, bool applies, bool chosen) override;
  void justify(uint32_t node, std::string text) override;
  void reasons(uint32_t node, std::vector<std::string> texts) override;
  void outcome(uint32_t node, Outcome outcome, bool hasAmount, Money amount) override;
  Trace take() { return std::move(trace_); }
  const Trace& trace() const { return trace_; }

 private:
  Trace trace_;
  std::vector<uint32_t> open_;
};

// Fills in names, lagrum, spans, period texts and Swedish value texts from the program and case.
void finishTrace(Trace& trace, const Program& program, const CaseData& data);

// The value in Swedish by its static type: "10 120 kr", "25 %", "ja", "2023-03-01", an enum's
// value name, a text; lists as "3 st". `data` may be null (then case texts show as "…").
std::string formatValue(const Program& program, const CaseData* data, TypeId type, Value value);

// Whether two values of one static type, both read against `data`, are the same value: texts by
// their content (a case text and an equal program text are the same), lists element by element
// and records field by field (presence included); everything else by its representation. Raw
// `Value ==` compares pool indices for texts, lists and records, so an expected value built into
// the case (an `exempel`'s `förväntat t = "abc"`) never equalled the computed one.
bool sameValue(const Program& program, const CaseData* data, TypeId type, Value x, Value y);

// A table row's key for one argument: "3", "1 till 2", "minst 65", "annars".
std::string formatKey(const Program& program, TypeId argType, const TableKey& key);

}  // namespace regel::rt
