// The interpreter's per-decision context and entry points (internal to runtime/: use decide.h).
// Every entry point is instantiated for the four modes <Tolerant, Traced>: the fast mode aborts
// at the first missing fact, the tolerant mode poisons registers instead; tracing is compiled out
// when off.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "runtime/case/case_data.h"
#include "runtime/vm/decide.h"
#include "runtime/vm/native.h"
#include "runtime/vm/poison.h"
#include "runtime/program/program.h"
#include "runtime/program/runtime_errors.h"
#include "runtime/trace/trace.h"
#include "runtime/vm/tables.h"

namespace regel::rt::vm {

// How a chunk or a call ended. Poison: the value depends on a missing fact or an unknown figure
// (tolerant mode only); Abort: the fast mode met one and the decision must be re-run tolerantly.
enum class Exit : uint8_t { Ok, Poison, Abort, Error };


// Nested chunk executions allowed before the decision fails (guards malformed programs).
constexpr uint32_t kMaxDepth = 512;
// List steps (LIST_NEXT) allowed per decision. The verifier makes every backward jump land on a
// LIST_NEXT, so this bounds every loop, even in a hostile .rgb file.
constexpr uint64_t kMaxLoopSteps = 100'000'000;

enum class Memo : uint8_t { Unset, Running, Done, Poisoned, Failed };

// Memo slots belong to the decision whose epoch they carry: a slot of an older epoch is unset.
// Starting a decision bumps the epoch instead of clearing every slot.
struct RuleSlot {
  uint32_t epoch = 0;
  Memo state = Memo::Unset;
  Memo baseState = Memo::Unset;
  Poison poison = kNoPoison;
  Poison basePoison = kNoPoison;
  uint32_t node = kNoNode;
  int32_t chosen = -1;  // the exception whose value was taken
  uint32_t chosenNode = kNoNode;
  Value value;
  Value base;
};

// Parameters without arguments are memoised like rules.
struct ParamSlot {
  uint32_t epoch = 0;
  Memo state = Memo::Unset;
  Poison poison = kNoPoison;
  uint32_t node = kNoNode;
  Value value;
};

// Which evaluation of a rule: an ordinary definition (record < 0), or a definition per element
// for the record instance `record` of the case.
struct RuleCall {
  uint32_t rule = 0;
  int64_t record = -1;
  bool perItem() const { return record >= 0; }
};

constexpr int32_t kUnresolved = -2;
constexpr int32_t kNoVersion = -1;
// No decision date is known and the rule or parameter has dated versions to choose between.
constexpr int32_t kNeedsDate = -3;

// A rule's or parameter's version for the dates of one version epoch.
struct VersionSlot {
  uint32_t epoch = 0;
  int32_t version = kUnresolved;
};

struct Context {
  explicit Context(const Program& p);

  const Program& program;
  const CaseData* data = nullptr;
  Date date;
  bool hasDate = true;  // false: the case gives no decision date; dated versions cannot be chosen
  TraceRecorder* rec = nullptr;
  bool collecting = true;  // false while rendering the trace's texts: nothing there changes the decision
  const NativeCode* native = nullptr;  // native chunks for the fast mode, when the program was JIT-compiled
  NativeView view;                     // what native chunks read directly (attachNative, checkCase)

  // Versions are resolved lazily and kept while the decision date stays between the same two
  // version boundaries (every date any version starts, or ends the day before): which version
  // covers a date can only change at a boundary, so a month's cases resolve each version once.
  std::vector<Date> boundaries;        // sorted, unique
  int64_t resolvedInterval = -1;       // index of the interval between boundaries; -1: none
  uint32_t versionEpoch = 1;
  std::vector<VersionSlot> ruleVersion;
  std::vector<VersionSlot> paramVersion;
  std::vector<uint8_t> ratArgs;      // per parameter argument (flattened): compared as rationals
  std::vector<uint32_t> ratArgBase;  // per parameter: its first entry in ratArgs
  // Direct tables and folded cells per parameter version (flattened; versionBase per parameter).
  std::vector<VersionIndex> paramIndex;
  std::vector<uint32_t> paramIndexBase;

