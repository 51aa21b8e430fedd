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
  // U+0300–U+036F are CC 80–CD AF in UTF-8. Every text of a case passes here, most of them short:
  // those are scanned byte by byte; long ones look for the lead bytes with memchr, which is
  // vectorised, and they are rare in composed text.
  const auto* const bytes = reinterpret_cast<const unsigned char*>(s.data());
  const auto marksAt = [&](size_t i) {
    const unsigned char next = bytes[i + 1];
    return next >= 0x80 && next <= (bytes[i] == 0xCC ? 0xBF : 0xAF);
  };
  constexpr size_t kShort = 64;
  if (s.size() <= kShort) {
    for (size_t i = 0; i + 1 < s.size(); ++i) {
      if ((bytes[i] & 0xFE) == 0xCC && marksAt(i)) return true;
    }
    return false;
  }
  for (const unsigned char lead : {0xCC, 0xCD}) {
    size_t i = 0;
    while (i + 1 < s.size()) {
      const void* hit = std::memchr(bytes + i, lead, s.size() - 1 - i);
      if (hit == nullptr) break;
      i = static_cast<size_t>(static_cast<const unsigned char*>(hit) - bytes);
      if (marksAt(i)) return true;
      ++i;
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

void cutToCodePoints(std::string& s, size_t maxCodePoints) {
  if (s.size() <= maxCodePoints) return;
  size_t points = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) continue;
    if (points++ == maxCodePoints) {
      s.resize(i);
      s += "…";
      return;
    }
  }
}

}  // namespace regel::rt
