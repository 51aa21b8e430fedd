// "menade du …?": the closest known name to a misspelt one, for the checker and the case decoder.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace regel::rt {

// Names longer than this many code points get no suggestion: nobody misspells such a name by
// hand, and comparing a key of megabytes with every candidate is what made such input slow.
constexpr size_t kMaxComparedCodePoints = 100;

// The candidate closest to `name` by edit distance over code points (so å, ä and ö count as one
// edit), if close enough to be a likely typo: a third of the name's length, 1 to 3 edits. The
// first of equally close candidates wins. Linear in the candidates, whatever their lengths.
std::optional<std::string> closestName(std::string_view name, const std::vector<std::string>& candidates);

}  // namespace regel::rt
