// Whether conditions can hold at once (conditions.cpp): the checker's proofs for exception
// conflicts (R0302) and unreachable decision branches (R0403), with a witness.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "compiler/sema/context.h"

namespace regel::sema {

// Whether every condition in `conditions` (the bool: negated) can hold at once: true with a
// witness in `witness` ("boende = hyresrätt, ålder = 18"), false when it is proved that they
// cannot, nullopt when a condition is beyond the analysis.
std::optional<bool> satisfiable(const Context& cx, const std::vector<std::pair<ir::ExprId, bool>>& conditions,
                                std::string* witness = nullptr);

}  // namespace regel::sema
