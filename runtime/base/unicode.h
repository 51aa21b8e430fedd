// Unicode normalisation (NFC, with ICU): a file saved in decomposed Unicode (å as a + U+030A, as
// some editors and systems write it) reads as the same names and texts as one saved composed.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace regel::rt {

// Whether `s` contains a combining diacritical mark (U+0300–U+036F): the cheap test that keeps the
// common case (text already composed, or ASCII) off ICU. The marks are those decomposed Latin
// letters use, å, ä, ö and é among them.
bool hasCombiningMark(std::string_view s);
// `s`, valid UTF-8, in Normalization Form C. Text ICU cannot convert is returned as it is.
std::string toNfc(std::string_view s);
// Whether `s` (valid UTF-8) is already in NFC.
bool isNfc(std::string_view s);
// Cuts `s` after `maxCodePoints` code points with "…": a name of megabytes quoted in a message
// must not be echoed whole.
void cutToCodePoints(std::string& s, size_t maxCodePoints);
// The length of the well-formed UTF-8 sequence at s[i] (1 for ASCII, 2–4 otherwise), or 0 when
// the bytes there are not one: a stray continuation byte, an overlong form, a surrogate, a code
// point above U+10FFFF, or a sequence cut short by the end of `s`.
// Inline: the JSON writer asks it for every non-ASCII character it writes.
inline size_t utf8SequenceLength(std::string_view s, size_t i) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = byte(i);
  if (c < 0x80) return 1;
  size_t len = 0;
  unsigned char lo = 0x80, hi = 0xBF;  // the allowed range of the second byte
  if (c >= 0xC2 && c <= 0xDF) {
    len = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3;
    if (c == 0xE0) lo = 0xA0;  // no overlong forms
    if (c == 0xED) hi = 0x9F;  // no surrogates
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
    if (c == 0xF0) lo = 0x90;  // no overlong forms
    if (c == 0xF4) hi = 0x8F;  // nothing above U+10FFFF
  } else {
    return 0;
  }
  if (i + len > s.size() || byte(i + 1) < lo || byte(i + 1) > hi) return 0;
  for (size_t k = 2; k < len; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
  }
  return len;
}

}  // namespace regel::rt
