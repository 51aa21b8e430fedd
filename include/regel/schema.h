// The public library API, part 8: a ruleset's case input described as JSON Schema (draft
// 2020-12), so that an e-service or the playground can build a form for it and check a case
// before it is sent. The schema says what regel's case reader accepts (docs/json.md): the types,
// the enumerations' values, the declared limits, and which fields may be left out (`valfri`).
#pragma once

#include <string>

#include "regel/compile.h"

namespace regel {

// The schema of the `indata` object of a case for `ruleset`, as JSON. Every property has a
// "title" (the field's `etikett`, else its name), "x-regel-typ" (the type as the language writes it: "heltal",
// "belopp", "lista", …), "x-regel-valfri" when it is declared `valfri`, and, where the field
// declares limits, "description" with them in Swedish ("0 till 20") and, for heltal and belopp,
// "minimum"/"maximum". No field is "required" and each may be null: the reader takes a field left
// out as a fact that is missing, which gives komplettering only when the decision needs it.
std::string inputJsonSchema(const Ruleset& ruleset, bool pretty = false);

}  // namespace regel