  // The texts of each rule version, dense (versionTextBase per rule): the templates that can
  // explain its value, and the chunks of their computed parts. A traced decision's pass over its
  // rule nodes (justifyTrace) reads these, not the program's rule descriptions, which lie
  // scattered in memory (perf: about a cache miss per node).
  struct TextParts {
    const Template* text = nullptr;  // null when the template is empty
    uint32_t chunksBegin = 0;        // the computed parts' chunks: textChunks[chunksBegin, + chunkCount)
    uint32_t chunkCount = 0;
  };
  struct VersionTexts {
    TextParts value, holds, fails;
    uint32_t exceptionsBegin = 0;  // its exceptions' texts: exceptionTexts[exceptionsBegin + index]
    bool condition = false;        // the rule is a villkor
  };
  std::vector<uint32_t> textChunks;
  std::vector<TextParts> exceptionTexts;
  std::vector<VersionTexts> versionTexts;
  std::vector<uint32_t> versionTextBase;
  const VersionTexts& texts(uint32_t rule, uint32_t version) const { return versionTexts[versionTextBase[rule] + version]; }

  // Per chunk: the rule it only calls and returns (ruleReturnedBy), or kNoRuleReturned. A text's
  // `{bistånd}` then reads the memo slot without running its chunk.
  static constexpr uint32_t kNoRuleReturned = UINT32_MAX;
  std::vector<uint32_t> returnedRule;

  // The memo slots of the current decision (epoch `epoch`); use rule() and param().
  uint32_t epoch = 1;
  std::vector<RuleSlot> ruleSlots;
  std::vector<ParamSlot> paramSlots;
  // Definitions per element: per such rule (itemIndex[rule]), one slot per record instance of
  // the case, sized when a decision starts so that no slot moves while it runs.
  std::vector<uint32_t> itemIndex;
  std::vector<std::vector<RuleSlot>> itemSlots;
  RuleSlot& rule(uint32_t id) { return current(ruleSlots[id]); }
  RuleSlot& itemRule(uint32_t id, int64_t record) {
    return current(itemSlots[itemIndex[id]][static_cast<size_t>(record)]);
  }
  RuleSlot& rule(RuleCall c) { return c.perItem() ? itemRule(c.rule, c.record) : rule(c.rule); }
  RuleSlot& current(RuleSlot& s) {
    if (s.epoch != epoch) {
      s = RuleSlot{};
      s.epoch = epoch;
    }
    return s;
  }
  ParamSlot& param(uint32_t id) {
    ParamSlot& s = paramSlots[id];
    if (s.epoch != epoch) {
      s = ParamSlot{};
      s.epoch = epoch;
    }
    return s;
  }
  const VersionIndex& versionIndex(uint32_t param, uint32_t version) const {
    return paramIndex[paramIndexBase[param] + version];
  }

  // The register stack; frames are slices [base, base + frameSize).
  std::vector<Value> regs;
  uint32_t registerCount = 0;  // regs.size(), where native code can read it
  std::vector<Poison> poison;  // per register, in the tolerant mode
  uint32_t top = 0;
  uint32_t depth = 0;
  Poison lastPoison = kNoPoison;  // the poison of the last Exit::Poison
  PoisonSets poisons;             // this decision's poison sets
  uint64_t loopSteps = kMaxLoopSteps;  // LIST_NEXT steps left in this decision

