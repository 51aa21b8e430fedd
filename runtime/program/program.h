// The compiled ruleset as the runtime needs it: metadata, parameter tables, decision, bytecode.
// Self-contained (no source, no compiler types); immutable once built, shared between threads.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "runtime/base/outcome.h"
#include "runtime/case/case_data.h"
#include "runtime/program/opcodes.h"
#include "runtime/base/types.h"
#include "runtime/base/value.h"

namespace regel::rt {

constexpr uint32_t kNoChunk = UINT32_MAX;
constexpr uint32_t kNoException = UINT32_MAX;  // ExceptionInfo::refines: none

// A source position precomputed by the compiler so the runtime needs no source text.
struct SourceSpan {
  uint32_t file = 0;    // index into Program::sources
  uint32_t begin = 0;   // byte range [begin, end)
  uint32_t end = 0;
  uint32_t line = 0;    // 1-based; 0 when unknown
  uint32_t column = 0;  // 1-based, in code points
  friend bool operator==(const SourceSpan&, const SourceSpan&) = default;
};

// A unit of bytecode: a function of its frame that ends in RET. Jumps are chunk-relative.
struct Chunk {
  uint32_t begin = 0;      // first instruction in Program::code
  uint32_t size = 0;       // number of instructions
  uint32_t frameSize = 0;  // registers used (at most kMaxFrameRegisters)
  uint32_t argCount = 0;   // registers 0..argCount-1 are set by the caller (parameter cells)
};

constexpr uint32_t kNoListRule = UINT32_MAX;

// Literal text, or a chunk computing a value of `type` that is rendered in Swedish. With a
// listRule, the chunk computes a list and the part lists, for each element, the text of that
// definition per element (its motivering, or the element and its value): `{avgift(b) för varje b
// i barn}`.
struct TemplatePart {
  std::string text;
  uint32_t chunk = kNoChunk;
  TypeId type = 0;
  uint32_t listRule = kNoListRule;
};
struct Template {
  std::vector<TemplatePart> parts;
  SourceSpan span;
  bool empty() const { return parts.empty(); }
};

struct ExceptionInfo {
  std::string name;  // may be empty: shown as "undantag N"
  std::vector<std::string> lagrum;
  uint32_t condition = kNoChunk;
  uint32_t value = kNoChunk;
  std::vector<uint32_t> overrides;  // sibling exceptions this one takes priority over
  // An exception to the sibling exception `refines` (`undantag A från B`): its condition is
  // evaluated only when that one applies, and it then takes priority over it (it is in overrides).
  uint32_t refines = kNoException;
  Template justification;
  SourceSpan span;
};

struct RuleVersionInfo {
  std::optional<Date> from;
  std::optional<Date> to;  // inclusive
  std::vector<std::string> lagrum;
  uint32_t value = kNoChunk;  // the base value, without exceptions
  Template justification;     // värde: motivering
  Template holds;             // villkor: uppfyllt
  Template fails;             // villkor: ej uppfyllt
  std::vector<ExceptionInfo> exceptions;
  SourceSpan span;
};

enum class RuleKind : uint8_t { Value, Condition };

constexpr uint32_t kNotPerItem = UINT32_MAX;  // RuleInfo::itemRecord of an ordinary definition

struct RuleInfo {
  std::string name;
  RuleKind kind = RuleKind::Value;
  TypeId type = 0;
  // A definition per element (`värde avgift(b: Barn)`): the record type (index into
  // TypeTable::records) of its argument, which arrives in register 0 of every chunk of the rule
  // (versions, exceptions, texts); the value is memoised per record instance. kNotPerItem for an
  // ordinary definition.
  uint32_t itemRecord = kNotPerItem;
  std::string argName;
  bool perItem() const { return itemRecord != kNotPerItem; }
  uint32_t chunkArgs() const { return perItem() ? 1 : 0; }
  std::vector<RuleVersionInfo> versions;  // disjoint, sorted by `from`
  SourceSpan span;
};

// ---- parameters --------------------------------------------------------------------------------
struct ParamCell {
  bool unknown = false;  // `okänd "skäl"`: needing it sends the case to manual review
  std::string unknownReason;
  uint32_t chunk = kNoChunk;  // arguments in registers 0..n-1
};

enum class KeyKind : uint8_t { Exact, Range, AtLeast, Any };
struct TableKey {
  KeyKind kind = KeyKind::Any;
  Value lo, hi;  // in the argument's representation
};
struct TableRow {
  std::vector<TableKey> keys;  // one per argument
  ParamCell cell;
  SourceSpan span;
};

struct ParamVersionInfo {
  Date from;
  std::optional<Date> to;  // inclusive
  std::vector<std::string> lagrum;
  std::string source;  // källa
  bool isTable = false;
  ParamCell constant;          // when !isTable
  std::vector<TableRow> rows;  // when isTable: the first matching row wins
  SourceSpan span;
};

struct ParamInfo {
  std::string name;
  std::vector<FieldInfo> args;
  TypeId type = 0;
  std::vector<ParamVersionInfo> versions;  // disjoint, sorted by `from`
  SourceSpan span;
};

// ---- decision ----------------------------------------------------------------------------------

struct BranchInfo {
  Outcome outcome = Outcome::Avslag;
  uint32_t amount = kNoChunk;     // bifall med …
  uint32_t condition = kNoChunk;  // kNoChunk for `annars`
  std::vector<Template> reasons;
  std::vector<uint32_t> cited;    // condition rules named in the branch: their texts are reasons
  SourceSpan span;
};

struct StickprovInfo {
  Rational rate;  // 5 % == 1/20
  Outcome outcome = Outcome::Bifall;
};

struct SourceInfo {
  std::string path;
  std::string sha256;  // hex
};

struct Program {
  std::string name;
  std::string version;
  std::string appeal;  // överklagande: how to appeal, for the letter (empty when not declared)
  // `beslut alla skäl`: after the deciding branch, the branches right after it with the same
  // outcome and no amount are tried too, and each that holds adds its reasons.
  bool allGrounds = false;
  std::vector<std::string> lagrum;
  std::vector<SourceInfo> sources;

  TypeTable types;
  uint32_t inputRecord = 0;                   // index into types.records
  std::optional<uint32_t> decisionDateField;  // input field naming the decision date
  std::vector<std::string> texts;             // constant texts (Text values with b == 0)
  std::vector<Value> constants;
  std::vector<TypeId> constantTypes;          // parallel to constants

  std::vector<RuleInfo> rules;
  std::vector<ParamInfo> params;
  std::vector<BranchInfo> decision;
  std::optional<StickprovInfo> stickprov;

  std::vector<Instr> code;
  std::vector<uint32_t> codeSpans;  // parallel to code: index into spans
  std::vector<SourceSpan> spans;
  std::vector<Chunk> chunks;

  // The source span of the instruction at absolute index `pc` (a default span if unknown).
  SourceSpan spanAt(uint32_t pc) const {
    return pc < codeSpans.size() && codeSpans[pc] < spans.size() ? spans[codeSpans[pc]] : SourceSpan{};
  }
  const std::string& sourcePath(const SourceSpan& s) const {
    static const std::string kNone;
    return s.file < sources.size() ? sources[s.file].path : kNone;
  }
};

// The rule that chunk `chunk` only calls and returns: `med bistånd` in a branch, `{bistånd}` in a
// text. None when the chunk computes anything else.
std::optional<uint32_t> ruleReturnedBy(const Program& p, uint32_t chunk);

// "2023-01-01 – 2023-12-31", "början – tills vidare".
std::string periodText(const std::optional<Date>& from, const std::optional<Date>& to);

}  // namespace regel::rt
