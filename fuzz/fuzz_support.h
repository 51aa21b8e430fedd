// What the fuzz targets share: failing loudly on a broken invariant, the bundled rulesets, and
// deciding one case in every way `regel run` and `regel batch` can show it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "regel/compile.h"

namespace regel::fuzz {

// A broken invariant is a crash, so that libFuzzer keeps the input as a reproducer.
[[noreturn]] void fail(const char* what, std::string_view detail = {});

// The input as text (libFuzzer's bytes are not NUL-terminated).
inline std::string text(const uint8_t* data, size_t size) {
  return std::string(reinterpret_cast<const char*>(data), size);
}

// The rulesets under rulesets/, compiled once (a failure to compile them is a crash).
const std::vector<Ruleset>& bundledRulesets();

// Decides `json` untraced and traced, and renders it as `regel run` (text, --explain, --trace
// json) and `regel batch` (a result line, with and without the trace) would. With `native`,
// the same again on the ruleset's native code: any byte of difference is a crash.
void decideEveryWay(const Ruleset& ruleset, std::string_view json, const Ruleset* native = nullptr);

}  // namespace regel::fuzz
