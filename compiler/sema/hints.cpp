// Hints for mistakes the checker can see: `max(1,2)` (one number with a decimal comma where two
// arguments were meant) and a date written in another format (`2023/03/01`, `1-3-2023`).
#include <regex>

#include "compiler/sema/context.h"

namespace regel::sema {

std::optional<diag::Hint> argumentCommaHint(Context& cx, Span call, const std::vector<Typed>& args) {
  for (const Typed& a : args) {
    if (!a.ok || a.id == ir::kNone) continue;
    const ir::Expr& e = cx.module.exprs[a.id];
    if (e.op != ir::ExprOp::Const || cx.kindOf(e.type) != TypeKind::Decimal) continue;
    const std::string text = cx.sourceText(e.span);
    const size_t comma = text.find(',');
    if (comma == std::string::npos || comma + 1 >= text.size() || text[comma + 1] < '0' || text[comma + 1] > '9') {
      continue;
    }
    std::string fixed = cx.sourceText(call);
    if (const size_t at = fixed.find(text); at != std::string::npos) fixed.insert(at + comma + 1, " ");
    return diag::Hint{diag::HintKind::ArgumentsNeedSpace, {text, fixed}};
  }
  return std::nullopt;
}

std::optional<diag::Hint> dateFormatHint(Context& cx, Span written) {
  const std::string text = cx.sourceText(written);
  static const std::regex yearFirst(R"(^\s*(\d{4})\s*[-/]\s*(\d{1,2})\s*[-/]\s*(\d{1,2})\s*$)");
  static const std::regex dayFirst(R"(^\s*(\d{1,2})\s*[-/]\s*(\d{1,2})\s*[-/]\s*(\d{4})\s*$)");
  std::smatch m;
  int y = 0, mo = 0, d = 0;
  if (std::regex_match(text, m, yearFirst)) {
    y = std::stoi(m[1]);
    mo = std::stoi(m[2]);
    d = std::stoi(m[3]);
  } else if (std::regex_match(text, m, dayFirst)) {
    d = std::stoi(m[1]);
    mo = std::stoi(m[2]);
    y = std::stoi(m[3]);
  } else {
    return std::nullopt;
  }
  // Day-first forms are read as Swedes write them by hand: day, month, year.
  if (auto date = rt::makeDate(y, mo, d)) return diag::Hint{diag::HintKind::DateFormat, {": skriv " + rt::formatDate(*date)}};
  return diag::Hint{diag::HintKind::DateFormat, {", t.ex. 2023-03-01"}};
}

}  // namespace regel::sema
