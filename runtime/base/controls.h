// Characters that act instead of show where a person reads a text: control characters (an escape
// sequence clears a terminal, a line break starts a line of its own) and the bidirectional
// formatting characters that reorder what follows them ("Trojan Source", CVE-2021-42574). Texts
// from a case or a source file are checked for them, and messages that quote such texts show them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace regel::rt {

enum class ControlKind : uint8_t {
  None,
  Control,  // C0 (U+0000–U+001F), DEL (U+007F) and C1 (U+0080–U+009F)
  Bidi,     // U+202A–U+202E and U+2066–U+2069: embeddings, overrides and isolates
};

ControlKind controlKind(char32_t c);

struct FoundControl {
  size_t offset = 0;  // byte offset in the text
  size_t length = 0;  // bytes of its UTF-8 sequence
  char32_t codePoint = 0;
  ControlKind kind = ControlKind::None;
};

// The first such character in `s` at or after byte `from` (a tab, when allowTab, is none); bytes
// that are not well-formed UTF-8 are passed over.
std::optional<FoundControl> findControl(std::string_view s, bool allowTab, size_t from = 0);

// `s` with each such character made visible: C0 controls and DEL as their Control Pictures (␛ for
// the escape character, ␊ for a line break), C1 and bidirectional controls as U+FFFD. One code
// point stands for one, so a caret under the text stays where it was.
std::string showControls(std::string_view s);

// "U+001B", "U+202E".
std::string codePointName(char32_t c);

// A bidirectional control's Swedish name ("höger-till-vänster-åsidosättning" for U+202E); empty
// for any other character.
std::string_view bidiControlName(char32_t c);

}  // namespace regel::rt
