// The source line shown under a diagnostic, cut to a window around the span when the line is long.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace regel::diag {

// A line longer than this many code points is shown as a window of this many around the span.
constexpr uint32_t kMaxExcerptCodePoints = 160;
// How many code points of a cut line are kept before the span's start.
constexpr uint32_t kExcerptContext = 60;

// UTF-8: whether a byte continues a character, and the number of characters in a byte range.
inline bool isContinuationByte(unsigned char c) { return (c & 0xC0) == 0x80; }
inline uint32_t codePoints(std::string_view s) {
  uint32_t n = 0;
  for (unsigned char c : s) n += !isContinuationByte(c);
  return n;
}

struct Excerpt {
  std::string text;         // the line, tabs as spaces, with "…" where it was cut
  uint32_t caretColumn = 0;  // 0-based, in code points of `text`
  uint32_t caretWidth = 1;   // in code points, at least 1
};

// `begin` and `end` are byte offsets into `line` (the span's first line, without its newline).
// Work is bounded by the window, except for one look at whether the line is long.
Excerpt excerptOf(std::string_view line, uint32_t begin, uint32_t end);

}  // namespace regel::diag
