// Interning and Swedish names of types.
#include "runtime/base/types.h"

namespace regel::rt {

TypeId TypeTable::intern(TypeNode node) {
  for (TypeId i = 0; i < types.size(); ++i) {
    if (types[i] == node) return i;
  }
  types.push_back(node);
  return static_cast<TypeId>(types.size() - 1);
}

const char* kindName(TypeKind kind) {
  switch (kind) {
    case TypeKind::Integer: return "heltal";
    case TypeKind::Decimal: return "tal";
    case TypeKind::Money: return "belopp";
    case TypeKind::ExactMoney: return "oavrundat belopp";
    case TypeKind::Percent: return "procent";
    case TypeKind::Date: return "datum";
    case TypeKind::Month: return "månad";
    case TypeKind::Text: return "text";
    case TypeKind::Bool: return "ja/nej";
    case TypeKind::Enum: return "uppräkning";
    case TypeKind::Record: return "post";
    case TypeKind::List: return "lista";
  }
  return "okänd typ";
}

std::string TypeTable::nameOf(TypeId id) const {
  if (id >= types.size()) return "okänd typ";
  const TypeNode& t = types[id];
  switch (t.kind) {
    case TypeKind::Enum: return t.ref < enums.size() ? enums[t.ref].name : kindName(t.kind);
    case TypeKind::Record: return t.ref < records.size() ? records[t.ref].name : kindName(t.kind);
    case TypeKind::List: return "lista av " + nameOf(t.ref);
    default: return kindName(t.kind);
  }
}

}  // namespace regel::rt
