// Unicode normalisation (NFC, with ICU): a file saved in decomposed Unicode (å as a + U+030A, as
// some editors and systems write it) reads as the same names and texts as one saved composed.
#pragma once

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

}  // namespace regel::rt
