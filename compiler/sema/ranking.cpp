// Typing of order: `plats(b bland barn efter född fallande)`, the place of an element in its list
// ordered by fields of its records, ties broken by the list's own order. It lowers to Rank over
// two predicates built here: "comes before by the keys" and "has the same keys".
#include "compiler/sema/context.h"

namespace regel::sema {
namespace {

using syntax::ExprKind;

bool orderedKind(TypeKind k) {
  return k == TypeKind::Integer || k == TypeKind::Decimal || k == TypeKind::Money || k == TypeKind::ExactMoney ||
         k == TypeKind::Percent || k == TypeKind::Date || k == TypeKind::Month;
}

ir::ExprId compare(Context& cx, ir::CompareOp op, ir::Domain domain, Span span, ir::ExprId a, ir::ExprId b) {
  ir::ExprId id = addNode(cx, ir::ExprOp::Compare, cx.tBool, domain, span, a, b);
  cx.module.exprs[id].sub = static_cast<uint8_t>(op);
  return id;
}

// A field of the element in slot `slot` (each element of the list in turn).
ir::ExprId fieldOfLocal(Context& cx, uint32_t slot, TypeId recordType, uint32_t field, TypeId fieldType, Span span) {
  ir::Expr local{ir::ExprOp::Local, recordType};
  local.imm = slot;
  local.span = span;
  ir::Expr f{ir::ExprOp::Field, fieldType};
  f.domain = domainOf(cx, fieldType);
  f.a = cx.add(std::move(local));
  f.imm = field;
  f.span = span;
  return cx.add(std::move(f));
}

// The Rank node for element `elem` (of `recordType`) in `list` by the keys of `ex`, or kNone after
// reporting a key that is no ordered field.
ir::ExprId rankNode(Context& cx, const syntax::Expr& ex, Scope& scope, ir::ExprId elem, TypeId recordType,
                    ir::ExprId list) {
  const rt::RecordInfo& record = cx.module.types.records[cx.module.types[recordType].ref];
  const uint32_t slot = (*scope.localCount)++;
  // From the last key to the first: before = k1 < k1' or (k1 = k1' and (k2 < k2' or …)).
  ir::ExprId before = ir::kNone, same = ir::kNone;
  for (auto it = ex.keys.rbegin(); it != ex.keys.rend(); ++it) {
    uint32_t f = 0;
    while (f < record.fields.size() && record.fields[f].name != it->field) ++f;
    if (f == record.fields.size()) {
      auto& d = cx.report(Kind::UnknownField, it->span, {"posten '" + record.name + "'", it->field});
      cx.suggest(d, it->field, [&] { return fieldNames(record); });
      return ir::kNone;
    }
    const TypeId ft = record.fields[f].type;
    if (!orderedKind(cx.kindOf(ft))) {
      cx.report(Kind::CompareTypes, it->span, {cx.typeName(ft), cx.typeName(ft)});
      return ir::kNone;
    }
    const ir::Domain domain = domainOf(cx, ft);
    // The element's own key, read from the element expression (a pure read, cheap to repeat).
    ir::Expr own{ir::ExprOp::Field, ft};
    own.domain = domain;
    own.a = elem;
    own.imm = f;
    own.span = it->span;
    const ir::ExprId mine = cx.add(std::move(own));
    const ir::ExprId theirs = fieldOfLocal(cx, slot, recordType, f, ft, it->span);
    const ir::ExprId less = compare(cx, it->descending ? ir::CompareOp::Gt : ir::CompareOp::Lt, domain, it->span, theirs, mine);
    const ir::ExprId equal = compare(cx, ir::CompareOp::Eq, domain, it->span, theirs, mine);
    if (before == ir::kNone) {
      before = less;
      same = equal;
    } else {
      before = addNode(cx, ir::ExprOp::Or, cx.tBool, ir::Domain::Bool, it->span, less,
                    addNode(cx, ir::ExprOp::And, cx.tBool, ir::Domain::Bool, it->span, equal, before));
      same = addNode(cx, ir::ExprOp::And, cx.tBool, ir::Domain::Bool, it->span, equal, same);
    }
  }
  ir::Expr e{ir::ExprOp::Rank, cx.tInt};
  e.a = elem;
  e.b = list;
  e.c = before;
  e.args = {same};
  e.imm = slot;
  e.span = ex.span;
  return cx.add(std::move(e));
}

}  // namespace

Typed checkOrder(Context& cx, const syntax::Ast& ast, const syntax::Expr& ex, Scope& scope) {
  using syntax::OrderOp;
  const auto op = static_cast<OrderOp>(ex.op);
  Typed first = ex.a == syntax::kNoExpr ? Typed{} : checkExpr(cx, ast, ex.a, scope);
  Typed list = checkExpr(cx, ast, ex.b, scope);
  if (!list.ok || (ex.a != syntax::kNoExpr && !first.ok)) return {};
  const auto& lt = cx.module.types[list.type];
  if (lt.kind != TypeKind::List || cx.kindOf(lt.ref) != TypeKind::Record) {
    Span span = ast.expr(ex.b).span;
    cx.report(Kind::NotAList, span, {"'" + cx.sourceText(span) + "' (" + cx.typeName(list.type) + ", inte en lista av poster)"});
    return {};
  }
  const TypeId recordType = lt.ref;
  if (op == OrderOp::Place) {
    if (first.type != recordType) {
      cx.report(Kind::ArgumentType, ast.expr(ex.a).span,
                {"1", "plats", "ett element i listan (" + cx.typeName(recordType) + ")", cx.typeName(first.type)});
      return {};
    }
    const ir::ExprId rank = rankNode(cx, ex, scope, first.id, recordType, list.id);
    if (rank == ir::kNone) return {};
    return {rank, cx.tInt, true};
  }
  // första, sista, element(n …): the element whose place is n.
  ir::ExprId place = ir::kNone;
  if (op == OrderOp::Nth) {
    if (cx.kindOf(first.type) != TypeKind::Integer) {
      cx.report(Kind::ArgumentType, ast.expr(ex.a).span, {"1", "element", "heltal", cx.typeName(first.type)});
      return {};
    }
    place = first.id;
  } else if (op == OrderOp::First) {
    place = cx.constant(cx.tInt, rt::Value::integer(1), ex.span).id;
  } else {
    ir::Expr count{ir::ExprOp::Count, cx.tInt};
    count.a = list.id;
    count.imm = ir::kNone;
    count.span = ex.span;
    place = cx.add(std::move(count));
  }
  const uint32_t slot = (*scope.localCount)++;
  ir::Expr candidate{ir::ExprOp::Local, recordType};
  candidate.imm = slot;
  candidate.span = ex.span;
  const ir::ExprId rank = rankNode(cx, ex, scope, cx.add(std::move(candidate)), recordType, list.id);
  if (rank == ir::kNone) return {};
  ir::Expr find{ir::ExprOp::Find, recordType};
  find.a = list.id;
  find.imm = slot;
  find.c = compare(cx, ir::CompareOp::Eq, ir::Domain::Int, ex.span, rank, place);
  find.span = ex.span;
  return {cx.add(std::move(find)), recordType, true};
}

}  // namespace regel::sema
