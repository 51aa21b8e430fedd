// Typing of the calendar: the date functions (dag, månad, datum, ålder, …), a date or month moved
// by a span of time (`födelsedatum + 18 år`), and a date compared with a month. Everything lowers
// to the calendar nodes of the IR (ir.h), whose results the runtime checks (R0513).
#include <array>

#include "compiler/sema/context.h"

namespace regel::sema {
namespace {

using syntax::TimeUnit;

Typed node(Context& cx, ir::ExprOp op, TypeId type, Span span, Typed a, Typed b = {}) {
  return {addNode(cx, op, type, domainOf(cx, type), span, a.id, b.id), type, true};
}

// A node whose operands are dates or months: its domain is theirs, not its result's.
Typed calendarNode(Context& cx, ir::ExprOp op, TypeId type, Span span, Typed a, Typed b = {}) {
  return {addNode(cx, op, type, domainOf(cx, a.type), span, a.id, b.id), type, true};
}

// The date functions, with the kinds of argument each takes (in the order of the diagnostics).
struct DateFunction {
  const char* name;
  size_t arity;
  const char* wants;  // Swedish, for R0214
};
constexpr std::array kDateFunctions = {
    DateFunction{"dag", 1, "datum"},
    DateFunction{"månad", 1, "datum"},
    DateFunction{"månadsnummer", 1, "datum eller månad"},
    DateFunction{"datum", 3, "heltal"},
    DateFunction{"första_dagen", 1, "datum eller månad"},
    DateFunction{"sista_dagen", 1, "datum eller månad"},
    DateFunction{"dagar_mellan", 2, "datum"},
    DateFunction{"månader_mellan", 2, "datum (eller två månader)"},
    DateFunction{"år_mellan", 2, "datum (eller två månader)"},
    DateFunction{"ålder", 2, "datum"},
};

const DateFunction* findDateFunction(const std::string& name) {
  for (const auto& f : kDateFunctions) {
    if (name == f.name) return &f;
  }
  return nullptr;
}

// A month as a date (its first day) or a date's month, for functions that take either.
Typed monthOf(Context& cx, Typed x, Span span) {
  if (cx.kindOf(x.type) == TypeKind::Month) return x;
  return calendarNode(cx, ir::ExprOp::MonthOfDate, cx.tMonth, span, x);
}
Typed dateOf(Context& cx, Typed x, Span span) {
  if (cx.kindOf(x.type) == TypeKind::Date) return x;
  return calendarNode(cx, ir::ExprOp::FirstDay, cx.tDate, span, x);
}

// Whether every argument is of one of the kinds `f` takes; reports the first that is not.
bool argumentsFit(Context& cx, const DateFunction& f, const syntax::Expr& call, const std::vector<Typed>& args) {
  auto kind = [&](size_t i) { return cx.kindOf(args[i].type); };
  const bool eitherKind = f.arity == 1 && std::string(f.wants) == "datum eller månad";
  const bool pairOfMonths = f.arity == 2 && std::string(f.name) != "dagar_mellan" && std::string(f.name) != "ålder" &&
                            kind(0) == TypeKind::Month && kind(1) == TypeKind::Month;
  for (size_t i = 0; i < args.size(); ++i) {
    TypeKind k = kind(i);
    bool ok = f.arity == 3 ? k == TypeKind::Integer
                           : k == TypeKind::Date || ((eitherKind || pairOfMonths) && k == TypeKind::Month);
    if (!ok) {
      cx.report(Kind::ArgumentType, call.span, {std::to_string(i + 1), f.name, f.wants, cx.typeName(args[i].type)});
      return false;
    }
  }
  return true;
}

}  // namespace

bool isDateFunction(const std::string& name) { return findDateFunction(name) != nullptr; }

std::vector<std::string> dateFunctionNames() {
  std::vector<std::string> names;
  for (const auto& f : kDateFunctions) names.push_back(f.name);
  return names;
}

Typed checkDateFunction(Context& cx, const syntax::Expr& call, const std::vector<Typed>& args) {
  const DateFunction* f = findDateFunction(call.name);
  if (f == nullptr) return {};
  if (args.size() != f->arity) {
    cx.report(Kind::WrongArgumentCount, call.span, {call.name, std::to_string(f->arity), std::to_string(args.size())})
        .hint = argumentCommaHint(cx, call.span, args);
    return {};
  }
  if (!argumentsFit(cx, *f, call, args)) return {};
  const std::string name = f->name;
  const Span span = call.span;
  using Op = ir::ExprOp;
  if (name == "dag") return calendarNode(cx, Op::DayOf, cx.tInt, span, args[0]);
  if (name == "månad") return monthOf(cx, args[0], span);
  if (name == "månadsnummer") return calendarNode(cx, Op::MonthNumber, cx.tInt, span, monthOf(cx, args[0], span));
  if (name == "första_dagen") return calendarNode(cx, Op::FirstDay, cx.tDate, span, monthOf(cx, args[0], span));
  if (name == "sista_dagen") return calendarNode(cx, Op::LastDay, cx.tDate, span, monthOf(cx, args[0], span));
  if (name == "datum") {
    Typed month = node(cx, Op::MakeMonth, cx.tMonth, span, args[0], args[1]);
    return calendarNode(cx, Op::MakeDate, cx.tDate, span, month, args[2]);
  }
  if (name == "dagar_mellan") {
    // Dates are days since an epoch: the difference of the two is the number of days.
    return node(cx, Op::Sub, cx.tInt, span, args[1], args[0]);
  }
  const Typed from = dateOf(cx, args[0], span), to = dateOf(cx, args[1], span);
  const Op op = name == "månader_mellan" ? Op::MonthsBetween : Op::YearsBetween;  // år_mellan, ålder
  return calendarNode(cx, op, cx.tInt, span, from, to);
}

// `x + n dagar` and `x - n månader`: `ex` is the addition or subtraction, its right side the span.
Typed checkDateShift(Context& cx, const syntax::Ast& ast, const syntax::Expr& ex, Scope& scope) {
  const syntax::Expr& span = ast.expr(ex.b);
  Typed base = checkExpr(cx, ast, ex.a, scope);
  Typed count = checkExpr(cx, ast, span.a, scope);
  if (!base.ok || !count.ok) return {};
  static constexpr const char* kUnits[] = {"dagar", "veckor", "månader", "år"};
  const char* unit = kUnits[static_cast<size_t>(span.timeUnit) % 4];
  const bool subtract = static_cast<syntax::BinaryOp>(ex.op) == syntax::BinaryOp::Sub;
  if (cx.kindOf(count.type) != TypeKind::Integer) {
    cx.report(Kind::DurationCount, ast.expr(span.a).span, {unit, cx.typeName(count.type)});
    return {};
  }
  const TypeKind k = cx.kindOf(base.type);
  if (k != TypeKind::Date && k != TypeKind::Month) {
    cx.report(Kind::OperatorTypes, ex.span, {subtract ? "-" : "+", cx.typeName(base.type), std::string("tidsrymd (") + unit + ")"});
    return {};
  }
  const bool days = span.timeUnit == TimeUnit::Day || span.timeUnit == TimeUnit::Week;
  if (k == TypeKind::Month && days) {
    cx.report(Kind::DurationForMonth, span.span, {unit});
    return {};
  }
  // Weeks are 7 days and years 12 months; the multiplication and the negation are checked.
  const int64_t factor = span.timeUnit == TimeUnit::Week ? 7 : span.timeUnit == TimeUnit::Year ? 12 : 1;
  if (factor != 1) count = node(cx, ir::ExprOp::Mul, cx.tInt, span.span, count, cx.constant(cx.tInt, rt::Value::integer(factor), span.span));
  if (subtract) count = node(cx, ir::ExprOp::Neg, cx.tInt, span.span, count);
  return calendarNode(cx, days ? ir::ExprOp::AddDays : ir::ExprOp::AddMonths, base.type, ex.span, base, count);
}

// A date compared with a month: before the month, within it, after it. The month may stand on
// either side.
Typed checkDateMonthCompare(Context& cx, syntax::CompareOp op, Typed a, Typed b, Span span) {
  using C = syntax::CompareOp;
  if (cx.kindOf(a.type) == TypeKind::Month) {
    std::swap(a, b);
    // m < d is d > m, and so on; = and ≠ read the same both ways.
    op = op == C::Lt ? C::Gt : op == C::Le ? C::Ge : op == C::Gt ? C::Lt : op == C::Ge ? C::Le : op;
  }
  Typed date = a, other;
  switch (op) {
    case C::Eq:
    case C::Ne:
      date = calendarNode(cx, ir::ExprOp::MonthOfDate, cx.tMonth, span, a);
      other = b;
      break;
    case C::Lt:  // before the month's first day
    case C::Ge: other = calendarNode(cx, ir::ExprOp::FirstDay, cx.tDate, span, b); break;
    case C::Le:  // on or before its last day
    case C::Gt: other = calendarNode(cx, ir::ExprOp::LastDay, cx.tDate, span, b); break;
  }
  ir::Expr e{ir::ExprOp::Compare, cx.tBool};
  e.sub = static_cast<uint8_t>(op);
  e.domain = domainOf(cx, date.type);
  e.a = date.id;
  e.b = other.id;
  e.span = span;
  return {cx.add(std::move(e)), cx.tBool, true};
}

}  // namespace regel::sema
