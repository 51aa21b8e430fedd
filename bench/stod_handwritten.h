// The rules of bench/stod.regel written by hand in plain C++: int64 öre, no regel code.
#pragma once

#include <cstdint>

#include "bench/stod_cases.h"

namespace bench {

enum class HwOutcome : uint8_t { Bifall, Avslag, ManuellProvning };

struct HwDecision {
  HwOutcome outcome = HwOutcome::ManuellProvning;
  int64_t amountOre = 0;  // only for Bifall
};

HwDecision decideHandwritten(const Household& h);

}  // namespace bench
