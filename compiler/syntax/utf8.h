// UTF-8 validation and decoding for the parser's input; no ANTLR types here.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace regel::syntax {

// The byte offset where the first invalid UTF-8 sequence starts, or nullopt when `s` is valid.
// Overlong forms, surrogates (U+D800..U+DFFF), code points above U+10FFFF, stray continuation
// bytes and truncated sequences are all invalid. The offset is that of the sequence's first byte
// (for a Latin-1 'å' followed by 'r' it is the 0xE5, not the 'r').
std::optional<size_t> findInvalidUtf8(std::string_view s);

// Decodes text that findInvalidUtf8 accepted. `byteOffsets[i]` is the byte offset of code point
// i; one extra entry holds s.size(), so the table maps ANTLR's code point positions (including
// the end of file) to byte offsets.
void decodeUtf8(std::string_view s, std::u32string& codePoints, std::vector<uint32_t>& byteOffsets);

// Appends the UTF-8 encoding of one code point.
void appendUtf8(std::string& out, char32_t c);

}  // namespace regel::syntax