  // firstDayOfMonth's memory, direct-mapped by the month's index: a batch's cases apply for a few
  // months, mostly consecutive ones, and then each keeps its own entry. The key is the index
  // plus 2^32, never 0: 0 is no month.
  static constexpr size_t kMonthCache = 16;
  uint64_t cachedMonths[kMonthCache] = {};
  Date cachedMonthStarts[kMonthCache];
  std::vector<RuleCall> ruleStack;  // rules being evaluated, innermost last (tolerant mode)
  std::vector<uint32_t> recordFieldCounts;  // per record type of the program: its fields
  // Per record type, its fields' types (flattened; fieldTypeBase per record type): what a traced
  // read of a field records, without reaching into the type table's field descriptions.
  std::vector<TypeId> fieldTypes;
  std::vector<uint32_t> fieldTypeBase;
  TypeId fieldType(uint32_t recordType, uint32_t field) const { return fieldTypes[fieldTypeBase[recordType] + field]; }
  // Per rule and per parameter, its type: what a traced read of one records, dense, so that a read
  // of a memoised value does not reach into the program's rule and parameter descriptions.
  std::vector<TypeId> ruleTypes;
  std::vector<TypeId> paramTypes;
  // The flat arrays behind `view`, reused from case to case (never shrunk).
  std::vector<const Value*> viewFields;
  std::vector<const uint8_t*> viewPresent;
  std::vector<uint32_t> viewFieldCounts;
  std::vector<const Value*> viewElements;
  std::vector<uint64_t> viewSizes;
  std::vector<MissingFact> missing;
  // Lookups for recordMissing, so that a case missing very many facts is still linear: the fact of
  // each field (record << 32 | field → its index in `missing`), and each (fact, rule) pair seen.
  std::unordered_map<uint64_t, uint32_t> missingAt;
  std::unordered_set<std::string> missingNeeders;
  // Per missing fact and per unknown figure, who read it, in the order of its neededBy: a rule
  // call, or kDecisionReader (a branch of the decision read it directly).
  std::vector<std::vector<RuleCall>> missingReaders;
  std::vector<std::vector<RuleCall>> unknownReaders;
  std::unordered_set<std::string> unknownNeeders;  // each (figure, rule) pair seen, as missingNeeders
  static constexpr RuleCall kDecisionReader{~uint32_t{0}, -1};
  std::vector<UnknownFigure> unknown;
  std::optional<RuntimeError> error;
  // `error` happened only on a path that a missing fact may not take (the tolerant mode's
  // speculation made it a missing fact instead): an error that happens for certain replaces it.
  bool errorSpeculative = false;
  std::vector<std::string> spareTexts;  // strings of earlier decisions' reasons, to render into

  // Runs the fast mode's chunks natively where `code` has them; points `view` at the context's
  // memo slots, versions and counters (they never move).
  void attachNative(const NativeCode* code);
  // Why the case cannot be decided with this program (it was built for another ruleset, or by a
  // faulty builder), or nothing. With native code it also points `view` at the case: one pass
  // over its records does both.
  std::optional<std::string> checkCase(const CaseData& c);
  void bindLists(const CaseData& c);  // the lists' part of `view`, and its counts
  // Builds paramIndex: called once by the constructor.
  void indexParameters();
  // Builds versionTexts, exceptionTexts and textChunks: called once by the constructor.
  void indexTexts();
  // Clears everything a decision computed, keeping buffers and resolved versions.
  void resetDecision();
  // Sets the decision date, dropping resolved versions if it changed.
  void setDate(Date d);
  // Decides without a date: only undated rule versions can be used, anything dated fails (R0508).
  void clearDate();
  // firstDayOf(m), remembered (cachedMonths): the calendar arithmetic is a part of every
  // decision's cost that its case's month alone decides.
  Date firstDayOfMonth(Month m) {
    const size_t at = static_cast<uint32_t>(m.index) % kMonthCache;
    const uint64_t key = static_cast<uint64_t>(int64_t{m.index} + (int64_t{1} << 32));
    if (cachedMonths[at] != key) {
      cachedMonths[at] = key;
      cachedMonthStarts[at] = firstDayOf(m);
    }
    return cachedMonthStarts[at];
  }
  void ensureRegisters(uint32_t size) {
    if (size > regs.size()) grow(size);
  }
  void grow(uint32_t size);

