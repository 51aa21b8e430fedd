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

ir::Template checkTemplate(Context& cx, const syntax::Text& text, Scope& scope) {
  ir::Template out;
  out.span = text.span;
  // The template is read from the source itself, so every position is exact even after
  // escapes: \{ and \} are braces, \\ a backslash, \" a quote, \n and \t as usual.
  std::string s = text.text;
  bool raw = false;
  if (text.span.file < cx.sources.size() && text.span.end >= text.span.begin + 2) {
    const std::string& src = cx.sources.file(text.span.file).text;
    if (text.span.end <= src.size() && src[text.span.begin] == '"') {
      s = src.substr(text.span.begin + 1, text.span.end - text.span.begin - 2);
      raw = true;
    }
  }
  std::string literal;
  size_t i = 0;
  // Offsets inside the text map to the file by skipping the opening quote.
  auto at = [&](size_t begin, size_t end) {
    return Span{text.span.file, text.span.begin + 1 + static_cast<uint32_t>(begin),
                text.span.begin + 1 + static_cast<uint32_t>(end)};
  };
  while (i < s.size()) {
    if (s[i] == '\\' && i + 1 < s.size()) {
      char next = s[i + 1];
      if (next == '{' || next == '}' || (raw && (next == '"' || next == '\\'))) {
        literal += next;
        i += 2;
        continue;
      }
      if (raw && (next == 'n' || next == 't')) {
        literal += next == 'n' ? '\n' : '\t';
        i += 2;
        continue;
      }
    }
    if (s[i] == '}') {
      cx.report(Kind::InvalidTemplate, at(i, i + 1), {"'}' utan '{' (skriv \\} för ett klammertecken)"});
      ++i;
      continue;
    }
    if (s[i] != '{') {
      literal += s[i++];
      continue;
    }
    size_t close = s.find('}', i);
    if (close == std::string::npos) {
      cx.report(Kind::InvalidTemplate, at(i, s.size()), {"'{' saknar avslutande '}'"});
      break;
    }
    std::string name = s.substr(i + 1, close - i - 1);
    while (!name.empty() && name.front() == ' ') name.erase(0, 1);
    while (!name.empty() && name.back() == ' ') name.pop_back();
    if (!literal.empty()) out.parts.push_back({std::move(literal), ir::kNone});
    literal.clear();
    if (name.empty()) {
      cx.report(Kind::InvalidTemplate, at(i, close + 1), {"'{}' saknar ett namn"});
    } else {
      Span span = at(i + 1, close);
      auto it = cx.symbols.find(name);
      bool known = name == "beslutsdatum" || it != cx.symbols.end();
      for (const auto& l : scope.locals) known |= l.name == name;
      if (!known) {
        auto& d = cx.report(Kind::UnknownTemplateName, span, {name});
        cx.suggest(d, name, [&] {
          std::vector<std::string> names;
          for (const auto& [n, sym] : cx.symbols) names.push_back(n);
          return names;
        });
      } else {
        // Naming the rule itself in its own text means its value, not a dependency.
        bool self = it != cx.symbols.end() && it->second.kind == SymbolKind::Rule &&
                    scope.currentRule == it->second.index;
        Typed t;
        if (self) {
          ir::Expr e{ir::ExprOp::Rule, cx.module.rules[it->second.index].type};
          e.imm = it->second.index;
          e.span = span;
          t = {cx.add(std::move(e)), e.type, true};
        } else if (scope.currentRule && !scope.inParameter) {
          // A rule's text is rendered once its value exists: what it names is used, but is not a
          // dependency that could make a cycle.
          Scope textScope = scope;
          textScope.ruleDeps = &cx.ruleTextDeps[*scope.currentRule];
          t = checkNameRef(cx, name, span, textScope);
        } else {
          t = checkNameRef(cx, name, span, scope);
        }
        if (t.ok) {
          TypeKind k = cx.kindOf(t.type);
          if (k == TypeKind::Record || k == TypeKind::List) {
            cx.report(Kind::InvalidTemplate, span, {"'" + name + "' är " + cx.typeName(t.type) + " och kan inte skrivas ut"});
          } else {
            out.parts.push_back({"", t.id});
          }
        }
      }
    }
    i = close + 1;
  }
  if (!literal.empty()) out.parts.push_back({std::move(literal), ir::kNone});
  return out;
}

}  // namespace regel::sema
