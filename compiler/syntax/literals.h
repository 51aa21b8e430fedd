// Conversion of literal token text to exact values: Swedish numbers (grouping spaces, decimal
// comma) as integers, decimals, money, öre and percent; dates; months; and string unescaping.
// Pure functions without ANTLR types, so they are tested directly.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/diagnostics/diagnostic.h"
#include "compiler/syntax/ast.h"

namespace regel::syntax {

enum class NumberUnit : uint8_t { None, Kronor, Ore, Percent };

// Converts a NUMBER token's text (`6 000,50`) with its unit into `out` (kind and value; the span
// is the caller's). Returns the error instead: NumberOutOfRange (too large or too many decimals)
// or MoneyTooPrecise (money that is not a whole number of öre, `0,5 öre`).
std::optional<diag::Kind> convertNumber(std::string_view text, NumberUnit unit, Literal& out);
// `2023-02-28`; InvalidDate when the day does not exist.
std::optional<diag::Kind> convertDate(std::string_view text, Literal& out);
// `2023-03`; InvalidMonth when the month is not 01..12.
std::optional<diag::Kind> convertMonth(std::string_view text, Literal& out);
// Negates a numeric literal in place (for `- 5 kr` in example data); false when the literal is
// not numeric or the negation overflows.
bool negateLiteral(Literal& lit);

// Texts of motivering, uppfyllt, ej uppfyllt and skäl are templates: `{name}` interpolates a value
// and `\{`, `\}` are literal braces. The AST keeps a template's raw template syntax — `{name}`,
// `\{` and `\}` exactly as written — and the checker parses it (compiler/sema checkTemplate).
// In every other text `\{` and `\}` simply become `{` and `}`. Everywhere `\"`, `\\`, `\n` and
// `\t` are unescaped. (Hence a backslash right before an interpolation cannot be written in a
// template: `\\{x}` becomes `\{x}`, an escaped brace.)
enum class TextMode : uint8_t { Plain, Template };

struct StringProblem {
  diag::Kind kind;     // InvalidEscape, or UnterminatedString for a backslash before a line break
  size_t offset = 0;   // byte offset of the backslash within the token text
  size_t length = 0;   // bytes of the escape sequence
  std::string escaped;  // the character after the backslash (InvalidEscape's argument)
};

// Unescapes a STRING token's text including its quotes. A text that was never closed (the
// pre-scan has reported R0005 and ended it at the line end) simply has no closing quote.
std::string unescapeString(std::string_view token, TextMode mode, std::vector<StringProblem>& problems);

}  // namespace regel::syntax
