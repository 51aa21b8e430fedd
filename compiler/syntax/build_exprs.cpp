// AST builder, part 2: expressions, literals, texts and the helpers (see ast_builder.h).
#include <fmt/format.h>

#include "compiler/syntax/ast_builder.h"

namespace regel::syntax {

using diag::Kind;
using diag::Span;

namespace {

using P = regel_antlr::RegelParser;

// The left operand of a left-associative binary or postfix expression, or null for the rest.
P::ExprContext* leftOperand(P::ExprContext* ctx) {
  if (auto* c = dynamic_cast<P::FieldExprContext*>(ctx)) return c->expr();
  if (auto* c = dynamic_cast<P::RoundExprContext*>(ctx)) return c->expr();
  if (auto* c = dynamic_cast<P::DurationExprContext*>(ctx)) return c->expr();
  if (auto* c = dynamic_cast<P::MulExprContext*>(ctx)) return c->expr(0);
  if (auto* c = dynamic_cast<P::OfExprContext*>(ctx)) return c->expr(0);
  if (auto* c = dynamic_cast<P::AddExprContext*>(ctx)) return c->expr(0);
  if (auto* c = dynamic_cast<P::CompareExprContext*>(ctx)) return c->expr(0);
  if (auto* c = dynamic_cast<P::AndExprContext*>(ctx)) return c->expr(0);
  if (auto* c = dynamic_cast<P::OrExprContext*>(ctx)) return c->expr(0);
  return nullptr;
}

Expr makeExpr(ExprKind kind, Span span) {
  Expr e;
  e.kind = kind;
  e.span = span;
  return e;
}

std::optional<CompareOp> compareOp(std::string_view op) {
  if (op == "=") return CompareOp::Eq;
  if (op == "≠" || op == "!=") return CompareOp::Ne;
  if (op == "<") return CompareOp::Lt;
  if (op == "<=" || op == "≤") return CompareOp::Le;
  if (op == ">") return CompareOp::Gt;
  if (op == ">=" || op == "≥") return CompareOp::Ge;
  return std::nullopt;
}

// `dag`/`dagar`, `vecka`/`veckor`, `månad`/`månader`, `år`.
TimeUnit timeUnit(P::TimeUnitContext* ctx) {
  const std::string word = ctx == nullptr ? std::string() : ctx->getText();
  if (word.starts_with("veck")) return TimeUnit::Week;
  if (word.starts_with("månad")) return TimeUnit::Month;
  if (word == "år") return TimeUnit::Year;
  return TimeUnit::Day;
}

}  // namespace

ExprId AstBuilder::add(Expr e) {
  ast_.exprs.push_back(std::move(e));
  return static_cast<ExprId>(ast_.exprs.size() - 1);
}

ExprId AstBuilder::expr(P::ExprContext* ctx) {
  if (ctx == nullptr) return kNoExpr;
  if (!enter(span(ctx))) return kNoExpr;
  // Walk down the left operands in a loop: `a + b + … + z` is a left-deep tree as tall as the
  // chain is long, and recursing down it could overflow the stack.
  std::vector<P::ExprContext*> spine;
  P::ExprContext* leaf = ctx;
  while (P::ExprContext* left = leftOperand(leaf)) {
    spine.push_back(leaf);
    leaf = left;
  }
  ExprId result = prefixOrPrimary(leaf);
  for (auto it = spine.rbegin(); it != spine.rend(); ++it) result = withLeft(*it, result);
  leave();
  return result;
}

ExprId AstBuilder::prefixOrPrimary(P::ExprContext* ctx) {
  if (auto* p = dynamic_cast<P::PrimaryExprContext*>(ctx)) return primary(p->primary());
  if (auto* n = dynamic_cast<P::NegateExprContext*>(ctx)) {
    Expr e = makeExpr(ExprKind::Negate, span(ctx));
    e.a = expr(n->expr());
    return add(std::move(e));
  }
  if (auto* n = dynamic_cast<P::NotExprContext*>(ctx)) {
    Expr e = makeExpr(ExprKind::Not, span(ctx));
    e.a = expr(n->expr());
    return add(std::move(e));
  }
  // A binary or postfix expression whose left operand is missing after a syntax error, or an
  // expression ANTLR could not start at all (kNoExpr).
  return withLeft(ctx, kNoExpr);
}

ExprId AstBuilder::withLeft(P::ExprContext* ctx, ExprId left) {
  Expr e = makeExpr(ExprKind::Binary, span(ctx));
  e.a = left;
  if (auto* c = dynamic_cast<P::FieldExprContext*>(ctx)) {
    e.kind = ExprKind::Field;
    Name n = name(c->identifier());
    e.name = n.text;
    e.nameSpan = n.span;
  } else if (auto* c = dynamic_cast<P::RoundExprContext*>(ctx)) {
    e.kind = ExprKind::Round;
    if (P::RoundModeContext* m = c->roundMode()) {
      std::string dir = textOf(token(m->direction));
      e.direction = dir == "nedåt" ? rt::RoundDirection::Down
                    : dir == "uppåt" ? rt::RoundDirection::Up
                                     : rt::RoundDirection::Nearest;
      std::string unit = textOf(token(m->unit));
      e.unit = unit == "öre" ? RoundUnit::Ore : unit == "tal" ? RoundUnit::Integer : RoundUnit::Kronor;
    }
  } else if (auto* c = dynamic_cast<P::DurationExprContext*>(ctx)) {
    e.kind = ExprKind::Duration;
    e.timeUnit = timeUnit(c->timeUnit());
  } else if (auto* c = dynamic_cast<P::MulExprContext*>(ctx)) {
    e.op = static_cast<uint8_t>(textOf(token(c->op)) == "/" ? BinaryOp::Div : BinaryOp::Mul);
    e.b = expr(c->expr(1));
  } else if (auto* c = dynamic_cast<P::AddExprContext*>(ctx)) {
    e.op = static_cast<uint8_t>(textOf(token(c->op)) == "-" ? BinaryOp::Sub : BinaryOp::Add);
    e.b = expr(c->expr(1));
  } else if (auto* c = dynamic_cast<P::OfExprContext*>(ctx)) {
    e.kind = ExprKind::Of;
    e.b = expr(c->expr(1));
  } else if (auto* c = dynamic_cast<P::CompareExprContext*>(ctx)) {
    e.kind = ExprKind::Compare;
    e.op = static_cast<uint8_t>(compareOp(textOf(token(c->op))).value_or(CompareOp::Eq));
    e.b = expr(c->expr(1));
  } else if (auto* c = dynamic_cast<P::AndExprContext*>(ctx)) {
    e.kind = ExprKind::And;
    e.b = expr(c->expr(1));
  } else if (auto* c = dynamic_cast<P::OrExprContext*>(ctx)) {
    e.kind = ExprKind::Or;
    e.b = expr(c->expr(1));
  } else {
    return left;
  }
  return add(std::move(e));
}

ExprId AstBuilder::primary(P::PrimaryContext* ctx) {
  if (ctx == nullptr) return kNoExpr;
  if (auto* p = dynamic_cast<P::ParenPrimaryContext*>(ctx)) return expr(p->expr());
  Expr e = makeExpr(ExprKind::Literal, span(ctx));
  if (auto* l = dynamic_cast<P::LiteralPrimaryContext*>(ctx)) {
    if (l->literal() == nullptr || l->literal()->exception != nullptr) return kNoExpr;
    e.lit = literal(l->literal());
  } else if (auto* n = dynamic_cast<P::NamePrimaryContext*>(ctx)) {
    e.kind = ExprKind::Name;
    Name nm = name(n->identifier());
    if (nm.text.empty()) return kNoExpr;
    e.name = nm.text;
    e.nameSpan = nm.span;
  } else if (dynamic_cast<P::DecisionDatePrimaryContext*>(ctx) != nullptr) {
    // The decision date is a keyword; the checker resolves the name like any other.
    e.kind = ExprKind::Name;
    e.name = "beslutsdatum";
    e.nameSpan = e.span;
  } else if (auto* r = dynamic_cast<P::OrderPrimaryContext*>(ctx)) {
    e.kind = ExprKind::Order;
    Name fn = name(r->fn);
    e.name = fn.text;
    e.nameSpan = fn.span;
    // The words are ordinary names elsewhere; only these forms are an order.
    const bool bland = r->elem != nullptr;
    if (fn.text == "plats" && bland) {
      e.op = static_cast<uint8_t>(OrderOp::Place);
    } else if (fn.text == "element" && bland) {
      e.op = static_cast<uint8_t>(OrderOp::Nth);
    } else if (fn.text == "första" && !bland) {
      e.op = static_cast<uint8_t>(OrderOp::First);
    } else if (fn.text == "sista" && !bland) {
      e.op = static_cast<uint8_t>(OrderOp::Last);
    } else if (!fn.text.empty()) {
      report(Kind::UnexpectedToken, fn.span,
             {"namnet '" + fn.text + "'", bland ? "'plats' eller 'element'" : "'första' eller 'sista'"});
    }
    e.a = expr(r->elem);
    e.b = expr(r->list);
    for (P::SortKeyContext* k : r->sortKey()) {
      Name field = name(k->identifier());
      e.keys.push_back({field.text, field.span, k->dir != nullptr && textOf(token(k->dir)) == "fallande"});
    }
  } else if (auto* c = dynamic_cast<P::CallPrimaryContext*>(ctx)) {
    e.kind = ExprKind::Call;
    Name nm = c->callee() == nullptr ? Name{} : name(c->callee()->getStart());
    e.name = nm.text;
    e.nameSpan = nm.span;
    for (P::ExprContext* arg : c->expr()) e.args.push_back(expr(arg));
  } else if (auto* c = dynamic_cast<P::IfPrimaryContext*>(ctx)) {
    e.kind = ExprKind::If;
    e.a = expr(c->cond);
    e.b = expr(c->then);
    e.c = expr(c->otherwise);
  } else if (auto* c = dynamic_cast<P::FoldPrimaryContext*>(ctx)) {
    e.kind = ExprKind::Fold;
    std::string agg = textOf(token(c->agg));
    e.op = static_cast<uint8_t>(agg == "minsta" ? FoldKind::Min : agg == "största" ? FoldKind::Max : FoldKind::Sum);
    Name var = name(c->var);
    e.name = var.text;
    e.nameSpan = var.span;
    e.a = expr(c->list);
    e.b = expr(c->body);
    e.c = expr(c->filter);
  } else if (auto* c = dynamic_cast<P::CountWherePrimaryContext*>(ctx)) {
    e.kind = ExprKind::CountWhere;
    Name var = name(c->var);
    e.name = var.text;
    e.nameSpan = var.span;
    e.a = expr(c->list);
    e.c = expr(c->filter);
  } else if (auto* c = dynamic_cast<P::CountPrimaryContext*>(ctx)) {
    e.kind = ExprKind::Count;
    e.a = expr(c->list);
  } else if (auto* c = dynamic_cast<P::QuantPrimaryContext*>(ctx)) {
    e.kind = ExprKind::Quantifier;
    e.op = static_cast<uint8_t>(textOf(token(c->quant)) == "någon" ? QuantifierKind::Any : QuantifierKind::All);
    Name var = name(c->var);
    e.name = var.text;
    e.nameSpan = var.span;
    e.a = expr(c->list);
    e.b = expr(c->body);
  } else {
    return kNoExpr;
  }
  return add(std::move(e));
}

// ---- literals and texts ------------------------------------------------------------------------

Literal AstBuilder::literal(P::LiteralContext* ctx) {
  Literal lit;
  if (ctx == nullptr) return lit;
  lit.span = span(ctx);
  if (auto* c = dynamic_cast<P::MoneyLiteralContext*>(ctx)) return number(c->number(), NumberUnit::Kronor, ctx);
  if (auto* c = dynamic_cast<P::OreLiteralContext*>(ctx)) return number(c->number(), NumberUnit::Ore, ctx);
  if (auto* c = dynamic_cast<P::PercentLiteralContext*>(ctx)) return number(c->number(), NumberUnit::Percent, ctx);
  if (auto* c = dynamic_cast<P::NumberLiteralContext*>(ctx)) return number(c->number(), NumberUnit::None, ctx);
  if (auto* c = dynamic_cast<P::DateLiteralContext*>(ctx)) {
    lit.kind = LiteralKind::Date;
    if (antlr4::Token* t = token(c->DATE())) {
      if (auto err = convertDate(textOf(t), lit)) report(*err, span(t), {textOf(t)});
    }
  } else if (auto* c = dynamic_cast<P::MonthLiteralContext*>(ctx)) {
    lit.kind = LiteralKind::Month;
    if (antlr4::Token* t = token(c->MONTH())) {
      if (auto err = convertMonth(textOf(t), lit)) report(*err, span(t), {textOf(t)});
    }
  } else if (auto* c = dynamic_cast<P::TextLiteralContext*>(ctx)) {
    lit.kind = LiteralKind::Text;
    lit.text = text(c->STRING(), TextMode::Plain).text;
  } else if (dynamic_cast<P::YesLiteralContext*>(ctx) != nullptr) {
    lit.kind = LiteralKind::Bool;
    lit.boolean = true;
  } else if (dynamic_cast<P::NoLiteralContext*>(ctx) != nullptr) {
    lit.kind = LiteralKind::Bool;
    lit.boolean = false;
  }
  return lit;
}

Literal AstBuilder::number(P::NumberContext* ctx, NumberUnit unit, antlr4::ParserRuleContext* whole) {
  Literal lit;
  lit.span = span(whole);
  lit.kind = unit == NumberUnit::None      ? LiteralKind::Integer
             : unit == NumberUnit::Percent ? LiteralKind::Percent
                                           : LiteralKind::Money;
  antlr4::Token* t = ctx == nullptr ? nullptr : token(ctx->NUMBER());
  if (t == nullptr) return lit;
  const std::string digits = textOf(t);
  if (auto err = convertNumber(digits, unit, lit)) {
    // MoneyTooPrecise names the amount with its unit, as written: "0,5 öre".
    Span s = *err == Kind::MoneyTooPrecise ? lit.span : span(t);
    report(*err, s, {*err == Kind::MoneyTooPrecise ? std::string(src_.text.substr(s.begin, s.end - s.begin)) : digits});
  }
  return lit;
}

std::optional<rt::Date> AstBuilder::date(antlr4::tree::TerminalNode* node) {
  antlr4::Token* t = token(node);
  if (t == nullptr) return std::nullopt;
  Literal lit;
  if (auto err = convertDate(textOf(t), lit)) {
    report(*err, span(t), {textOf(t)});
    return std::nullopt;
  }
  return lit.date;
}

Text AstBuilder::text(antlr4::tree::TerminalNode* node, TextMode mode) {
  antlr4::Token* t = token(node);
  if (t == nullptr) return {};
  Text out;
  out.span = span(t);
  std::vector<StringProblem> problems;
  out.text = unescapeString(src_.textOf(t), mode, problems);
  for (const StringProblem& p : problems) {
    const auto at = out.span.begin + static_cast<uint32_t>(p.offset);
    if (p.kind == Kind::UnterminatedString) {
      report(p.kind, {src_.file, out.span.begin, at + 1});
    } else {
      report(p.kind, {src_.file, at, at + static_cast<uint32_t>(p.length)}, {p.escaped});
    }
  }
  return out;
}

// ---- helpers -----------------------------------------------------------------------------------

antlr4::Token* AstBuilder::token(antlr4::tree::TerminalNode* node) const {
  if (node == nullptr || dynamic_cast<antlr4::tree::ErrorNode*>(node) != nullptr) return nullptr;
  antlr4::Token* t = node->getSymbol();
  return src_.isReal(t) && t->getType() != antlr4::Token::EOF ? t : nullptr;
}

Span AstBuilder::span(antlr4::ParserRuleContext* ctx) const {
  if (ctx == nullptr) return {src_.file, 0, 0};
  return src_.span(ctx->getStart(), ctx->getStop());
}

Span AstBuilder::span(antlr4::tree::TerminalNode* node) const { return src_.span(token(node)); }

std::string AstBuilder::textOf(antlr4::Token* t) const {
  return t == nullptr ? std::string() : std::string(src_.textOf(t));
}

AstBuilder::Name AstBuilder::name(antlr4::tree::TerminalNode* node) const { return name(token(node)); }

AstBuilder::Name AstBuilder::name(antlr4::Token* t) const {
  if (!src_.isReal(t) || t->getType() == antlr4::Token::EOF) return {};
  return {textOf(t), span(t)};
}

AstBuilder::Name AstBuilder::name(P::IdentifierContext* ctx) const {
  if (ctx == nullptr || ctx->exception != nullptr) return {};
  return name(ctx->getStart());
}

AstBuilder::Name AstBuilder::name(P::DeclNameContext* ctx) const {
  if (ctx == nullptr || ctx->exception != nullptr) return {};
  return name(ctx->getStart());
}

void AstBuilder::report(Kind kind, Span span, std::vector<std::string> args) {
  out_.push_back({kind, span, std::move(args), {}, {}});
}

bool AstBuilder::enter(Span at) {
  if (depth_ >= kMaxExprRecursion) {
    if (!reportedDepth_) report(Kind::NestingTooDeep, at, {fmt::format("{}", kMaxNesting)});
    reportedDepth_ = true;
    return false;
  }
  ++depth_;
  return true;
}

}  // namespace regel::syntax
