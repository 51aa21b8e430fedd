// The pass over the tokens as the lexer produces them, before ANTLR's parser runs: lexical
// errors, bracket balance and nesting depth. Internal to compiler/syntax.
#pragma once

#include <memory>
#include <vector>

#include "Token.h"
#include "compiler/syntax/ast.h"
#include "compiler/syntax/tokens.h"

namespace regel::syntax {

// Tokens the parser must not see are moved to this channel (HIDDEN is 1 and holds comments).
constexpr size_t kDroppedChannel = 2;

struct PrescanResult {
  std::vector<diag::Diagnostic> diagnostics;  // in source order
  // The parser must not run: the nesting is too deep (R0006; it would recurse too deep), or the
  // pre-scan alone reached kMaxSyntaxErrors.
  bool stop = false;
};

// Looks at each token once, as the lexer produces it:
//  - a stray character (UNKNOWN_CHAR) is reported (R0002) and dropped, so the parser goes on as
//    if it were not there; a byte order mark at the start of the file is dropped silently;
//  - a quote that starts no text (`"abc` without its closing quote) is reported (R0005) and the
//    token becomes a STRING up to the end of its line, whose other tokens are dropped;
//  - comments are collected into ast.comments;
//  - brackets are balanced: an opener that is never closed is R0011, a closer without an opener
//    R0014 (and dropped). A declaration keyword inside brackets closes them all: `post A { x: tal`
//    followed by `värde …` reports the '{' of A, not a later one;
//  - brackets nested deeper than kMaxNesting, or more than kMaxNesting prefix operators in a row
//    (`- - - x`, `inte inte x`, `lista av lista av …`), are R0006.
// Once the scan must stop, the lexer stops too: 4 MB of '(' or of stray bytes cost no memory.
class TokenScan {
 public:
  TokenScan(const SourceText& src, Ast& ast);
  ~TokenScan();
  // False when lexing should stop (see PrescanResult::stop).
  bool feed(antlr4::Token* t);
  PrescanResult finish();

 private:
  class Brackets;
  void lexical(antlr4::Token* t);
  // R0017 or R0018 for the first character in a text or comment that acts instead of shows.
  void actingCharacter(diag::Span span, bool comment);

  const SourceText& src_;
  Ast& ast_;
  PrescanResult result_;
  std::unique_ptr<Brackets> brackets_;
  size_t dropBefore_ = 0;  // code point index: tokens before it belong to an unterminated text
};

}  // namespace regel::syntax
