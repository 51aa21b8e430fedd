// "menade du …?": the closest known name to a misspelt one, by edit distance over code points.
// Every step is bounded: names longer than kMaxComparedCodePoints are not compared at all, a
// candidate whose length differs by more than the allowed edits is skipped unread, and the
// distance is computed only in the band of cells that can stay within those edits.
#include "runtime/base/suggest.h"

#include <algorithm>
#include <string>
#include <vector>

namespace regel::rt {
namespace {

// Splits UTF-8 into code points so that å, ä and ö count as one edit each; stops after `max`
// code points (the caller then knows the text is longer than that).
std::u32string codePoints(std::string_view s, size_t max) {
  std::u32string out;
  for (size_t i = 0; i < s.size() && out.size() <= max;) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    int len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : 4;
    char32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
    for (int k = 1; k < len && i + k < s.size(); ++k) cp = (cp << 6) | (s[i + k] & 0x3F);
    out.push_back(cp);
    i += len;
  }
  return out;
}

// The edit distance of a and b if it is at most `bound`, else bound + 1. Only cells within
// `bound` of the diagonal can stay within it, and a row with no such cell ends the search.
size_t boundedDistance(const std::u32string& a, const std::u32string& b, size_t bound) {
  const size_t n = a.size(), m = b.size(), over = bound + 1;
  if ((n > m ? n - m : m - n) > bound) return over;
  std::vector<size_t> prev(m + 1, over), cur(m + 1, over);
  for (size_t j = 0; j <= std::min(m, bound); ++j) prev[j] = j;
  for (size_t i = 1; i <= n; ++i) {
    std::fill(cur.begin(), cur.end(), over);
    if (i <= bound) cur[0] = i;
    size_t rowMin = cur[0];
    const size_t lo = i > bound ? i - bound : 1, hi = std::min(m, i + bound);
    for (size_t j = lo; j <= hi; ++j) {
      size_t d = std::min({prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1), prev[j] + 1, cur[j - 1] + 1});
      cur[j] = std::min(d, over);
      rowMin = std::min(rowMin, cur[j]);
    }
    if (rowMin > bound) return over;
    std::swap(prev, cur);
  }
  return prev[m];
}

}  // namespace

std::optional<std::string> closestName(std::string_view name, const std::vector<std::string>& candidates) {
  std::u32string target = codePoints(name, kMaxComparedCodePoints);
  if (target.size() > kMaxComparedCodePoints) return std::nullopt;
  // A third of the name's length, at least one and at most three edits, counts as a typo.
  const size_t limit = std::clamp<size_t>(target.size() / 3, 1, 3);
  std::optional<std::string> best;
  size_t bound = limit;  // a candidate must be closer than the best so far
  for (const auto& c : candidates) {
    // A code point is one to four bytes: skip by byte length what cannot be within `bound`.
    if (c == name || c.size() + bound < target.size() || c.size() > 4 * (target.size() + bound)) continue;
    std::u32string other = codePoints(c, target.size() + bound);
    size_t d = boundedDistance(target, other, bound);
    if (d > bound) continue;
    best = c;
    if (d == 0) break;
    bound = d - 1;
  }
  return best;
}

}  // namespace regel::rt
