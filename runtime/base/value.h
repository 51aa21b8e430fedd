// Exact scalar values of the rule language: money in öre, exact rationals, dates and months.
// Every operation is checked: overflow and division by zero are reported, never wrapped.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace regel::rt {

// Why an arithmetic operation has no result.
enum class ArithError : uint8_t { None, Overflow, DivisionByZero };

// Money as a whole number of öre (1 kr = 100 öre).
struct Money {
  int64_t ore = 0;
  friend bool operator==(Money, Money) = default;
  friend auto operator<=>(Money, Money) = default;
};

// An exact rational number num/den, always normalised: den > 0 and gcd(|num|, den) == 1.
// Used for `tal`, `procent` (25 % is 1/4) and for unrounded money (a rational number of öre).
struct Rational {
  int64_t num = 0;
  int64_t den = 1;
  friend bool operator==(Rational, Rational) = default;
};

// A calendar date as days since 1970-01-01 (proleptic Gregorian).
struct Date {
  int32_t days = 0;
  friend bool operator==(Date, Date) = default;
  friend auto operator<=>(Date, Date) = default;
};

// A calendar month as year * 12 + (month - 1).
struct Month {
  int32_t index = 0;
  friend bool operator==(Month, Month) = default;
  friend auto operator<=>(Month, Month) = default;
};

// How a rational is rounded to an integer.
enum class RoundDirection : uint8_t { Down, Up, Nearest };  // Nearest: half away from zero

// ---- checked integer arithmetic ----------------------------------------------------------------
ArithError addInt(int64_t a, int64_t b, int64_t& out);
ArithError subInt(int64_t a, int64_t b, int64_t& out);
ArithError mulInt(int64_t a, int64_t b, int64_t& out);
ArithError negInt(int64_t a, int64_t& out);

// ---- rationals ---------------------------------------------------------------------------------
// Builds a normalised rational; Overflow when it cannot be represented with int64 parts.
ArithError makeRational(__int128 num, __int128 den, Rational& out);
Rational fromInt(int64_t v);
ArithError addRat(Rational a, Rational b, Rational& out);
ArithError subRat(Rational a, Rational b, Rational& out);
ArithError mulRat(Rational a, Rational b, Rational& out);
ArithError divRat(Rational a, Rational b, Rational& out);
ArithError negRat(Rational a, Rational& out);
// -1, 0, 1 as a < b, a == b, a > b (exact, via 128-bit cross multiplication).
int compareRat(Rational a, Rational b);
// Rounds to an integer in the given direction (Down = towards -inf, Up = towards +inf).
ArithError roundRat(Rational a, RoundDirection dir, int64_t& out);
// Rounds a rational number of öre to a multiple of `step` öre (1 = whole öre, 100 = whole kronor).
// A step of 0 is DivisionByZero; a negative step means the same multiples as its magnitude.
ArithError roundToStep(Rational ore, RoundDirection dir, int64_t step, int64_t& out);

// ---- dates and months --------------------------------------------------------------------------
// Validates year 1..9999, month 1..12 and the day of that month.
std::optional<Date> makeDate(int year, int month, int day);
std::optional<Month> makeMonth(int year, int month);
void civilFromDate(Date d, int& year, int& month, int& day);
int yearOf(Month m);
int monthOf(Month m);  // 1..12
Date firstDayOf(Month m);
Month monthOfDate(Date d);

// ---- calendar arithmetic -----------------------------------------------------------------------
// Every result is a real date or month in the years 1–9999; the functions that can leave that
// range return false instead (the rule language's R0513).
int dayOf(Date d);  // 1..31
Date lastDayOf(Month m);
bool addDays(Date d, int64_t days, Date& out);
bool addMonths(Month m, int64_t months, Month& out);
// The same day of the month `months` later (or earlier); when that month has no such day, its
// last day, as lag (1930:173) om beräkning av lagstadgad tid counts: 2024-01-31 + 1 month is
// 2024-02-29, 2024-02-29 + 12 months is 2025-02-28.
bool addMonths(Date d, int64_t months, Date& out);
// Whole months from `from` to `to`: the largest n with addMonths(from, n) <= to; when `to` is
// before `from`, minus the whole months from `to` to `from`. Years are whole months / 12.
int64_t wholeMonthsBetween(Date from, Date to);
int64_t wholeYearsBetween(Date from, Date to);

// ---- parsing (exact, from Swedish or JSON notation) ----------------------------------------------
// "2023-03-01"; nullopt if malformed or not a real date.
std::optional<Date> parseDate(std::string_view s);
// "2023-03"; nullopt if malformed.
std::optional<Month> parseMonth(std::string_view s);
// A decimal number: optional '-', digits that may be grouped by spaces (U+0020, U+00A0, U+202F)
// in threes, an optional decimal separator (',' or '.') followed by digits. Exact; nullopt when
// malformed or out of range.
std::optional<Rational> parseDecimal(std::string_view s);

// ---- Swedish display ---------------------------------------------------------------------------
// "10 120 kr", "6 000,50 kr", "-25 kr" (a space groups thousands; öre only when not whole kronor).
std::string formatMoney(Money m);
// formatMoney appended to `out`, without a string of its own (a reason rendered per decision).
void appendMoney(std::string& out, Money m);
// Unrounded money (a rational number of öre). A whole number of öre looks exactly like
// formatMoney ("2 359,20 kr"); otherwise the krona value gets as many decimals as it needs, up
// to six ("0,005 kr"), and a value that is still not exact is cut there and marked with "…".
std::string formatMoneyExact(Rational ore);
// "0,25", "12", "1 234,5"; repeating decimals cut after six decimals and marked with "…".
// Thousands in the integer part are grouped when the written number has five or more digits
// (decimals included), so whole numbers match formatInt: "2023" but "1 234,5" and "12 500".
std::string formatRational(Rational r);
// "25 %", "2,5 %" (the value 1/4 is 25 %).
std::string formatPercent(Rational r);
// "12", "-3", "2023", "12 500": grouped by a space only from five digits (Swedish typography).
std::string formatInt(int64_t v);
std::string formatDate(Date d);    // "2023-03-01"
std::string formatMonth(Month m);  // "2023-03"
// "a, b eller c": a list in running Swedish text.
std::string listWithEller(const std::vector<std::string>& items);

}  // namespace regel::rt