  int32_t ruleVersionFor(uint32_t rule) {
    const VersionSlot& s = ruleVersion[rule];
    return s.epoch == versionEpoch ? s.version : resolveRuleVersion(rule);
  }
  int32_t paramVersionFor(uint32_t param) {
    const VersionSlot& s = paramVersion[param];
    return s.epoch == versionEpoch ? s.version : resolveParamVersion(param);
  }
  int32_t resolveRuleVersion(uint32_t rule);
  int32_t resolveParamVersion(uint32_t param);
  // A new version epoch: every version is resolved again when next needed.
  void dropVersions();

  // Records the first error (while collecting) and returns Exit::Error.
  Exit fail(ErrorKind kind, std::vector<std::string> args, SourceSpan span);
  Exit failAt(ErrorKind kind, std::vector<std::string> args, uint32_t pc) {
    return fail(kind, std::move(args), program.spanAt(pc));
  }
  // The errors instructions raise, worded in one place for the VM and native code alike.
  enum class MissingInCase : uint8_t { Record, List, Element };
  Exit failCaseData(MissingInCase what, uint32_t pc);   // the case does not match the program
  Exit failCaseData(MissingInCase what, SourceSpan span);
  Exit failArith(ArithError error, uint32_t pc);        // overflow or division by zero
  Exit failInstruction(ErrorKind kind, uint32_t wording, uint32_t pc);  // FAIL a, b
  Exit failTooManySteps(uint32_t pc);                   // the list-step budget is spent
  Exit failTooDeep(const Chunk& chunk);                 // nesting beyond kMaxDepth
  // Name of the innermost rule being evaluated ("avgift", "avgift(barn[1])"), or "beslutet".
  std::string neededByName() const;
  // Whether `record` is a record instance of this case of the type definition `rule` is for.
  bool isItemOf(uint32_t rule, int64_t record) const {
    return record >= 0 && static_cast<uint64_t>(record) < data->records.size() &&
           data->records[static_cast<size_t>(record)].recordType == program.rules[rule].itemRecord;
  }
  // Record a missing fact or unknown figure (while collecting) and return the poison of it alone.
  Poison recordMissing(uint32_t record, uint32_t field);
  // Missing fact `fact` (unknown figure `figure`) as the decision asks for it, after the tolerant
  // run: named with the rules that need it, those whose values it left unknown. A rule that read
  // it and was decided all the same (`b eller a` with a = ja) does not need it.
  MissingFact neededFact(uint32_t fact);
  UnknownFigure neededFigure(uint32_t figure);
  // A parameter whose memoised value is unknown was read again: the reading rule is a reader of
  // the figures behind it too (the first reader recorded them when the parameter was looked up).
  void recordFigureReaders(Poison poison);
  // "vuxna[1].ålder": where field `field` of record instance `record` sits in the case.
  std::string fieldPath(uint32_t record, uint32_t field) const;
  Poison recordUnknown(uint32_t param, uint32_t version, const ParamCell& cell, SourceSpan span);

