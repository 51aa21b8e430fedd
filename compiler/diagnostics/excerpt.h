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

struct Excerpt {
  std::string text;         // the line, tabs as spaces, with "…" where it was cut
  uint32_t caretColumn = 0;  // 0-based, in code points of `text`
  uint32_t caretWidth = 1;   // in code points, at least 1
};

// `begin` and `end` are byte offsets into `line` (the span's first line, without its newline).
// Work is bounded by the window, except for one look at whether the line is long.
Excerpt excerptOf(std::string_view line, uint32_t begin, uint32_t end);

}  // namespace regel::diag
