// Typing of operators: which operand types each operator accepts, what it yields, and the
// explicit conversions inserted so that backends see operands of one domain only.
#include <fmt/format.h>

#include "compiler/sema/context.h"

namespace regel::sema {
namespace {

bool isKind(const Context& cx, TypeId t, TypeKind k) { return cx.kindOf(t) == k; }

Typed node(Context& cx, ir::ExprOp op, TypeId type, ir::Domain domain, Span span, Typed a,
           Typed b = {}) {
  return {addNode(cx, op, type, domain, span, a.id, b.id), type, true};
}

const char* binaryText(syntax::BinaryOp op) {
  switch (op) {
    case syntax::BinaryOp::Add: return "+";
    case syntax::BinaryOp::Sub: return "-";
    case syntax::BinaryOp::Mul: return "*";
    case syntax::BinaryOp::Div: return "/";
  }
  return "?";
}

Typed operatorError(Context& cx, const std::string& op, Typed a, Typed b, Span span) {
  cx.report(Kind::OperatorTypes, span, {op, cx.typeName(a.type), cx.typeName(b.type)});
  return {};
}

}  // namespace

ir::ExprId addNode(Context& cx, ir::ExprOp op, TypeId type, ir::Domain domain, Span span, ir::ExprId a,
                   ir::ExprId b) {
  ir::Expr e{op, type};
  e.domain = domain;
  e.a = a;
  e.b = b;
  e.span = span;
  return cx.add(std::move(e));
}

bool isNumeric(const Context& cx, TypeId t) {
  switch (cx.kindOf(t)) {
    case TypeKind::Integer:
    case TypeKind::Decimal:
    case TypeKind::Money:
    case TypeKind::ExactMoney:
    case TypeKind::Percent: return true;
    default: return false;
  }
}

bool isRatDomain(const Context& cx, TypeId t) {
  TypeKind k = cx.kindOf(t);
  return k == TypeKind::Decimal || k == TypeKind::Percent || k == TypeKind::ExactMoney;
}

ir::Domain domainOf(const Context& cx, TypeId t) {
  switch (cx.kindOf(t)) {
    case TypeKind::Integer: return ir::Domain::Int;
    case TypeKind::Money: return ir::Domain::Money;
    case TypeKind::Decimal:
    case TypeKind::Percent:
    case TypeKind::ExactMoney: return ir::Domain::Rat;
    case TypeKind::Date: return ir::Domain::Date;
    case TypeKind::Month: return ir::Domain::Month;
    case TypeKind::Bool: return ir::Domain::Bool;
    case TypeKind::Enum: return ir::Domain::Enum;
    case TypeKind::Text: return ir::Domain::Text;
    case TypeKind::Record:
    case TypeKind::List: return ir::Domain::Int;
  }
  return ir::Domain::Int;
}

Typed toRat(Context& cx, Typed e) {
  if (!e.ok) return e;
  if (isKind(cx, e.type, TypeKind::Integer)) {
    return node(cx, ir::ExprOp::IntToRat, cx.tDec, ir::Domain::Int, cx.module.exprs[e.id].span, e);
  }
  if (isKind(cx, e.type, TypeKind::Money)) {
    return node(cx, ir::ExprOp::MoneyToRat, cx.tExact, ir::Domain::Money, cx.module.exprs[e.id].span, e);
  }
  return e;
}

std::optional<TypeId> unify(const Context& cx, TypeId a, TypeId b) {
  if (a == b) return a;
  TypeKind ka = cx.kindOf(a), kb = cx.kindOf(b);
  auto isMoney = [](TypeKind k) { return k == TypeKind::Money || k == TypeKind::ExactMoney; };
  auto isNumber = [](TypeKind k) {
    return k == TypeKind::Integer || k == TypeKind::Decimal || k == TypeKind::Percent;
  };
  if (isMoney(ka) && isMoney(kb)) return cx.tExact;
  if (isNumber(ka) && isNumber(kb)) {
    if (ka == TypeKind::Percent && kb == TypeKind::Percent) return cx.tPct;
    return cx.tDec;
  }
  return std::nullopt;
}

Typed convertTo(Context& cx, Typed e, TypeId target) {
  if (!e.ok || e.type == target) return e;
  Typed r = toRat(cx, e);
  r.type = target;
  if (r.id != ir::kNone && r.id != e.id) cx.module.exprs[r.id].type = target;
  return r;
}

Typed checkArithmetic(Context& cx, syntax::BinaryOp op, Typed a, Typed b, Span span) {
  if (!a.ok || !b.ok) return {};
  using K = TypeKind;
  using Op = syntax::BinaryOp;
  K ka = cx.kindOf(a.type), kb = cx.kindOf(b.type);
  std::string opText = binaryText(op);
  if (!isNumeric(cx, a.type) || !isNumeric(cx, b.type)) return operatorError(cx, opText, a, b, span);
  bool moneyA = ka == K::Money || ka == K::ExactMoney;
  bool moneyB = kb == K::Money || kb == K::ExactMoney;
  if (op == Op::Add || op == Op::Sub) {
    ir::ExprOp irOp = op == Op::Add ? ir::ExprOp::Add : ir::ExprOp::Sub;
    if (moneyA != moneyB) return operatorError(cx, opText, a, b, span);
    if (ka == K::Integer && kb == K::Integer) return node(cx, irOp, cx.tInt, ir::Domain::Int, span, a, b);
    if (ka == K::Money && kb == K::Money) return node(cx, irOp, cx.tMoney, ir::Domain::Money, span, a, b);
    TypeId result = *unify(cx, a.type, b.type);
    return node(cx, irOp, result, ir::Domain::Rat, span, toRat(cx, a), toRat(cx, b));
  }
  if (op == Op::Mul) {
    if (moneyA && moneyB) return operatorError(cx, opText, a, b, span);
    if (ka == K::Integer && kb == K::Integer) return node(cx, ir::ExprOp::Mul, cx.tInt, ir::Domain::Int, span, a, b);
    if (ka == K::Money && kb == K::Integer) return node(cx, ir::ExprOp::MulMoneyInt, cx.tMoney, ir::Domain::Money, span, a, b);
    if (ka == K::Integer && kb == K::Money) return node(cx, ir::ExprOp::MulMoneyInt, cx.tMoney, ir::Domain::Money, span, b, a);
    TypeId result = cx.tDec;
    if (moneyA || moneyB) {
      result = cx.tExact;
    } else if ((ka == K::Percent) != (kb == K::Percent)) {
      result = cx.tPct;
    }
    return node(cx, ir::ExprOp::Mul, result, ir::Domain::Rat, span, toRat(cx, a), toRat(cx, b));
  }
  // Division.
  if (!moneyA && moneyB) return operatorError(cx, opText, a, b, span);
  const ir::Expr& rhs = cx.module.exprs[b.id];
  if (rhs.op == ir::ExprOp::Const) {
    rt::Value v = cx.module.constants[rhs.imm].value;
    if (v.a == 0) {
      cx.report(Kind::ConstantDivisionByZero, span);
      return {};
    }
  }
  TypeId result = cx.tDec;
  if (moneyA && !moneyB) {
    result = cx.tExact;
  } else if (ka == K::Percent && kb != K::Percent) {
    result = cx.tPct;
  }
  return node(cx, ir::ExprOp::Div, result, ir::Domain::Rat, span, toRat(cx, a), toRat(cx, b));
}

Typed checkOf(Context& cx, Typed a, Typed b, Span span) {
  if (!a.ok || !b.ok) return {};
  TypeKind ka = cx.kindOf(a.type), kb = cx.kindOf(b.type);
  bool share = ka == TypeKind::Percent || ka == TypeKind::Decimal;
  if (!share || !isNumeric(cx, b.type)) return operatorError(cx, "av", a, b, span);
  TypeId result = (kb == TypeKind::Money || kb == TypeKind::ExactMoney) ? cx.tExact : cx.tDec;
  return node(cx, ir::ExprOp::Mul, result, ir::Domain::Rat, span, toRat(cx, a), toRat(cx, b));
}

Typed checkNegate(Context& cx, Typed a, Span span) {
  if (!a.ok) return {};
  if (!isNumeric(cx, a.type)) {
    cx.report(Kind::OperatorTypes, span, {"-", cx.typeName(a.type), cx.typeName(a.type)});
    return {};
  }
  return node(cx, ir::ExprOp::Neg, a.type, domainOf(cx, a.type), span, a);
}

Typed checkCompare(Context& cx, syntax::CompareOp op, Typed a, Typed b, Span span) {
  if (!a.ok || !b.ok) return {};
  bool ordering = op != syntax::CompareOp::Eq && op != syntax::CompareOp::Ne;
  auto fail = [&]() -> Typed {
    auto& d = cx.report(Kind::CompareTypes, span, {cx.typeName(a.type), cx.typeName(b.type)});
    // `född < 2023/03/01`: a date in another format is arithmetic to the checker.
    for (auto [date, other] : {std::pair{a, b}, std::pair{b, a}}) {
      const TypeKind k = cx.kindOf(date.type);
      if ((k == TypeKind::Date || k == TypeKind::Month) && !d.hint) d.hint = dateFormatHint(cx, cx.module.exprs[other.id].span);
    }
    // Comparing money with a bare number is almost always a forgotten `kr`.
    auto isMoney = [&](TypeId t) {
      return cx.kindOf(t) == TypeKind::Money || cx.kindOf(t) == TypeKind::ExactMoney;
    };
    for (auto [money, other] : {std::pair{a, b}, std::pair{b, a}}) {
      const ir::Expr& o = cx.module.exprs[other.id];
      if (isMoney(money.type) && o.op == ir::ExprOp::Const && cx.kindOf(other.type) == TypeKind::Integer) {
        d.suggestion = rt::formatInt(cx.module.constants[o.imm].value.a) + " kr";
      }
    }
    return {};
  };
  ir::Expr e{ir::ExprOp::Compare, cx.tBool};
  e.sub = static_cast<uint8_t>(op);
  e.span = span;
  if (a.type == b.type && !isRatDomain(cx, a.type)) {
    TypeKind k = cx.kindOf(a.type);
    if (k == TypeKind::Record || k == TypeKind::List) return fail();
    if (ordering && (k == TypeKind::Bool || k == TypeKind::Enum || k == TypeKind::Text)) return fail();
    e.domain = domainOf(cx, a.type);
    e.a = a.id;
    e.b = b.id;
    return {cx.add(std::move(e)), cx.tBool, true};
  }
  const TypeKind ka = cx.kindOf(a.type), kb = cx.kindOf(b.type);
  if ((ka == TypeKind::Date && kb == TypeKind::Month) || (ka == TypeKind::Month && kb == TypeKind::Date)) {
    return checkDateMonthCompare(cx, op, a, b, span);
  }
  if (!isNumeric(cx, a.type) || !isNumeric(cx, b.type) || !unify(cx, a.type, b.type)) return fail();
  e.domain = ir::Domain::Rat;
  e.a = toRat(cx, a).id;
  e.b = toRat(cx, b).id;
  return {cx.add(std::move(e)), cx.tBool, true};
}

Typed checkRound(Context& cx, const syntax::Expr& ex, Typed a) {
  if (!a.ok) return {};
  TypeKind k = cx.kindOf(a.type);
  const char* unitName = ex.unit == syntax::RoundUnit::Kronor ? "kronor"
                         : ex.unit == syntax::RoundUnit::Ore  ? "ören"
                                                              : "tal";
  bool money = k == TypeKind::Money || k == TypeKind::ExactMoney;
  bool number = k == TypeKind::Decimal || k == TypeKind::Percent || k == TypeKind::Integer;
  bool toMoney = ex.unit != syntax::RoundUnit::Integer;
  if ((toMoney && !money) || (!toMoney && !number)) {
    cx.report(Kind::RoundingNotApplicable, ex.span, {cx.typeName(a.type), unitName});
    return {};
  }
  ir::Expr e{ir::ExprOp::Round, toMoney ? cx.tMoney : cx.tInt};
  e.domain = ir::Domain::Rat;
  e.sub = static_cast<uint8_t>(ex.direction);
  e.imm = ex.unit == syntax::RoundUnit::Kronor ? 100 : ex.unit == syntax::RoundUnit::Ore ? 1 : 0;
  e.a = toRat(cx, a).id;
  e.span = ex.span;
  return {cx.add(std::move(e)), e.type, true};
}

Typed coerce(Context& cx, Typed e, TypeId target, Span span, const std::string& what) {
  if (!e.ok || e.type == target) return e;
  TypeKind from = cx.kindOf(e.type), to = cx.kindOf(target);
  if (from == TypeKind::Integer && (to == TypeKind::Decimal)) return convertTo(cx, e, target);
  if (from == TypeKind::ExactMoney && to == TypeKind::Money) {
    cx.report(Kind::NeedsRounding, span, {what});
    return {};
  }
  cx.report(Kind::ValueType, span, {cx.typeName(target), cx.typeName(e.type)});
  return {};
}

}  // namespace regel::sema
