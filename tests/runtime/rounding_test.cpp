// roundToStep against exact rounding computed here in 128 bits, over operands at the edges of the
// 64-bit range: the runtime divides in 64 bits when they fit and in 128 bits otherwise.
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

#include "runtime/base/value.h"

namespace regel::rt {
namespace {

constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
constexpr int64_t kMin = std::numeric_limits<int64_t>::min();

// Both ways must give what exact rounding of num / (den * step) gives.
TEST(Round, SixtyFourBitDivisionAgreesWithExactRounding) {
  const auto reference = [](__int128 n, __int128 d, RoundDirection dir) {
    __int128 q = n / d, r = n % d;  // truncated; d > 0
    if (dir == RoundDirection::Down && r != 0 && n < 0) --q;
    if (dir == RoundDirection::Up && r != 0 && n > 0) ++q;
    if (dir == RoundDirection::Nearest && 2 * (r < 0 ? -r : r) >= d) q += n < 0 ? -1 : 1;
    return q;
  };
  const int64_t nums[] = {kMin, kMin + 1, -1'000'000'000'000'000'007, -150, -149, -100, -99, -50, -49, -1, 0,
                          1, 49, 50, 99, 100, 149, 150, 1'000'000'000'000'000'007, kMax - 1, kMax};
  const int64_t dens[] = {1, 2, 3, 7, 1'000'000'007, kMax};
  const int64_t steps[] = {1, 2, 100, -100, 3'037'000'499, kMax, kMin};
  for (int64_t num : nums) {
    for (int64_t den : dens) {
      for (int64_t step : steps) {
        for (RoundDirection dir : {RoundDirection::Down, RoundDirection::Up, RoundDirection::Nearest}) {
          Rational r;
          if (makeRational(num, den, r) != ArithError::None) continue;
          const __int128 s = step < 0 ? -static_cast<__int128>(step) : step;
          const __int128 expected = reference(r.num, static_cast<__int128>(r.den) * s, dir) * s;
          int64_t out = 0;
          const ArithError e = roundToStep(r, dir, step, out);
          if (expected < kMin || expected > kMax) {
            EXPECT_EQ(e, ArithError::Overflow) << num << "/" << den << " step " << step;
          } else {
            EXPECT_EQ(e, ArithError::None) << num << "/" << den << " step " << step;
            EXPECT_EQ(out, static_cast<int64_t>(expected)) << num << "/" << den << " step " << step;
          }
        }
      }
    }
  }
}

}  // namespace
}  // namespace regel::rt
