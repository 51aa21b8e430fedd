// A window of a long source line around a span: a single line of megabytes (a minified or
// generated file) must not be echoed whole under every diagnostic on it.
#include "compiler/diagnostics/excerpt.h"

#include <algorithm>

#include "runtime/base/controls.h"

namespace regel::diag {
namespace {

// The byte offset `n` code points after `from`, or the end of `s`.
size_t forward(std::string_view s, size_t from, uint32_t n) {
  size_t i = from;
  for (uint32_t k = 0; k < n && i < s.size(); ++k) {
    ++i;
    while (i < s.size() && isContinuationByte(static_cast<unsigned char>(s[i]))) ++i;
  }
  return i;
}

// The byte offset `n` code points before `from`, or 0.
size_t backward(std::string_view s, size_t from, uint32_t n) {
  size_t i = from;
  for (uint32_t k = 0; k < n && i > 0; ++k) {
    --i;
    while (i > 0 && isContinuationByte(static_cast<unsigned char>(s[i]))) --i;
  }
  return i;
}

}  // namespace

Excerpt excerptOf(std::string_view line, uint32_t begin, uint32_t end) {
  const size_t b = std::min<size_t>(begin, line.size());
  const size_t e = std::clamp<size_t>(end, b, line.size());
  size_t first = 0, last = line.size();
  if (forward(line, 0, kMaxExcerptCodePoints) < line.size()) {
    first = backward(line, b, kExcerptContext);
    last = forward(line, first, kMaxExcerptCodePoints);
    // A span near the end of the line: fill the window from the end instead.
    if (last == line.size()) first = backward(line, last, kMaxExcerptCodePoints);
  }
  Excerpt out;
  if (first > 0) out.text = "…";
  // Tabs become single spaces so the caret lines up with the printed line; other control
  // characters (a NUL, an escape sequence) and bidirectional controls are shown, not sent to the
  // terminal, one code point for one so the caret stays in place.
  std::string shownText(line.substr(first, last - first));
  std::replace(shownText.begin(), shownText.end(), '\t', ' ');
  out.text += rt::showControls(shownText);
  if (last < line.size()) out.text += "…";
  out.caretColumn = (first > 0 ? 1 : 0) + codePoints(line.substr(first, b - first));
  // A span running past the window ends under the closing "…".
  out.caretWidth = codePoints(line.substr(b, std::min(e, last) - b)) + (e > last ? 1 : 0);
  out.caretWidth = std::max<uint32_t>(out.caretWidth, 1);
  return out;
}

}  // namespace regel::diag
