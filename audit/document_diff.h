// Internal to audit/: whether a replayed decision's regel-beslut/1 document says what the logged
// one said. Within a schema fields are only added (docs/json.md), so a record logged by an older
// regel has fewer fields than its replay: those are not a difference; any other change is.
#pragma once

#include <string>
#include <string_view>

namespace regel::audit {

// Empty when every member of `logged` is in `replayed` with the same value (arrays: the same
// length and each element so); otherwise where they first differ, in words ("spår[3].värde: var
// \"1 200 kr\", är nu \"1 300 kr\"").
std::string documentDifference(std::string_view logged, std::string_view replayed);

// Whether the JSON array `replayed` is the JSON array `logged` with one element in front.
bool oneElementInFront(std::string_view logged, std::string_view replayed);

}  // namespace regel::audit
