// Messages for malformed JSON: what simdjson found, in Swedish, and where in the text it is.
#include <simdjson.h>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "runtime/base/controls.h"
#include "runtime/base/unicode.h"
#include "runtime/case/case_json_decoder.h"

namespace regel::rt::case_json_decoder {

// A simdjson error as a Swedish description of what is wrong at that place.
std::string describeSyntaxError(simdjson::error_code e) {
  switch (e) {
    case simdjson::TAPE_ERROR:
      return "oväntat tecken; kontrollera kommatecken, kolon, citattecken och klamrar";
    case simdjson::INCOMPLETE_ARRAY_OR_OBJECT:
      return "ett objekt eller en lista avslutas aldrig, eller så står det något efter den sista "
             "avslutande klammern";
    case simdjson::STRING_ERROR:
      return "en text innehåller en ogiltig escape-sekvens (tillåtna är \\\", \\\\, \\/, \\b, \\f, "
             "\\n, \\r, \\t och \\uXXXX)";
    case simdjson::UNCLOSED_STRING:
      return "en text saknar avslutande citattecken";
    case simdjson::UNESCAPED_CHARS:
      return "en text innehåller ett styrtecken (t.ex. tabb eller radbrytning) som måste skrivas "
             "som \\t, \\n osv.";
    case simdjson::NUMBER_ERROR:
      return "ogiltigt tal (JSON skriver tal som 6500, -3 eller 6500.50, utan inledande nollor)";
    case simdjson::INCORRECT_TYPE:
    case simdjson::T_ATOM_ERROR:
    case simdjson::F_ATOM_ERROR:
    case simdjson::N_ATOM_ERROR:
      return "ogiltigt värde; här förväntades true, false, null, ett tal, en text, ett objekt "
             "eller en lista";
    case simdjson::EMPTY:
      return "texten är tom; här förväntades ett objekt";
    default:
      return "texten kan inte läsas som JSON";
  }
}

// Where a string problem found by simdjson's first pass is: the unescaped control character,
// or the opening quote of the string that never ends. Only used to place an error message.
size_t locateStringProblem(std::string_view s, simdjson::error_code e) {
  bool inString = false;
  size_t openedAt = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (!inString) {
      if (c == '"') {
        inString = true;
        openedAt = i;
      }
      continue;
    }
    if (c == '\\') {
      ++i;
    } else if (c == '"') {
      inString = false;
    } else if (e == simdjson::UNESCAPED_CHARS && static_cast<unsigned char>(c) < 0x20) {
      return i;
    }
  }
  return inString ? openedAt : s.size();
}


namespace {

// The four hexadecimal digits after "\\u" at s[i], or nullopt.
std::optional<uint32_t> unicodeEscape(std::string_view s, size_t i) {
  if (i + 6 > s.size() || s[i] != '\\' || s[i + 1] != 'u') return std::nullopt;
  uint32_t v = 0;
  const char* end = s.data() + i + 6;
  const auto [stop, error] = std::from_chars(s.data() + i + 2, end, v, 16);
  if (error != std::errc() || stop != end) return std::nullopt;
  return v;
}

std::string hex4(uint32_t v) { return codePointName(v).substr(2); }

}  // namespace

std::optional<EscapeProblem> findEscapeProblem(std::string_view text, size_t quoteAt) {
  if (quoteAt >= text.size() || text[quoteAt] != '"') return std::nullopt;
  for (size_t i = quoteAt + 1; i < text.size() && text[i] != '"'; ++i) {
    if (text[i] != '\\') continue;
    if (i + 1 >= text.size()) return std::nullopt;
    const char e = text[i + 1];
    if (e != 'u') {
      if (std::string_view("\"\\/bfnrt").find(e) == std::string_view::npos) {
        // The escaped character may be several bytes long, or a control character to show.
        const size_t len = std::max<size_t>(1, utf8SequenceLength(text, i + 1));
        return EscapeProblem{i, "en text innehåller den ogiltiga escape-sekvensen \\" +
                                    showControls(text.substr(i + 1, len)) +
                                    " (tillåtna är \\\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t och \\uXXXX)"};
      }
      ++i;
      continue;
    }
    const std::optional<uint32_t> u = unicodeEscape(text, i);
    if (!u) return EscapeProblem{i, "\\u ska följas av fyra hexadecimala siffror (t.ex. \\u00e5 för å)"};
    if (*u >= 0xDC00 && *u <= 0xDFFF) {
      return EscapeProblem{i, "\\u" + hex4(*u) +
                                  " är den andra halvan av ett surrogatpar, men den första saknas; skriv tecknet som "
                                  "det är (UTF-8) eller som ett helt par, t.ex. \\uD83D\\uDE00"};
    }
    if (*u >= 0xD800 && *u <= 0xDBFF) {
      const std::optional<uint32_t> low = unicodeEscape(text, i + 6);
      if (!low || *low < 0xDC00 || *low > 0xDFFF) {
        return EscapeProblem{i, "\\u" + hex4(*u) +
                                    " är den första halvan av ett surrogatpar, men den andra (\\uDC00–\\uDFFF) "
                                    "följer inte; skriv tecknet som det är (UTF-8) eller som ett helt par, t.ex. "
                                    "\\uD83D\\uDE00"};
      }
      i += 6;
    }
    i += 5;
  }
  return std::nullopt;
}

}  // namespace regel::rt::case_json_decoder
