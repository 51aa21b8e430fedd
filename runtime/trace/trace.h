// The trace of a decision as plain data, and the recorder the VM writes it with.
// The VM records events — which rule, parameter, version and row, the typed values it computed
// and read — into buffers that are reused from one decision to the next: no strings, and no
// allocation per event once the buffers have grown. Names, Swedish texts, lagrum and positions are
// looked up from the program only when a renderer asks (runtime/explain).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/base/outcome.h"
#include "runtime/case/case_data.h"
#include "runtime/program/program.h"

namespace regel::rt {

constexpr uint32_t kNoNode = UINT32_MAX;
// The type of a node's value when it is not a value of the language (branches, exception tests).
constexpr TypeId kNoType = UINT32_MAX;
constexpr uint32_t kNoElement = UINT32_MAX;

enum class TraceKind : uint8_t { Decision, Branch, Value, Condition, Exception, Parameter };
// Value: computed; Missing: needs a fact the case lacks; Unknown: needs an unknown figure;
// Error: a runtime error stopped it; NotEvaluated: opened but never finished.
enum class TraceState : uint8_t { Value, Missing, Unknown, Error, NotEvaluated };

// Which of the program's templates explains a node: a rule version's motivering, its uppfyllt or
// ej uppfyllt, or the motivering of the node's exception (`TraceNode::exception`).
enum class TextRole : uint8_t { None, Justification, Holds, Fails, Exception };

// Something a node read: another rule (or its base value), an input field, or a parameter.
// Each node's reads are deduplicated: the same thing read twice is recorded once.
struct TraceRead {
  enum class Kind : uint8_t { Rule, Base, Input, Parameter };
  uint32_t reader = kNoNode;  // the node that read it
  Kind kind = Kind::Rule;
  bool poisoned = false;    // the value was missing or unknown
  uint32_t ref = 0;         // rule or parameter id; Input: the record instance
  uint32_t field = 0;       // Input: the field index; Rule/Base of a definition per element: the
                            // record instance it was read for
  uint32_t node = kNoNode;  // Rule/Base/Parameter: the node that computed the value
  TypeId type = 0;
  Value value;
};

// One computed part of a node's text: the value of a template part, or none when it could not be
// computed (a missing fact) and shows as "…".
struct TextValue {
  Value value;
  bool ok = false;
};

// A node of the trace. Nodes are stored in the order they were opened, so a parent always comes
// before its children and children are in evaluation order.
struct TraceNode {
  uint32_t parent = kNoNode;
  TraceKind kind = TraceKind::Value;
  TraceState state = TraceState::NotEvaluated;
  TextRole text = TextRole::None;
  bool applies = false;    // Exception: its condition held
  bool chosen = false;     // Exception: its value became the rule's value
  bool hasAmount = false;  // Decision: bifall with `value` as öre
  Outcome outcome = Outcome::ManuellProvning;  // Decision: the outcome
  uint32_t ref = 0;        // rule, parameter or branch index (Decision: 0)
  uint32_t version = 0;    // the rule or parameter version used
  uint32_t exception = 0;  // Exception (and TextRole::Exception): its index in the version
  int32_t row = -1;        // Parameter: table row used (-1: a constant version)
  TypeId type = 0;
  Value value;             // Branch: ja if it held; Exception: the value when chosen
  uint32_t argsBegin = 0;  // Parameter: its arguments are Trace::args[argsBegin, argsBegin + argCount)
  uint32_t argCount = 0;
  uint32_t textBegin = 0;  // the values of the text's computed parts, in Trace::texts
  // Value/Condition of a definition per element: the record instance (CaseData::records) it was
  // computed for; kNoElement otherwise.
  uint32_t element = kNoElement;
};

struct Trace {
  std::vector<TraceNode> nodes;  // nodes[0] is the decision (when not empty)
  std::vector<TraceRead> reads;  // in the order they were read
  std::vector<Value> args;
  std::vector<TextValue> texts;
  bool empty() const { return nodes.empty(); }
  // Empties the trace, keeping its buffers.
  void clear();
};

// The template a node's TextRole names, or null.
const Template* nodeTemplate(const Program& program, const TraceNode& node);

// Writes the events of one decision into a Trace. The VM never uses a global recorder: the
// decider owns one and passes it in. Nodes nest: open() makes a child of the innermost open
// node, read() attaches to it.
class TraceRecorder {
 public:
  // Starts recording into `trace`, emptying it (its buffers are kept).
  void start(Trace& trace);
  // Starts over (the decision is re-run in tolerant mode after a missing fact).
  void restart();
  // open, close and read are inline: a traced decision makes many of each.
  uint32_t open(TraceKind kind, uint32_t ref, uint32_t version, uint32_t exception) {
    const uint32_t id = static_cast<uint32_t>(trace_->nodes.size());
    TraceNode& n = trace_->nodes.emplace_back();
    n.kind = kind;
    n.ref = ref;
    n.version = version;
    n.exception = exception;
    n.parent = open_.empty() ? kNoNode : open_.back();
    open_.push_back(id);
    return id;
  }
  void close(uint32_t node, TraceState state, TypeId type, Value value) {
    if (node >= trace_->nodes.size()) return;
    TraceNode& n = trace_->nodes[node];
    n.state = state;
    n.type = type;
    n.value = value;
    // Nodes close in order; tolerate a misuse rather than corrupting the stack.
    while (!open_.empty()) {
      const uint32_t top = open_.back();
      open_.pop_back();
      if (top == node) break;
    }
  }
  // Records that the innermost open node read a value, unless it has read the same before.
  void read(TraceRead::Kind kind, bool poisoned, uint32_t ref, uint32_t field, uint32_t source, TypeId type,
            Value value) {
    if (open_.empty()) return;
    const uint32_t reader = open_.back();
    // The key of (reader, kind, ref, field, source): two multiplications, mixed down.
    uint64_t key = (uint64_t{reader} << 32 | ref) * 0x9E3779B97F4A7C15ULL;
    key ^= (uint64_t{source} << 32 | uint64_t{field} << 2 | static_cast<uint8_t>(kind)) * 0xC2B2AE3D27D4EB4FULL;
    key ^= key >> 29;
    if ((seenCount_ + 1) * 2 > seen_.size()) growSeen();
    const size_t mask = seen_.size() - 1;
    size_t i = key & mask;
    for (; seen_[i].generation == generation_; i = (i + 1) & mask) {
      if (seen_[i].key != key) continue;
      const TraceRead& r = trace_->reads[seen_[i].read];
      if (r.reader == reader && r.kind == kind && r.ref == ref && r.field == field && r.node == source) return;
    }
    seen_[i] = {generation_, static_cast<uint32_t>(trace_->reads.size()), key};
    ++seenCount_;
    // Braces, not emplace_back's parentheses: clang 14 (the fuzz build) lacks C++20's parenthesised
    // aggregate initialisation.
    trace_->reads.push_back(TraceRead{reader, kind, poisoned, ref, field, source, type, value});
  }
  void parameter(uint32_t node, int32_t row, const Value* args, uint32_t argCount);
  void exception(uint32_t node, bool applies, bool chosen);
  // Marks a rule's node as computed for the record instance `record` (a definition per element).
  void element(uint32_t node, uint32_t record) { trace_->nodes[node].element = record; }
  // Names the node's text (for TextRole::Exception, the exception's index in the version); the
  // values of its computed parts follow, in order, through textValue(). False: no such node.
  bool text(uint32_t node, TextRole role, uint32_t exception);
  void textValue(TextValue v) { trace_->texts.push_back(v); }
  void outcome(uint32_t node, Outcome outcome, bool hasAmount, Money amount);

