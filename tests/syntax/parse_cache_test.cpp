// Parsing from several threads, and ANTLR's shared prediction caches kept within their bound over
// many different files (what a service or a playground compiling on every keystroke does).
#include <thread>
#include <vector>

#include "syntax_test_util.h"

namespace regel::syntax::testing {
namespace {

// A file whose expressions take shapes the parser has not predicted before: the caches grow with
// every new shape of input, which is how a long-running process would fill them.
std::string variedSource(uint32_t seed) {
  std::string s = "regelverk T\n";
  uint32_t x = seed * 2654435761u + 1;
  auto next = [&x] {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return x;
  };
  static const char* const kParts[] = {"a", "1", "2 kr", "25 %", "(a", ")", "+", "-", "*", "/", "och", "eller",
                                       "inte", "om a så b annars c", "max(a, b)", "x.y", "= 1", "< b", "avrundat nedåt till hela kronor",
                                       "summa(b.c för varje b i d)", "antal(d)", "alla(b i d uppfyller b.e)"};
  for (int d = 0; d < 12; ++d) {
    s += "värde v" + std::to_string(d) + " = ";
    const uint32_t n = 3 + next() % 14;
    for (uint32_t i = 0; i < n; ++i) s += std::string(kParts[next() % std::size(kParts)]) + " ";
    s += "\n";
  }
  return s;
}

// The real bound is far above what these files reach (about 850 entries): a lowered one shows the
// caches dropped after the parse that passes it, and parsing going on correctly after that.
TEST(ParserCaches, AreDroppedWhenOverTheirBound) {
  setParserCacheBound(300);
  size_t dropped = 0, before = parserCacheEntries();
  for (uint32_t seed = 0; seed < 600; ++seed) {
    const std::string codes = parse(variedSource(seed))->codes();
    const size_t now = parserCacheEntries();
    ASSERT_LE(now, 300u) << "after file " << seed;
    dropped += now < before;
    before = now;
    EXPECT_EQ(parse(variedSource(seed))->codes(), codes) << "file " << seed << " parsed again";
  }
  setParserCacheBound(kMaxParserCacheEntries);
  EXPECT_GT(dropped, 0u);
}

// The same files parsed on four threads at once give the same diagnostics as one after another.
// With the caches dropped after every parse, each parse fills them again from nothing: the case
// where parses sharing them unguarded would corrupt them.
TEST(ParserCaches, ParsingFromSeveralThreadsIsSafe) {
  std::vector<std::string> expected;
  for (uint32_t seed = 0; seed < 40; ++seed) expected.push_back(parse(variedSource(seed))->codes());
  setParserCacheBound(0);
  std::vector<std::thread> threads;
  std::vector<int> mismatches(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 5; ++round) {
        for (uint32_t seed = 0; seed < 40; ++seed) {
          if (parse(variedSource(seed))->codes() != expected[seed]) ++mismatches[t];
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  setParserCacheBound(kMaxParserCacheEntries);
  EXPECT_EQ(mismatches, std::vector<int>(4, 0));
}

}  // namespace
}  // namespace regel::syntax::testing
