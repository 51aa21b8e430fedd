// The JSON writer: strings are escaped exactly where JSON requires it, and nowhere else.
#include <gtest/gtest.h>

#include <string>
#include <utility>

#include "runtime/base/json_writer.h"

namespace regel::rt {
namespace {

std::string jsonQuoted(std::string_view s) {
  std::string out;
  appendJsonString(out, s);
  return out;
}

TEST(JsonWriter, EscapesQuotesBackslashesAndControlCharacters) {
  EXPECT_EQ(jsonQuoted(""), "\"\"");
  EXPECT_EQ(jsonQuoted("bistånd 10 120 kr"), "\"bistånd 10 120 kr\"");
  EXPECT_EQ(jsonQuoted("\"a\"\\b"), "\"\\\"a\\\"\\\\b\"");
  EXPECT_EQ(jsonQuoted("rad 1\nrad 2\t\r"), "\"rad 1\\nrad 2\\t\\r\"");
  EXPECT_EQ(jsonQuoted(std::string("x\x01y\x1f", 4)), "\"x\\u0001y\\u001f\"");
  EXPECT_EQ(jsonQuoted(std::string("\0", 1)), "\"\\u0000\"");
  EXPECT_EQ(jsonQuoted("\b\f"), "\"\\b\\f\"");
  // Multi-byte UTF-8 and DEL pass through unchanged.
  EXPECT_EQ(jsonQuoted("å\x7f€"), "\"å\x7f€\"");
}

// Long texts are scanned eight bytes at a time: every character that needs an escape is still
// escaped, wherever it falls in a block, and every other byte (UTF-8, DEL, 0x20) passes through.
TEST(JsonWriter, EscapesAtEveryPositionOfALongText) {
  const std::string plain = "Bistånd beviljas med 10 120 kr\x7f ~";
  const std::pair<char, std::string> specials[] = {{'"', "\\\""},       {'\\', "\\\\"},
                                                    {'\n', "\\n"},        {'\x01', "\\u0001"},
                                                    {'\x1f', "\\u001f"},  {'\0', "\\u0000"}};
  for (const auto& [special, escaped] : specials) {
    for (size_t at = 0; at <= plain.size(); ++at) {
      // Not inside "å": a sequence cut in two is no longer UTF-8 (see the next test).
      if (at < plain.size() && (static_cast<unsigned char>(plain[at]) & 0xC0) == 0x80) continue;
      std::string text = plain;
      text.insert(at, 1, special);
      const std::string expected = "\"" + plain.substr(0, at) + escaped + plain.substr(at) + "\"";
      EXPECT_EQ(jsonQuoted(text), expected) << "at " << at;
    }
  }
  EXPECT_EQ(jsonQuoted(std::string(64, ' ')), "\"" + std::string(64, ' ') + "\"");
}

// JSON is UTF-8: bytes that are not well-formed UTF-8 (from an altered .rgb, a request's
// address) become U+FFFD, one per byte, wherever they fall; well-formed sequences of every
// length pass through.
TEST(JsonWriter, BytesThatAreNotUtf8BecomeReplacementCharacters) {
  const std::string r = "\xEF\xBF\xBD";
  EXPECT_EQ(jsonQuoted("a\xFF" "b"), "\"a" + r + "b\"");
  EXPECT_EQ(jsonQuoted("\xC3"), "\"" + r + "\"");                   // cut short
  EXPECT_EQ(jsonQuoted("\xC0\xAF"), "\"" + r + r + "\"");           // overlong '/'
  EXPECT_EQ(jsonQuoted("\xED\xA0\x80"), "\"" + r + r + r + "\"");  // a surrogate
  EXPECT_EQ(jsonQuoted("\xF4\x90\x80\x80"), "\"" + r + r + r + r + "\"");  // above U+10FFFF
  EXPECT_EQ(jsonQuoted("å€𝄞\xE2\x82"), "\"å€𝄞" + r + r + "\"");
  const std::string plain = "Tillgångarna ryms i bufferten.";
  for (size_t at = 0; at <= plain.size(); ++at) {
    if (at < plain.size() && (static_cast<unsigned char>(plain[at]) & 0xC0) == 0x80) continue;
    std::string text = plain;
    text.insert(at, 1, '\x80');
    EXPECT_EQ(jsonQuoted(text), "\"" + plain.substr(0, at) + r + plain.substr(at) + "\"") << "at " << at;
  }
}

TEST(JsonWriter, CompactDocument) {
  JsonWriter w(false);
  w.beginObject().field("utfall", "bifall").key("skäl").beginArray().string("a\"b").endArray().endObject();
  EXPECT_EQ(w.take(), R"({"utfall":"bifall","skäl":["a\"b"]})");
}

}  // namespace
}  // namespace regel::rt