 private:
  void addFigureReader(uint32_t figure, std::string by);
  // The names in `neededBy` whose readers need fact (or figure) `index`; all the names if none does.
  std::vector<std::string> needersOf(const std::vector<std::string>& neededBy, const std::vector<RuleCall>& readers,
                                     uint32_t index, bool figure);
  // What a reader's poison depends on, for needersOf: listed once per poison and decision, since a
  // rule that read every element's fact is asked about each of them (listing it per fact made a
  // case of n elements without their facts take time n²). Null once this decision has spent
  // kMaxNeedersWork on listing: a reader then counts as needing the fact, conservatively.
  struct PoisonMembers {
    std::vector<uint32_t> facts, figures;
  };
  const PoisonMembers* membersOf(Poison poison);
  std::unordered_map<Poison, PoisonMembers> readerMembers_;
  size_t readerMembersWork_ = 0;
  static constexpr size_t kMaxNeedersWork = size_t{1} << 24;
};

// The VM's dispatch loop for one chunk (use execute).
template <bool Tolerant, bool Traced>
Exit interpret(Context& cx, uint32_t chunk, uint32_t base, Value& out);

// Runs one chunk in a frame starting at `base`: natively in the fast mode where there is native
// code for it, else in the VM. Inline, so that a native chunk is entered without the interpreter's
// large frame being set up and torn down around it.
template <bool Tolerant, bool Traced>
inline Exit execute(Context& cx, uint32_t chunk, uint32_t base, Value& out) {
  if constexpr (!Tolerant) {
    if (cx.native) {
      if (NativeChunk native = cx.native->chunk<Traced>(chunk)) return static_cast<Exit>(native(&cx, &cx.view, base, &out));
    }
  }
  return interpret<Tolerant, Traced>(cx, chunk, base, out);
}

// Runs one of a rule's chunks (a version, an exception, a text part) in a new frame at the top;
// a definition per element gets its element in register 0.
template <bool Tolerant, bool Traced>
inline Exit executeRuleChunk(Context& cx, RuleCall call, uint32_t chunk, Value& out) {
  if (call.perItem()) {
    cx.ensureRegisters(cx.top + 1);
    cx.regs[cx.top] = Value::integer(call.record);
    if constexpr (Tolerant) cx.poison[cx.top] = kNoPoison;
  }
  return execute<Tolerant, Traced>(cx, chunk, cx.top, out);
}

template <bool Tolerant, bool Traced>
Exit evalRule(Context& cx, uint32_t rule, Value& out);

template <bool Tolerant, bool Traced>
Exit evalBase(Context& cx, uint32_t rule, uint32_t pc, Value& out);

// A definition per element for record instance `record` (which the caller has checked with
// Context::isItemOf), and its value without exceptions.
template <bool Tolerant, bool Traced>
Exit evalRuleItem(Context& cx, uint32_t rule, int64_t record, Value& out);
template <bool Tolerant, bool Traced>
Exit evalBaseItem(Context& cx, uint32_t rule, int64_t record, uint32_t pc, Value& out);

// Arguments are registers [argBase, argBase + arity) of the register stack.
template <bool Tolerant, bool Traced>
Exit lookupParam(Context& cx, uint32_t param, uint32_t argBase, uint32_t pc, Value& out, uint32_t& node);

// Renders a template (of rule call `call`'s texts: its element is the chunks' argument). Lenient:
// a part that cannot be computed shows as "…" and never fails.
template <bool Tolerant, bool Traced>
Exit renderTemplate(Context& cx, const Template& t, bool lenient, std::string& out, RuleCall call = {});

// The text that explains an evaluated rule: its version's motivering (for a villkor, uppfyllt or
// ej uppfyllt when it has them), or the motivering of the exception that gave its value, with the
// chunks of its computed parts. text() is null when there is none.
struct RuleText {
  const Context::TextParts* parts = nullptr;
  TextRole role = TextRole::None;
  bool fromException = false;  // the chosen exception's own text
  const Template* text() const { return parts->text; }
};
// Inline: called for every rule node of a traced decision, and a RuleText returned through memory
// from a call stalled on store forwarding (perf).
inline RuleText ruleText(const Context& cx, uint32_t rule, uint32_t version, const RuleSlot& slot) {
  const Context::VersionTexts& texts = cx.texts(rule, version);
  const Context::TextParts* out = &texts.value;
  TextRole role = TextRole::Justification;
  if (texts.condition) {
    const bool holds = slot.value.a != 0;
    const Context::TextParts& own = holds ? texts.holds : texts.fails;
    if (own.text != nullptr) {
      out = &own;
      role = holds ? TextRole::Holds : TextRole::Fails;
    }
  }
  // When an exception decided the value, the main rule's text would describe a value the rule
  // does not have: the exception's own text explains it instead.
  if (slot.chosen >= 0) {
    const Context::TextParts& exception = cx.exceptionTexts[texts.exceptionsBegin + static_cast<uint32_t>(slot.chosen)];
    if (exception.text != nullptr) return {&exception, TextRole::Exception, true};
  }
  return {out, role, false};
}


// Text of a Text value (constant texts or the case's texts); empty if out of range.
std::string_view textOf(const Context& cx, Value v);

}  // namespace regel::rt::vm
