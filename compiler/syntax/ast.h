// The AST of one .regel file: plain data, expressions in one flat array addressed by ExprId.
// Built from ANTLR's parse tree by buildAst (parse.h); no ANTLR type appears here. Every node
// keeps its byte span; comments are kept for tools (formatter, language server, regel doc).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "compiler/diagnostics/diagnostic.h"
#include "runtime/base/outcome.h"
#include "runtime/base/value.h"

namespace regel::syntax {

using diag::Span;
using ExprId = uint32_t;
constexpr ExprId kNoExpr = UINT32_MAX;

enum class LiteralKind : uint8_t { Integer, Decimal, Money, Percent, Date, Month, Text, Bool };

// A literal's exact value. Integer and Decimal use `number` (an Integer has den == 1);
// Percent uses `number` as the fraction (25 % is 1/4); Money is in öre.
struct Literal {
  LiteralKind kind = LiteralKind::Integer;
  rt::Rational number;
  rt::Money money;
  rt::Date date;
  rt::Month month;
  bool boolean = false;
  std::string text;  // Text: unescaped contents
  Span span;
};

enum class ExprKind : uint8_t {
  Literal,     // lit
  Name,        // name
  Field,       // a.name
  Call,        // name(args…)
  Negate,      // -a
  Not,         // inte a
  Binary,      // a op b, op = BinaryOp
  Of,          // a av b (percent of)
  Compare,     // a op b, op = CompareOp
  And,         // a och b
  Or,          // a eller b
  Round,       // a avrundat [nedåt|uppåt] till hela <unit>
  Duration,    // a dagar|veckor|månader|år: a span of time, only as the right side of + or -
  If,          // om a så b annars c
  Fold,        // summa|minsta|största(b för varje name i a [där c]), op = FoldKind
  Count,       // antal(a)
  CountWhere,  // antal(name i a där c)
  Quantifier,  // alla|någon(name i a uppfyller b), op = QuantifierKind
  Order,       // plats(a bland b efter keys), första/sista(b efter keys), element(a bland b efter
               // keys): op = OrderOp
};

enum class BinaryOp : uint8_t { Add, Sub, Mul, Div };
enum class CompareOp : uint8_t { Eq, Ne, Lt, Le, Gt, Ge };
enum class FoldKind : uint8_t { Sum, Min, Max };
enum class QuantifierKind : uint8_t { All, Any };
// plats: a's place in list b ordered by keys (1 is first); första, sista, element: the element of
// b at the first, last or a-th place.
enum class OrderOp : uint8_t { Place, First, Last, Nth };
enum class RoundUnit : uint8_t { Kronor, Ore, Integer };
enum class TimeUnit : uint8_t { Day, Week, Month, Year };

struct Expr {
  ExprKind kind;
  Span span;
  uint8_t op = 0;  // BinaryOp / CompareOp / FoldKind / QuantifierKind by kind
  rt::RoundDirection direction = rt::RoundDirection::Nearest;  // Round
  RoundUnit unit = RoundUnit::Kronor;                          // Round
  TimeUnit timeUnit = TimeUnit::Day;                           // Duration
  ExprId a = kNoExpr, b = kNoExpr, c = kNoExpr;
  std::string name;  // Name, Field, Call callee, Fold/CountWhere/Quantifier variable
  Span nameSpan;
  std::vector<ExprId> args;  // Call
  struct SortKey {
    std::string field;
    Span span;
    bool descending = false;
  };
  std::vector<SortKey> keys;  // Rank
  Literal lit;               // Literal
};

// A text with its span (the span covers the quotes).
struct Text {
  std::string text;
  Span span;
};

enum class TypeRefKind : uint8_t { Named, Bool, List, Optional };
struct TypeRef {
  TypeRefKind kind = TypeRefKind::Named;
  std::string name;            // Named
  std::vector<TypeRef> inner;  // List/Optional: exactly one
  Span span;
};

// A bound in a field's declared limits: `-5 kr` is the literal 5 kr, negated.
struct LimitValue {
  Literal lit;
  bool negative = false;
  Span span;
};

struct FieldDecl {
  std::string name;
  Span nameSpan;
  TypeRef type;
  std::optional<LimitValue> least;  // `minst X` or `X till …`
  std::optional<LimitValue> most;   // `högst X` or `… till X`
  bool personal = false;            // `personuppgift`
  std::string label;                // `etikett "…"`, or empty
};

struct RecordDecl {
  std::string name;
  Span nameSpan;
  Span span;
  std::vector<FieldDecl> fields;
};

struct EnumDecl {
  std::string name;
  Span nameSpan;
  Span span;
  std::vector<Text> values;
};

struct InputDecl {
  std::string name;  // may be empty
  Span span;
  std::vector<FieldDecl> fields;
};

// lagrum and källa clauses.
struct Meta {
  std::vector<Text> lagrum;
  std::vector<Text> sources;
};

struct Period {
  rt::Date from;
  std::optional<rt::Date> to;
  Span span;
};

enum class KeyKind : uint8_t { Exact, Range, AtLeast, EnumValue };
struct TableKey {
  KeyKind kind = KeyKind::Exact;
  Literal lo, hi;
  std::string enumValue;
  Span span;
};

struct Cell {
  bool unknown = false;
  Text unknownReason;
  ExprId value = kNoExpr;
  Span span;
};

struct TableRow {
  bool otherwise = false;
  std::vector<TableKey> keys;
  Cell cell;
  Span span;
};

struct ParamVersion {
  Period period;
  Meta meta;
  bool isTable = false;
  Cell constant;
  std::vector<TableRow> rows;
  Span span;
};

struct ParameterDecl {
  std::string name;
  Span nameSpan;
  Span span;
  std::vector<FieldDecl> args;
  TypeRef type;
  Meta meta;
  std::vector<ParamVersion> versions;
};

enum class TextKind : uint8_t { Justification, Holds, Fails };
struct TextClause {
  TextKind kind;
  Text text;
};

struct ExceptionClause {
  std::string name;  // may be empty
  Span nameSpan;
  std::string overrides;  // `till X` or `från X`: may be empty
  Span overridesSpan;
  bool refines = false;   // `från X`: an exception to exception X, considered only when X applies
  ExprId condition = kNoExpr;
  Meta meta;
  ExprId value = kNoExpr;
  std::vector<TextClause> texts;
  Span span;
};

struct RuleBody {
  std::optional<Period> period;
  Meta meta;
  ExprId value = kNoExpr;
  std::vector<TextClause> texts;
  std::vector<ExceptionClause> exceptions;
  Span span;
};

struct DefinitionDecl {
  bool isCondition = false;  // villkor
  std::string name;
  Span nameSpan;
  Span span;
  std::optional<TypeRef> type;
  // A definition per element: `värde avgift(b: Barn)`. The checker requires exactly one argument,
  // of a record type.
  std::vector<FieldDecl> args;
  Span argsSpan;
  std::vector<RuleBody> versions;  // one, unless the definition has `gäller` versions
};

using rt::Outcome;

struct DecisionBranch {
  Outcome outcome;
  Span outcomeSpan;
  ExprId amount = kNoExpr;
  bool otherwise = false;
  ExprId condition = kNoExpr;
  std::vector<Text> reasons;
  Span span;
};

struct DecisionDecl {
  std::vector<DecisionBranch> branches;
  bool allGrounds = false;  // `beslut alla skäl`
  Span span;
};

struct StickprovDecl {
  rt::Rational rate;  // fraction (5 % == 1/20)
  Outcome outcome;
  Span span;
};

enum class DataKind : uint8_t { Object, List, Literal, EnumValue };
struct DataField;
struct DataValue {
  DataKind kind = DataKind::Literal;
  Literal lit;          // Literal (negative literals are already negated)
  std::string enumValue;
  std::vector<DataField> fields;  // Object
  std::vector<DataValue> items;   // List
  Span span;
};
struct DataField {
  std::string name;
  Span nameSpan;
  DataValue value;
};

enum class ExpectationKind : uint8_t { Decision, Value, Error, Missing, Reason };
struct Expectation {
  ExpectationKind kind;
  Outcome outcome = Outcome::Bifall;  // Decision
  std::optional<DataValue> amount;    // Decision: `med 10 120 kr`
  std::string name;                   // Value
  Span nameSpan;
  DataValue value;                    // Value
  Text text;                          // Error: the code ("R0503"); Missing: the fact's path
                                      // ("vuxna[0].ålder"); Reason: a reason's text
  Span span;
};

struct ExampleDecl {
  Text title;
  std::optional<rt::Date> date;
  DataValue input;
  std::vector<Expectation> expectations;
  Span span;
};

struct Header {
  bool present = false;
  Text name;
  Text version;
  std::vector<Text> lagrum;
  Text decisionDate;  // beslutsdatum: an input field name
  Text appeal;        // överklagande: how to appeal, for the letter to the applicant
  Span span;
};

struct Comment {
  Span span;
  std::string text;  // without the leading '#'
};

struct Ast {
  uint32_t file = 0;
  Header header;
  std::vector<Expr> exprs;
  std::vector<RecordDecl> records;
  std::vector<EnumDecl> enums;
  std::vector<InputDecl> inputs;
  std::vector<ParameterDecl> parameters;
  std::vector<DefinitionDecl> definitions;
  std::vector<DecisionDecl> decisions;
  std::vector<StickprovDecl> stickprov;
  std::vector<ExampleDecl> examples;
  std::vector<Comment> comments;

  const Expr& expr(ExprId id) const { return exprs[id]; }
};

// Prints the AST as an indented tree for `regel build --dump ast` and tests.
std::string printAst(const Ast& ast);

}  // namespace regel::syntax
