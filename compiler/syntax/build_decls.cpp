// AST builder, part 1: the file header and every declaration (see ast_builder.h).
#include "compiler/syntax/ast_builder.h"

namespace regel::syntax {

using diag::Kind;
using diag::Span;

void AstBuilder::build(P::ProgramContext* program) {
  if (program == nullptr) return;
  if (P::HeaderContext* h = program->header()) header(h);
  for (P::DeclarationContext* d : program->declaration()) declaration(d);
}

void AstBuilder::header(P::HeaderContext* ctx) {
  Header& h = ast_.header;
  h.present = true;
  h.span = span(ctx);
  if (P::NameOrStringContext* n = ctx->nameOrString(); n != nullptr && n->exception == nullptr) {
    if (n->STRING() != nullptr) {
      h.name = text(n->STRING(), TextMode::Plain);
    } else if (antlr4::Token* t = token(n->IDENT())) {
      h.name = {textOf(t), span(t)};
    }
  }
  for (P::HeaderClauseContext* c : ctx->headerClause()) {
    if (auto* v = dynamic_cast<P::VersionClauseContext*>(c)) {
      h.version = text(v->STRING(), TextMode::Plain);
    } else if (auto* l = dynamic_cast<P::HeaderLagrumContext*>(c)) {
      h.lagrum.push_back(text(l->STRING(), TextMode::Plain));
    } else if (auto* d = dynamic_cast<P::DecisionDateClauseContext*>(c)) {
      Name n = name(d->identifier());
      h.decisionDate = {n.text, n.span};
    } else if (auto* a = dynamic_cast<P::AppealClauseContext*>(c)) {
      h.appeal = text(a->STRING(), TextMode::Plain);
    }
  }
}

void AstBuilder::declaration(P::DeclarationContext* ctx) {
  if (auto* c = ctx->recordDecl()) {
    ast_.records.push_back(record(c));
  } else if (auto* c = ctx->enumDecl()) {
    ast_.enums.push_back(enumeration(c));
  } else if (auto* c = ctx->inputDecl()) {
    ast_.inputs.push_back(input(c));
  } else if (auto* c = ctx->parameterDecl()) {
    ast_.parameters.push_back(parameter(c));
  } else if (auto* c = ctx->valueDecl()) {
    ast_.definitions.push_back(definition(false, c->declName(), c->ruleArgs(), c->typeExpr(), c->definitionBody(), c));
  } else if (auto* c = ctx->conditionDecl()) {
    ast_.definitions.push_back(definition(true, c->declName(), c->ruleArgs(), nullptr, c->definitionBody(), c));
  } else if (auto* c = ctx->decisionDecl()) {
    ast_.decisions.push_back(decision(c));
  } else if (auto* c = ctx->stickprovDecl()) {
    ast_.stickprov.push_back(stickprov(c));
  } else if (auto* c = ctx->exampleDecl()) {
    ast_.examples.push_back(example(c));
  }
}

// ---- types -------------------------------------------------------------------------------------

RecordDecl AstBuilder::record(P::RecordDeclContext* ctx) {
  RecordDecl r;
  Name n = name(ctx->IDENT());
  r.name = n.text;
  r.nameSpan = n.span;
  r.span = span(ctx);
  for (P::FieldDeclContext* f : ctx->fieldDecl()) r.fields.push_back(field(f));
  return r;
}

EnumDecl AstBuilder::enumeration(P::EnumDeclContext* ctx) {
  EnumDecl e;
  std::vector<antlr4::tree::TerminalNode*> idents = ctx->IDENT();
  e.span = span(ctx);
  for (size_t i = 0; i < idents.size(); ++i) {
    Name n = name(idents[i]);
    if (i == 0) {
      e.name = n.text;
      e.nameSpan = n.span;
    } else if (!n.text.empty()) {
      e.values.push_back({n.text, n.span});
    }
  }
  return e;
}

InputDecl AstBuilder::input(P::InputDeclContext* ctx) {
  InputDecl in;
  in.name = name(ctx->IDENT()).text;
  in.span = span(ctx);
  for (P::FieldDeclContext* f : ctx->fieldDecl()) in.fields.push_back(field(f));
  return in;
}

FieldDecl AstBuilder::field(P::FieldDeclContext* ctx) {
  FieldDecl f = field(ctx->identifier(), ctx->typeExpr(), ctx->fieldLimit());
  f.personal = ctx->personal != nullptr;
  if (ctx->STRING() != nullptr) f.label = text(ctx->STRING(), TextMode::Plain).text;
  return f;
}

FieldDecl AstBuilder::field(P::IdentifierContext* nameCtx, P::TypeExprContext* typeCtx, P::FieldLimitContext* limit) {
  FieldDecl f;
  Name n = name(nameCtx);
  f.name = n.text;
  f.nameSpan = n.span;
  f.type = type(typeCtx);
  if (auto* r = dynamic_cast<P::RangeLimitContext*>(limit)) {
    f.least = limitValue(r->lo);
    f.most = limitValue(r->hi);
  } else if (auto* l = dynamic_cast<P::LeastLimitContext*>(limit)) {
    f.least = limitValue(l->lo);
  } else if (auto* m = dynamic_cast<P::MostLimitContext*>(limit)) {
    f.most = limitValue(m->hi);
  }
  return f;
}

std::optional<LimitValue> AstBuilder::limitValue(P::LimitValueContext* ctx) {
  if (ctx == nullptr || ctx->literal() == nullptr || ctx->literal()->exception != nullptr) return std::nullopt;
  LimitValue v;
  v.lit = literal(ctx->literal());
  v.negative = ctx->minus != nullptr;
  v.span = span(ctx);
  return v;
}

TypeRef AstBuilder::type(P::TypeExprContext* ctx) {
  TypeRef t;
  if (ctx == nullptr) return t;
  t.span = span(ctx);
  if (!enter(t.span)) return t;
  if (auto* o = dynamic_cast<P::OptionalTypeContext*>(ctx)) {
    t.kind = TypeRefKind::Optional;
    t.inner.push_back(type(o->typeExpr()));
  } else if (auto* l = dynamic_cast<P::ListTypeContext*>(ctx)) {
    t.kind = TypeRefKind::List;
    t.inner.push_back(type(l->typeExpr()));
  } else if (dynamic_cast<P::BoolTypeContext*>(ctx) != nullptr) {
    t.kind = TypeRefKind::Bool;
    t.name = "ja/nej";
  } else if (auto* n = dynamic_cast<P::NamedTypeContext*>(ctx)) {
    t.kind = TypeRefKind::Named;
    t.name = name(n->identifier()).text;
  }
  leave();
  return t;
}

// ---- parameters --------------------------------------------------------------------------------

void AstBuilder::meta(Meta& out, const std::vector<P::MetaClauseContext*>& clauses) {
  for (P::MetaClauseContext* c : clauses) {
    if (auto* l = dynamic_cast<P::LagrumClauseContext*>(c)) {
      out.lagrum.push_back(text(l->STRING(), TextMode::Plain));
    } else if (auto* s = dynamic_cast<P::SourceClauseContext*>(c)) {
      out.sources.push_back(text(s->STRING(), TextMode::Plain));
    }
  }
}

Period AstBuilder::period(P::PeriodContext* ctx) {
  Period p;
  if (ctx == nullptr) return p;
  p.span = span(ctx);
  std::vector<antlr4::tree::TerminalNode*> dates = ctx->DATE();
  if (!dates.empty()) {
    if (auto d = date(dates[0])) p.from = *d;
  }
  if (dates.size() > 1) p.to = date(dates[1]);
  return p;
}

ParameterDecl AstBuilder::parameter(P::ParameterDeclContext* ctx) {
  ParameterDecl p;
  Name n = name(ctx->declName());
  p.name = n.text;
  p.nameSpan = n.span;
  p.span = span(ctx);
  for (P::ParamArgContext* a : ctx->paramArg()) p.args.push_back(field(a->identifier(), a->typeExpr()));
  p.type = type(ctx->typeExpr());
  meta(p.meta, ctx->metaClause());
  for (P::ParamVersionContext* v : ctx->paramVersion()) p.versions.push_back(paramVersion(v));
  return p;
}

ParamVersion AstBuilder::paramVersion(P::ParamVersionContext* ctx) {
  ParamVersion v;
  v.span = span(ctx);
  v.period = period(ctx->period());
  meta(v.meta, ctx->metaClause());
  if (auto* table = dynamic_cast<P::TableBodyContext*>(ctx->paramBody())) {
    v.isTable = true;
    for (P::TableRowContext* r : table->tableRow()) v.rows.push_back(tableRow(r));
  } else if (auto* constant = dynamic_cast<P::ConstantBodyContext*>(ctx->paramBody())) {
    v.constant = cell(constant->cellValue());
  }
  return v;
}

TableRow AstBuilder::tableRow(P::TableRowContext* ctx) {
  TableRow r;
  r.span = span(ctx);
  if (dynamic_cast<P::OtherwiseKeysContext*>(ctx->tableKeys()) != nullptr) {
    r.otherwise = true;
  } else if (auto* keys = dynamic_cast<P::KeyListContext*>(ctx->tableKeys())) {
    for (P::TableKeyContext* k : keys->tableKey()) r.keys.push_back(tableKey(k));
  }
  r.cell = cell(ctx->cellValue());
  return r;
}

TableKey AstBuilder::tableKey(P::TableKeyContext* ctx) {
  TableKey k;
  k.span = span(ctx);
  if (auto* range = dynamic_cast<P::RangeKeyContext*>(ctx)) {
    k.kind = KeyKind::Range;
    k.lo = literal(range->lo);
    k.hi = literal(range->hi);
  } else if (auto* open = dynamic_cast<P::OpenRangeKeyContext*>(ctx)) {
    k.kind = KeyKind::AtLeast;
    k.lo = literal(open->lo);
  } else if (auto* exact = dynamic_cast<P::ExactKeyContext*>(ctx)) {
    k.kind = KeyKind::Exact;
    k.lo = literal(exact->literal());
  } else if (auto* e = dynamic_cast<P::EnumKeyContext*>(ctx)) {
    k.kind = KeyKind::EnumValue;
    k.enumValue = name(e->IDENT()).text;
  }
  return k;
}

Cell AstBuilder::cell(P::CellValueContext* ctx) {
  Cell c;
  if (ctx == nullptr) return c;
  c.span = span(ctx);
  if (auto* u = dynamic_cast<P::UnknownCellContext*>(ctx)) {
    c.unknown = true;
    c.unknownReason = text(u->STRING(), TextMode::Plain);
  } else if (auto* e = dynamic_cast<P::ExprCellContext*>(ctx)) {
    c.value = expr(e->expr());
  }
  return c;
}

// ---- definitions -------------------------------------------------------------------------------

DefinitionDecl AstBuilder::definition(bool isCondition, P::DeclNameContext* nameNode,
                                      P::RuleArgsContext* args, P::TypeExprContext* typeCtx,
                                      P::DefinitionBodyContext* body, antlr4::ParserRuleContext* ctx) {
  DefinitionDecl d;
  d.isCondition = isCondition;
  Name n = name(nameNode);
  d.name = n.text;
  d.nameSpan = n.span;
  d.span = span(ctx);
  if (args != nullptr) {
    d.argsSpan = span(args);
    for (P::ParamArgContext* a : args->paramArg()) d.args.push_back(field(a->identifier(), a->typeExpr()));
  }
  if (typeCtx != nullptr) d.type = type(typeCtx);
  if (auto* versioned = dynamic_cast<P::VersionedBodyContext*>(body)) {
    for (P::RuleVersionContext* v : versioned->ruleVersion()) {
      RuleBody b = ruleBody(v->ruleBody());
      b.period = period(v->period());
      b.span = span(v);
      d.versions.push_back(std::move(b));
    }
  } else if (auto* plain = dynamic_cast<P::PlainBodyContext*>(body)) {
    d.versions.push_back(ruleBody(plain->ruleBody()));
  }
  return d;
}

RuleBody AstBuilder::ruleBody(P::RuleBodyContext* ctx) {
  RuleBody b;
  if (ctx == nullptr) return b;
  b.span = span(ctx);
  meta(b.meta, ctx->metaClause());
  b.value = expr(ctx->expr());
  textClauses(b.texts, ctx->textClause());
  for (P::ExceptionClauseContext* e : ctx->exceptionClause()) b.exceptions.push_back(exception(e));
  return b;
}

void AstBuilder::textClauses(std::vector<TextClause>& out, const std::vector<P::TextClauseContext*>& clauses) {
  for (P::TextClauseContext* c : clauses) {
    if (auto* j = dynamic_cast<P::JustificationTextContext*>(c)) {
      out.push_back({TextKind::Justification, text(j->STRING(), TextMode::Template)});
    } else if (auto* h = dynamic_cast<P::HoldsTextContext*>(c)) {
      out.push_back({TextKind::Holds, text(h->STRING(), TextMode::Template)});
    } else if (auto* f = dynamic_cast<P::FailsTextContext*>(c)) {
      out.push_back({TextKind::Fails, text(f->STRING(), TextMode::Template)});
    }
  }
}

ExceptionClause AstBuilder::exception(P::ExceptionClauseContext* ctx) {
  ExceptionClause e;
  e.span = span(ctx);
  Name n = name(ctx->name);
  e.name = n.text;
  e.nameSpan = n.span;
  Name over = name(ctx->over);
  e.overrides = over.text;
  e.overridesSpan = over.span;
  e.refines = ctx->relation != nullptr && textOf(ctx->relation) == "från";
  e.condition = expr(ctx->cond);
  meta(e.meta, ctx->metaClause());
  e.value = expr(ctx->value);
  textClauses(e.texts, ctx->textClause());
  return e;
}

// ---- decision ----------------------------------------------------------------------------------

DecisionDecl AstBuilder::decision(P::DecisionDeclContext* ctx) {
  DecisionDecl d;
  d.span = span(ctx);
  d.allGrounds = ctx->allGrounds != nullptr;
  for (P::DecisionBranchContext* b : ctx->decisionBranch()) {
    DecisionBranch branch;
    branch.span = span(b);
    branch.outcome = outcome(b->outcome());
    branch.outcomeSpan = span(b->outcome());
    branch.amount = expr(b->amount);
    if (dynamic_cast<P::OtherwiseGuardContext*>(b->branchGuard()) != nullptr) {
      branch.otherwise = true;
    } else if (auto* when = dynamic_cast<P::WhenGuardContext*>(b->branchGuard())) {
      branch.condition = expr(when->expr());
    }
    for (P::ReasonClauseContext* r : b->reasonClause()) {
      branch.reasons.push_back(text(r->STRING(), TextMode::Template));
    }
    d.branches.push_back(std::move(branch));
  }
  return d;
}

Outcome AstBuilder::outcome(P::OutcomeContext* ctx) {
  if (dynamic_cast<P::RejectOutcomeContext*>(ctx) != nullptr) return Outcome::Avslag;
  if (dynamic_cast<P::ManualOutcomeContext*>(ctx) != nullptr) return Outcome::ManuellProvning;
  if (dynamic_cast<P::SupplementOutcomeContext*>(ctx) != nullptr) return Outcome::Komplettering;
  if (auto* f = dynamic_cast<P::FixedAmountOutcomeContext*>(ctx)) {
    // `fastställt belopp`: `belopp` stays an ordinary name (a type name) elsewhere.
    if (f->word != nullptr && src_.isReal(f->word) && textOf(f->word) != "belopp") {
      report(Kind::UnexpectedToken, span(f->word), {"namnet '" + textOf(f->word) + "'", "'belopp'"});
    }
    return Outcome::Faststallt;
  }
  return Outcome::Bifall;
}

StickprovDecl AstBuilder::stickprov(P::StickprovDeclContext* ctx) {
  StickprovDecl s;
  s.span = span(ctx);
  s.rate = number(ctx->number(), NumberUnit::Percent, ctx->number()).number;
  s.outcome = outcome(ctx->outcome());
  return s;
}

// ---- examples ----------------------------------------------------------------------------------

ExampleDecl AstBuilder::example(P::ExampleDeclContext* ctx) {
  ExampleDecl e;
  e.span = span(ctx);
  e.title = text(ctx->STRING(), TextMode::Plain);
  if (ctx->DATE() != nullptr) e.date = date(ctx->DATE());
  e.input = object(ctx->objectValue());
  for (P::ExpectationContext* x : ctx->expectation()) e.expectations.push_back(expectation(x));
  return e;
}

Expectation AstBuilder::expectation(P::ExpectationContext* ctx) {
  Expectation x;
  x.span = span(ctx);
  if (auto* d = dynamic_cast<P::ExpectDecisionContext*>(ctx)) {
    x.kind = ExpectationKind::Decision;
    x.outcome = outcome(d->outcome());
    if (d->dataValue() != nullptr) x.amount = data(d->dataValue());
  } else if (auto* v = dynamic_cast<P::ExpectValueContext*>(ctx)) {
    x.kind = ExpectationKind::Value;
    Name n = name(v->declName());
    x.name = n.text;
    x.nameSpan = n.span;
    x.value = data(v->dataValue());
  } else if (auto* f = dynamic_cast<P::ExpectErrorContext*>(ctx)) {
    x.kind = ExpectationKind::Error;
    x.text = text(f->STRING(), TextMode::Plain);
  } else if (auto* m = dynamic_cast<P::ExpectMissingContext*>(ctx)) {
    x.kind = ExpectationKind::Missing;
    x.text = text(m->STRING(), TextMode::Plain);
  } else if (auto* r = dynamic_cast<P::ExpectReasonContext*>(ctx)) {
    x.kind = ExpectationKind::Reason;
    x.text = text(r->STRING(), TextMode::Plain);
  }
  return x;
}

DataValue AstBuilder::object(P::ObjectValueContext* ctx) {
  DataValue v;
  v.kind = DataKind::Object;
  if (ctx == nullptr) return v;
  v.span = span(ctx);
  for (P::ObjectFieldContext* f : ctx->objectField()) {
    DataField field;
    Name n = name(f->identifier());
    field.name = n.text;
    field.nameSpan = n.span;
    field.value = data(f->dataValue());
    v.fields.push_back(std::move(field));
  }
  return v;
}

DataValue AstBuilder::data(P::DataValueContext* ctx) {
  DataValue v;
  if (ctx == nullptr) return v;
  v.span = span(ctx);
  if (!enter(v.span)) return v;
  if (auto* o = dynamic_cast<P::ObjectDataContext*>(ctx)) {
    v = object(o->objectValue());
  } else if (auto* l = dynamic_cast<P::ListDataContext*>(ctx)) {
    v.kind = DataKind::List;
    for (P::DataValueContext* item : l->dataValue()) v.items.push_back(data(item));
  } else if (auto* n = dynamic_cast<P::NegativeDataContext*>(ctx)) {
    v.kind = DataKind::Literal;
    v.lit = literal(n->literal());
    v.lit.span = v.span;
    if (n->literal() != nullptr && n->literal()->exception == nullptr && !negateLiteral(v.lit)) {
      // Only numbers and amounts have a minus sign: `-2023-01-01` or `-ja` is no value.
      report(Kind::UnexpectedToken, span(n->getStart()), {"'-'", "ett tal, ett belopp eller en procentsats"});
    }
  } else if (auto* lit = dynamic_cast<P::LiteralDataContext*>(ctx)) {
    v.kind = DataKind::Literal;
    v.lit = literal(lit->literal());
  } else if (auto* e = dynamic_cast<P::EnumDataContext*>(ctx)) {
    v.kind = DataKind::EnumValue;
    v.enumValue = name(e->IDENT()).text;
  }
  leave();
  return v;
}

}  // namespace regel::syntax
