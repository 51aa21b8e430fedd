// Checks definitions (värde, villkor): versions, lagrum, texts, exceptions, declared types.
#include <fmt/format.h>

#include <algorithm>

#include "compiler/sema/context.h"

namespace regel::sema {
namespace {

Scope ruleScope(Context& cx, ir::RuleId id) {
  Scope s;
  s.localCount = &cx.module.rules[id].localCount;
  s.currentRule = id;
  s.ruleDeps = &cx.ruleRuleDeps[id];
  s.inputDeps = &cx.ruleInputDeps[id];
  s.paramDeps = &cx.ruleParamDeps[id];
  // A definition per element reads its element as Local 0.
  const auto& args = cx.pendingRules[id].decl->args;
  for (uint32_t i = 0; i < args.size() && i < cx.ruleArgTypes[id].size(); ++i) {
    s.locals.push_back({args[i].name, i, cx.ruleArgTypes[id][i], args[i].nameSpan});
  }
  return s;
}

// Reads the motivering/uppfyllt/ej uppfyllt clauses, checking each fits the rule's kind.
void checkTexts(Context& cx, const std::vector<syntax::TextClause>& clauses, bool isCondition,
                Scope& scope, ir::Template* justification, ir::Template* holds, ir::Template* fails) {
  for (const auto& c : clauses) {
    switch (c.kind) {
      case syntax::TextKind::Justification:
        *justification = checkTemplate(cx, c.text, scope);
        break;
      case syntax::TextKind::Holds:
      case syntax::TextKind::Fails:
        if (!isCondition || holds == nullptr) {
          cx.report(Kind::TextForWrongKind, c.text.span,
                    {c.kind == syntax::TextKind::Holds ? "uppfyllt" : "ej uppfyllt", "ett villkor"});
          break;
        }
        *(c.kind == syntax::TextKind::Holds ? holds : fails) = checkTemplate(cx, c.text, scope);
        break;
    }
  }
}

// Checks a rule version's value expression against the rule's type, inferring it if undeclared.
Typed checkRuleValue(Context& cx, ir::RuleId id, const syntax::Ast& ast, syntax::ExprId expr,
                     Scope& scope, bool first) {
  ir::Rule& rule = cx.module.rules[id];
  const auto* decl = cx.pendingRules[id].decl;
  Typed v = decl->isCondition ? checkCondition(cx, ast, expr, scope, "villkoret '" + rule.name + "'")
                              : checkExpr(cx, ast, expr, scope);
  if (!v.ok) return v;
  if (!cx.ruleChecked[id] && first) {
    cx.module.rules[id].type = v.type;
    cx.ruleChecked[id] = true;
    return v;
  }
  ir::Rule& r = cx.module.rules[id];
  if (v.type == r.type) return v;
  TypeKind from = cx.kindOf(v.type), to = cx.kindOf(r.type);
  if (from == TypeKind::Integer && to == TypeKind::Decimal) return convertTo(cx, v, r.type);
  Span span = ast.expr(expr).span;
  if (from == TypeKind::ExactMoney && to == TypeKind::Money) {
    cx.report(Kind::NeedsRounding, span, {"värdet av '" + r.name + "'"});
  } else {
    auto& d = cx.report(Kind::DeclaredTypeMismatch, span, {r.name, cx.typeName(r.type), cx.typeName(v.type)});
    if (to == TypeKind::Date) d.hint = dateFormatHint(cx, span);
  }
  return {};
}

void checkExceptions(Context& cx, ir::RuleId id, const syntax::Ast& ast,
                     const syntax::RuleBody& body, ir::RuleVersion& version) {
  bool isCondition = cx.pendingRules[id].decl->isCondition;
  for (const auto& ex : body.exceptions) {
    Scope scope = ruleScope(cx, id);
    scope.inException = true;
    ir::Exception out;
    out.name = ex.name;
    out.span = ex.span;
    out.lagrum = textsOf(ex.meta.lagrum);
    out.condition = checkCondition(cx, ast, ex.condition, scope, "undantagets villkor").id;
    out.value = checkRuleValue(cx, id, ast, ex.value, scope, false).id;
    ir::Template unusedHolds, unusedFails;
    checkTexts(cx, ex.texts, isCondition, scope, &out.justification,
               isCondition ? &unusedHolds : nullptr, isCondition ? &unusedFails : nullptr);
    version.exceptions.push_back(std::move(out));
  }
  // Exceptions are named so that `till` can refer to one: a name is used once per version.
  for (size_t i = 0; i < body.exceptions.size(); ++i) {
    const auto& ex = body.exceptions[i];
    for (size_t j = 0; j < i && !ex.name.empty(); ++j) {
      if (body.exceptions[j].name == ex.name) {
        cx.report(Kind::DuplicateName, ex.nameSpan, {ex.name}).notes.push_back({body.exceptions[j].nameSpan, "först här"});
        break;
      }
    }
  }
  // `undantag A till B`: A takes priority over B.
  for (size_t i = 0; i < body.exceptions.size(); ++i) {
    const auto& ex = body.exceptions[i];
    if (ex.overrides.empty()) continue;
    if (ex.overrides == ex.name) {
      cx.report(Kind::ExceptionPriorityCycle, ex.overridesSpan, {ex.name + " → " + ex.name});
      continue;
    }
    bool found = false;
    for (size_t j = 0; j < body.exceptions.size(); ++j) {
      if (j != i && body.exceptions[j].name == ex.overrides) {
        cx.referenceTo(ex.overridesSpan, body.exceptions[j].nameSpan);
        version.exceptions[i].overrides.push_back(static_cast<uint32_t>(j));
        // `undantag A från B`: A also takes priority over B, and is considered only when B applies.
        if (ex.refines) version.exceptions[i].refines = static_cast<uint32_t>(j);
        found = true;
      }
    }
    if (!found) cx.report(Kind::UnknownException, ex.overridesSpan, {cx.module.rules[id].name, ex.overrides});
  }
}

std::string periodText(const std::optional<rt::Date>& from, const std::optional<rt::Date>& to) {
  std::string s = from ? rt::formatDate(*from) : "början";
  s += " – ";
  s += to ? rt::formatDate(*to) : "tills vidare";
  return s;
}

bool overlaps(const ir::RuleVersion& a, const ir::RuleVersion& b) {
  auto lo = [](const std::optional<rt::Date>& d) { return d ? d->days : INT32_MIN; };
  auto hi = [](const std::optional<rt::Date>& d) { return d ? d->days : INT32_MAX; };
  return lo(a.from) <= hi(b.to) && lo(b.from) <= hi(a.to);
}

void lowerRule(Context& cx, ir::RuleId id) {
  const auto& [ast, decl] = cx.pendingRules[id];
  std::vector<ir::RuleVersion> versions;
  bool first = true;
  for (const auto& body : decl->versions) {
    Scope scope = ruleScope(cx, id);
    ir::RuleVersion v;
    v.span = body.span;
    v.lagrum = textsOf(body.meta.lagrum);
    if (body.period) {
      v.from = body.period->from;
      v.to = body.period->to;
      if (v.to && v.to->days < v.from->days) {
        cx.report(Kind::InvalidPeriod, body.period->span,
                  {rt::formatDate(*v.from), rt::formatDate(*v.to)});
      }
    }
    v.value = checkRuleValue(cx, id, *ast, body.value, scope, first).id;
    first = false;
    checkTexts(cx, body.texts, decl->isCondition, scope, &v.justification, &v.holds, &v.fails);
    for (const auto& earlier : versions) {
      if (overlaps(earlier, v)) {
        cx.report(Kind::OverlappingPeriods, body.span,
                  {decl->name, periodText(earlier.from, earlier.to), periodText(v.from, v.to)});
      }
    }
    versions.push_back(std::move(v));
  }
  cx.module.rules[id].versions = std::move(versions);
  // Exceptions are checked once the base type is known, so `Base` has a type.
  for (size_t i = 0; i < decl->versions.size(); ++i) {
    checkExceptions(cx, id, *ast, decl->versions[i], cx.module.rules[id].versions[i]);
  }
  std::sort(cx.module.rules[id].versions.begin(), cx.module.rules[id].versions.end(),
            [](const ir::RuleVersion& a, const ir::RuleVersion& b) {
              return (a.from ? a.from->days : INT32_MIN) < (b.from ? b.from->days : INT32_MIN);
            });
}

}  // namespace

bool ensureRuleLowered(Context& cx, ir::RuleId id) {
  if (cx.ruleState[id] == 2) return cx.ruleChecked[id];
  if (cx.ruleState[id] == 1) {
    // A cycle: the graph pass reports it. A declared type still lets the caller go on.
    return cx.ruleChecked[id];
  }
  cx.ruleState[id] = 1;
  lowerRule(cx, id);
  cx.ruleState[id] = 2;
  return cx.ruleChecked[id];
}

void checkRules(Context& cx) {
  cx.ruleState.assign(cx.module.rules.size(), 0);
  for (ir::RuleId id = 0; id < cx.module.rules.size(); ++id) ensureRuleLowered(cx, id);
}

}  // namespace regel::sema
