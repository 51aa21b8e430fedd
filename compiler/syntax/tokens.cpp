// Token types from the generated vocabulary and byte spans of tokens.
#include "compiler/syntax/tokens.h"

#include "RegelLexer.h"

namespace regel::syntax {

const TokenTypes& TokenTypes::get() {
  static const TokenTypes types = [] {
    TokenTypes t;
    antlr4::ANTLRInputStream empty;
    regel_antlr::RegelLexer lexer(&empty);
    const antlr4::dfa::Vocabulary& vocabulary = lexer.getVocabulary();
    const size_t max = vocabulary.getMaxTokenType();
    t.literals_.assign(max + 1, std::string());
    for (size_t type = 1; type <= max; ++type) {
      std::string name = vocabulary.getLiteralName(type);
      if (name.size() < 2 || name.front() != '\'' || name.back() != '\'') continue;
      name = name.substr(1, name.size() - 2);
      t.byText_.emplace(name, type);
      t.literals_[type] = std::move(name);
    }
    return t;
  }();
  return types;
}

size_t TokenTypes::of(std::string_view literal) const {
  auto it = byText_.find(std::string(literal));
  return it == byText_.end() ? antlr4::Token::INVALID_TYPE : it->second;
}

std::string_view TokenTypes::literal(size_t type) const {
  return type < literals_.size() ? std::string_view(literals_[type]) : std::string_view();
}

bool SourceText::isReal(const antlr4::Token* t) const {
  if (t == nullptr) return false;
  if (t->getType() == antlr4::Token::EOF) return true;
  return t->getStartIndex() < offsets.size() && t->getStopIndex() + 1 < offsets.size() &&
         t->getStartIndex() <= t->getStopIndex() + 1;
}

diag::Span SourceText::span(const antlr4::Token* t) const {
  const auto end = static_cast<uint32_t>(text.size());
  if (t == nullptr || t->getType() == antlr4::Token::EOF || !isReal(t)) return {file, end, end};
  return {file, byteAt(t->getStartIndex()), byteAt(t->getStopIndex() + 1)};
}

diag::Span SourceText::span(const antlr4::Token* first, const antlr4::Token* last) const {
  diag::Span a = span(first);
  if (!isReal(last) || last->getType() == antlr4::Token::EOF) return a;
  diag::Span b = span(last);
  if (b.end < a.begin) return a;
  return {file, a.begin, b.end};
}

std::string_view SourceText::textOf(const antlr4::Token* t) const {
  diag::Span s = span(t);
  return text.substr(s.begin, s.end - s.begin);
}

}  // namespace regel::syntax
