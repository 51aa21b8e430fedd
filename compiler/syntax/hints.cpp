#include "compiler/syntax/hints.h"

#include "RegelLexer.h"

namespace regel::syntax {
namespace {

using diag::Hint;
using diag::HintKind;
using regel_antlr::RegelLexer;

// The token before `t` on the default channel (comments are hidden), or null.
antlr4::Token* before(antlr4::TokenStream* tokens, antlr4::Token* t) {
  if (tokens == nullptr || t == nullptr) return nullptr;
  for (size_t i = t->getTokenIndex(); i-- > 0;) {
    antlr4::Token* p = tokens->get(i);
    if (p->getChannel() == antlr4::Token::DEFAULT_CHANNEL) return p;
  }
  return nullptr;
}

// Whether `b` starts right where `a` ends (no space between them).
bool adjacent(const SourceText& src, antlr4::Token* a, antlr4::Token* b) {
  return a != nullptr && b != nullptr && src.span(a).end == src.span(b).begin;
}

bool isWord(const SourceText& src, antlr4::Token* t, std::initializer_list<std::string_view> words) {
  if (t == nullptr || t->getType() != RegelLexer::IDENT) return false;
  const std::string_view text = src.textOf(t);
  for (auto w : words) {
    if (text == w) return true;
  }
  return false;
}

bool isLiteral(const SourceText& src, antlr4::Token* t, std::string_view literal) {
  return t != nullptr && t->getType() == TokenTypes::get().of(literal) && src.textOf(t) == literal;
}

}  // namespace

std::optional<Hint> syntaxHint(const SourceText& src, antlr4::TokenStream* tokens, antlr4::Token* offending) {
  antlr4::Token* prev = before(tokens, offending);
  // `3.5`: a number, a point and a number with nothing between them.
  if (offending->getType() == RegelLexer::NUMBER && isLiteral(src, prev, ".") && adjacent(src, prev, offending)) {
    antlr4::Token* whole = before(tokens, prev);
    if (whole != nullptr && whole->getType() == RegelLexer::NUMBER && adjacent(src, whole, prev)) {
      return Hint{HintKind::DecimalPoint, {std::string(src.textOf(whole)) + "," + std::string(src.textOf(offending))}};
    }
  }
  // `a == 3`.
  if (isLiteral(src, offending, "=") && isLiteral(src, prev, "=") && adjacent(src, prev, offending)) {
    return Hint{HintKind::DoubleEquals, {}};
  }
  if (isWord(src, offending, {"if", "then", "else"}) || isWord(src, prev, {"if", "then", "else"})) {
    return Hint{HintKind::IfThenElse, {}};
  }
  // `värde x = a + 1 lagrum "1 §"`: the clause after the value.
  const size_t type = offending->getType();
  if (type == TokenTypes::get().of("lagrum") || type == TokenTypes::get().of("källa")) {
    return Hint{HintKind::LagrumBeforeValue, {std::string(src.textOf(offending))}};
  }
  return std::nullopt;
}

}  // namespace regel::syntax
