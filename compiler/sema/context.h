// State shared by the checker's passes while one ruleset is checked (internal to compiler/sema).
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "compiler/diagnostics/diagnostic.h"
#include "compiler/diagnostics/source.h"
#include "compiler/ir/ir.h"
#include "compiler/sema/index.h"
#include "compiler/syntax/ast.h"
#include "runtime/base/suggest.h"

namespace regel::sema {

using diag::Kind;
using diag::Span;
using rt::TypeId;
using rt::TypeKind;

// What a bare name in an expression refers to.
enum class SymbolKind : uint8_t { Rule, Input, Parameter, EnumValue, DecisionDate };

struct Symbol {
  SymbolKind kind;
  uint32_t index = 0;   // RuleId, input field index, ParamId, or enum index
  uint32_t ordinal = 0; // EnumValue: ordinal within the enum
  Span span = {};       // where it is declared
};

// A checked expression: its IR node and type; `ok` is false after an error (no cascades).
struct Typed {
  ir::ExprId id = ir::kNone;
  TypeId type = 0;
  bool ok = false;
};

// The scope an expression is checked in.
struct Scope {
  struct Local {
    std::string name;
    uint32_t slot;
    TypeId type;
    Span span = {};  // where it is bound (the semantic index points references there)
  };
  std::vector<Local> locals;
  uint32_t* localCount = nullptr;  // the owner's slot counter (rule or parameter)
  std::optional<ir::RuleId> currentRule;  // for `Base` inside exceptions
  bool inException = false;
  bool inParameter = false;  // parameter cells may not read rules or inputs
  std::set<ir::RuleId>* ruleDeps = nullptr;
  std::set<uint32_t>* inputDeps = nullptr;
  std::set<ir::ParamId>* paramDeps = nullptr;
};

// Where each definition's declaration sits, for lowering in a second pass.
struct PendingRule {
  const syntax::Ast* ast;
  const syntax::DefinitionDecl* decl;
};
struct PendingParam {
  const syntax::Ast* ast;
  const syntax::ParameterDecl* decl;
};

struct Context {
  const diag::SourceSet& sources;
  diag::DiagnosticSink& sink;
  ir::Module module;

  // Scalar types, interned once.
  TypeId tInt, tDec, tMoney, tExact, tPct, tDate, tMonth, tText, tBool;

  std::map<std::string, Symbol> symbols;        // values: rules, inputs, parameters, enum values
  std::map<std::string, uint32_t> typeNames;    // records and enums → TypeId
  std::map<std::string, Span> typeSpans;
  std::vector<PendingRule> pendingRules;        // indexed by RuleId
  std::vector<PendingParam> pendingParams;      // indexed by ParamId
  std::vector<bool> ruleChecked;                // declared type known (for forward references)
  // The argument types of each definition per element (one, unless R0322 was reported: then the
  // others are still in scope, so that the body gives no errors that follow from that one).
  std::vector<std::vector<TypeId>> ruleArgTypes;
  std::vector<uint8_t> ruleState;               // 0 not lowered, 1 being lowered, 2 lowered

  // Dependencies gathered while lowering, per rule and for the decision.
  std::vector<std::set<ir::RuleId>> ruleRuleDeps;
  // Rules named only in a rule's texts: rendered after its value exists, so they can form no
  // cycle, but they are used.
  std::vector<std::set<ir::RuleId>> ruleTextDeps;
  std::vector<std::set<uint32_t>> ruleInputDeps;
  std::vector<std::set<ir::ParamId>> ruleParamDeps;
  std::set<ir::RuleId> decisionRuleDeps;
  std::set<ir::RuleId> decisionDirectRules;  // named directly in a branch
  std::set<uint32_t> decisionInputDeps;
  std::set<ir::ParamId> decisionParamDeps;
  std::set<uint32_t> inputsUsed;
  std::set<ir::ParamId> paramsUsed;
  // Indexes for deduplicating constants and texts: a linear search made checking quadratic, and a
  // file of some 100 000 literals (well under the 4 MiB limit) took minutes.
  std::map<std::tuple<TypeId, int64_t, int64_t>, ir::ConstId> constantIndex;
  std::map<std::string, uint32_t> textIndex;

