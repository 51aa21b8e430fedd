// "menade du …?": near misses are still found, and work is bounded whatever the lengths (a key of
// megabytes once took half a second per candidate).
#include "runtime/base/suggest.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace regel::rt {
namespace {

const std::vector<std::string> kNames = {"ålder", "nettoinkomst", "boendekostnad", "barn", "vuxna"};

TEST(Suggest, NearMissesWithinAThirdOfTheLength) {
  EXPECT_EQ(closestName("åldr", kNames), "ålder");                  // deletion
  EXPECT_EQ(closestName("aldder", kNames), "ålder");                // two edits in six
  EXPECT_EQ(closestName("alddder", kNames), std::nullopt);          // three in seven: no
  EXPECT_EQ(closestName("nettoinkomster", kNames), "nettoinkomst");  // two insertions
  EXPECT_EQ(closestName("boendekosnad", kNames), "boendekostnad");
  EXPECT_EQ(closestName("vuxan", kNames), std::nullopt);            // a swap is two edits, in five
  EXPECT_EQ(closestName("barm", kNames), "barn");                    // substitution
  EXPECT_EQ(closestName("ålder", kNames), std::nullopt);            // the name itself is no typo
}

TEST(Suggest, TheClosestAndThenTheFirstWins) {
  EXPECT_EQ(closestName("abcdefgh", {"abcdefxx", "abcdefgx", "abcdefgy"}), "abcdefgx");
  EXPECT_EQ(closestName("abcdefgh", {"abcxxfgh", "abcdefgx"}), "abcdefgx");
}

TEST(Suggest, AwayFromTheDiagonal) {
  // All the edits at one end: the band must still hold the path.
  EXPECT_EQ(closestName("xyzabcdefghi", {"abcdefghi"}), "abcdefghi");
  EXPECT_EQ(closestName("abcdefghi", {"abcdefghixyz"}), "abcdefghixyz");
  EXPECT_EQ(closestName("abcdefghi", {"abcdefghixyzw"}), std::nullopt);
}

TEST(Suggest, NamesLongerThanTheLimitGetNone) {
  std::string longName(kMaxComparedCodePoints, 'a');
  EXPECT_EQ(closestName(longName + "b", {longName + "c"}), std::nullopt);
  EXPECT_EQ(closestName(longName.substr(1) + "b", {longName.substr(1) + "c"}), longName.substr(1) + "c");
  // A key of a megabyte against names of every length, among them one of a megabyte too.
  std::string huge(1 << 20, 'x');
  EXPECT_EQ(closestName(huge, {"ålder", huge + "y", huge.substr(1)}), std::nullopt);
  EXPECT_EQ(closestName("ålder", {huge, "åldern"}), "åldern");
}

TEST(Suggest, CodePointsCountAsOneEdit) {
  EXPECT_EQ(closestName("alder", {"ålder"}), "ålder");
  EXPECT_EQ(closestName("hushallsel", {"hushållsel"}), "hushållsel");
}

}  // namespace
}  // namespace regel::rt
