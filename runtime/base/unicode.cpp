#include "runtime/base/unicode.h"

#include <cstring>

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
  // U+0300–U+036F are CC 80–CD AF in UTF-8. Every key and text of a case passes here: the lead
  // bytes are looked for with memchr, which is vectorised, and are rare in composed text.
  for (const unsigned char lead : {0xCC, 0xCD}) {
    const char* p = s.data();
    const char* const end = s.data() + s.size();
    while (p < end) {
      const void* hit = std::memchr(p, lead, static_cast<size_t>(end - p));
      if (hit == nullptr) break;
      p = static_cast<const char*>(hit) + 1;
      if (p == end) break;
      const auto next = static_cast<unsigned char>(*p);
      if (next >= 0x80 && next <= (lead == 0xCC ? 0xBF : 0xAF)) return true;
    }
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