  // For the semantic index (index.cpp), kept only when `indexing`: every name the checker
  // resolved, as where it is written and where what it names is declared; the locals that
  // aggregates bind; and where each record field is declared.
  bool indexing = false;
  struct Reference {
    Span at;
    Span declared;
  };
  std::vector<Reference> references;
  struct BoundLocal {
    std::string name;
    Span span;
    TypeId type;
  };
  std::vector<BoundLocal> boundLocals;
  std::map<std::pair<uint32_t, uint32_t>, Span> fieldSpans;  // (record index, field) → its name
  void referenceTo(Span at, Span declared) {
    if (indexing && declared.end > declared.begin) references.push_back({at, declared});
  }
  void bound(const Scope::Local& local) {
    if (indexing && local.span.end > local.span.begin) boundLocals.push_back({local.name, local.span, local.type});
  }

  Context(const diag::SourceSet& s, diag::DiagnosticSink& d);

  diag::Diagnostic& report(Kind k, Span span, std::vector<std::string> args = {}) {
    return sink.report(k, span, std::move(args));
  }
  // Past this many errors no "menade du …?" is looked for: each suggestion compares the name with
  // every candidate, so a file of thousands of misspellings would cost errors × names.
  static constexpr size_t kMaxSuggestedErrors = 100;
  // Gives `d` the candidate closest to `name` as its suggestion. `candidates` returns the names;
  // it is called only while there are at most kMaxSuggestedErrors errors.
  template <class Candidates>
  void suggest(diag::Diagnostic& d, std::string_view name, Candidates&& candidates) {
    if (sink.errorCount() > kMaxSuggestedErrors) return;
    if (auto s = rt::closestName(name, candidates())) d.suggestion = *s;
  }
  std::string typeName(TypeId t) const { return module.types.nameOf(t); }
  TypeKind kindOf(TypeId t) const { return module.types[t].kind; }
  ir::ExprId add(ir::Expr e);
  ir::ConstId addConstant(TypeId type, rt::Value v);
  Typed constant(TypeId type, rt::Value v, Span span);
  const rt::RecordInfo& inputRecord() const { return module.types.records[module.inputRecord]; }
  // The source text a span covers (for messages that quote the author's own words).
  std::string sourceText(Span span) const;
};

// ---- passes (one file each) --------------------------------------------------------------------
void declareTypes(Context& cx, const std::vector<syntax::Ast>& files);
void declareValues(Context& cx, const std::vector<syntax::Ast>& files);
TypeId resolveType(Context& cx, const syntax::TypeRef& ref, bool allowOptional, bool* optional);
void checkParameters(Context& cx);
void checkRules(Context& cx);
// Lowers rule `id` now if it has not been (a rule without a declared type gets its type from
// its expression, so a forward reference may need it early). Returns false inside a cycle.
bool ensureRuleLowered(Context& cx, ir::RuleId id);
void checkParameterSignatures(Context& cx);
void checkDecision(Context& cx, const std::vector<syntax::Ast>& files);
void checkGraph(Context& cx);
void checkExamples(Context& cx, const std::vector<syntax::Ast>& files);
// After the passes: the semantic index of what they declared and resolved (index.cpp).
SemanticIndex buildIndex(const Context& cx, const std::vector<syntax::Ast>& files);

// ---- expressions -------------------------------------------------------------------------------
Typed checkExpr(Context& cx, const syntax::Ast& ast, syntax::ExprId id, Scope& scope);
// Checks `id` and requires ja/nej; `what` names it in messages ("villkoret").
Typed checkCondition(Context& cx, const syntax::Ast& ast, syntax::ExprId id, Scope& scope,
                     const std::string& what);
// Converts `e` to `target` where the language allows it implicitly (heltal → tal), else reports.
Typed coerce(Context& cx, Typed e, TypeId target, Span span, const std::string& what);
// Parses `{name}` interpolations in a text and checks each name in `scope`.
ir::Template checkTemplate(Context& cx, const syntax::Text& text, Scope& scope);
Typed literalConstant(Context& cx, const syntax::Literal& lit);
// Field `name` of the record `base` (NotARecord / UnknownField at nameSpan otherwise).
Typed checkFieldOf(Context& cx, Typed base, const std::string& name, Span nameSpan);
// `{avgift(b) för varje b i barn}`: fills `out` (a list part) and returns true, or reports.
bool checkListPart(Context& cx, const std::string& written, Span span, Scope& scope, ir::TemplatePart& out);
// The part of a text between braces: `name`, `name.field…` or `rule(element)`.
Typed checkInterpolation(Context& cx, const std::string& written, Span span, Scope& scope);
// A call of a definition per element, `avgift(b)`, whose arguments are checked already.
Typed checkItemRuleCall(Context& cx, ir::RuleId id, Span span, const std::vector<Typed>& args,
                        const std::vector<Span>& argSpans, Scope& scope);
// Resolves a bare name (in an expression or a text's `{name}`) in `scope`.
Typed checkNameRef(Context& cx, const std::string& name, Span span, Scope& scope);

// ---- operators (typing of arithmetic and comparisons) -----------------------------------------
bool isNumeric(const Context& cx, TypeId t);
bool isRatDomain(const Context& cx, TypeId t);
ir::Domain domainOf(const Context& cx, TypeId t);
Typed toRat(Context& cx, Typed e);
// Adds an IR node of `op` over operands a and b (kNone when unused) and returns its id.
ir::ExprId addNode(Context& cx, ir::ExprOp op, TypeId type, ir::Domain domain, Span span, ir::ExprId a,
                   ir::ExprId b = ir::kNone);
Typed checkArithmetic(Context& cx, syntax::BinaryOp op, Typed a, Typed b, Span span);
Typed checkOf(Context& cx, Typed a, Typed b, Span span);
Typed checkNegate(Context& cx, Typed a, Span span);
Typed checkCompare(Context& cx, syntax::CompareOp op, Typed a, Typed b, Span span);
Typed checkRound(Context& cx, const syntax::Expr& e, Typed a);
// The common type of two branches or operands (numeric widening), or nullopt.
std::optional<TypeId> unify(const Context& cx, TypeId a, TypeId b);
Typed convertTo(Context& cx, Typed e, TypeId target);

// ---- hints for common mistakes (hints.cpp) -----------------------------------------------------
// `max(1,2)`: an argument written as one number with a decimal comma.
std::optional<diag::Hint> argumentCommaHint(Context& cx, Span call, const std::vector<Typed>& args);
// A date written as `2023/03/01` or `1-3-2023` (an arithmetic expression to the checker).
std::optional<diag::Hint> dateFormatHint(Context& cx, Span written);

// ---- order (ranking.cpp) -------------------------------------------------------------------------
// `plats(x bland lista efter nyckel …)`, `första(…)`, `sista(…)`, `element(n bland …)`.
Typed checkOrder(Context& cx, const syntax::Ast& ast, const syntax::Expr& ex, Scope& scope);

// ---- the calendar (dates.cpp) -------------------------------------------------------------------
bool isDateFunction(const std::string& name);
std::vector<std::string> dateFunctionNames();
// A call of a date function whose arguments are checked (all ok).
Typed checkDateFunction(Context& cx, const syntax::Expr& call, const std::vector<Typed>& args);
// `ex` is `x + n dagar` or `x - n månader` (a Binary whose right side is a Duration).
Typed checkDateShift(Context& cx, const syntax::Ast& ast, const syntax::Expr& ex, Scope& scope);
// A datum compared with a månad (in either order).
Typed checkDateMonthCompare(Context& cx, syntax::CompareOp op, Typed a, Typed b, Span span);

// The names of a record's fields, the candidates of "menade du …?" for an unknown field.
inline std::vector<std::string> fieldNames(const rt::RecordInfo& record) {
  std::vector<std::string> names;
  for (const auto& f : record.fields) names.push_back(f.name);
  return names;
}
std::string describeSymbol(SymbolKind k);
// A literal as the author would write it: "2 kr", "25 %", "2023-03-01", "ja".
std::string literalText(const syntax::Literal& lit);
// A scalar literal as a value of `type` (heltal, tal, procent, belopp, datum, månad, ja/nej), or
// nullopt when the literal is of another kind. Texts and enums are the caller's business.
std::optional<rt::Value> literalValue(const Context& cx, const syntax::Literal& lit, TypeId type);
// The texts of lagrum/källa clauses.
std::vector<std::string> textsOf(const std::vector<syntax::Text>& ts);

}  // namespace regel::sema
