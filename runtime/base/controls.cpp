// Characters that act instead of show (see controls.h).
#include "runtime/base/controls.h"

#include <cstdio>

#include "runtime/base/unicode.h"

namespace regel::rt {

ControlKind controlKind(char32_t c) {
  if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) return ControlKind::Control;
  if ((c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069)) return ControlKind::Bidi;
  return ControlKind::None;
}

namespace {

// The code point of the well-formed sequence of `len` bytes at s[i].
char32_t decodeAt(std::string_view s, size_t i, size_t len) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(s[i + k]); };
  if (len == 1) return byte(0);
  char32_t c = byte(0) & (len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07);
  for (size_t k = 1; k < len; ++k) c = (c << 6) | (byte(k) & 0x3F);
  return c;
}

// Whether the sequence at s[i] can be one of the characters at all: every one is ASCII, or starts
// with 0xC2 (C1) or 0xE2 (the bidirectional controls). Keeps the scan of ordinary text cheap.
bool mayBeControl(unsigned char b) { return b < 0x20 || b == 0x7F || b == 0xC2 || b == 0xE2; }

}  // namespace

std::optional<FoundControl> findControl(std::string_view s, bool allowTab, size_t from) {
  for (size_t i = from; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    if (!mayBeControl(b)) {
      ++i;
      continue;
    }
    const size_t len = utf8SequenceLength(s, i);
    if (len == 0) {
      ++i;
      continue;
    }
    const char32_t c = decodeAt(s, i, len);
    const ControlKind kind = controlKind(c);
    if (kind != ControlKind::None && !(allowTab && c == U'\t')) return FoundControl{i, len, c, kind};
    i += len;
  }
  return std::nullopt;
}

std::string showControls(std::string_view s) {
  std::optional<FoundControl> found = findControl(s, false);
  if (!found) return std::string(s);
  std::string out;
  out.reserve(s.size() + 8);
  size_t done = 0;
  for (; found; found = findControl(s, false, found->offset + found->length)) {
    out.append(s.substr(done, found->offset - done));
    const char32_t c = found->codePoint;
    if (c < 0x20) {
      // U+2400 + c: E2 90 80+c.
      out += "\xE2\x90";
      out += static_cast<char>(0x80 + c);
    } else if (c == 0x7F) {
      out += "\xE2\x90\xA1";  // ␡
    } else {
      out += "\xEF\xBF\xBD";  // U+FFFD
    }
    done = found->offset + found->length;
  }
  out.append(s.substr(done));
  return out;
}

std::string codePointName(char32_t c) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(c));
  return buf;
}

std::string_view bidiControlName(char32_t c) {
  switch (c) {
    case 0x202A: return "vänster-till-höger-inbäddning";
    case 0x202B: return "höger-till-vänster-inbäddning";
    case 0x202C: return "slut på inbäddning eller åsidosättning";
    case 0x202D: return "vänster-till-höger-åsidosättning";
    case 0x202E: return "höger-till-vänster-åsidosättning";
    case 0x2066: return "vänster-till-höger-isolering";
    case 0x2067: return "höger-till-vänster-isolering";
    case 0x2068: return "isolering efter första starka tecknet";
    case 0x2069: return "slut på isolering";
    default: return {};
  }
}

}  // namespace regel::rt
