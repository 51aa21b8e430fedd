// The static types of the language as the runtime sees them: interned in a TypeTable by TypeId.
// The compiler produces the table; the .rgb file carries it; the VM never checks types at run time.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace regel::rt {

using TypeId = uint32_t;

enum class TypeKind : uint8_t {
  Integer,     // heltal: int64
  Decimal,     // tal: Rational
  Money,       // belopp: int64 öre
  ExactMoney,  // oavrundat belopp: Rational öre, must be rounded before use as belopp
  Percent,     // procent: Rational (25 % == 1/4)
  Date,        // datum
  Month,       // månad
  Text,        // text
  Bool,        // ja/nej
  Enum,        // uppräkning: ref = enum index
  Record,      // post: ref = record index
  List,        // lista av T: ref = element TypeId
};

// The language's word for a kind of type: "heltal", "belopp", "uppräkning", "post", "lista".
const char* kindName(TypeKind kind);

struct TypeNode {
  TypeKind kind;
  uint32_t ref = 0;
  friend bool operator==(const TypeNode&, const TypeNode&) = default;
};

struct EnumInfo {
  std::string name;
  std::vector<std::string> values;
};

// A bound of a field's values in the representation of rt::Value (a, b): öre, a day number, a
// month index, an integer, or a rational num/den.
struct FieldBound {
  int64_t a = 0;
  int64_t b = 0;
  friend bool operator==(const FieldBound&, const FieldBound&) = default;
};

struct FieldInfo {
  std::string name;
  TypeId type = 0;
  bool optional = false;  // declared `valfri`: absence is normal, not a missing fact
  // Declared `personuppgift`: it identifies a person; its value is never shown in an error
  // message, and exports of the decision log can pseudonymise it.
  bool personal = false;
  // Declared `etikett "…"`: what the field is called for people (the letter, a form built from the
  // input schema); empty when not declared.
  std::string label = {};
  // Declared limits (`heltal 0 till 20`, `belopp minst 0 kr`): a case outside them is refused.
  std::optional<FieldBound> least = std::nullopt;
  std::optional<FieldBound> most = std::nullopt;
};

struct RecordInfo {
  std::string name;
  std::vector<FieldInfo> fields;
};

// Interned types plus the named enums and records they refer to.
struct TypeTable {
  std::vector<TypeNode> types;
  std::vector<EnumInfo> enums;
  std::vector<RecordInfo> records;

  // Returns the id of an equal type, adding it if new.
  TypeId intern(TypeNode node);
  const TypeNode& operator[](TypeId id) const { return types[id]; }
  // Swedish name for messages: "belopp", "lista av Barn", "oavrundat belopp".
  std::string nameOf(TypeId id) const;
};

}  // namespace regel::rt
