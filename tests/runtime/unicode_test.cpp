// Unit tests for runtime/base/unicode.h: the cheap test for combining marks and NFC.
#include "runtime/base/unicode.h"

#include <gtest/gtest.h>

#include <string>

namespace regel::rt {
namespace {

TEST(Unicode, CombiningMarksAreFoundOnlyInTheirBlock) {
  EXPECT_FALSE(hasCombiningMark(""));
  EXPECT_FALSE(hasCombiningMark("manad"));
  EXPECT_FALSE(hasCombiningMark("månad"));             // composed å: C3 A5
  EXPECT_TRUE(hasCombiningMark("ma\xCC\x8Anad"));      // a + U+030A
  EXPECT_TRUE(hasCombiningMark("Malmo\xCC\x88"));      // o + U+0308 at the end
  EXPECT_TRUE(hasCombiningMark("x\xCD\xAF"));          // U+036F, the block's last
  EXPECT_FALSE(hasCombiningMark("x\xCD\xB0"));         // U+0370, past it
  EXPECT_FALSE(hasCombiningMark("x\xCC"));             // a cut sequence is no mark
  EXPECT_FALSE(hasCombiningMark("\xCC\x41"));          // nor a lead byte before ASCII
}

// Texts over 64 bytes are searched another way (memchr for the lead bytes): the same answers.
TEST(Unicode, CombiningMarksAreFoundInLongTexts) {
  const std::string pad(100, 'a');
  EXPECT_FALSE(hasCombiningMark(pad + "månad" + pad));
  EXPECT_TRUE(hasCombiningMark(pad + "ma\xCC\x8Anad" + pad));
  EXPECT_TRUE(hasCombiningMark(pad + "x\xCD\xAF"));       // the block's last, at the very end
  EXPECT_FALSE(hasCombiningMark(pad + "x\xCD\xB0" + pad));  // past the block
  EXPECT_FALSE(hasCombiningMark(pad + "\xCC"));            // a cut sequence at the end
  EXPECT_FALSE(hasCombiningMark(pad + "\xCC\x41\xCD"));    // lead bytes before ASCII and the end
  EXPECT_TRUE(hasCombiningMark(pad + "\xCC\x41\xCD\x80"));  // a later lead byte is found
}

TEST(Unicode, NfcComposes) {
  EXPECT_EQ(toNfc("ma\xCC\x8Anad"), "månad");
  EXPECT_EQ(toNfc("Malmo\xCC\x88"), "Malmö");
  EXPECT_EQ(toNfc("månad"), "månad");
  EXPECT_TRUE(isNfc("månad"));
  EXPECT_FALSE(isNfc("ma\xCC\x8Anad"));
}

}  // namespace
}  // namespace regel::rt
