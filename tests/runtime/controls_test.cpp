// Unit tests for runtime/base/controls.h: which characters act instead of show, finding them, and
// showing them one code point for one.
#include "runtime/base/controls.h"

#include <gtest/gtest.h>

#include <string>

namespace regel::rt {
namespace {

TEST(Controls, KindsAreC0DelC1AndTheBidirectionalFormattingCharacters) {
  for (char32_t c : {U'\0', U'\t', U'\n', U'\x1B', U'\x1F', U'\x7F', U'\x80', U'\x9B', U'\x9F'}) {
    EXPECT_EQ(controlKind(c), ControlKind::Control) << static_cast<uint32_t>(c);
  }
  for (char32_t c : {U'\u202A', U'\u202E', U'\u2066', U'\u2069'}) {
    EXPECT_EQ(controlKind(c), ControlKind::Bidi) << static_cast<uint32_t>(c);
  }
  // Neighbours that only look alike: space, the no-break space, the left-to-right mark, U+2070.
  for (char32_t c : {U' ', U'~', U'\xA0', U'\u200E', U'\u2029', U'\u202F', U'\u2065', U'\u2070', U'å'}) {
    EXPECT_EQ(controlKind(c), ControlKind::None) << static_cast<uint32_t>(c);
  }
}

TEST(Controls, FindsTheFirstFromAnOffsetAndPassesOverBytesThatAreNotUtf8) {
  EXPECT_FALSE(findControl("hyresrätt i Malmö – ”2 rum”", false));
  EXPECT_FALSE(findControl("a\tb", true));
  const auto tab = findControl("a\tb", false);
  ASSERT_TRUE(tab);
  EXPECT_EQ(tab->offset, 1u);
  EXPECT_EQ(tab->length, 1u);

  const std::string s = "ä\xC2\x9B" "31m \xE2\x80\xAE" "x";  // ä, U+009B, "31m ", U+202E, x
  const auto c1 = findControl(s, true);
  ASSERT_TRUE(c1);
  EXPECT_EQ(c1->offset, 2u);
  EXPECT_EQ(c1->length, 2u);
  EXPECT_EQ(c1->codePoint, 0x9Bu);
  EXPECT_EQ(c1->kind, ControlKind::Control);
  const auto bidi = findControl(s, true, c1->offset + c1->length);
  ASSERT_TRUE(bidi);
  EXPECT_EQ(bidi->offset, 8u);
  EXPECT_EQ(bidi->length, 3u);
  EXPECT_EQ(bidi->codePoint, 0x202Eu);
  EXPECT_EQ(bidi->kind, ControlKind::Bidi);

  // A lone lead byte 0xC2 or 0xE2 is not a sequence: nothing is found in it or past the text.
  EXPECT_FALSE(findControl("a\xC2", false));
  EXPECT_FALSE(findControl("\xE2\x80", false));
  const auto after = findControl("\xC2\x1B", false);
  ASSERT_TRUE(after);
  EXPECT_EQ(after->offset, 1u);
}

TEST(Controls, ShownAsPicturesOneCodePointForOne) {
  EXPECT_EQ(showControls("vanlig text"), "vanlig text");
  EXPECT_EQ(showControls("a\x1B[2Jb"), "a\u241B[2Jb");
  EXPECT_EQ(showControls(std::string("nolla\0.", 7)), "nolla\u2400.");
  EXPECT_EQ(showControls("rad\r\nny\tflik\x7F"), "rad\u240D\u240Any\u2409flik\u2421");
  EXPECT_EQ(showControls("C1 \xC2\x9B, riktning \xE2\x81\xA6x\xE2\x81\xA9"), "C1 \uFFFD, riktning \uFFFDx\uFFFD");
  // Bytes that are not UTF-8 are left for the JSON writer, which replaces them.
  EXPECT_EQ(showControls("\xFF\x1B"), "\xFF\u241B");
}

TEST(Controls, NamesForMessages) {
  EXPECT_EQ(codePointName(0x1B), "U+001B");
  EXPECT_EQ(codePointName(0x202E), "U+202E");
  EXPECT_EQ(codePointName(0x10FFFF), "U+10FFFF");
  EXPECT_EQ(bidiControlName(0x202E), "höger-till-vänster-åsidosättning");
  EXPECT_EQ(bidiControlName(0x2069), "slut på isolering");
  EXPECT_EQ(bidiControlName(U'a'), "");
}

}  // namespace
}  // namespace regel::rt
