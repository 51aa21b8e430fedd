// Swedish descriptions of tokens and of expected-token sets for R0002/R0003/R0004 messages.
#include <fmt/format.h>

#include <algorithm>

#include "RegelLexer.h"
#include "compiler/syntax/tokens.h"
#include "compiler/syntax/utf8.h"
#include "runtime/base/controls.h"
#include "runtime/base/value.h"

namespace regel::syntax {
namespace {

using regel_antlr::RegelLexer;

constexpr size_t kMaxListed = 6;
constexpr size_t kMaxQuotedChars = 24;

// What an expected token of a named type is called ("ett namn"); literal tokens are quoted.
std::string expectedName(size_t type) {
  switch (type) {
    case antlr4::Token::EOF: return "filens slut";
    case RegelLexer::IDENT: return "ett namn";
    case RegelLexer::NUMBER: return "ett tal";
    case RegelLexer::STRING: return "en text";
    case RegelLexer::DATE: return "ett datum";
    case RegelLexer::MONTH: return "en månad";
    default: break;
  }
  std::string_view lit = TokenTypes::get().literal(type);
  if (!lit.empty()) return fmt::format("'{}'", lit);
  return "något annat";
}

// Cuts a long text after kMaxQuotedChars code points and marks the cut with "…".
std::string shorten(std::string_view s) {
  size_t chars = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) continue;
    if (chars++ == kMaxQuotedChars) return std::string(s.substr(0, i)) + "…";
  }
  return std::string(s);
}

bool contains(const std::vector<size_t>& types, size_t t) {
  return t != antlr4::Token::INVALID_TYPE && std::find(types.begin(), types.end(), t) != types.end();
}

std::vector<size_t> typesOf(std::initializer_list<std::string_view> literals) {
  std::vector<size_t> out;
  for (auto l : literals) out.push_back(TokenTypes::get().of(l));
  return out;
}

// Removes the members of `group` from `types`; returns how many were there.
size_t removeAll(std::vector<size_t>& types, const std::vector<size_t>& group) {
  size_t n = 0;
  for (size_t t : group) {
    auto it = std::find(types.begin(), types.end(), t);
    if (it != types.end() && t != antlr4::Token::INVALID_TYPE) {
      types.erase(it);
      ++n;
    }
  }
  return n;
}

}  // namespace

std::string describeToken(const SourceText& src, const antlr4::Token* t) {
  if (t == nullptr || t->getType() == antlr4::Token::EOF) return "filens slut";
  std::string text(src.textOf(t));
  switch (t->getType()) {
    case RegelLexer::IDENT: return fmt::format("namnet '{}'", text);
    case RegelLexer::NUMBER: return fmt::format("talet {}", text);
    case RegelLexer::STRING: return fmt::format("texten {}", shorten(text));
    case RegelLexer::DATE: return fmt::format("datumet {}", text);
    case RegelLexer::MONTH: return fmt::format("månaden {}", text);
    case RegelLexer::UNKNOWN_CHAR: return fmt::format("tecknet '{}'", text);
    default: return fmt::format("'{}'", text);
  }
}

std::string describeExpected(const std::vector<size_t>& expected) {
  std::vector<size_t> types = expected;
  std::sort(types.begin(), types.end());
  types.erase(std::unique(types.begin(), types.end()), types.end());
  // Large sets are summarised by what they have in common: the start of an expression, an
  // operator after one, or the start of a declaration (which is also where the file may end).
  static const std::vector<size_t> exprStart = [] {
    auto v = typesOf({"(", "-", "inte", "om", "summa", "minsta", "största", "antal", "alla", "någon",
                      "ja", "nej", "tal", "datum", "beslutsdatum", "dag", "dagar", "vecka", "veckor",
                      "månad", "månader", "år"});
    for (size_t t : {RegelLexer::IDENT, RegelLexer::NUMBER, RegelLexer::STRING, RegelLexer::DATE,
                     RegelLexer::MONTH}) {
      v.push_back(t);
    }
    return v;
  }();
  static const std::vector<size_t> operators =
      typesOf({".", "*", "/", "av", "+", "-", "avrundat", "=", "≠", "!=", "<", "<=", "≤", ">", ">=",
               "≥", "och", "eller", "dag", "dagar", "vecka", "veckor", "månad", "månader", "år"});
  static const std::vector<size_t> declStart = typesOf(
      {"post", "uppräkning", "indata", "parameter", "värde", "villkor", "beslut", "stickprov", "exempel"});

  // Keywords that may also be names (`antal`, `tal`, `datum`, `månad`, …) need no mention next to
  // "ett namn".
  if (contains(types, RegelLexer::IDENT)) {
    removeAll(types, typesOf({"antal", "tal", "datum", "dag", "dagar", "vecka", "veckor", "månad", "månader", "år"}));
  }
  std::vector<std::string> groups;
  const bool anExpression = contains(types, RegelLexer::IDENT) && contains(types, RegelLexer::NUMBER) &&
                            contains(types, TokenTypes::get().of("("));
  const bool aDeclaration = std::count_if(declStart.begin(), declStart.end(), [&](size_t t) {
                              return contains(types, t);
                            }) >= 3;
  size_t operatorCount = std::count_if(operators.begin(), operators.end(),
                                       [&](size_t t) { return contains(types, t); });
  if (anExpression) {
    removeAll(types, exprStart);
    groups.push_back("ett uttryck");
  }
  if (operatorCount >= 4) {
    removeAll(types, operators);
    groups.push_back("en operator (t.ex. '+', '=', 'och')");
  }
  if (aDeclaration) {
    removeAll(types, declStart);
    removeAll(types, {antlr4::Token::EOF, TokenTypes::get().of("regelverk")});
    groups.push_back("en deklaration (t.ex. 'värde', 'villkor', 'parameter')");
  }
  std::vector<std::string> items;
  for (size_t t : types) items.push_back(expectedName(t));
  for (auto& g : groups) items.push_back(std::move(g));
  if (items.empty()) return "något annat";
  if (items.size() > kMaxListed) {
    items.resize(kMaxListed - 1);
    items.push_back("något annat");
  }
  return rt::listWithEller(items);
}

std::string describeChar(char32_t c) {
  if (rt::controlKind(c) != rt::ControlKind::None || c == 0xFEFF || (c >= 0x2000 && c <= 0x200F) ||
      (c >= 0x2028 && c <= 0x202E)) {
    return fmt::format("U+{:04X}", static_cast<uint32_t>(c));
  }
  std::string out;
  appendUtf8(out, c);
  return out;
}

}  // namespace regel::syntax
