#include "runtime/base/field_limits.h"

#include "runtime/base/value.h"

namespace regel::rt {
namespace {

// -1, 0, 1 as x < y, x == y, x > y, for values of kind `k`.
int compareAs(TypeKind k, FieldBound x, FieldBound y) {
  if (k == TypeKind::Decimal || k == TypeKind::Percent || k == TypeKind::ExactMoney) {
    return compareRat(Rational{x.a, x.b}, Rational{y.a, y.b});
  }
  return x.a < y.a ? -1 : x.a > y.a ? 1 : 0;
}

}  // namespace

bool withinLimits(TypeKind kind, const FieldInfo& field, FieldBound value) {
  if (field.least && compareAs(kind, value, *field.least) < 0) return false;
  if (field.most && compareAs(kind, value, *field.most) > 0) return false;
  return true;
}

std::string boundText(TypeKind kind, FieldBound value) {
  switch (kind) {
    case TypeKind::Money: return formatMoney(Money{value.a});
    case TypeKind::Decimal: return formatRational(Rational{value.a, value.b});
    case TypeKind::Percent: return formatPercent(Rational{value.a, value.b});
    case TypeKind::Date: return formatDate(Date{static_cast<int32_t>(value.a)});
    case TypeKind::Month: return formatMonth(Month{static_cast<int32_t>(value.a)});
    default: return formatInt(value.a);
  }
}

std::string limitsText(TypeKind kind, const FieldInfo& field) {
  if (field.least && field.most) return boundText(kind, *field.least) + " till " + boundText(kind, *field.most);
  if (field.least) return "minst " + boundText(kind, *field.least);
  if (field.most) return "högst " + boundText(kind, *field.most);
  return "";
}

}  // namespace regel::rt
