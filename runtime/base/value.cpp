// Exact arithmetic, calendar conversions, parsing and Swedish display of the rule language's values.
#include "runtime/base/value.h"

#include <algorithm>
#include <cstddef>
#include <limits>

namespace regel::rt {

namespace {

using u128 = unsigned __int128;
using i128 = __int128;

constexpr int64_t kI64Max = std::numeric_limits<int64_t>::max();
constexpr int64_t kI64Min = std::numeric_limits<int64_t>::min();

// Decimal output stops after this many fractional digits; the rest is marked with an ellipsis.
constexpr int kMaxDecimals = 6;
constexpr const char* kEllipsis = "\xE2\x80\xA6";  // U+2026

// Returns |v| without negating a signed value, so that INT64_MIN and INT128_MIN are safe.
u128 magnitude(i128 v) { return v < 0 ? u128{0} - static_cast<u128>(v) : static_cast<u128>(v); }

u128 gcd128(u128 a, u128 b) {
  while (b != 0) {
    u128 t = a % b;
    a = b;
    b = t;
  }
  return a;
}

// Floor division for a positive divisor, computed on magnitudes so that no signed step overflows.
i128 floorDiv(i128 n, i128 d) {
  if (n >= 0) return n / d;
  return -static_cast<i128>((magnitude(n) + static_cast<u128>(d) - 1) / static_cast<u128>(d));
}

// roundDiv for 0 < d and INT64_MIN < n, both in 64 bits: C++ division truncates toward zero, so
// a remainder moves the quotient down for a negative n (Down) or up for a positive one (Up).
int64_t roundDiv64(int64_t n, int64_t d, RoundDirection dir) {
  const int64_t q = n / d;
  const int64_t r = n % d;
  switch (dir) {
    case RoundDirection::Down: return r != 0 && n < 0 ? q - 1 : q;
    case RoundDirection::Up: return r != 0 && n > 0 ? q + 1 : q;
    case RoundDirection::Nearest: {
      // Half away from zero; |r| * 2 < 2d fits in uint64.
      const uint64_t twice = static_cast<uint64_t>(r < 0 ? -r : r) * 2;
      if (twice < static_cast<uint64_t>(d)) return q;
      return n < 0 ? q - 1 : q + 1;
    }
  }
  return 0;
}

// Rounds n/d (d > 0) to an integer; the result always fits in 128 bits because |n/d| <= |n|.
i128 roundDiv(i128 n, i128 d, RoundDirection dir) {
  // Amounts and steps mostly fit in 64 bits: the same rounding without the 128-bit division.
  if (n > kI64Min && n <= kI64Max && d > 0 && d <= kI64Max) {
    return roundDiv64(static_cast<int64_t>(n), static_cast<int64_t>(d), dir);
  }
  switch (dir) {
    case RoundDirection::Down:
      return floorDiv(n, d);
    case RoundDirection::Up:
      return -floorDiv(-n, d);
    case RoundDirection::Nearest: {
      // Half away from zero: round |n|/d half up, then restore the sign.
      u128 mag = magnitude(n);
      u128 ud = static_cast<u128>(d);
      u128 q = mag / ud + ((mag % ud) * 2 >= ud ? 1 : 0);
      return n < 0 ? -static_cast<i128>(q) : static_cast<i128>(q);
    }
  }
  return 0;
}

ArithError narrow(i128 v, int64_t& out) {
  if (v < kI64Min || v > kI64Max) return ArithError::Overflow;
  out = static_cast<int64_t>(v);
  return ArithError::None;
}

// ---- calendar helpers ------------------------------------------------------------------------

bool isLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int daysInMonth(int y, int m) {
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && isLeap(y) ? 29 : kDays[m - 1];
}

// Howard Hinnant's days_from_civil: years are counted from March so that the leap day is last,
// which makes the day of the year a simple linear function of the month.
int64_t daysFromCivil(int64_t y, int m, int d) {
  y -= m <= 2 ? 1 : 0;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

// ---- parsing helpers -------------------------------------------------------------------------

bool isDigit(char c) { return c >= '0' && c <= '9'; }

// Reads exactly `n` digits at `pos`; fails on anything else so that "2023-3-1" is rejected.
bool fixedDigits(std::string_view s, size_t pos, size_t n, int& out) {
  if (pos + n > s.size()) return false;
  out = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (!isDigit(s[i])) return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

// Length of the digit-group separator at `pos` (space, U+00A0 or U+202F in UTF-8), or 0.
size_t separatorAt(std::string_view s, size_t pos) {
  std::string_view rest = s.substr(pos);
  if (rest.starts_with(' ')) return 1;
  if (rest.starts_with("\xC2\xA0")) return 2;
  if (rest.starts_with("\xE2\x80\xAF")) return 3;
  return 0;
}

size_t countDigits(std::string_view s, size_t pos) {
  size_t n = 0;
  while (pos + n < s.size() && isDigit(s[pos + n])) ++n;
  return n;
}

// Accumulates decimal digits; 10^36 leaves headroom below 2^127 so the next step cannot overflow.
bool appendDigits(std::string_view digits, i128& acc) {
  constexpr i128 kLimit = static_cast<i128>(1'000'000'000'000'000'000) * 1'000'000'000'000'000'000;
  for (char c : digits) {
    if (acc >= kLimit) return false;
    acc = acc * 10 + (c - '0');
  }
  return true;
}

// Collects the integer part (plain or grouped in threes) into `digits`; returns the end position.
std::optional<size_t> scanIntegerPart(std::string_view s, size_t pos, std::string& digits) {
  const size_t first = countDigits(s, pos);
  if (first == 0) return std::nullopt;
  digits.append(s.substr(pos, first));
  pos += first;
  const size_t sep = separatorAt(s, pos);
  if (sep == 0) return pos;
  // Grouped notation: the first group has one to three digits and every later group exactly three.
  if (first > 3) return std::nullopt;
  for (size_t len = sep; len != 0; len = separatorAt(s, pos)) {
    pos += len;
    if (countDigits(s, pos) != 3) return std::nullopt;
    digits.append(s.substr(pos, 3));
    pos += 3;
  }
  return pos;
}

// ---- formatting helpers ----------------------------------------------------------------------

std::string digitsOf(u128 v) {
  // Written from the right into a buffer (39 digits hold any u128). Below 2^64, where amounts
  // are, dividing by ten is a multiplication instead of a call to the 128-bit division.
  char digits[40];
  char* const end = digits + sizeof digits;
  char* at = end;
  for (; v > UINT64_MAX; v /= 10) *--at = static_cast<char>('0' + static_cast<int>(v % 10));
  uint64_t w = static_cast<uint64_t>(v);
  do {
    *--at = static_cast<char>('0' + static_cast<int>(w % 10));
    w /= 10;
  } while (w != 0);
  return std::string(at, end);
}

// Inserts a space between groups of three digits counted from the right.
void appendGrouped(std::string& out, const std::string& digits) {
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i != 0 && (digits.size() - i) % 3 == 0) out += ' ';
    out += digits[i];
  }
}

std::string groupThousands(const std::string& digits) {
  std::string out;
  appendGrouped(out, digits);
  return out;
}

std::string padded(int v, size_t width) {
  std::string s = digitsOf(magnitude(v));
  if (s.size() < width) s.insert(0, width - s.size(), '0');
  return v < 0 ? "-" + s : s;
}

// How thousands in the integer part are separated.
enum class Grouping : uint8_t {
  Always,       // money: "1 000 kr"
  FiveDigits,   // plain numbers: only when the written number has five or more digits
};

// Writes mag/den as a decimal with a comma, at most six decimals, truncated and marked with "…".
std::string formatDecimal(bool negative, u128 mag, u128 den, Grouping grouping) {
  std::string intDigits = digitsOf(mag / den);
  std::string frac;
  u128 rem = mag % den;
  while (rem != 0 && frac.size() < static_cast<size_t>(kMaxDecimals)) {
    rem *= 10;
    frac += static_cast<char>('0' + static_cast<int>(rem / den));
    rem %= den;
  }
  const bool group = grouping == Grouping::Always || intDigits.size() + frac.size() >= 5;
  std::string out = negative && (mag != 0) ? "-" : "";
  out += group ? groupThousands(intDigits) : intDigits;
  if (!frac.empty()) out += "," + frac;
  if (rem != 0) out += kEllipsis;
  return out;
}

}  // namespace

// ---- checked integer arithmetic ----------------------------------------------------------------

ArithError addInt(int64_t a, int64_t b, int64_t& out) {
  return __builtin_add_overflow(a, b, &out) ? ArithError::Overflow : ArithError::None;
}

ArithError subInt(int64_t a, int64_t b, int64_t& out) {
  return __builtin_sub_overflow(a, b, &out) ? ArithError::Overflow : ArithError::None;
}

ArithError mulInt(int64_t a, int64_t b, int64_t& out) {
  return __builtin_mul_overflow(a, b, &out) ? ArithError::Overflow : ArithError::None;
}

ArithError negInt(int64_t a, int64_t& out) {
  return __builtin_sub_overflow(int64_t{0}, a, &out) ? ArithError::Overflow : ArithError::None;
}

// ---- rationals ---------------------------------------------------------------------------------

ArithError makeRational(__int128 num, __int128 den, Rational& out) {
  if (den == 0) return ArithError::DivisionByZero;
  // Work on magnitudes so that the most negative 128-bit values never need to be negated.
  bool negative = (num < 0) != (den < 0);
  u128 n = magnitude(num);
  u128 d = magnitude(den);
  const u128 g = gcd128(n, d);
  if (g > 1) {
    n /= g;
    d /= g;
  }
  if (n == 0) {
    negative = false;
    d = 1;
  }
  const u128 numLimit = negative ? u128{1} << 63 : static_cast<u128>(kI64Max);
  if (n > numLimit || d > static_cast<u128>(kI64Max)) return ArithError::Overflow;
  const i128 signedNum = negative ? -static_cast<i128>(n) : static_cast<i128>(n);
  out = Rational{static_cast<int64_t>(signedNum), static_cast<int64_t>(d)};
  return ArithError::None;
}

Rational fromInt(int64_t v) { return Rational{v, 1}; }

// The cross products below are each below 2^126 in magnitude, so their sum fits in 128 bits.
ArithError addRat(Rational a, Rational b, Rational& out) {
  return makeRational(static_cast<i128>(a.num) * b.den + static_cast<i128>(b.num) * a.den,
                      static_cast<i128>(a.den) * b.den, out);
}

ArithError subRat(Rational a, Rational b, Rational& out) {
  return makeRational(static_cast<i128>(a.num) * b.den - static_cast<i128>(b.num) * a.den,
                      static_cast<i128>(a.den) * b.den, out);
}

ArithError mulRat(Rational a, Rational b, Rational& out) {
  return makeRational(static_cast<i128>(a.num) * b.num, static_cast<i128>(a.den) * b.den, out);
}

ArithError divRat(Rational a, Rational b, Rational& out) {
  if (b.num == 0) return ArithError::DivisionByZero;
  return makeRational(static_cast<i128>(a.num) * b.den, static_cast<i128>(a.den) * b.num, out);
}

ArithError negRat(Rational a, Rational& out) {
  int64_t num = 0;
  if (negInt(a.num, num) != ArithError::None) return ArithError::Overflow;
  out = Rational{num, a.den};
  return ArithError::None;
}

int compareRat(Rational a, Rational b) {
  const i128 lhs = static_cast<i128>(a.num) * b.den;
  const i128 rhs = static_cast<i128>(b.num) * a.den;
  return lhs < rhs ? -1 : (lhs > rhs ? 1 : 0);
}

ArithError roundRat(Rational a, RoundDirection dir, int64_t& out) {
  if (a.den == 0) return ArithError::DivisionByZero;
  // A hand-built rational may have a negative denominator; moving the sign keeps the maths valid.
  i128 num = a.num;
  i128 den = a.den;
  if (den < 0) {
    num = -num;
    den = -den;
  }
  return narrow(roundDiv(num, den, dir), out);
}

ArithError roundToStep(Rational ore, RoundDirection dir, int64_t step, int64_t& out) {
  if (step == 0 || ore.den == 0) return ArithError::DivisionByZero;
  // Most amounts, denominators and steps need no 128-bit arithmetic: the same rounding in 64 bits
  // when den * |step| fits, and the same overflow when the result does not.
  if (ore.den > 0 && ore.num != kI64Min && step != kI64Min) {
    const int64_t s = step < 0 ? -step : step;
    int64_t d = 0, result = 0;
    if (!__builtin_mul_overflow(ore.den, s, &d)) {
      if (__builtin_mul_overflow(roundDiv64(ore.num, d, dir), s, &result)) return ArithError::Overflow;
      out = result;
      return ArithError::None;
    }
  }
  // Multiples of -s are the same numbers as multiples of s, so only the magnitude of step matters.
  const i128 s = static_cast<i128>(magnitude(step));
  i128 num = ore.num;
  i128 den = ore.den;
  if (den < 0) {
    num = -num;
    den = -den;
  }
  // den * s < 2^127 because both are at most 2^63, so ore / step is exact in 128 bits.
  const i128 steps = roundDiv(num, den * s, dir);
  return narrow(steps * s, out);
}

// ---- dates and months --------------------------------------------------------------------------

std::optional<Date> makeDate(int year, int month, int day) {
  if (year < 1 || year > 9999 || month < 1 || month > 12) return std::nullopt;
  if (day < 1 || day > daysInMonth(year, month)) return std::nullopt;
  return Date{static_cast<int32_t>(daysFromCivil(year, month, day))};
}

std::optional<Month> makeMonth(int year, int month) {
  if (year < 1 || year > 9999 || month < 1 || month > 12) return std::nullopt;
  return Month{year * 12 + (month - 1)};
}

// Howard Hinnant's civil_from_days, the inverse of daysFromCivil (eras of 400 years from March).
void civilFromDate(Date d, int& year, int& month, int& day) {
  const int64_t z = static_cast<int64_t>(d.days) + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  year = static_cast<int>(yoe + era * 400 + (month <= 2 ? 1 : 0));
}

// Floor division keeps yearOf and monthOf consistent even for an out-of-range negative index.
int yearOf(Month m) { return static_cast<int>(floorDiv(m.index, 12)); }

int monthOf(Month m) { return static_cast<int>(m.index - floorDiv(m.index, 12) * 12) + 1; }

Date firstDayOf(Month m) {
  return Date{static_cast<int32_t>(daysFromCivil(yearOf(m), monthOf(m), 1))};
}

Month monthOfDate(Date d) {
  int y = 0, m = 0, day = 0;
  civilFromDate(d, y, m, day);
  return Month{y * 12 + (m - 1)};
}

// ---- calendar arithmetic -----------------------------------------------------------------------

namespace {

constexpr int64_t kFirstMonthIndex = 1 * 12;         // 0001-01
constexpr int64_t kLastMonthIndex = 9999 * 12 + 11;  // 9999-12

}  // namespace

int dayOf(Date d) {
  int y = 0, m = 0, day = 0;
  civilFromDate(d, y, m, day);
  return day;
}

Date lastDayOf(Month m) {
  const int y = yearOf(m), n = monthOf(m);
  return Date{static_cast<int32_t>(daysFromCivil(y, n, daysInMonth(y, n)))};
}

bool addDays(Date d, int64_t days, Date& out) {
  static const int64_t first = daysFromCivil(1, 1, 1), last = daysFromCivil(9999, 12, 31);
  // Checked before adding: `days` may be any int64.
  if (days < first - d.days || days > last - d.days) return false;
  out = Date{static_cast<int32_t>(d.days + days)};
  return true;
}

bool addMonths(Month m, int64_t months, Month& out) {
  if (months < kFirstMonthIndex - m.index || months > kLastMonthIndex - m.index) return false;
  out = Month{static_cast<int32_t>(m.index + months)};
  return true;
}

bool addMonths(Date d, int64_t months, Date& out) {
  int y = 0, n = 0, day = 0;
  civilFromDate(d, y, n, day);
  Month target;
  if (!addMonths(Month{y * 12 + (n - 1)}, months, target)) return false;
  const int ty = yearOf(target), tn = monthOf(target);
  out = Date{static_cast<int32_t>(daysFromCivil(ty, tn, std::min(day, daysInMonth(ty, tn))))};
  return true;
}

int64_t wholeMonthsBetween(Date from, Date to) {
  if (to < from) return -wholeMonthsBetween(to, from);
  int64_t months = static_cast<int64_t>(monthOfDate(to).index) - monthOfDate(from).index;
  Date reached;
  // `from` moved to `to`'s month lands after `to` when its day of the month is later.
  if (addMonths(from, months, reached) && reached > to) --months;
  return months;
}

int64_t wholeYearsBetween(Date from, Date to) { return wholeMonthsBetween(from, to) / 12; }

// ---- parsing -----------------------------------------------------------------------------------

std::optional<Date> parseDate(std::string_view s) {
  int y = 0, m = 0, d = 0;
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  if (!fixedDigits(s, 0, 4, y) || !fixedDigits(s, 5, 2, m) || !fixedDigits(s, 8, 2, d)) {
    return std::nullopt;
  }
  return makeDate(y, m, d);
}

std::optional<Month> parseMonth(std::string_view s) {
  int y = 0, m = 0;
  if (s.size() != 7 || s[4] != '-') return std::nullopt;
  if (!fixedDigits(s, 0, 4, y) || !fixedDigits(s, 5, 2, m)) return std::nullopt;
  return makeMonth(y, m);
}

std::optional<Rational> parseDecimal(std::string_view s) {
  const bool negative = s.starts_with('-');
  std::string intDigits;
  const std::optional<size_t> end = scanIntegerPart(s, negative ? 1 : 0, intDigits);
  if (!end) return std::nullopt;
  size_t pos = *end;
  std::string_view frac;
  if (pos < s.size() && (s[pos] == ',' || s[pos] == '.')) {
    frac = s.substr(pos + 1, countDigits(s, pos + 1));
    if (frac.empty()) return std::nullopt;
    pos += 1 + frac.size();
  }
  if (pos != s.size()) return std::nullopt;
  // Trailing zeros do not change the value; dropping them keeps long inputs like "1,5000" exact.
  while (frac.ends_with('0')) frac.remove_suffix(1);
  // 10^38 is the largest power of ten below 2^127, so longer fractions cannot be represented.
  if (frac.size() > 38) return std::nullopt;
  i128 num = 0;
  if (!appendDigits(intDigits, num) || !appendDigits(frac, num)) return std::nullopt;
  i128 den = 1;
  for (size_t i = 0; i < frac.size(); ++i) den *= 10;
  Rational r;
  if (makeRational(negative ? -num : num, den, r) != ArithError::None) return std::nullopt;
  return r;
}

// ---- Swedish display ---------------------------------------------------------------------------

std::string formatMoney(Money m) {
  std::string out;
  appendMoney(out, m);
  return out;
}

void appendMoney(std::string& out, Money m) {
  // Written from the right into a buffer: " kr", öre when not whole kronor (always two digits),
  // the kronor grouped in threes, the sign. |öre| fits in 64 bits (even for INT64_MIN), where
  // dividing by 10 and 100 is a multiplication, not a library call.
  char text[48];
  char* const end = text + sizeof text;
  char* at = end;
  for (const char c : {'r', 'k', ' '}) *--at = c;
  const uint64_t mag = m.ore < 0 ? uint64_t{0} - static_cast<uint64_t>(m.ore) : static_cast<uint64_t>(m.ore);
  if (const int ore = static_cast<int>(mag % 100); ore != 0) {
    *--at = static_cast<char>('0' + ore % 10);
    *--at = static_cast<char>('0' + ore / 10);
    *--at = ',';
  }
  uint64_t kronor = mag / 100;
  // Whole groups of three below the highest, then the highest group's digits.
  for (; kronor >= 1000; kronor /= 1000) {
    const auto group = static_cast<unsigned>(kronor % 1000);
    *--at = static_cast<char>('0' + group % 10);
    *--at = static_cast<char>('0' + group / 10 % 10);
    *--at = static_cast<char>('0' + group / 100);
    *--at = ' ';
  }
  auto head = static_cast<unsigned>(kronor);
  do {
    *--at = static_cast<char>('0' + head % 10);
    head /= 10;
  } while (head != 0);
  if (m.ore < 0) *--at = '-';
  out.append(at, end);
}

std::string formatMoneyExact(Rational ore) {
  if (ore.den == 1) return formatMoney(Money{ore.num});
  // A fractional number of öre is shown in kronor with up to six decimals (not padded to two).
  const bool negative = (ore.num < 0) != (ore.den < 0);
  return formatDecimal(negative, magnitude(ore.num), magnitude(ore.den) * 100, Grouping::Always) +
         " kr";
}

std::string formatRational(Rational r) {
  const bool negative = (r.num < 0) != (r.den < 0);
  return formatDecimal(negative, magnitude(r.num), magnitude(r.den), Grouping::FiveDigits);
}

std::string formatPercent(Rational r) {
  // The scaling by 100 happens in 128 bits, so even INT64_MAX as a fraction cannot overflow.
  const bool negative = (r.num < 0) != (r.den < 0);
  return formatDecimal(negative, magnitude(r.num) * 100, magnitude(r.den), Grouping::FiveDigits) +
         " %";
}

std::string formatInt(int64_t v) {
  const std::string digits = digitsOf(magnitude(v));
  std::string out = v < 0 ? "-" : "";
  return out + (digits.size() >= 5 ? groupThousands(digits) : digits);
}

std::string formatDate(Date d) {
  int y = 0, m = 0, day = 0;
  civilFromDate(d, y, m, day);
  if (y < 0 || y > 9999) return padded(y, 4) + "-" + padded(m, 2) + "-" + padded(day, 2);
  // The years of real dates: "YYYY-MM-DD" written in place, without the temporary strings.
  const auto digit = [](int v) { return static_cast<char>('0' + v); };
  const char text[10] = {digit(y / 1000), digit(y / 100 % 10), digit(y / 10 % 10), digit(y % 10), '-',
                         digit(m / 10), digit(m % 10), '-', digit(day / 10), digit(day % 10)};
  return std::string(text, sizeof text);
}

std::string listWithEller(const std::vector<std::string>& items) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += i + 1 == items.size() ? " eller " : ", ";
    out += items[i];
  }
  return out;
}

std::string formatMonth(Month m) { return padded(yearOf(m), 4) + "-" + padded(monthOf(m), 2); }

}  // namespace regel::rt
