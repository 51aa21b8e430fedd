// Checks expressions: resolves names, types every node, and lowers it to the IR.
#include <fmt/format.h>

#include "compiler/sema/context.h"

namespace regel::sema {
namespace {

using syntax::ExprKind;

Typed leaf(Context& cx, ir::ExprOp op, TypeId type, uint32_t imm, Span span) {
  ir::Expr e{op, type};
  e.domain = domainOf(cx, type);
  e.imm = imm;
  e.span = span;
  return {cx.add(std::move(e)), type, true};
}

std::vector<std::string> visibleNames(const Context& cx, const Scope& scope) {
  std::vector<std::string> names;
  for (const auto& l : scope.locals) names.push_back(l.name);
  for (const auto& [n, s] : cx.symbols) names.push_back(n);
  names.push_back("beslutsdatum");
  return names;
}

// A local bound by an aggregate for the duration of checking its body.
uint32_t bindLocal(Context& cx, Scope& scope, const std::string& name, TypeId type, Span span) {
  uint32_t slot = (*scope.localCount)++;
  scope.locals.push_back({name, slot, type, span});
  cx.bound(scope.locals.back());
  return slot;
}

// Checks the list operand of an aggregate and returns its element type.
std::optional<TypeId> checkList(Context& cx, const syntax::Ast& ast, syntax::ExprId id, Scope& scope,
                                Typed& list) {
  list = checkExpr(cx, ast, id, scope);
  if (!list.ok) return std::nullopt;
  const auto& t = cx.module.types[list.type];
  if (t.kind != TypeKind::List) {
    Span span = ast.expr(id).span;
    cx.report(Kind::NotAList, span, {fmt::format("'{}' ({})", cx.sourceText(span), cx.typeName(list.type))});
    return std::nullopt;
  }
  return t.ref;
}

Typed checkAggregate(Context& cx, const syntax::Ast& ast, const syntax::Expr& ex, Scope& scope) {
  Typed list;
  // Fold and the quantifiers have the list in `a`; the variable in `name`.
  auto elem = checkList(cx, ast, ex.a, scope, list);
  if (!elem) return {};
  uint32_t slot = bindLocal(cx, scope, ex.name, *elem, ex.nameSpan);
  ir::Expr e{ir::ExprOp::Count, cx.tInt};
  e.a = list.id;
  e.imm = slot;
  e.span = ex.span;
  bool ok = true;
  if (ex.c != syntax::kNoExpr) {
    Typed filter = checkCondition(cx, ast, ex.c, scope, "filtret efter 'där'");
    ok &= filter.ok;
    e.c = filter.id;
  }
  if (ex.kind == ExprKind::Fold) {
    Typed body = checkExpr(cx, ast, ex.b, scope);
    ok &= body.ok;
    if (body.ok && !isNumeric(cx, body.type)) {
      cx.report(Kind::OperatorTypes, ast.expr(ex.b).span, {"summa", cx.typeName(body.type), "lista"});
      ok = false;
    }
    e.op = ir::ExprOp::Fold;
    e.sub = static_cast<uint8_t>(ex.op);
    e.type = body.type;
    e.domain = body.ok ? domainOf(cx, body.type) : ir::Domain::Int;
    e.b = body.id;
  } else if (ex.kind == ExprKind::Quantifier) {
    Typed body = checkCondition(cx, ast, ex.b, scope, "villkoret efter 'uppfyller'");
    ok &= body.ok;
    e.op = ex.op == static_cast<uint8_t>(syntax::QuantifierKind::All) ? ir::ExprOp::All : ir::ExprOp::Any;
    e.type = cx.tBool;
    e.b = body.id;
  }
  scope.locals.pop_back();
  if (!ok) return {};
  TypeId type = e.type;
  return {cx.add(std::move(e)), type, true};
}

// The functions of the language, by name (a parameter of the same name is called instead).
bool isBuiltinFunction(const std::string& name) {
  return name == "max" || name == "min" || name == "år" || name == "finns" || isDateFunction(name);
}

Typed checkBuiltin(Context& cx, const syntax::Ast& ast, const syntax::Expr& ex, Scope& scope) {
  std::vector<Typed> args;
  for (auto a : ex.args) args.push_back(checkExpr(cx, ast, a, scope));
  for (const auto& a : args) {
    if (!a.ok) return {};
  }
  if (isDateFunction(ex.name)) return checkDateFunction(cx, ex, args);
  auto arity = [&](size_t n, const char* count) {
    if (args.size() == n) return true;
    cx.report(Kind::WrongArgumentCount, ex.span, {ex.name, count, std::to_string(args.size())}).hint =
        argumentCommaHint(cx, ex.span, args);
    return false;
  };
  if (ex.name == "max" || ex.name == "min") {
    if (args.size() < 2) {
      cx.report(Kind::WrongArgumentCount, ex.span, {ex.name, "minst 2", std::to_string(args.size())}).hint =
          argumentCommaHint(cx, ex.span, args);
      return {};
    }
    TypeId type = args[0].type;
    for (size_t i = 1; i < args.size(); ++i) {
      auto u = unify(cx, type, args[i].type);
      if (!u || !isNumeric(cx, *u)) {
        cx.report(Kind::OperatorTypes, ex.span, {ex.name, cx.typeName(type), cx.typeName(args[i].type)});
        return {};
      }
      type = *u;
    }
    ir::Expr e{ex.name == "max" ? ir::ExprOp::Max : ir::ExprOp::Min, type};
    e.domain = domainOf(cx, type);
    for (auto& a : args) e.args.push_back(convertTo(cx, a, type).id);
    e.span = ex.span;
    return {cx.add(std::move(e)), type, true};
  }
  if (ex.name == "år") {
    if (!arity(1, "1")) return {};
    TypeKind k = cx.kindOf(args[0].type);
    if (k != TypeKind::Date && k != TypeKind::Month) {
      cx.report(Kind::ArgumentType, ex.span, {"1", "år", "datum eller månad", cx.typeName(args[0].type)});
      return {};
    }
    ir::Expr e{ir::ExprOp::YearOf, cx.tInt};
    e.domain = domainOf(cx, args[0].type);
    e.a = args[0].id;
    e.span = ex.span;
    return {cx.add(std::move(e)), cx.tInt, true};
  }
  // finns(x): x must read a field of the case directly.
  if (!arity(1, "1")) return {};
  const ir::Expr& arg = cx.module.exprs[args[0].id];
  if (arg.op != ir::ExprOp::Input && arg.op != ir::ExprOp::Field) {
    cx.report(Kind::ArgumentType, ex.span, {"1", "finns", "ett fält i indata", "ett beräknat värde"});
    return {};
  }
  ir::Expr e{ir::ExprOp::Present, cx.tBool};
  e.domain = ir::Domain::Bool;
  e.a = args[0].id;
  e.span = ex.span;
  return {cx.add(std::move(e)), cx.tBool, true};
}

Typed checkCall(Context& cx, const syntax::Ast& ast, const syntax::Expr& ex, Scope& scope) {
  auto it = cx.symbols.find(ex.name);
  if (it != cx.symbols.end()) cx.referenceTo(ex.nameSpan, it->second.span);
  if (it != cx.symbols.end() && it->second.kind == SymbolKind::Rule && cx.module.rules[it->second.index].perItem() &&
      !scope.inParameter) {
    std::vector<Typed> args;
    std::vector<Span> spans;
    for (auto a : ex.args) {
      args.push_back(checkExpr(cx, ast, a, scope));
      spans.push_back(ast.expr(a).span);
    }
    return checkItemRuleCall(cx, it->second.index, ex.span, args, spans, scope);
  }
  if (it == cx.symbols.end() || it->second.kind != SymbolKind::Parameter) {
    if (isBuiltinFunction(ex.name)) return checkBuiltin(cx, ast, ex, scope);
    // The arguments are still checked: errors inside them are real, and names they use are used.
    for (auto a : ex.args) checkExpr(cx, ast, a, scope);
    if (it != cx.symbols.end()) {
      if (it->second.kind == SymbolKind::Rule && scope.ruleDeps) scope.ruleDeps->insert(it->second.index);
      cx.report(Kind::NotCallable, ex.nameSpan, {ex.name, describeSymbol(it->second.kind)});
      return {};
    }
    auto& d = cx.report(Kind::UnknownFunction, ex.nameSpan, {ex.name});
    cx.suggest(d, ex.name, [&] {
      std::vector<std::string> callable = {"max", "min", "år", "finns"};
      for (auto& n : dateFunctionNames()) callable.push_back(std::move(n));
      for (const auto& [n, s] : cx.symbols) {
        if (s.kind == SymbolKind::Parameter) callable.push_back(n);
      }
      return callable;
    });
    return {};
  }
  ir::ParamId pid = it->second.index;
  const ir::Parameter& param = cx.module.params[pid];
  cx.paramsUsed.insert(pid);
  if (scope.paramDeps) scope.paramDeps->insert(pid);
  if (ex.args.size() != param.args.size()) {
    std::vector<Typed> args;
    for (auto a : ex.args) args.push_back(checkExpr(cx, ast, a, scope));
    cx.report(Kind::WrongArgumentCount, ex.span,
              {ex.name, std::to_string(param.args.size()), std::to_string(ex.args.size())})
        .hint = argumentCommaHint(cx, ex.span, args);
    return {};
  }
  ir::Expr e{ir::ExprOp::Param, param.type};
  e.domain = domainOf(cx, param.type);
  e.imm = pid;
  e.span = ex.span;
  bool ok = true;
  for (size_t i = 0; i < ex.args.size(); ++i) {
    Typed a = checkExpr(cx, ast, ex.args[i], scope);
    if (!a.ok) {
      ok = false;
      continue;
    }
    TypeId want = param.args[i].type;
    if (a.type != want && !(cx.kindOf(a.type) == TypeKind::Integer && cx.kindOf(want) == TypeKind::Decimal)) {
      cx.report(Kind::ArgumentType, ast.expr(ex.args[i]).span,
                {std::to_string(i + 1), ex.name, cx.typeName(want), cx.typeName(a.type)});
      ok = false;
      continue;
    }
    e.args.push_back(convertTo(cx, a, want).id);
  }
  if (!ok) return {};
  TypeId type = param.type;
  return {cx.add(std::move(e)), type, true};
}

Typed checkField(Context& cx, const syntax::Ast& ast, const syntax::Expr& ex, Scope& scope) {
  Typed base = checkExpr(cx, ast, ex.a, scope);
  if (!base.ok) return {};
  Typed t = checkFieldOf(cx, base, ex.name, ex.nameSpan);
  if (t.ok) cx.module.exprs[t.id].span = ex.span;
  return t;
}

Typed checkIf(Context& cx, const syntax::Ast& ast, const syntax::Expr& ex, Scope& scope) {
  Typed cond = checkCondition(cx, ast, ex.a, scope, "villkoret efter 'om'");
  Typed then = checkExpr(cx, ast, ex.b, scope);
  Typed otherwise = checkExpr(cx, ast, ex.c, scope);
  if (!cond.ok || !then.ok || !otherwise.ok) return {};
  auto type = unify(cx, then.type, otherwise.type);
  if (!type) {
    cx.report(Kind::BranchTypes, ex.span, {cx.typeName(then.type), cx.typeName(otherwise.type)});
    return {};
  }
  ir::Expr e{ir::ExprOp::If, *type};
  e.domain = domainOf(cx, *type);
  e.a = cond.id;
  e.b = convertTo(cx, then, *type).id;
  e.c = convertTo(cx, otherwise, *type).id;
  e.span = ex.span;
  return {cx.add(std::move(e)), *type, true};
}

Typed checkLogic(Context& cx, const syntax::Ast& ast, const syntax::Expr& ex, Scope& scope) {
  const char* word = ex.kind == ExprKind::And ? "'och'" : "'eller'";
  Typed a = checkCondition(cx, ast, ex.a, scope, fmt::format("vänstra ledet av {}", word));
  Typed b = checkCondition(cx, ast, ex.b, scope, fmt::format("högra ledet av {}", word));
  if (!a.ok || !b.ok) return {};
  ir::Expr e{ex.kind == ExprKind::And ? ir::ExprOp::And : ir::ExprOp::Or, cx.tBool};
  e.domain = ir::Domain::Bool;
  e.a = a.id;
  e.b = b.id;
  e.span = ex.span;
  return {cx.add(std::move(e)), cx.tBool, true};
}

}  // namespace

Typed checkFieldOf(Context& cx, Typed base, const std::string& name, Span nameSpan) {
  const auto& t = cx.module.types[base.type];
  if (t.kind != TypeKind::Record) {
    cx.report(Kind::NotARecord, nameSpan, {name, cx.typeName(base.type)});
    return {};
  }
  const auto& rec = cx.module.types.records[t.ref];
  for (uint32_t i = 0; i < rec.fields.size(); ++i) {
    if (rec.fields[i].name != name) continue;
    if (auto at = cx.fieldSpans.find({t.ref, i}); at != cx.fieldSpans.end()) cx.referenceTo(nameSpan, at->second);
    ir::Expr e{ir::ExprOp::Field, rec.fields[i].type};
    e.domain = domainOf(cx, rec.fields[i].type);
    e.a = base.id;
    e.imm = i;
    e.span = nameSpan;
    return {cx.add(std::move(e)), rec.fields[i].type, true};
  }
  auto& d = cx.report(Kind::UnknownField, nameSpan, {"posten '" + rec.name + "'", name});
  cx.suggest(d, name, [&] { return fieldNames(rec); });
  return {};
}

Typed checkItemRuleCall(Context& cx, ir::RuleId id, Span span, const std::vector<Typed>& args,
                        const std::vector<Span>& argSpans, Scope& scope) {
  if (scope.ruleDeps) scope.ruleDeps->insert(id);
  const std::string& name = cx.module.rules[id].name;
  if (args.size() != 1) {
    cx.report(Kind::WrongArgumentCount, span, {name, "1", std::to_string(args.size())});
    return {};
  }
  if (!args[0].ok) return {};
  const TypeId want = cx.module.rules[id].argType;
  if (args[0].type != want) {
    cx.report(Kind::ArgumentType, argSpans[0], {"1", name, cx.typeName(want), cx.typeName(args[0].type)});
    return {};
  }
  if (!ensureRuleLowered(cx, id)) return {};
  ir::Expr e{ir::ExprOp::RuleItem, cx.module.rules[id].type};
  e.domain = domainOf(cx, e.type);
  e.imm = id;
  e.a = args[0].id;
  e.span = span;
  return {cx.add(std::move(e)), cx.module.rules[id].type, true};
}

Typed literalConstant(Context& cx, const syntax::Literal& lit) {
  using L = syntax::LiteralKind;
  switch (lit.kind) {
    case L::Integer: return cx.constant(cx.tInt, rt::Value::integer(lit.number.num), lit.span);
    case L::Decimal: return cx.constant(cx.tDec, rt::Value::rational(lit.number), lit.span);
    case L::Percent: return cx.constant(cx.tPct, rt::Value::rational(lit.number), lit.span);
    case L::Money: return cx.constant(cx.tMoney, rt::Value::money(lit.money), lit.span);
    case L::Date: return cx.constant(cx.tDate, rt::Value::date(lit.date), lit.span);
    case L::Month: return cx.constant(cx.tMonth, rt::Value::month(lit.month), lit.span);
    case L::Bool: return cx.constant(cx.tBool, rt::Value::boolean(lit.boolean), lit.span);
    case L::Text: {
      auto& texts = cx.module.texts;
      auto [it, added] = cx.textIndex.try_emplace(lit.text, static_cast<uint32_t>(texts.size()));
      if (added) texts.push_back(lit.text);
      return cx.constant(cx.tText, rt::Value{static_cast<int64_t>(it->second), 0}, lit.span);
    }
  }
  return {};
}

Typed checkNameRef(Context& cx, const std::string& name, Span span, Scope& scope) {
  for (auto it = scope.locals.rbegin(); it != scope.locals.rend(); ++it) {
    if (it->name != name) continue;
    cx.referenceTo(span, it->span);
    return leaf(cx, ir::ExprOp::Local, it->type, it->slot, span);
  }
  auto it = cx.symbols.find(name);
  if (it == cx.symbols.end()) {
    if (name == "beslutsdatum") return leaf(cx, ir::ExprOp::DecisionDate, cx.tDate, 0, span);
    auto& d = cx.report(Kind::UnknownName, span, {name});
    cx.suggest(d, name, [&] { return visibleNames(cx, scope); });
    return {};
  }
  const Symbol& sym = it->second;
  cx.referenceTo(span, sym.span);
  switch (sym.kind) {
    case SymbolKind::Rule: {
      if (scope.inParameter) {
        cx.report(Kind::NotAValue, span, {name, "en definition"});
        return {};
      }
      if (scope.inException && scope.currentRule == sym.index) {
        return leaf(cx, ir::ExprOp::Base, cx.module.rules[sym.index].type, 0, span);
      }
      if (scope.ruleDeps) scope.ruleDeps->insert(sym.index);
      if (cx.module.rules[sym.index].perItem()) {
        cx.report(Kind::ItemRuleNeedsElement, span, {name, cx.module.rules[sym.index].argName});
        return {};
      }
      if (!ensureRuleLowered(cx, sym.index)) return {};
      return leaf(cx, ir::ExprOp::Rule, cx.module.rules[sym.index].type, sym.index, span);
    }
    case SymbolKind::Input: {
      if (scope.inParameter) {
        cx.report(Kind::NotAValue, span, {name, "ett indatafält"});
        return {};
      }
      cx.inputsUsed.insert(sym.index);
      if (scope.inputDeps) scope.inputDeps->insert(sym.index);
      TypeId t = cx.inputRecord().fields[sym.index].type;
      return leaf(cx, ir::ExprOp::Input, t, sym.index, span);
    }
    case SymbolKind::Parameter: {
      const auto& p = cx.module.params[sym.index];
      cx.paramsUsed.insert(sym.index);
      if (!p.args.empty()) {
        cx.report(Kind::ParameterNeedsArguments, span, {name, std::to_string(p.args.size())});
        return {};
      }
      cx.paramsUsed.insert(sym.index);
      if (scope.paramDeps) scope.paramDeps->insert(sym.index);
      return leaf(cx, ir::ExprOp::Param, p.type, sym.index, span);
    }
    case SymbolKind::EnumValue: {
      TypeId t = cx.module.types.intern({TypeKind::Enum, sym.index});
      return cx.constant(t, rt::Value::integer(sym.ordinal), span);
    }
    case SymbolKind::DecisionDate: return leaf(cx, ir::ExprOp::DecisionDate, cx.tDate, 0, span);
  }
  return {};
}

Typed checkExpr(Context& cx, const syntax::Ast& ast, syntax::ExprId id, Scope& scope) {
  if (id == syntax::kNoExpr) return {};
  const syntax::Expr& ex = ast.expr(id);
  switch (ex.kind) {
    case ExprKind::Literal: return literalConstant(cx, ex.lit);
    case ExprKind::Name: return checkNameRef(cx, ex.name, ex.span, scope);
    case ExprKind::Field: return checkField(cx, ast, ex, scope);
    case ExprKind::Call: return checkCall(cx, ast, ex, scope);
    case ExprKind::Negate: return checkNegate(cx, checkExpr(cx, ast, ex.a, scope), ex.span);
    case ExprKind::Not: {
      Typed a = checkCondition(cx, ast, ex.a, scope, "uttrycket efter 'inte'");
      if (!a.ok) return {};
      ir::Expr e{ir::ExprOp::Not, cx.tBool};
      e.domain = ir::Domain::Bool;
      e.a = a.id;
      e.span = ex.span;
      return {cx.add(std::move(e)), cx.tBool, true};
    }
    case ExprKind::Binary: {
      if (ex.b != syntax::kNoExpr && ast.expr(ex.b).kind == ExprKind::Duration &&
          static_cast<syntax::BinaryOp>(ex.op) != syntax::BinaryOp::Mul &&
          static_cast<syntax::BinaryOp>(ex.op) != syntax::BinaryOp::Div) {
        return checkDateShift(cx, ast, ex, scope);
      }
      Typed a = checkExpr(cx, ast, ex.a, scope);
      Typed b = checkExpr(cx, ast, ex.b, scope);
      return checkArithmetic(cx, static_cast<syntax::BinaryOp>(ex.op), a, b, ex.span);
    }
    case ExprKind::Of: {
      Typed a = checkExpr(cx, ast, ex.a, scope);
      Typed b = checkExpr(cx, ast, ex.b, scope);
      return checkOf(cx, a, b, ex.span);
    }
    case ExprKind::Compare: {
      Typed a = checkExpr(cx, ast, ex.a, scope);
      Typed b = checkExpr(cx, ast, ex.b, scope);
      return checkCompare(cx, static_cast<syntax::CompareOp>(ex.op), a, b, ex.span);
    }
    case ExprKind::And:
    case ExprKind::Or: return checkLogic(cx, ast, ex, scope);
    case ExprKind::Round: return checkRound(cx, ex, checkExpr(cx, ast, ex.a, scope));
    case ExprKind::Duration:
      // Only `x + n dagar` and `x - n dagar` take a span of time (checkDateShift).
      checkExpr(cx, ast, ex.a, scope);
      cx.report(Kind::DurationMisplaced, ex.span, {cx.sourceText(ex.span)});
      return {};
    case ExprKind::If: return checkIf(cx, ast, ex, scope);
    case ExprKind::Fold:
    case ExprKind::CountWhere:
    case ExprKind::Quantifier: return checkAggregate(cx, ast, ex, scope);
    case ExprKind::Order: return checkOrder(cx, ast, ex, scope);
    case ExprKind::Count: {
      Typed list;
      if (!checkList(cx, ast, ex.a, scope, list)) return {};
      ir::Expr e{ir::ExprOp::Count, cx.tInt};
      e.a = list.id;
      e.imm = ir::kNone;
      e.span = ex.span;
      return {cx.add(std::move(e)), cx.tInt, true};
    }
  }
  return {};
}

Typed checkCondition(Context& cx, const syntax::Ast& ast, syntax::ExprId id, Scope& scope,
                     const std::string& what) {
  Typed t = checkExpr(cx, ast, id, scope);
  if (t.ok && t.type != cx.tBool) {
    cx.report(Kind::NotABoolean, ast.expr(id).span, {what, cx.typeName(t.type)});
    return {};
  }
  return t;
}

}  // namespace regel::sema
