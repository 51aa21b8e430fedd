// Exact readings of the values in a case's JSON: number tokens, money, percent, decimal texts;
// plus the small text utilities the decoder needs (UTF-8 checks, suggestions, message templates).
#include <algorithm>
#include <iterator>
#include <limits>

#include "runtime/case/case_json.h"
#include "runtime/base/unicode.h"

namespace regel::rt {

namespace {

constexpr std::string_view kCodes[] = {
#define REGEL_CASE_ERROR(name, code, text) code,
#include "runtime/base/codes.def"
#undef REGEL_CASE_ERROR
};

constexpr std::string_view kTemplates[] = {
#define REGEL_CASE_ERROR(name, code, text) text,
#include "runtime/base/codes.def"
#undef REGEL_CASE_ERROR
};

constexpr CaseErrorKind kKinds[] = {
#define REGEL_CASE_ERROR(name, code, text) CaseErrorKind::name,
#include "runtime/base/codes.def"
#undef REGEL_CASE_ERROR
};

}  // namespace

std::string_view caseErrorCode(CaseErrorKind kind) { return kCodes[static_cast<size_t>(kind)]; }

std::string_view caseErrorTemplate(CaseErrorKind kind) {
  return kTemplates[static_cast<size_t>(kind)];
}

std::vector<CaseErrorKind> allCaseErrorKinds() { return {std::begin(kKinds), std::end(kKinds)}; }

CaseError makeCaseError(CaseErrorKind kind, std::string path, const std::vector<std::string>& args,
                        uint32_t line, uint32_t column) {
  CaseError e;
  e.code = caseErrorCode(kind);
  e.path = std::move(path);
  e.message = case_json::fillTemplate(caseErrorTemplate(kind), args);
  e.args = args;
  e.line = line;
  e.column = column;
  return e;
}

namespace case_json {
namespace {

using i128 = __int128;

// Exponents beyond this cannot matter: any such number is zero digits away from out of range.
constexpr int64_t kExponentLimit = 1'000'000'000'000'000;
// A plain decimal with more significant digits than this cannot be an exact Rational (int64 parts).
constexpr size_t kMaxDigits = 40;

bool isDigit(char c) { return c >= '0' && c <= '9'; }

// Leading and trailing ASCII spaces and tabs are not part of a written value.
std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Removes a trailing space, U+00A0 or U+202F (the separators Swedish text puts before "kr" and "%").
std::string_view dropTrailingSeparator(std::string_view s) {
  if (s.ends_with(' ')) return s.substr(0, s.size() - 1);
  if (s.ends_with("\xC2\xA0")) return s.substr(0, s.size() - 2);
  if (s.ends_with("\xE2\x80\xAF")) return s.substr(0, s.size() - 3);
  return s;
}

// parseDecimal, and when it fails, whether the text was at least written like a number: the same
// text with every digit replaced by 0 parses exactly when only the magnitude was the problem.
Problem readDecimal(std::string_view s, Rational& out) {
  // "1.500" is 1,5 to a program and 1 500 to many people: a text that can be read both ways is
  // refused rather than guessed. (A JSON number 1.500 is a number, and is 1,5.)
  if (const size_t point = s.find('.'); point != std::string_view::npos && point > 0 &&
                                        s.find(',') == std::string_view::npos && s.size() - point == 4 &&
                                        std::all_of(s.begin() + static_cast<ptrdiff_t>(point) + 1, s.end(), isDigit) &&
                                        isDigit(s[point - 1])) {
    return Problem::AmbiguousPoint;
  }
  if (std::optional<Rational> r = parseDecimal(s)) {
    out = *r;
    return Problem::None;
  }
  std::string zeros(s);
  std::replace_if(zeros.begin(), zeros.end(), isDigit, '0');
  return parseDecimal(zeros) ? Problem::OutOfRange : Problem::Malformed;
}

// Kronor to öre: multiplies by 100; whole öre are required unless `exact`.
Problem toOre(Rational kronor, bool exact, Rational& ore) {
  Rational r;
  if (mulRat(kronor, fromInt(100), r) != ArithError::None) return Problem::OutOfRange;
  if (!exact && r.den != 1) return Problem::TooPrecise;
  ore = r;
  return Problem::None;
}

Problem percentToRational(Rational percent, Rational& out) {
  return divRat(percent, fromInt(100), out) == ArithError::None ? Problem::None
                                                                : Problem::OutOfRange;
}

// "6 500,50 kr" → "6 500,50"; a text without "kr" is returned as it is.
std::string_view dropKronor(std::string_view s) {
  s = trim(s);
  if (s.ends_with("kr")) s = dropTrailingSeparator(s.substr(0, s.size() - 2));
  return s;
}

std::string_view dropPercentSign(std::string_view s) {
  s = trim(s);
  if (s.ends_with('%')) s = dropTrailingSeparator(s.substr(0, s.size() - 1));
  return s;
}


constexpr int64_t kPowersOfTen[] = {1,          10,          100,          1000,          10000,
                                     100000,     1000000,     10000000,     100000000,     1000000000,
                                     10000000000, 100000000000, 1000000000000, 10000000000000,
                                     100000000000000, 1000000000000000, 10000000000000000,
                                     100000000000000000, 1000000000000000000};
// Digits that fit an int64 whatever they are: the fast paths below take only numbers this short.
constexpr size_t kFastDigits = 18;

int64_t digitsValue(std::string_view digits, int64_t v = 0) {
  for (char c : digits) v = v * 10 + (c - '0');
  return v;
}

// The common case read directly: a plain decimal (no exponent) of at most 18 digits is exactly
// its digits over a power of ten. Returns false when the general reading is needed.
bool shortDecimal(const JsonNumber& n, int64_t& num, int64_t& den) {
  if (n.hasExponent || n.intDigits.size() + n.fracDigits.size() > kFastDigits) return false;
  num = digitsValue(n.fracDigits, digitsValue(n.intDigits));
  if (n.negative) num = -num;
  den = kPowersOfTen[n.fracDigits.size()];
  return true;
}

}  // namespace

std::optional<JsonNumber> splitJsonNumber(std::string_view token) {
  // simdjson hands over the token up to the next structural character, whitespace included.
  while (!token.empty() && (token.back() == ' ' || token.back() == '\t' || token.back() == '\n' ||
                            token.back() == '\r')) {
    token.remove_suffix(1);
  }
  JsonNumber n;
  size_t pos = 0;
  auto digitsFrom = [&](size_t from) {
    size_t end = from;
    while (end < token.size() && isDigit(token[end])) ++end;
    return end;
  };
  if (pos < token.size() && token[pos] == '-') {
    n.negative = true;
    ++pos;
  }
  size_t end = digitsFrom(pos);
  // JSON: at least one digit, and no leading zero unless the integer part is exactly "0".
  if (end == pos || (token[pos] == '0' && end - pos > 1)) return std::nullopt;
  n.intDigits = token.substr(pos, end - pos);
  pos = end;
  if (pos < token.size() && token[pos] == '.') {
    end = digitsFrom(pos + 1);
    if (end == pos + 1) return std::nullopt;
    n.hasFraction = true;
    n.fracDigits = token.substr(pos + 1, end - pos - 1);
    pos = end;
  }
  if (pos < token.size() && (token[pos] == 'e' || token[pos] == 'E')) {
    ++pos;
    bool negativeExponent = false;
    if (pos < token.size() && (token[pos] == '+' || token[pos] == '-')) {
      negativeExponent = token[pos] == '-';
      ++pos;
    }
    end = digitsFrom(pos);
    if (end == pos) return std::nullopt;
    int64_t e = 0;
    for (size_t i = pos; i < end; ++i) e = std::min(e * 10 + (token[i] - '0'), kExponentLimit);
    n.hasExponent = true;
    n.exponent = negativeExponent ? -e : e;
    pos = end;
  }
  if (pos != token.size()) return std::nullopt;
  return n;
}

Problem exactNumber(const JsonNumber& n, Rational& out) {
  if (int64_t num = 0, den = 1; shortDecimal(n, num, den)) {
    if (den == 1) {
      out = fromInt(num);
      return Problem::None;
    }
    return makeRational(num, den, out) == ArithError::None ? Problem::None : Problem::OutOfRange;
  }
  // The value is 0.D × 10^point with D the significant digits, written out as a plain decimal
  // and then read by parseDecimal: one exact reading for JSON numbers and Swedish texts alike.
  std::string digits;
  digits.reserve(n.intDigits.size() + n.fracDigits.size());
  digits.append(n.intDigits).append(n.fracDigits);
  int64_t point = static_cast<int64_t>(n.intDigits.size()) + n.exponent;
  const size_t firstNonZero = digits.find_first_not_of('0');
  if (firstNonZero == std::string::npos) {
    out = fromInt(0);
    return Problem::None;
  }
  digits.erase(0, firstNonZero);
  point -= static_cast<int64_t>(firstNonZero);
  // Trailing zeros do not change 0.D × 10^point.
  digits.erase(digits.find_last_not_of('0') + 1);
  const auto length = static_cast<int64_t>(digits.size());
  constexpr auto kMax = static_cast<int64_t>(kMaxDigits);
  // Too many integer digits, or too many decimals, for any Rational with int64 parts.
  if (point > kMax || length - point > kMax || length > kMax) return Problem::OutOfRange;
  std::string plain = n.negative ? "-" : "";
  if (point <= 0) {
    plain += "0.";
    plain.append(static_cast<size_t>(-point), '0');
    plain += digits;
  } else if (point >= length) {
    plain += digits;
    plain.append(static_cast<size_t>(point - length), '0');
  } else {
    plain.append(digits, 0, static_cast<size_t>(point));
    plain += '.';
    plain.append(digits, static_cast<size_t>(point));
  }
  // The text is well formed by construction, so a failure can only be the range.
  std::optional<Rational> r = parseDecimal(plain);
  if (!r) return Problem::OutOfRange;
  out = *r;
  return Problem::None;
}

Problem moneyFromNumber(const JsonNumber& n, Money& out) {
  // Kronor with at most two decimals, the way amounts are written: öre directly, no rationals.
  if (!n.hasExponent && n.fracDigits.size() <= 2 && n.intDigits.size() <= 15) {
    const int64_t ore = digitsValue(n.fracDigits, digitsValue(n.intDigits)) *
                        kPowersOfTen[2 - n.fracDigits.size()];
    out = Money{n.negative ? -ore : ore};
    return Problem::None;
  }
  Rational kronor, ore;
  if (Problem p = exactNumber(n, kronor); p != Problem::None) return p;
  if (Problem p = toOre(kronor, false, ore); p != Problem::None) return p;
  out = Money{ore.num};
  return Problem::None;
}

Problem moneyFromText(std::string_view s, Money& out) {
  Rational kronor, ore;
  if (Problem p = readDecimal(dropKronor(s), kronor); p != Problem::None) return p;
  if (Problem p = toOre(kronor, false, ore); p != Problem::None) return p;
  out = Money{ore.num};
  return Problem::None;
}

Problem exactMoneyFromNumber(const JsonNumber& n, Rational& ore) {
  Rational kronor;
  if (Problem p = exactNumber(n, kronor); p != Problem::None) return p;
  return toOre(kronor, true, ore);
}

Problem exactMoneyFromText(std::string_view s, Rational& ore) {
  Rational kronor;
  if (Problem p = readDecimal(dropKronor(s), kronor); p != Problem::None) return p;
  return toOre(kronor, true, ore);
}

Problem percentFromNumber(const JsonNumber& n, Rational& out) {
  Rational percent;
  if (Problem p = exactNumber(n, percent); p != Problem::None) return p;
  return percentToRational(percent, out);
}

Problem percentFromText(std::string_view s, Rational& out) {
  Rational percent;
  if (Problem p = readDecimal(dropPercentSign(s), percent); p != Problem::None) return p;
  return percentToRational(percent, out);
}

Problem decimalFromText(std::string_view s, Rational& out) { return readDecimal(trim(s), out); }

Problem integerFromNumber(const JsonNumber& n, int64_t& out) {
  if (n.hasFraction || n.hasExponent) return Problem::NotInteger;
  // Accumulate as a negative number so that INT64_MIN is reachable.
  int64_t v = 0;
  for (char c : n.intDigits) {
    if (__builtin_mul_overflow(v, int64_t{10}, &v) || __builtin_sub_overflow(v, c - '0', &v)) {
      return Problem::OutOfRange;
    }
  }
  if (!n.negative) {
    if (v == std::numeric_limits<int64_t>::min()) return Problem::OutOfRange;
    v = -v;
  }
  out = v;
  return Problem::None;
}

std::optional<size_t> firstInvalidUtf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    const size_t len = utf8SequenceLength(s, i);
    if (len == 0) return i;
    i += len;
  }
  return std::nullopt;
}


std::string fillTemplate(std::string_view tmpl, const std::vector<std::string>& args) {
  std::string out;
  out.reserve(tmpl.size() + 32);
  for (size_t i = 0; i < tmpl.size(); ++i) {
    if (tmpl[i] == '{') {
      size_t j = i + 1;
      size_t index = 0;
      while (j < tmpl.size() && isDigit(tmpl[j])) index = index * 10 + static_cast<size_t>(tmpl[j++] - '0');
      if (j > i + 1 && j < tmpl.size() && tmpl[j] == '}' && index < args.size()) {
        out += args[index];
        i = j;
        continue;
      }
    }
    out += tmpl[i];
  }
  return out;
}

}  // namespace case_json
}  // namespace regel::rt