 private:
  // Makes room in `seen_` for one more read (rehashing the reads seen so far).
  void growSeen();

  Trace* trace_ = nullptr;
  std::vector<uint32_t> open_;
  // An open-addressing set of (reader, kind, ref, field, node) over trace_->reads, cleared per
  // decision by bumping `generation_` instead of refilling it.
  struct Slot {
    uint32_t generation = 0;
    uint32_t read = 0;
    uint64_t key = 0;  // the read's hash: compared before the read itself is
  };
  std::vector<Slot> seen_;
  uint32_t generation_ = 0;
  uint32_t seenCount_ = 0;
};

// The value in Swedish by its static type: "10 120 kr", "25 %", "ja", "2023-03-01", an enum's
// value name, a text; lists as "3 st". `data` may be null (then case texts show as "…").
std::string formatValue(const Program& program, const CaseData* data, TypeId type, Value value);
// formatValue appended to `out`; money without a string of its own.
void appendValue(std::string& out, const Program& program, const CaseData* data, TypeId type, Value value);

// Whether two values of one static type, both read against `data`, are the same value: texts by
// their content (a case text and an equal program text are the same), lists element by element
// and records field by field (presence included); everything else by its representation. Raw
// `Value ==` compares pool indices for texts, lists and records, so an expected value built into
// the case (an `exempel`'s `förväntat t = "abc"`) never equalled the computed one.
bool sameValue(const Program& program, const CaseData* data, TypeId type, Value x, Value y);

// A rule as the trace and messages name it: "avgift", or for a definition per element the
// element by its place in the case, "avgift(barn[1])" ("avgift(indata)" for the input record).
// `record` < 0: an ordinary definition.
std::string ruleCallName(const Program& program, const CaseData* data, uint32_t rule, int64_t record);
// Appends one element's text to a list in a text (`{avgift(b) för varje b i barn}`): elements are
// joined by "; ", and a full stop ending an element's own text is left out, so that the list
// reads as one sentence.
void appendListElement(std::string& out, std::string_view text, bool first);

// A record instance by its place in the case: "barn[1]", "indata" for the input record.
std::string elementName(const CaseData& data, int64_t record);

// A table row's key for one argument: "3", "1 till 2", "minst 65", "annars".
std::string formatKey(const Program& program, TypeId argType, const TableKey& key);

}  // namespace regel::rt
