// Literal values: exact numbers, money, percent, dates, months and unescaped strings.
#include "compiler/syntax/literals.h"

namespace regel::syntax {

using diag::Kind;

std::optional<Kind> convertNumber(std::string_view text, NumberUnit unit, Literal& out) {
  std::optional<rt::Rational> value = rt::parseDecimal(text);
  if (!value) return Kind::NumberOutOfRange;
  switch (unit) {
    case NumberUnit::None:
      out.kind = text.find(',') == std::string_view::npos ? LiteralKind::Integer : LiteralKind::Decimal;
      out.number = *value;
      return std::nullopt;
    case NumberUnit::Percent: {
      out.kind = LiteralKind::Percent;
      if (rt::divRat(*value, rt::fromInt(100), out.number) != rt::ArithError::None) {
        return Kind::NumberOutOfRange;
      }
      return std::nullopt;
    }
    case NumberUnit::Kronor:
    case NumberUnit::Ore: {
      out.kind = LiteralKind::Money;
      rt::Rational ore = *value;
      if (unit == NumberUnit::Kronor && rt::mulRat(*value, rt::fromInt(100), ore) != rt::ArithError::None) {
        return Kind::NumberOutOfRange;
      }
      if (ore.den != 1) return Kind::MoneyTooPrecise;
      out.money = rt::Money{ore.num};
      return std::nullopt;
    }
  }
  return Kind::NumberOutOfRange;
}

std::optional<Kind> convertDate(std::string_view text, Literal& out) {
  std::optional<rt::Date> d = rt::parseDate(text);
  if (!d) return Kind::InvalidDate;
  out.kind = LiteralKind::Date;
  out.date = *d;
  return std::nullopt;
}

std::optional<Kind> convertMonth(std::string_view text, Literal& out) {
  std::optional<rt::Month> m = rt::parseMonth(text);
  if (!m) return Kind::InvalidMonth;
  out.kind = LiteralKind::Month;
  out.month = *m;
  return std::nullopt;
}

bool negateLiteral(Literal& lit) {
  switch (lit.kind) {
    case LiteralKind::Integer:
    case LiteralKind::Decimal:
    case LiteralKind::Percent:
      return rt::negRat(lit.number, lit.number) == rt::ArithError::None;
    case LiteralKind::Money:
      return rt::negInt(lit.money.ore, lit.money.ore) == rt::ArithError::None;
    default:
      return false;
  }
}

std::string unescapeString(std::string_view token, TextMode mode, std::vector<StringProblem>& problems) {
  std::string out;
  size_t i = token.starts_with('"') ? 1 : 0;
  size_t end = token.size();
  // The closing quote is the last byte unless the text was never closed: then the last quote
  // may itself be escaped (`"abc\"`), or be the opening quote.
  if (end > i && token[end - 1] == '"') {
    size_t backslashes = 0;
    for (size_t k = end - 1; k > i && token[k - 1] == '\\'; --k) ++backslashes;
    if (backslashes % 2 == 0) --end;
  }
  out.reserve(end - i);
  while (i < end) {
    char c = token[i];
    if (c != '\\') {
      out += c;
      ++i;
      continue;
    }
    if (i + 1 >= end) {  // a lone backslash at the end of an unterminated text
      out += c;
      ++i;
      continue;
    }
    char e = token[i + 1];
    switch (e) {
      case '"': out += '"'; break;
      case '\\': out += '\\'; break;
      case 'n': out += '\n'; break;
      case 't': out += '\t'; break;
      case '{':
      case '}':
        if (mode == TextMode::Template) out += '\\';
        out += e;
        break;
      case '\n':
      case '\r':
        problems.push_back({Kind::UnterminatedString, i, 1, std::string()});
        out += e;
        break;
      default: {
        // The escaped character may be several bytes long: keep the sequence as written.
        size_t len = 1;
        while (i + 1 + len < end && (static_cast<unsigned char>(token[i + 1 + len]) & 0xC0) == 0x80) ++len;
        std::string escaped(token.substr(i + 1, len));
        problems.push_back({Kind::InvalidEscape, i, 1 + len, escaped});
        out += '\\';
        out += escaped;
        i += 1 + len;
        continue;
      }
    }
    i += 2;
  }
  return out;
}

}  // namespace regel::syntax
