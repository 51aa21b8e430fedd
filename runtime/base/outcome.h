// The outcomes of a decision, shared by every stage from the AST to the runtime.
#pragma once

#include <cstdint>

namespace regel::rt {

enum class Outcome : uint8_t { Bifall, Avslag, ManuellProvning, Komplettering };

// "bifall", "avslag", "manuell prövning", "komplettering".
const char* outcomeName(Outcome o);

}  // namespace regel::rt
