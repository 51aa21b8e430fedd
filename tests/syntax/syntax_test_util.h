// Helpers for the compiler/syntax tests (header-only: the test target compiles *_test.cpp only):
// parse a snippet, list its diagnostics compactly, and print an expression as an S-expression.
#pragma once

#include <gtest/gtest.h>

#include <fmt/format.h>

#include <memory>
#include <string>

#include "compiler/diagnostics/source.h"
#include "compiler/syntax/parse.h"

namespace regel::syntax::testing {

struct Parsed {
  diag::SourceSet sources;
  Ast ast;
  std::vector<diag::Diagnostic> diags;

  // "R0003@12..13 R0011@5..6": every diagnostic's code and byte span, in order.
  std::string codes() const;
  std::string rendered() const { return diag::renderAll(diags, sources); }
  // The value of the first definition (`värde x = …`).
  ExprId value() const;
  const Expr& expr(ExprId id) const { return ast.exprs.at(id); }
};

std::unique_ptr<Parsed> parse(const std::string& text, const std::string& path = "test.regel");
// Parses `regelverk T\nvärde x = <expr>\n`; expression spans are then offset by kExprOffset.
std::unique_ptr<Parsed> parseExpr(const std::string& expr);
constexpr uint32_t kExprOffset = 23;  // bytes of "regelverk T\nvärde x = " ('ä' is two)

// `(+ a (* b c))`, `(om c 1 2)`, `12`, `"text"`, `6 000 kr`, `25 %`, `(. v fält)`: the structure of
// an expression with its literals in Swedish formatting.
std::string shape(const Ast& ast, ExprId id);

// ---- implementation ----

inline std::string Parsed::codes() const {
  std::string out;
  for (const auto& d : diags) {
    if (!out.empty()) out += ' ';
    out += fmt::format("{}@{}..{}", diag::codeOf(d.kind), d.span.begin, d.span.end);
  }
  return out;
}

inline ExprId Parsed::value() const {
  if (ast.definitions.empty() || ast.definitions[0].versions.empty()) return kNoExpr;
  return ast.definitions[0].versions[0].value;
}

inline std::unique_ptr<Parsed> parse(const std::string& text, const std::string& path) {
  auto p = std::make_unique<Parsed>();
  uint32_t id = p->sources.add(path, text);
  diag::DiagnosticSink sink;
  p->ast = parseFile(p->sources, id, sink);
  p->diags = sink.take();
  return p;
}

inline std::unique_ptr<Parsed> parseExpr(const std::string& expr) {
  return parse(fmt::format("regelverk T\nvärde x = {}\n", expr));
}

namespace detail {

inline std::string literal(const Literal& l) {
  switch (l.kind) {
    case LiteralKind::Integer:
    case LiteralKind::Decimal: return rt::formatRational(l.number);
    case LiteralKind::Money: return rt::formatMoney(l.money);
    case LiteralKind::Percent: return rt::formatPercent(l.number);
    case LiteralKind::Date: return rt::formatDate(l.date);
    case LiteralKind::Month: return rt::formatMonth(l.month);
    case LiteralKind::Text: return fmt::format("\"{}\"", l.text);
    case LiteralKind::Bool: return l.boolean ? "ja" : "nej";
  }
  return "?";
}

}  // namespace detail

inline std::string shape(const Ast& ast, ExprId id) {
  if (id == kNoExpr) return "_";
  const Expr& e = ast.expr(id);
  auto s = [&](ExprId x) { return shape(ast, x); };
  static const char* kBinary[] = {"+", "-", "*", "/"};
  static const char* kCompare[] = {"=", "≠", "<", "≤", ">", "≥"};
  static const char* kFold[] = {"summa", "minsta", "största"};
  static const char* kDir[] = {"nedåt", "uppåt", "närmast"};
  static const char* kUnit[] = {"kronor", "öre", "tal"};
  switch (e.kind) {
    case ExprKind::Literal: return detail::literal(e.lit);
    case ExprKind::Name: return e.name;
    case ExprKind::Field: return fmt::format("(. {} {})", s(e.a), e.name);
    case ExprKind::Call: {
      std::string out = "(" + e.name;
      for (ExprId a : e.args) {
        out += ' ';
        out += s(a);
      }
      return out + ")";
    }
    case ExprKind::Negate: return fmt::format("(- {})", s(e.a));
    case ExprKind::Not: return fmt::format("(inte {})", s(e.a));
    case ExprKind::Binary: return fmt::format("({} {} {})", kBinary[e.op], s(e.a), s(e.b));
    case ExprKind::Of: return fmt::format("(av {} {})", s(e.a), s(e.b));
    case ExprKind::Compare: return fmt::format("({} {} {})", kCompare[e.op], s(e.a), s(e.b));
    case ExprKind::And: return fmt::format("(och {} {})", s(e.a), s(e.b));
    case ExprKind::Or: return fmt::format("(eller {} {})", s(e.a), s(e.b));
    case ExprKind::Round:
      return fmt::format("(avrundat {} {} {})", kDir[static_cast<int>(e.direction)], kUnit[static_cast<int>(e.unit)],
                         s(e.a));
    case ExprKind::Duration: {
      static const char* kTime[] = {"dagar", "veckor", "månader", "år"};
      return fmt::format("({} {})", kTime[static_cast<int>(e.timeUnit)], s(e.a));
    }
    case ExprKind::If: return fmt::format("(om {} {} {})", s(e.a), s(e.b), s(e.c));
    case ExprKind::Fold:
      return fmt::format("({} {} {} {} {})", kFold[e.op], s(e.b), e.name, s(e.a), s(e.c));
    case ExprKind::Count: return fmt::format("(antal {})", s(e.a));
    case ExprKind::CountWhere: return fmt::format("(antal {} {} {})", e.name, s(e.a), s(e.c));
    case ExprKind::Quantifier:
      return fmt::format("({} {} {} {})", e.op == 0 ? "alla" : "någon", e.name, s(e.a), s(e.b));
    case ExprKind::Order: {
      std::string keys;
      for (const auto& k : e.keys) keys += " " + k.field + (k.descending ? "↓" : "↑");
      return fmt::format("({} {} {}{})", e.name, s(e.a), s(e.b), keys);
    }
  }
  return "?";
}

}  // namespace regel::syntax::testing
