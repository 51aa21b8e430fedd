// A process that compiles again and again (the service reloading, the playground compiling on
// every keystroke) keeps its memory flat: nothing a compilation makes outlives it.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>

#include "regel/compile.h"

namespace {

size_t residentKb() {
  std::ifstream statm("/proc/self/statm");
  size_t pages = 0, resident = 0;
  statm >> pages >> resident;
  return resident * static_cast<size_t>(sysconf(_SC_PAGESIZE)) / 1024;
}

TEST(RepeatedCompiles, KeepMemoryFlat) {
#if defined(__SANITIZE_ADDRESS__)
  GTEST_SKIP() << "AddressSanitizer keeps freed memory in quarantine: resident memory says nothing here";
#endif
  std::ifstream in(std::string(REGEL_SOURCE_DIR) + "/rulesets/forsorjningsstod/forsorjningsstod.regel");
  std::stringstream text;
  text << in.rdbuf();
  // Each compilation differs a little, as successive edits do.
  auto compileVariant = [&](int i) {
    std::string source = text.str() + "\nvärde extra_" + std::to_string(i) + ": heltal lagrum \"1 §\" = " +
                         std::to_string(i) + " + antal(barn) * " + std::to_string(i % 7) + "\n";
    regel::CompileResult r = regel::compileSource("variant.regel", std::move(source));
    ASSERT_TRUE(r.ruleset) << r.rendered;
  };
  for (int i = 0; i < 20; ++i) compileVariant(i);  // allocator pools and caches reach their size
  const size_t warm = residentKb();
  for (int i = 20; i < 140; ++i) compileVariant(i);
  const size_t after = residentKb();
  // 120 compilations of a 700-line ruleset: growth would be megabytes per compilation if anything
  // leaked or a cache kept every file.
  EXPECT_LT(after, warm + 4 * 1024) << "resident memory grew from " << warm << " kB to " << after << " kB";
}

}  // namespace
