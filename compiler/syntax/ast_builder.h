// Converts ANTLR's parse tree into our AST (ast.h). Internal to compiler/syntax.
// The builder never trusts the tree to be complete: after a syntax error ANTLR leaves children
// missing or conjured ("<missing IDENT>"), so every child is checked and a missing expression is
// kNoExpr. Long left-associative chains (`a + b + c + …`, thousands of terms) are walked in a
// loop; other recursion is bounded by the parser's nesting guard and checked again here.
#pragma once

#include <string>
#include <vector>

#include "RegelParser.h"
#include "compiler/syntax/ast.h"
#include "compiler/syntax/literals.h"
#include "compiler/syntax/parse.h"
#include "compiler/syntax/tokens.h"

namespace regel::syntax {

// Most nested expression rules the parser may enter (ANTLR's `expr` recursion, counted by the
// parser's guard) and the builder may recurse through. A paren level costs up to three of them
// (`a = b + (…`), a prefix operator or `om … annars` one: four per level of kMaxNesting leaves room
// for every form the token pre-scan lets through. At this limit parsing needs about 600 KB of
// stack (measured with `om … annars om …` chains); threads get 8 MB by default.
constexpr int kMaxExprRecursion = 4 * kMaxNesting + 16;

class AstBuilder {
 public:
  using P = regel_antlr::RegelParser;

  AstBuilder(const SourceText& src, Ast& ast, std::vector<diag::Diagnostic>& out)
      : src_(src), ast_(ast), out_(out) {}
  void build(P::ProgramContext* program);
  // One part of the program at a time (parseFile's fast path parses declaration by declaration).
  void header(P::HeaderContext* ctx);
  void declaration(P::DeclarationContext* ctx);

 private:
  struct Name {
    std::string text;
    diag::Span span;
  };

  // ---- declarations (build_decls.cpp) ----
  RecordDecl record(P::RecordDeclContext* ctx);
  EnumDecl enumeration(P::EnumDeclContext* ctx);
  InputDecl input(P::InputDeclContext* ctx);
  FieldDecl field(P::FieldDeclContext* ctx);
  FieldDecl field(P::IdentifierContext* name, P::TypeExprContext* type, P::FieldLimitContext* limit = nullptr);
  std::optional<LimitValue> limitValue(P::LimitValueContext* ctx);
  TypeRef type(P::TypeExprContext* ctx);
  void meta(Meta& out, const std::vector<P::MetaClauseContext*>& clauses);
  Period period(P::PeriodContext* ctx);
  ParameterDecl parameter(P::ParameterDeclContext* ctx);
  ParamVersion paramVersion(P::ParamVersionContext* ctx);
  TableRow tableRow(P::TableRowContext* ctx);
  TableKey tableKey(P::TableKeyContext* ctx);
  Cell cell(P::CellValueContext* ctx);
  DefinitionDecl definition(bool isCondition, P::DeclNameContext* name, P::RuleArgsContext* args,
                            P::TypeExprContext* type, P::DefinitionBodyContext* body,
                            antlr4::ParserRuleContext* ctx);
  RuleBody ruleBody(P::RuleBodyContext* ctx);
  void textClauses(std::vector<TextClause>& out, const std::vector<P::TextClauseContext*>& clauses);
  ExceptionClause exception(P::ExceptionClauseContext* ctx);
  DecisionDecl decision(P::DecisionDeclContext* ctx);
  Outcome outcome(P::OutcomeContext* ctx);
  StickprovDecl stickprov(P::StickprovDeclContext* ctx);
  ExampleDecl example(P::ExampleDeclContext* ctx);
  Expectation expectation(P::ExpectationContext* ctx);
  DataValue object(P::ObjectValueContext* ctx);
  DataValue data(P::DataValueContext* ctx);

  // ---- expressions and literals (build_exprs.cpp) ----
  ExprId expr(P::ExprContext* ctx);
  ExprId prefixOrPrimary(P::ExprContext* ctx);
  ExprId withLeft(P::ExprContext* ctx, ExprId left);
  ExprId primary(P::PrimaryContext* ctx);
  ExprId add(Expr e);
  Literal literal(P::LiteralContext* ctx);
  Literal number(P::NumberContext* ctx, NumberUnit unit, antlr4::ParserRuleContext* whole);
  std::optional<rt::Date> date(antlr4::tree::TerminalNode* node);
  Text text(antlr4::tree::TerminalNode* node, TextMode mode);

  // ---- helpers ----
  // The token of a terminal that is really in the file (not missing, not conjured), or null.
  antlr4::Token* token(antlr4::tree::TerminalNode* node) const;
  antlr4::Token* token(antlr4::Token* t) const { return src_.isReal(t) ? t : nullptr; }
  diag::Span span(antlr4::ParserRuleContext* ctx) const;
  diag::Span span(antlr4::Token* t) const { return src_.span(t); }
  diag::Span span(antlr4::tree::TerminalNode* node) const;
  std::string textOf(antlr4::Token* t) const;
  Name name(antlr4::tree::TerminalNode* node) const;
  Name name(antlr4::Token* t) const;
  Name name(P::IdentifierContext* ctx) const;
  Name name(P::DeclNameContext* ctx) const;
  void report(diag::Kind kind, diag::Span span, std::vector<std::string> args = {});
  // Counts recursion; false (and R0006 once) when it goes deeper than kMaxExprRecursion.
  bool enter(diag::Span at);
  void leave() { --depth_; }

  const SourceText& src_;
  Ast& ast_;
  std::vector<diag::Diagnostic>& out_;
  int depth_ = 0;
  bool reportedDepth_ = false;
};

}  // namespace regel::syntax
