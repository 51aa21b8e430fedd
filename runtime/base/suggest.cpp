// "menade du …?": the closest known name to a misspelt one, by edit distance over code points.
#include <algorithm>
#include <string>
#include <vector>

#include "runtime/base/suggest.h"

namespace regel::rt {
namespace {

// Splits UTF-8 into code points so that å, ä and ö count as one edit each.
std::u32string codePoints(std::string_view s) {
  std::u32string out;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    int len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : 4;
    char32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
    for (int k = 1; k < len && i + k < s.size(); ++k) cp = (cp << 6) | (s[i + k] & 0x3F);
    out.push_back(cp);
    i += len;
  }
  return out;
}

size_t editDistance(const std::u32string& a, const std::u32string& b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t subst = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, subst});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

}  // namespace

std::optional<std::string> closestName(std::string_view name, const std::vector<std::string>& candidates) {
  std::u32string target = codePoints(name);
  // A third of the name's length, at least one and at most three edits, counts as a typo.
  size_t limit = std::clamp<size_t>(target.size() / 3, 1, 3);
  std::optional<std::string> best;
  size_t bestDistance = limit + 1;
  for (const auto& c : candidates) {
    if (c == name) continue;
    size_t d = editDistance(target, codePoints(c));
    if (d < bestDistance) {
      bestDistance = d;
      best = c;
    }
  }
  return best;
}

}  // namespace regel::rt
