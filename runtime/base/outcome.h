// The outcomes of a decision, shared by every stage from the AST to the runtime.
#pragma once

#include <cstddef>
#include <cstdint>

namespace regel::rt {

// Faststallt: the ruleset decides an amount (a fee, a grant), not whether to approve: its amount
// may be 0 kr.
enum class Outcome : uint8_t { Bifall, Avslag, ManuellProvning, Komplettering, Faststallt };
constexpr size_t kOutcomeCount = 5;

// "bifall", "avslag", "manuell prövning", "komplettering", "fastställt belopp".
const char* outcomeName(Outcome o);

}  // namespace regel::rt
