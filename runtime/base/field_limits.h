// A field's declared limits (`heltal 0 till 20`, `belopp minst 0 kr`): the test and the wording,
// shared by the case decoder (R0613) and the checker of exempel (R0213).
#pragma once

#include <string>

#include "runtime/base/types.h"

namespace regel::rt {

// Whether the value (a, b as in rt::Value) of a field of kind `kind` lies within its limits.
bool withinLimits(TypeKind kind, const FieldInfo& field, FieldBound value);
// The value as written in Swedish: "20", "-5 kr", "2,5 %", "2023-03-01".
std::string boundText(TypeKind kind, FieldBound value);
// "0 till 20", "minst 0 kr", "högst 99"; empty without limits.
std::string limitsText(TypeKind kind, const FieldInfo& field);

}  // namespace regel::rt
