// fuzz_case: bytes as case JSON → decoded and decided with each bundled ruleset, in every output
// mode of `regel run` (text, --explain, --trace json|html, --brev, what would change it) and
// `regel batch` (a result line).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view json(reinterpret_cast<const char*>(data), size);
  for (const regel::Ruleset& ruleset : regel::fuzz::bundledRulesets()) regel::fuzz::decideEveryWay(ruleset, json);
  return 0;
}
