#include "runtime/base/unicode.h"

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

namespace regel::rt {
namespace {

const icu::Normalizer2* nfc() {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* n = icu::Normalizer2::getNFCInstance(status);
  return U_SUCCESS(status) ? n : nullptr;
}

}  // namespace

bool hasCombiningMark(std::string_view s) {
  // U+0300–U+036F are CC 80–CD AF in UTF-8.
  for (size_t i = 0; i + 1 < s.size(); ++i) {
    const auto lead = static_cast<unsigned char>(s[i]);
    const auto next = static_cast<unsigned char>(s[i + 1]);
    if (lead == 0xCC && next >= 0x80 && next <= 0xBF) return true;
    if (lead == 0xCD && next >= 0x80 && next <= 0xAF) return true;
  }
  return false;
}

bool isNfc(std::string_view s) {
  const icu::Normalizer2* n = nfc();
  if (n == nullptr) return true;
  UErrorCode status = U_ZERO_ERROR;
  const icu::UnicodeString text = icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
  const bool normal = n->isNormalized(text, status);
  return U_FAILURE(status) || normal;
}

std::string toNfc(std::string_view s) {
  const icu::Normalizer2* n = nfc();
  if (n == nullptr) return std::string(s);
  UErrorCode status = U_ZERO_ERROR;
  const icu::UnicodeString text = icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
  const icu::UnicodeString normal = n->normalize(text, status);
  if (U_FAILURE(status)) return std::string(s);
  std::string out;
  normal.toUTF8String(out);
  return out;
}

}  // namespace regel::rt
