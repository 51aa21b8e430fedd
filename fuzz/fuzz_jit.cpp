// fuzz_jit: the VM against the JIT. Bytes as case JSON are decided with each bundled ruleset on
// the VM and on its native code, in every output mode; any byte of difference in the decision,
// the texts or the trace JSON is a crash. Built only where the JIT is (REGEL_JIT with LLVM 14).
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "fuzz/fuzz_support.h"

namespace {

// Each bundled ruleset's native version, compiled once; the chunks compile on first use.
const std::vector<regel::Ruleset>& nativeRulesets() {
  static const std::vector<regel::Ruleset> native = [] {
    std::vector<regel::Ruleset> out;
    for (const regel::Ruleset& ruleset : regel::fuzz::bundledRulesets()) {
      regel::NativeResult compiled = regel::compileNative(ruleset);
      if (!compiled.ruleset) regel::fuzz::fail("the JIT refuses a bundled ruleset", compiled.message);
      out.push_back(*compiled.ruleset);
    }
    return out;
  }();
  return native;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view json(reinterpret_cast<const char*>(data), size);
  const auto& vm = regel::fuzz::bundledRulesets();
  const auto& native = nativeRulesets();
  for (size_t i = 0; i < vm.size(); ++i) regel::fuzz::decideEveryWay(vm[i], json, &native[i]);
  return 0;
}
