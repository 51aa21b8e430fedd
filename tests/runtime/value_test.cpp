// Unit tests for the exact scalar values in runtime/base/value.h: arithmetic, dates, parsing, display.
#include "runtime/base/value.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <optional>
#include <string>

namespace regel::rt {
namespace {

constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
constexpr int64_t kMin = std::numeric_limits<int64_t>::min();

// Builds a normalised rational, failing the test if the parts are not representable.
Rational R(__int128 num, __int128 den = 1) {
  Rational r;
  EXPECT_EQ(makeRational(num, den, r), ArithError::None);
  return r;
}

Date D(int y, int m, int d) {
  std::optional<Date> date = makeDate(y, m, d);
  EXPECT_TRUE(date.has_value()) << y << "-" << m << "-" << d;
  return date.value_or(Date{});
}

// ---- checked integer arithmetic ----------------------------------------------------------------

TEST(IntArith, AddSubMulNegComputeExactResults) {
  int64_t out = 0;
  EXPECT_EQ(addInt(40, 2, out), ArithError::None);
  EXPECT_EQ(out, 42);
  EXPECT_EQ(subInt(-40, 2, out), ArithError::None);
  EXPECT_EQ(out, -42);
  EXPECT_EQ(mulInt(-6, 7, out), ArithError::None);
  EXPECT_EQ(out, -42);
  EXPECT_EQ(negInt(42, out), ArithError::None);
  EXPECT_EQ(out, -42);
}

TEST(IntArith, OverflowIsReportedAtTheEdges) {
  int64_t out = 7;
  EXPECT_EQ(addInt(kMax, 1, out), ArithError::Overflow);
  EXPECT_EQ(addInt(kMin, -1, out), ArithError::Overflow);
  EXPECT_EQ(subInt(kMin, 1, out), ArithError::Overflow);
  EXPECT_EQ(subInt(0, kMin, out), ArithError::Overflow);
  EXPECT_EQ(mulInt(kMin, -1, out), ArithError::Overflow);
  EXPECT_EQ(mulInt(int64_t{1} << 32, int64_t{1} << 31, out), ArithError::Overflow);
  EXPECT_EQ(negInt(kMin, out), ArithError::Overflow);
}

TEST(IntArith, ValuesJustInsideTheRangeAreFine) {
  int64_t out = 0;
  EXPECT_EQ(addInt(kMax - 1, 1, out), ArithError::None);
  EXPECT_EQ(out, kMax);
  EXPECT_EQ(subInt(kMin + 1, 1, out), ArithError::None);
  EXPECT_EQ(out, kMin);
  EXPECT_EQ(mulInt(kMin, 1, out), ArithError::None);
  EXPECT_EQ(out, kMin);
  EXPECT_EQ(negInt(kMax, out), ArithError::None);
  EXPECT_EQ(out, kMin + 1);
}

// ---- rationals ---------------------------------------------------------------------------------

TEST(Rational, MakeRationalNormalises) {
  EXPECT_EQ(R(6, 4), (Rational{3, 2}));
  EXPECT_EQ(R(6, -4), (Rational{-3, 2}));
  EXPECT_EQ(R(-6, -4), (Rational{3, 2}));
  EXPECT_EQ(R(0, -5), (Rational{0, 1}));
  EXPECT_EQ(R(600050, 100), (Rational{12001, 2}));
  EXPECT_EQ(fromInt(-17), (Rational{-17, 1}));
}

TEST(Rational, MakeRationalReducesWide128BitParts) {
  const __int128 big = static_cast<__int128>(1) << 100;
  EXPECT_EQ(R(big, big >> 2), (Rational{4, 1}));
  const __int128 min128 = -(static_cast<__int128>(1) << 126) * 2;  // -2^127, the smallest value
  EXPECT_EQ(R(min128, min128), (Rational{1, 1}));
  EXPECT_EQ(R(min128 / 2, min128), (Rational{1, 2}));
}

TEST(Rational, MakeRationalReportsErrors) {
  Rational r;
  EXPECT_EQ(makeRational(1, 0, r), ArithError::DivisionByZero);
  EXPECT_EQ(makeRational(0, 0, r), ArithError::DivisionByZero);
  EXPECT_EQ(makeRational(static_cast<__int128>(kMax) + 1, 1, r), ArithError::Overflow);
  EXPECT_EQ(makeRational(kMin, -1, r), ArithError::Overflow);
  EXPECT_EQ(makeRational(1, kMin, r), ArithError::Overflow);  // the denominator would be 2^63
  EXPECT_EQ(makeRational(kMin, 1, r), ArithError::None);
  EXPECT_EQ(r, (Rational{kMin, 1}));
  EXPECT_EQ(makeRational(2, kMin, r), ArithError::None);
  EXPECT_EQ(r, (Rational{-1, int64_t{1} << 62}));
}

TEST(Rational, BasicOperations) {
  Rational out;
  EXPECT_EQ(addRat(R(1, 2), R(1, 3), out), ArithError::None);
  EXPECT_EQ(out, R(5, 6));
  EXPECT_EQ(subRat(R(1, 2), R(1, 3), out), ArithError::None);
  EXPECT_EQ(out, R(1, 6));
  EXPECT_EQ(subRat(R(1, 3), R(1, 3), out), ArithError::None);
  EXPECT_EQ(out, (Rational{0, 1}));
  EXPECT_EQ(mulRat(R(2, 3), R(3, 4), out), ArithError::None);
  EXPECT_EQ(out, R(1, 2));
  EXPECT_EQ(divRat(R(1, 2), R(1, 4), out), ArithError::None);
  EXPECT_EQ(out, R(2));
  EXPECT_EQ(divRat(R(1, 2), R(-3, 4), out), ArithError::None);
  EXPECT_EQ(out, R(-2, 3));
  EXPECT_EQ(negRat(R(-2, 3), out), ArithError::None);
  EXPECT_EQ(out, R(2, 3));
}

TEST(Rational, PercentOfMoneyIsExact) {
  // 25 % of 1 234,55 kr is 30 863,75 öre.
  Rational out;
  EXPECT_EQ(mulRat(R(1, 4), fromInt(123455), out), ArithError::None);
  EXPECT_EQ(out, R(123455, 4));
  int64_t ore = 0;
  EXPECT_EQ(roundToStep(out, RoundDirection::Down, 1, ore), ArithError::None);
  EXPECT_EQ(ore, 30863);
}

TEST(Rational, IntermediatesUse128Bits) {
  Rational out;
  // (2^63 - 1)/2 + 1/2 = 2^62: the cross products exceed 64 bits but the result does not.
  EXPECT_EQ(addRat(R(kMax, 2), R(1, 2), out), ArithError::None);
  EXPECT_EQ(out, R(int64_t{1} << 62));
  EXPECT_EQ(mulRat(R(kMax, 2), R(2, kMax), out), ArithError::None);
  EXPECT_EQ(out, R(1));
  EXPECT_EQ(divRat(R(kMax, 3), R(kMax, 6), out), ArithError::None);
  EXPECT_EQ(out, R(2));
  EXPECT_EQ(subRat(R(kMin), R(kMin), out), ArithError::None);
  EXPECT_EQ(out, R(0));
}

TEST(Rational, OverflowAndDivisionByZeroAreReported) {
  Rational out;
  EXPECT_EQ(addRat(R(kMax), R(1), out), ArithError::Overflow);
  EXPECT_EQ(subRat(R(kMin), R(1), out), ArithError::Overflow);
  EXPECT_EQ(mulRat(R(kMin), R(-1), out), ArithError::Overflow);
  EXPECT_EQ(mulRat(R(int64_t{1} << 40), R(int64_t{1} << 40), out), ArithError::Overflow);
  EXPECT_EQ(negRat(R(kMin), out), ArithError::Overflow);
  EXPECT_EQ(divRat(R(1), R(kMin), out), ArithError::Overflow);  // -1/2^63
  EXPECT_EQ(divRat(R(-1), R(kMin), out), ArithError::Overflow);
  EXPECT_EQ(divRat(R(1), R(0), out), ArithError::DivisionByZero);
  EXPECT_EQ(divRat(R(0), R(0), out), ArithError::DivisionByZero);
  // The common denominator of two large coprime denominators does not fit.
  EXPECT_EQ(addRat(R(1, kMax), R(1, kMax - 1), out), ArithError::Overflow);
}

TEST(Rational, DivisionByTheMostNegativeValueStillWorksWhenRepresentable) {
  Rational out;
  EXPECT_EQ(divRat(R(2), R(kMin), out), ArithError::None);
  EXPECT_EQ(out, (Rational{-1, int64_t{1} << 62}));
  EXPECT_EQ(divRat(R(kMin), R(kMin), out), ArithError::None);
  EXPECT_EQ(out, R(1));
}

TEST(Rational, CompareIsExact) {
  EXPECT_EQ(compareRat(R(1, 3), R(1, 2)), -1);
  EXPECT_EQ(compareRat(R(1, 2), R(1, 3)), 1);
  EXPECT_EQ(compareRat(R(2, 4), R(1, 2)), 0);
  EXPECT_EQ(compareRat(R(-1, 2), R(1, 3)), -1);
  EXPECT_EQ(compareRat(R(kMin), R(kMax)), -1);
  // 1 + 1/(M-1) < 1 + 1/(M-2): indistinguishable in floating point, exact here.
  EXPECT_EQ(compareRat(R(kMax, kMax - 1), R(kMax - 1, kMax - 2)), -1);
  EXPECT_EQ(compareRat(R(kMax - 1, kMax - 2), R(kMax, kMax - 1)), 1);
}

// ---- rounding ----------------------------------------------------------------------------------

struct RoundCase {
  Rational value;
  int64_t down, up, nearest;
};

TEST(Round, DirectionsAreFloorCeilAndHalfAwayFromZero) {
  const RoundCase cases[] = {
      {R(7, 2), 3, 4, 4},      {R(-7, 2), -4, -3, -4},  {R(5, 3), 1, 2, 2},
      {R(-5, 3), -2, -1, -2},  {R(4, 3), 1, 2, 1},      {R(-4, 3), -2, -1, -1},
      {R(1, 2), 0, 1, 1},      {R(-1, 2), -1, 0, -1},   {R(-3), -3, -3, -3},
      {R(0), 0, 0, 0},         {R(kMin), kMin, kMin, kMin},
      {R(kMax), kMax, kMax, kMax},
      {R(kMax, 2), (int64_t{1} << 62) - 1, int64_t{1} << 62, int64_t{1} << 62},
      {R(kMin + 1, 2), -(int64_t{1} << 62), -(int64_t{1} << 62) + 1, -(int64_t{1} << 62)},
  };
  for (const RoundCase& c : cases) {
    int64_t out = 0;
    EXPECT_EQ(roundRat(c.value, RoundDirection::Down, out), ArithError::None);
    EXPECT_EQ(out, c.down) << c.value.num << "/" << c.value.den;
    EXPECT_EQ(roundRat(c.value, RoundDirection::Up, out), ArithError::None);
    EXPECT_EQ(out, c.up) << c.value.num << "/" << c.value.den;
    EXPECT_EQ(roundRat(c.value, RoundDirection::Nearest, out), ArithError::None);
    EXPECT_EQ(out, c.nearest) << c.value.num << "/" << c.value.den;
  }
}

TEST(Round, ToWholeOreAndWholeKronor) {
  int64_t out = 0;
  const Rational pos = R(123455, 4);  // 30 863,75 öre
  EXPECT_EQ(roundToStep(pos, RoundDirection::Down, 1, out), ArithError::None);
  EXPECT_EQ(out, 30863);
  EXPECT_EQ(roundToStep(pos, RoundDirection::Up, 1, out), ArithError::None);
  EXPECT_EQ(out, 30864);
  EXPECT_EQ(roundToStep(pos, RoundDirection::Nearest, 1, out), ArithError::None);
  EXPECT_EQ(out, 30864);
  EXPECT_EQ(roundToStep(pos, RoundDirection::Down, 100, out), ArithError::None);
  EXPECT_EQ(out, 30800);
  EXPECT_EQ(roundToStep(pos, RoundDirection::Up, 100, out), ArithError::None);
  EXPECT_EQ(out, 30900);
  EXPECT_EQ(roundToStep(pos, RoundDirection::Nearest, 100, out), ArithError::None);
  EXPECT_EQ(out, 30900);
}

TEST(Round, NegativeAmountsRoundTowardsMinusInfinityWhenDown) {
  int64_t out = 0;
  const Rational neg = R(-123455, 4);  // -30 863,75 öre
  EXPECT_EQ(roundToStep(neg, RoundDirection::Down, 1, out), ArithError::None);
  EXPECT_EQ(out, -30864);
  EXPECT_EQ(roundToStep(neg, RoundDirection::Up, 1, out), ArithError::None);
  EXPECT_EQ(out, -30863);
  EXPECT_EQ(roundToStep(neg, RoundDirection::Down, 100, out), ArithError::None);
  EXPECT_EQ(out, -30900);
  EXPECT_EQ(roundToStep(neg, RoundDirection::Up, 100, out), ArithError::None);
  EXPECT_EQ(out, -30800);
  EXPECT_EQ(roundToStep(neg, RoundDirection::Nearest, 100, out), ArithError::None);
  EXPECT_EQ(out, -30900);
}

TEST(Round, HalfwayCasesGoAwayFromZero) {
  int64_t out = 0;
  EXPECT_EQ(roundToStep(R(50), RoundDirection::Nearest, 100, out), ArithError::None);
  EXPECT_EQ(out, 100);
  EXPECT_EQ(roundToStep(R(-50), RoundDirection::Nearest, 100, out), ArithError::None);
  EXPECT_EQ(out, -100);
  EXPECT_EQ(roundToStep(R(149), RoundDirection::Nearest, 100, out), ArithError::None);
  EXPECT_EQ(out, 100);
  EXPECT_EQ(roundToStep(R(150), RoundDirection::Nearest, 100, out), ArithError::None);
  EXPECT_EQ(out, 200);
  EXPECT_EQ(roundToStep(R(-1, 2), RoundDirection::Nearest, 1, out), ArithError::None);
  EXPECT_EQ(out, -1);
  EXPECT_EQ(roundToStep(R(9999, 2), RoundDirection::Nearest, 100, out), ArithError::None);
  EXPECT_EQ(out, 5000);  // 49,995 kr rounds to 50 kr
}

TEST(Round, StepEdgeCases) {
  int64_t out = 0;
  EXPECT_EQ(roundToStep(R(1), RoundDirection::Down, 0, out), ArithError::DivisionByZero);
  // A negative step describes the same multiples as its magnitude.
  EXPECT_EQ(roundToStep(R(30863), RoundDirection::Down, -100, out), ArithError::None);
  EXPECT_EQ(out, 30800);
  EXPECT_EQ(roundToStep(R(1), RoundDirection::Down, kMin, out), ArithError::None);
  EXPECT_EQ(out, 0);
  EXPECT_EQ(roundToStep(R(1), RoundDirection::Up, kMin, out), ArithError::Overflow);
  EXPECT_EQ(roundToStep(R(-1), RoundDirection::Down, kMin, out), ArithError::None);
  EXPECT_EQ(out, kMin);
  EXPECT_EQ(roundToStep(R(kMax), RoundDirection::Down, kMax, out), ArithError::None);
  EXPECT_EQ(out, kMax);
}

TEST(Round, ResultsOutsideInt64AreOverflow) {
  int64_t out = 0;
  EXPECT_EQ(roundToStep(R(kMax), RoundDirection::Up, 100, out), ArithError::Overflow);
  EXPECT_EQ(roundToStep(R(kMin), RoundDirection::Down, 100, out), ArithError::Overflow);
  EXPECT_EQ(roundToStep(R(kMax), RoundDirection::Nearest, 100, out), ArithError::None);
  EXPECT_EQ(out, 9223372036854775800);
  EXPECT_EQ(roundToStep(R(kMax), RoundDirection::Down, 100, out), ArithError::None);
  EXPECT_EQ(out, 9223372036854775800);
}

// ---- dates and months --------------------------------------------------------------------------

TEST(Dates, KnownDayNumbers) {
  EXPECT_EQ(D(1970, 1, 1).days, 0);
  EXPECT_EQ(D(1969, 12, 31).days, -1);
  EXPECT_EQ(D(2000, 3, 1).days, 11017);
  EXPECT_EQ(D(2023, 3, 1).days, 19417);
  EXPECT_EQ(D(2024, 2, 29).days, 19782);
  EXPECT_EQ(D(2038, 1, 19).days, 24855);
  EXPECT_EQ(D(1900, 3, 1).days, -25508);
  EXPECT_EQ(D(1600, 2, 29).days, -135081);
  EXPECT_EQ(D(1, 1, 1).days, -719162);
  EXPECT_EQ(D(9999, 12, 31).days, 2932896);
}

TEST(Dates, LeapYearsAndInvalidDays) {
  EXPECT_FALSE(makeDate(2023, 2, 29).has_value());
  EXPECT_TRUE(makeDate(2024, 2, 29).has_value());
  EXPECT_FALSE(makeDate(1900, 2, 29).has_value());
  EXPECT_TRUE(makeDate(2000, 2, 29).has_value());
  EXPECT_FALSE(makeDate(2024, 2, 30).has_value());
  EXPECT_FALSE(makeDate(2023, 4, 31).has_value());
  EXPECT_TRUE(makeDate(2023, 12, 31).has_value());
  EXPECT_FALSE(makeDate(2023, 1, 32).has_value());
  EXPECT_FALSE(makeDate(2023, 1, 0).has_value());
  EXPECT_FALSE(makeDate(2023, 0, 1).has_value());
  EXPECT_FALSE(makeDate(2023, 13, 1).has_value());
  EXPECT_FALSE(makeDate(0, 12, 31).has_value());
  EXPECT_FALSE(makeDate(10000, 1, 1).has_value());
  EXPECT_FALSE(makeDate(-1, 1, 1).has_value());
}

TEST(Dates, CivilRoundTripAtSeveralPoints) {
  const int points[][3] = {{1, 1, 1},    {1, 12, 31},   {4, 2, 29},    {100, 3, 1},
                           {400, 2, 29}, {1582, 10, 4}, {1970, 1, 1},  {1999, 12, 31},
                           {2000, 2, 29}, {2023, 3, 1}, {2100, 2, 28}, {9999, 12, 31}};
  for (const auto& p : points) {
    int y = 0, m = 0, d = 0;
    civilFromDate(D(p[0], p[1], p[2]), y, m, d);
    EXPECT_EQ(y, p[0]);
    EXPECT_EQ(m, p[1]);
    EXPECT_EQ(d, p[2]);
  }
}

TEST(Dates, EveryDayFromYear1ToYear9999IsConsecutiveAndRoundTrips) {
  int32_t expected = D(1, 1, 1).days;
  for (int y = 1; y <= 9999; ++y) {
    for (int m = 1; m <= 12; ++m) {
      for (int d = 1; d <= 31; ++d) {
        const std::optional<Date> date = makeDate(y, m, d);
        if (!date) continue;
        ASSERT_EQ(date->days, expected) << y << "-" << m << "-" << d;
        int cy = 0, cm = 0, cd = 0;
        civilFromDate(*date, cy, cm, cd);
        ASSERT_TRUE(cy == y && cm == m && cd == d) << y << "-" << m << "-" << d;
        ++expected;
      }
    }
  }
  EXPECT_EQ(expected - 1, D(9999, 12, 31).days);
}

TEST(Months, IndexYearAndMonth) {
  const std::optional<Month> march = makeMonth(2023, 3);
  ASSERT_TRUE(march.has_value());
  EXPECT_EQ(march->index, 2023 * 12 + 2);
  EXPECT_EQ(yearOf(*march), 2023);
  EXPECT_EQ(monthOf(*march), 3);
  EXPECT_EQ(makeMonth(1, 1)->index, 12);
  EXPECT_EQ(makeMonth(9999, 12)->index, 119999);
  EXPECT_EQ(monthOf(Month{2023 * 12 + 11}), 12);
  EXPECT_EQ(yearOf(Month{2023 * 12 + 11}), 2023);
  EXPECT_FALSE(makeMonth(2023, 0).has_value());
  EXPECT_FALSE(makeMonth(2023, 13).has_value());
  EXPECT_FALSE(makeMonth(0, 1).has_value());
  EXPECT_FALSE(makeMonth(10000, 1).has_value());
}

TEST(Months, ConversionToAndFromDates) {
  EXPECT_EQ(firstDayOf(*makeMonth(2023, 3)), D(2023, 3, 1));
  EXPECT_EQ(firstDayOf(*makeMonth(1, 1)), D(1, 1, 1));
  EXPECT_EQ(firstDayOf(*makeMonth(9999, 12)), D(9999, 12, 1));
  EXPECT_EQ(monthOfDate(D(2023, 3, 31)), *makeMonth(2023, 3));
  EXPECT_EQ(monthOfDate(D(2024, 2, 29)), *makeMonth(2024, 2));
  EXPECT_EQ(monthOfDate(D(1969, 12, 31)), *makeMonth(1969, 12));
  EXPECT_LT(*makeMonth(2023, 12), *makeMonth(2024, 1));
}

TEST(Months, EveryMonthRoundTripsThroughItsFirstDay) {
  for (int y = 1; y <= 9999; y += 7) {
    for (int m = 1; m <= 12; ++m) {
      const Month month = *makeMonth(y, m);
      ASSERT_EQ(monthOfDate(firstDayOf(month)), month) << y << "-" << m;
      ASSERT_EQ(yearOf(month), y);
      ASSERT_EQ(monthOf(month), m);
    }
  }
}

// ---- calendar arithmetic -----------------------------------------------------------------------

Date plusMonths(Date d, int64_t n) {
  Date out;
  EXPECT_TRUE(addMonths(d, n, out));
  return out;
}

TEST(Calendar, MonthsKeepTheDayOrTakeTheMonthsLastDay) {
  EXPECT_EQ(plusMonths(D(2024, 1, 31), 1), D(2024, 2, 29));
  EXPECT_EQ(plusMonths(D(2023, 1, 31), 1), D(2023, 2, 28));
  EXPECT_EQ(plusMonths(D(2024, 2, 29), 12), D(2025, 2, 28));
  EXPECT_EQ(plusMonths(D(2024, 2, 29), 48), D(2028, 2, 29));
  EXPECT_EQ(plusMonths(D(2024, 3, 31), -1), D(2024, 2, 29));
  EXPECT_EQ(plusMonths(D(2024, 5, 31), -13), D(2023, 4, 30));
  EXPECT_EQ(plusMonths(D(2023, 12, 15), 1), D(2024, 1, 15));
  EXPECT_EQ(plusMonths(D(2023, 1, 15), -1), D(2022, 12, 15));
  EXPECT_EQ(plusMonths(D(2023, 6, 1), 0), D(2023, 6, 1));
}

TEST(Calendar, NothingLeavesTheYears1To9999) {
  Date d;
  Month m;
  EXPECT_TRUE(addDays(D(9999, 12, 30), 1, d));
  EXPECT_EQ(d, D(9999, 12, 31));
  EXPECT_FALSE(addDays(D(9999, 12, 31), 1, d));
  EXPECT_FALSE(addDays(D(1, 1, 1), -1, d));
  EXPECT_FALSE(addDays(D(2023, 1, 1), kMax, d));
  EXPECT_FALSE(addDays(D(2023, 1, 1), kMin, d));
  EXPECT_FALSE(addMonths(D(9999, 12, 1), 1, d));
  EXPECT_FALSE(addMonths(D(1, 1, 31), -1, d));
  EXPECT_FALSE(addMonths(D(2023, 1, 1), kMax, d));
  EXPECT_FALSE(addMonths(D(2023, 1, 1), kMin, d));
  EXPECT_TRUE(addMonths(Month{9999 * 12 + 10}, 1, m));
  EXPECT_FALSE(addMonths(Month{9999 * 12 + 11}, 1, m));
  EXPECT_FALSE(addMonths(Month{1 * 12}, -1, m));
  EXPECT_FALSE(addMonths(Month{2023 * 12}, kMin, m));
}

TEST(Calendar, WholeMonthsAndYearsBetween) {
  EXPECT_EQ(wholeMonthsBetween(D(2024, 1, 31), D(2024, 2, 29)), 1);  // 31 Jan + 1 month = 29 Feb
  EXPECT_EQ(wholeMonthsBetween(D(2024, 1, 30), D(2024, 2, 29)), 1);
  EXPECT_EQ(wholeMonthsBetween(D(2024, 1, 15), D(2024, 2, 14)), 0);
  EXPECT_EQ(wholeMonthsBetween(D(2024, 1, 15), D(2024, 2, 15)), 1);
  EXPECT_EQ(wholeMonthsBetween(D(2024, 2, 15), D(2024, 1, 15)), -1);
  EXPECT_EQ(wholeMonthsBetween(D(2024, 2, 14), D(2024, 1, 15)), 0);
  EXPECT_EQ(wholeMonthsBetween(D(2023, 5, 5), D(2023, 5, 5)), 0);
  // Ages: the birthday itself counts, the day before does not; the leap-day born age on 28 Feb.
  EXPECT_EQ(wholeYearsBetween(D(2006, 3, 15), D(2024, 3, 15)), 18);
  EXPECT_EQ(wholeYearsBetween(D(2006, 3, 15), D(2024, 3, 14)), 17);
  EXPECT_EQ(wholeYearsBetween(D(2008, 2, 29), D(2026, 2, 28)), 18);
  EXPECT_EQ(wholeYearsBetween(D(2008, 2, 29), D(2026, 2, 27)), 17);
  EXPECT_EQ(wholeYearsBetween(D(2008, 2, 29), D(2028, 2, 28)), 19);
  EXPECT_EQ(wholeYearsBetween(D(2024, 3, 15), D(2006, 3, 16)), -17);
  EXPECT_EQ(wholeYearsBetween(D(1, 1, 1), D(9999, 12, 31)), 9998);
}

TEST(Calendar, DayOfAndLastDayOf) {
  EXPECT_EQ(dayOf(D(2024, 2, 29)), 29);
  EXPECT_EQ(dayOf(D(1, 1, 1)), 1);
  EXPECT_EQ(lastDayOf(Month{2024 * 12 + 1}), D(2024, 2, 29));
  EXPECT_EQ(lastDayOf(Month{2100 * 12 + 1}), D(2100, 2, 28));
  EXPECT_EQ(lastDayOf(Month{9999 * 12 + 11}), D(9999, 12, 31));
}

// ---- parsing dates and months ------------------------------------------------------------------

TEST(ParseDate, AcceptsRealDates) {
  EXPECT_EQ(parseDate("2023-03-01"), D(2023, 3, 1));
  EXPECT_EQ(parseDate("2024-02-29"), D(2024, 2, 29));
  EXPECT_EQ(parseDate("0001-01-01"), D(1, 1, 1));
  EXPECT_EQ(parseDate("9999-12-31"), D(9999, 12, 31));
  EXPECT_EQ(parseDate("1970-01-01"), Date{0});
}

TEST(ParseDate, RejectsMalformedOrUnrealDates) {
  for (const char* bad :
       {"2023-02-29", "1900-02-29", "2023-04-31", "2023-13-01", "2023-00-10", "2023-01-00",
        "0000-01-01", "2023-3-01", "2023-03-1", "23-03-01", "2023/03/01", "20230301",
        " 2023-03-01", "2023-03-01 ", "2023-03-01T00:00", "+023-03-01", "-023-03-01",
        "2023-0a-01", "2023-03-0x", "", "2023-03", "12023-03-01"}) {
    EXPECT_FALSE(parseDate(bad).has_value()) << bad;
  }
}

TEST(ParseMonth, AcceptsAndRejects) {
  EXPECT_EQ(parseMonth("2023-03"), makeMonth(2023, 3));
  EXPECT_EQ(parseMonth("0001-01"), makeMonth(1, 1));
  EXPECT_EQ(parseMonth("9999-12"), makeMonth(9999, 12));
  for (const char* bad : {"2023-3", "2023-13", "2023-00", "0000-01", "2023-03-01", "202303",
                          "2023/03", " 2023-03", "2023-03 ", "", "-023-03", "2023-+3"}) {
    EXPECT_FALSE(parseMonth(bad).has_value()) << bad;
  }
}

// ---- parsing decimals --------------------------------------------------------------------------

TEST(ParseDecimal, PlainNumbers) {
  EXPECT_EQ(parseDecimal("12"), R(12));
  EXPECT_EQ(parseDecimal("0"), R(0));
  EXPECT_EQ(parseDecimal("-0"), R(0));
  EXPECT_EQ(parseDecimal("00012"), R(12));
  EXPECT_EQ(parseDecimal("-0,25"), R(-1, 4));
  EXPECT_EQ(parseDecimal("12.5"), R(25, 2));
  EXPECT_EQ(parseDecimal("1234,5"), R(2469, 2));
  EXPECT_EQ(parseDecimal("0,1"), R(1, 10));
}

TEST(ParseDecimal, GroupedThousands) {
  EXPECT_EQ(parseDecimal("6 000,50"), R(600050, 100));
  EXPECT_EQ(parseDecimal("6 000,50"), (Rational{12001, 2}));
  EXPECT_EQ(parseDecimal("1 234"), R(1234));
  EXPECT_EQ(parseDecimal("12 500"), R(12500));
  EXPECT_EQ(parseDecimal("-1 000 000"), R(-1000000));
  EXPECT_EQ(parseDecimal("1\xC2\xA0" "234"), R(1234));          // U+00A0 no-break space
  EXPECT_EQ(parseDecimal("1\xE2\x80\xAF" "234,5"), R(2469, 2));  // U+202F narrow no-break space
  EXPECT_EQ(parseDecimal("1 000\xC2\xA0" "000"), R(1000000));    // separators may be mixed
}

TEST(ParseDecimal, RejectsMalformedInput) {
  for (const char* bad :
       {"", "-", "+1", " 1", "1 ", "1,", ",5", ".5", "1,2,3", "1e5", "1,5e", "12 34", "1  234",
        "1234 567", "1 2345", "1 23", "-,5", "--1", "1,-5", "1, 5", "1 ,5", "1\xC2", "1\xC2\xA0",
        "1\xE2\x80\xAF", "1\xE2\x80" "234", "abc", "1_000", "1'000", "١٢"}) {
    EXPECT_FALSE(parseDecimal(bad).has_value()) << bad;
  }
}

TEST(ParseDecimal, RangeLimits) {
  EXPECT_EQ(parseDecimal("9223372036854775807"), R(kMax));
  EXPECT_EQ(parseDecimal("-9223372036854775808"), R(kMin));
  EXPECT_EQ(parseDecimal("9 223 372 036 854 775 807"), R(kMax));
  EXPECT_FALSE(parseDecimal("9223372036854775808").has_value());
  EXPECT_FALSE(parseDecimal("12345678901234567890").has_value());
  EXPECT_FALSE(parseDecimal("123456789012345678901234567890123456789012345").has_value());
  EXPECT_EQ(parseDecimal("0,000000000000000001"), (Rational{1, 1'000'000'000'000'000'000}));
  EXPECT_FALSE(parseDecimal("0,0000000000000000001").has_value());  // 1/10^19
  EXPECT_EQ(parseDecimal("1.234567890123456789"),
            (Rational{1234567890123456789, 1'000'000'000'000'000'000}));
}

TEST(ParseDecimal, TrailingZerosDoNotCountAgainstTheRange) {
  EXPECT_EQ(parseDecimal("1,50000000000000000000000000000000000000000000000000"), R(3, 2));
  EXPECT_EQ(parseDecimal("0000000000000000000000000000000000000000000000000007"), R(7));
  // 1/2^37 needs 37 decimals but its reduced denominator fits in 64 bits.
  EXPECT_EQ(parseDecimal("0,0000000000072759576141834259033203125"),
            (Rational{1, int64_t{1} << 37}));
}

// ---- display -----------------------------------------------------------------------------------

TEST(FormatMoney, SwedishNotation) {
  EXPECT_EQ(formatMoney(Money{1012000}), "10 120 kr");
  EXPECT_EQ(formatMoney(Money{600050}), "6 000,50 kr");
  EXPECT_EQ(formatMoney(Money{5}), "0,05 kr");
  EXPECT_EQ(formatMoney(Money{-5}), "-0,05 kr");
  EXPECT_EQ(formatMoney(Money{10}), "0,10 kr");
  EXPECT_EQ(formatMoney(Money{-2500}), "-25 kr");
  EXPECT_EQ(formatMoney(Money{0}), "0 kr");
  EXPECT_EQ(formatMoney(Money{99999}), "999,99 kr");
  EXPECT_EQ(formatMoney(Money{100000}), "1 000 kr");
  EXPECT_EQ(formatMoney(Money{123456789}), "1 234 567,89 kr");
  EXPECT_EQ(formatMoney(Money{kMax}), "92 233 720 368 547 758,07 kr");
  EXPECT_EQ(formatMoney(Money{kMin}), "-92 233 720 368 547 758,08 kr");
  std::string text = "Biståndet är ";
  appendMoney(text, Money{872000});
  EXPECT_EQ(text, "Biståndet är 8 720 kr");
}

TEST(FormatMoneyExact, WholeOreLooksLikeFormatMoney) {
  EXPECT_EQ(formatMoneyExact(R(235920)), "2 359,20 kr");
  EXPECT_EQ(formatMoneyExact(R(1012000)), "10 120 kr");
  EXPECT_EQ(formatMoneyExact(R(-2500)), "-25 kr");
  EXPECT_EQ(formatMoneyExact(R(0)), "0 kr");
}

TEST(FormatMoneyExact, FractionsOfOreShowMoreDecimals) {
  EXPECT_EQ(formatMoneyExact(R(1, 2)), "0,005 kr");
  EXPECT_EQ(formatMoneyExact(R(123455, 4)), "308,6375 kr");
  EXPECT_EQ(formatMoneyExact(R(123456789, 2)), "617 283,945 kr");
  EXPECT_EQ(formatMoneyExact(R(100, 3)), "0,333333\xE2\x80\xA6 kr");
  EXPECT_EQ(formatMoneyExact(R(-1, 3)), "-0,003333\xE2\x80\xA6 kr");
  EXPECT_EQ(formatMoneyExact(R(1, 10000)), "0,000001 kr");
  EXPECT_EQ(formatMoneyExact(R(1, 100000)), "0,000000\xE2\x80\xA6 kr");
  EXPECT_EQ(formatMoneyExact(R(kMax, 2)), "46 116 860 184 273 879,035 kr");
}

TEST(FormatRational, DecimalComma) {
  EXPECT_EQ(formatRational(R(1, 4)), "0,25");
  EXPECT_EQ(formatRational(R(12)), "12");
  EXPECT_EQ(formatRational(R(-3, 2)), "-1,5");
  EXPECT_EQ(formatRational(R(1, 8)), "0,125");
  EXPECT_EQ(formatRational(R(0)), "0");
  EXPECT_EQ(formatRational(R(1, 1000000)), "0,000001");
}

TEST(FormatRational, RepeatingDecimalsAreCutAfterSixDecimals) {
  EXPECT_EQ(formatRational(R(1, 3)), "0,333333\xE2\x80\xA6");
  EXPECT_EQ(formatRational(R(2, 3)), "0,666666\xE2\x80\xA6");  // cut, not rounded
  EXPECT_EQ(formatRational(R(-1, 7)), "-0,142857\xE2\x80\xA6");
  EXPECT_EQ(formatRational(R(1, 10000000)), "0,000000\xE2\x80\xA6");
  EXPECT_EQ(formatRational(R(-1, 10000000)), "-0,000000\xE2\x80\xA6");
}

TEST(FormatRational, GroupingFollowsTheFiveDigitRule) {
  EXPECT_EQ(formatRational(R(2469, 2)), "1 234,5");
  EXPECT_EQ(formatRational(R(2023)), "2023");  // consistent with formatInt
  EXPECT_EQ(formatRational(R(12500)), "12 500");
  EXPECT_EQ(formatRational(R(24691, 2)), "12 345,5");
  EXPECT_EQ(formatRational(R(12345, 100)), "123,45");
  EXPECT_EQ(formatRational(R(kMin)), "-9 223 372 036 854 775 808");
}

TEST(FormatPercent, ValueTimesHundred) {
  EXPECT_EQ(formatPercent(R(1, 4)), "25 %");
  EXPECT_EQ(formatPercent(R(1, 40)), "2,5 %");
  EXPECT_EQ(formatPercent(R(-1, 4)), "-25 %");
  EXPECT_EQ(formatPercent(R(6, 100)), "6 %");
  EXPECT_EQ(formatPercent(R(0)), "0 %");
  EXPECT_EQ(formatPercent(R(1)), "100 %");
  EXPECT_EQ(formatPercent(R(12)), "1200 %");
  EXPECT_EQ(formatPercent(R(125)), "12 500 %");
  EXPECT_EQ(formatPercent(R(1, 3)), "33,333333\xE2\x80\xA6 %");
  EXPECT_EQ(formatPercent(R(kMax)), "922 337 203 685 477 580 700 %");  // no overflow
}

TEST(FormatInt, GroupsOnlyFromFiveDigits) {
  EXPECT_EQ(formatInt(0), "0");
  EXPECT_EQ(formatInt(-3), "-3");
  EXPECT_EQ(formatInt(2023), "2023");
  EXPECT_EQ(formatInt(-9999), "-9999");
  EXPECT_EQ(formatInt(12500), "12 500");
  EXPECT_EQ(formatInt(-12500), "-12 500");
  EXPECT_EQ(formatInt(100000), "100 000");
  EXPECT_EQ(formatInt(1234567), "1 234 567");
  EXPECT_EQ(formatInt(kMax), "9 223 372 036 854 775 807");
  EXPECT_EQ(formatInt(kMin), "-9 223 372 036 854 775 808");
}

TEST(FormatDate, IsoNotationAndRoundTrip) {
  EXPECT_EQ(formatDate(D(2023, 3, 1)), "2023-03-01");
  EXPECT_EQ(formatDate(Date{0}), "1970-01-01");
  EXPECT_EQ(formatDate(D(1, 1, 1)), "0001-01-01");
  EXPECT_EQ(formatDate(D(9999, 12, 31)), "9999-12-31");
  for (const char* text : {"0001-01-01", "0099-07-15", "1582-10-15", "1969-12-31", "2000-02-29",
                           "2023-03-01", "2024-02-29", "2100-02-28", "9999-12-31"}) {
    const std::optional<Date> d = parseDate(text);
    ASSERT_TRUE(d.has_value()) << text;
    EXPECT_EQ(formatDate(*d), text);
  }
}

TEST(FormatMonth, IsoNotationAndRoundTrip) {
  EXPECT_EQ(formatMonth(*makeMonth(2023, 3)), "2023-03");
  EXPECT_EQ(formatMonth(*makeMonth(1, 1)), "0001-01");
  EXPECT_EQ(formatMonth(*makeMonth(9999, 12)), "9999-12");
  for (const char* text : {"0001-01", "0450-06", "1999-12", "2024-02", "9999-12"}) {
    const std::optional<Month> m = parseMonth(text);
    ASSERT_TRUE(m.has_value()) << text;
    EXPECT_EQ(formatMonth(*m), text);
  }
}

TEST(RoundTrip, FormattedRationalsParseBack) {
  for (const Rational r : {R(1, 4), R(-3, 2), R(2469, 2), R(12500), R(-987654321, 1000)}) {
    const std::optional<Rational> back = parseDecimal(formatRational(r));
    ASSERT_TRUE(back.has_value()) << formatRational(r);
    EXPECT_EQ(*back, r);
  }
}

}  // namespace
}  // namespace regel::rt
