// The checked IR: typed, explicit, backend-neutral. Produced by compiler/sema, consumed by
// compiler/bytecode (and later compiler/jit). Every expression node has a static type; arithmetic
// nodes say their numeric domain, so no backend ever inspects a value's type at run time.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "compiler/diagnostics/diagnostic.h"
#include "runtime/case/case_data.h"
#include "runtime/base/outcome.h"
#include "runtime/base/types.h"
#include "runtime/base/value.h"

namespace regel::ir {

using diag::Span;
using rt::TypeId;

using ExprId = uint32_t;
using RuleId = uint32_t;
using ParamId = uint32_t;
using ConstId = uint32_t;
constexpr uint32_t kNone = UINT32_MAX;

// The representation an operation works on. Sema inserts explicit conversions so that both
// operands of a binary operation share one domain.
enum class Domain : uint8_t {
  Int,    // int64 (heltal, and ordinals/days/months for comparisons)
  Money,  // int64 öre
  Rat,    // Rational (tal, procent, oavrundat belopp in öre)
  Date,
  Month,
  Bool,
  Enum,
  Text,
};

enum class ExprOp : uint8_t {
  // Leaves.
  Const,         // imm = ConstId
  Input,         // imm = field index in the input record; reads the root record
  Local,         // imm = local slot (aggregate variable, or parameter argument in a table cell)
  Rule,          // imm = RuleId: the (memoised) value of another rule
  RuleItem,      // imm = RuleId of a definition per element, a = its argument (a record): the
                 // value for that element (memoised per element)
  Base,          // inside an exception: the value of the current rule without its exceptions
  Param,         // imm = ParamId, args = argument expressions (possibly none)
  DecisionDate,  // the decision date (Date)
  // Records and presence.
  Field,         // a = record expression, imm = field index; a missing field is a missing fact
  Present,       // a = Input or Field node: ja if the case gives the field (never a missing fact)
  // Arithmetic; `domain` is the operands' domain. MulMoneyInt: a is Money, b is Int.
  Neg, Add, Sub, Mul, Div, MulMoneyInt,
  // Conversions into the Rat domain: IntToRat (a: Int), MoneyToRat (a: Money → öre as Rational).
  IntToRat, MoneyToRat,
  // Round: a is Rat; sub = rt::RoundDirection; imm = step: 100 → whole kronor (Money), 1 → whole
  // öre (Money), 0 → an integer (Int).
  Round,
  // Compare: sub = CompareOp, domain of both operands.
  Compare,
  Not, And, Or,  // short-circuit And/Or
  If,            // a ? b : c
  // Aggregates over a list: a = list, imm = local slot bound to each element,
  // b = body (Fold/Quantifier) or kNone, c = filter or kNone.
  Fold,          // sub = FoldKind, domain = the body's domain
  Count,         // number of elements; with a filter c, imm is the element's slot (else kNone)
  All, Any,      // b = predicate
  // Rank: the place (1, 2, …) of element a in list b ordered by keys; imm = the slot of each
  // element in turn, c = "it comes before a by the keys", args[0] = "its keys equal a's". Ties
  // are broken by the list's own order.
  Rank,
  // Find: the first element of list a (bound in turn to slot imm) for which c holds; none is the
  // run-time error R0515. Used for the element at a place (första, sista, element).
  Find,
  // Builtins: args; domain of the operands.
  Max, Min,      // n-ary, n >= 2
  YearOf,        // a: Date or Month (domain says which) → Int
  MonthOfDate,   // a: Date → Month
  // Calendar arithmetic (compiler/sema/dates.cpp). Every result is a real date or month in the
  // years 1–9999; anything else is the run-time error R0513.
  DayOf,          // a: Date → Int, the day of its month (1–31)
  MonthNumber,    // a: Month → Int (1–12)
  FirstDay,       // a: Month → Date, its first day
  LastDay,        // a: Month → Date, its last day
  MakeMonth,      // a: year (Int), b: month number (Int) → Month
  MakeDate,       // a: Month, b: day of the month (Int) → Date
  AddDays,        // a: Date, b: Int days → Date
  AddMonths,      // a: Date or Month (domain), b: Int months → the same kind; a date keeps its day,
                  // or falls on the month's last day when that month is shorter
  MonthsBetween,  // a, b: Date → Int, whole months from a to b (negative when b is before a)
  YearsBetween,   // a, b: Date → Int, whole years from a to b (negative when b is before a)
};

enum class CompareOp : uint8_t { Eq, Ne, Lt, Le, Gt, Ge };
enum class FoldKind : uint8_t { Sum, Min, Max };

struct Expr {
  ExprOp op;
  TypeId type;  // result type
  Domain domain = Domain::Int;
  uint8_t sub = 0;
  uint32_t imm = 0;
  ExprId a = kNone, b = kNone, c = kNone;
  std::vector<ExprId> args = {};
  Span span = {};
};

// A constant: scalar literals and enum ordinals. Text constants keep their text here and their
// Value indexes Module::texts.
struct Constant {
  TypeId type;
  rt::Value value;
};

// A Swedish text with interpolations: "Riksnormen är {riksnorm}." Parts alternate: text, or an
// expression (of any scalar type) rendered in Swedish when the trace is rendered.
struct TemplatePart {
  std::string text;      // used when expr == kNone
  ExprId expr = kNone;
  // `{avgift(b) för varje b i barn}`: expr is the list, and the part lists the text of the
  // definition per element `listRule` for each of its elements.
  RuleId listRule = kNone;
};
struct Template {
  std::vector<TemplatePart> parts;
  Span span;
  bool empty() const { return parts.empty(); }
};

struct Exception {
  std::string name;  // may be empty: then shown as "undantag N"
  ExprId condition = kNone;
  ExprId value = kNone;
  std::vector<std::string> lagrum;
  Template justification;
  std::vector<uint32_t> overrides;  // indices of sibling exceptions this one takes priority over
  uint32_t refines = kNone;         // `från`: considered only when this sibling applies (also in overrides)
  Span span;
};

// One dated version of a rule. An unversioned rule has one version valid for all dates.
struct RuleVersion {
  std::optional<rt::Date> from;
  std::optional<rt::Date> to;  // inclusive
  std::vector<std::string> lagrum;
  ExprId value = kNone;
  Template justification;  // värde: motivering
  Template holds;          // villkor: uppfyllt
  Template fails;          // villkor: ej uppfyllt
  std::vector<Exception> exceptions;
  Span span;
};

enum class RuleKind : uint8_t { Value, Condition };

struct Rule {
  std::string name;
  RuleKind kind = RuleKind::Value;
  TypeId type = 0;
  // A definition per element (`värde avgift(b: Barn)`): its argument, a record, is Local 0 in
  // every expression of the rule (versions, exceptions, texts). Empty argName: an ordinary one.
  std::string argName;
  TypeId argType = 0;
  bool perItem() const { return !argName.empty(); }
  std::vector<RuleVersion> versions;  // disjoint periods, sorted by `from`
  uint32_t localCount = 0;            // local slots used by its expressions
  Span span;
};

// ---- Parameters --------------------------------------------------------------------------------
struct ParamCell {
  bool unknown = false;      // `okänd "skäl"`: the figure is not known; needing it → manual review
  std::string unknownReason;
  ExprId value = kNone;      // may read the arguments as Local 0..n-1
};

enum class KeyKind : uint8_t { Exact, Range, AtLeast, Any };
struct TableKey {
  KeyKind kind = KeyKind::Any;
  rt::Value lo, hi;  // in the argument's domain (Int, Bool, Enum ordinal, Money, Rat, Date, Month)
};
struct TableRow {
  std::vector<TableKey> keys;  // one per argument; an `annars` row has all keys Any
  ParamCell cell;
  Span span;
};

struct ParamVersion {
  rt::Date from;
  std::optional<rt::Date> to;  // inclusive
  std::vector<std::string> lagrum;
  std::string source;  // källa
  bool isTable = false;
  ParamCell constant;          // when !isTable
  std::vector<TableRow> rows;  // when isTable: the first matching row wins
  Span span;
};

struct Parameter {
  std::string name;
  std::vector<rt::FieldInfo> args;
  std::vector<Domain> argDomains;
  TypeId type = 0;
  std::vector<ParamVersion> versions;  // disjoint, sorted by `from`
  uint32_t localCount = 0;             // args first, then any aggregate locals in cells
  Span span;
};

// ---- Decision ----------------------------------------------------------------------------------
using rt::Outcome;

// A condition a branch names directly (e.g. `om inte arbetsvillkor`): its holds/fails text is
// cited among the branch's reasons.
struct CitedCondition {
  RuleId rule;
};

struct Branch {
  Outcome outcome;
  ExprId amount = kNone;     // bifall med …
  ExprId condition = kNone;  // kNone for `annars`
  std::vector<Template> reasons;
  std::vector<CitedCondition> cited;
  Span span;
};

struct Stickprov {
  rt::Rational rate;  // 5 % == 1/20
  Outcome outcome = Outcome::Bifall;
};

// ---- Examples ----------------------------------------------------------------------------------
struct ExpectedValue {
  std::string name;
  RuleId rule;
  rt::Value value;
  TypeId type;
  Span span;
};

struct Example {
  std::string title;
  std::optional<rt::Date> date;
  rt::CaseData input;
  Outcome outcome = Outcome::Bifall;
  bool hasAmount = false;
  rt::Money amount;
  std::vector<ExpectedValue> values;
  std::string expectedError;  // `förväntat fel "R0503"`: the decision must stop with this code
  // `förväntat saknas "hyra"`: when given, exactly these facts are listed as missing.
  std::vector<std::string> expectedMissing;
  // `förväntat skäl "…"`: each of these texts is among the decision's reasons.
  std::vector<std::string> expectedReasons;
  Span span;
};

// ---- The module --------------------------------------------------------------------------------
struct SourceInfo {
  std::string path;
  std::string sha256;  // hex
};

struct Module {
  std::string name;
  std::string version;
  std::string appeal;  // överklagande: how to appeal (empty when not declared)
  std::vector<std::string> lagrum;
  std::vector<SourceInfo> sources;

  rt::TypeTable types;
  uint32_t inputRecord = 0;  // index into types.records
  std::optional<uint32_t> decisionDateField;  // input field naming the decision date
  std::vector<std::string> texts;  // text constants (Value.a indexes this, b == 0)

  std::vector<Expr> exprs;
  std::vector<Constant> constants;
  std::vector<Rule> rules;
  std::vector<Parameter> params;
  std::vector<Branch> decision;
  bool allGrounds = false;  // `beslut alla skäl`: the decision states every ground of its step
  uint32_t decisionLocalCount = 0;  // local slots used by the branches' expressions
  std::optional<Stickprov> stickprov;
  std::vector<Example> examples;
};

// A readable dump of the IR for `regel build --dump ir` and tests.
std::string printModule(const Module& m);

}  // namespace regel::ir
