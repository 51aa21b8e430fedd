// Token facts shared by the pre-scan, the error listeners and the AST builder: token types looked
// up by their text, the code point → byte offset map of one file, and Swedish descriptions of
// tokens for messages. Internal to compiler/syntax (includes ANTLR headers).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "Token.h"
#include "compiler/diagnostics/diagnostic.h"

namespace regel::syntax {

// Token types by their literal text ("värde", "(", "≠"), read from the generated vocabulary so
// that no code depends on ANTLR's numbering of implicit tokens (T__12 …).
class TokenTypes {
 public:
  static const TokenTypes& get();

  // The type of a literal token, or 0 (antlr4::Token::INVALID_TYPE) when the grammar has none.
  size_t of(std::string_view literal) const;
  // The literal text of a type without quotes ("värde"), or "" for IDENT, NUMBER, ….
  std::string_view literal(size_t type) const;
  size_t maxType() const { return literals_.size(); }

 private:
  std::vector<std::string> literals_;
  std::unordered_map<std::string, size_t> byText_;
};

// One file's text with the byte offset of every code point (ANTLR counts code points).
struct SourceText {
  uint32_t file = 0;
  std::string_view text;
  std::vector<uint32_t> offsets;  // code point index → byte offset; one extra entry = text.size()

  uint32_t byteAt(size_t codePoint) const {
    return codePoint < offsets.size() ? offsets[codePoint] : static_cast<uint32_t>(text.size());
  }
  // False for tokens conjured by ANTLR's error recovery ("<missing IDENT>"), which have no text.
  bool isReal(const antlr4::Token* t) const;
  // The byte span [begin, end) of a token; EOF is the empty span at the end of the file.
  diag::Span span(const antlr4::Token* t) const;
  // The span from the start of `first` to the end of `last`.
  diag::Span span(const antlr4::Token* first, const antlr4::Token* last) const;
  std::string_view textOf(const antlr4::Token* t) const;
};

// "'}'", "namnet 'x'", "talet 12", "texten \"…\"": the offending token of a syntax error.
std::string describeToken(const SourceText& src, const antlr4::Token* t);
// A readable list of expected token types: "'=' eller 'lagrum'", "ett uttryck", ….
std::string describeExpected(const std::vector<size_t>& types);
// A stray character for R0002: the character itself, or U+XXXX when it is invisible.
std::string describeChar(char32_t c);

}  // namespace regel::syntax
