// Builds IR modules and cases by hand for the code generator and VM tests (no checker needed).
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "compiler/bytecode/codegen.h"
#include "compiler/diagnostics/source.h"
#include "compiler/ir/ir.h"
#include "runtime/case/case_data.h"
#include "runtime/vm/decide.h"
#include "runtime/program/program.h"

namespace regel::testing {

using ir::Domain;
using ir::ExprId;
using ir::ExprOp;
using rt::TypeId;
using rt::TypeKind;
using rt::Value;

inline rt::Date date(int y, int m, int d) { return *rt::makeDate(y, m, d); }

class IrBuilder {
 public:
  ir::Module m;
  TypeId tInt, tDec, tMoney, tExact, tPct, tDate, tMonth, tText, tBool;
  diag::SourceSet sources;

  IrBuilder() {
    m.name = "Test";
    m.version = "1";
    tInt = m.types.intern({TypeKind::Integer});
    tDec = m.types.intern({TypeKind::Decimal});
    tMoney = m.types.intern({TypeKind::Money});
    tExact = m.types.intern({TypeKind::ExactMoney});
    tPct = m.types.intern({TypeKind::Percent});
    tDate = m.types.intern({TypeKind::Date});
    tMonth = m.types.intern({TypeKind::Month});
    tText = m.types.intern({TypeKind::Text});
    tBool = m.types.intern({TypeKind::Bool});
    m.types.records.push_back({"Ansökan", {}});
    m.inputRecord = 0;
    // One source file whose text gives every span a line and column.
    std::string text;
    for (int i = 0; i < 50; ++i) text += "rad " + std::to_string(i + 1) + " ....................\n";
    sources.add("test.regel", text);
    m.sources.push_back({"test.regel", "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"});
  }

  // A span on line `line` (1-based), column 5.
  static diag::Span at(uint32_t line) {
    uint32_t offset = 0;
    for (uint32_t i = 1; i < line; ++i) offset += static_cast<uint32_t>(("rad " + std::to_string(i) + " ....................\n").size());
    return {0, offset + 4, offset + 8};
  }

  // ---- types -----------------------------------------------------------------------------------
  uint32_t inputField(const std::string& name, TypeId type) {
    m.types.records[0].fields.push_back({name, type, false});
    return static_cast<uint32_t>(m.types.records[0].fields.size() - 1);
  }
  uint32_t record(const std::string& name, std::vector<rt::FieldInfo> fields) {
    m.types.records.push_back({name, std::move(fields)});
    return static_cast<uint32_t>(m.types.records.size() - 1);
  }
  TypeId recordType(uint32_t record) { return m.types.intern({TypeKind::Record, record}); }
  TypeId listOf(TypeId t) { return m.types.intern({TypeKind::List, t}); }

  // ---- expressions -----------------------------------------------------------------------------
  ExprId add(ir::Expr e) {
    m.exprs.push_back(std::move(e));
    return static_cast<ExprId>(m.exprs.size() - 1);
  }
  ExprId node(ExprOp op, TypeId type, Domain d, ExprId a = ir::kNone, ExprId b = ir::kNone, uint32_t imm = 0,
              diag::Span span = {}) {
    ir::Expr e{op, type};
    e.domain = d;
    e.a = a;
    e.b = b;
    e.imm = imm;
    e.span = span;
    return add(std::move(e));
  }
  ExprId constant(TypeId type, Value v, Domain d) {
    m.constants.push_back({type, v});
    return node(ExprOp::Const, type, d, ir::kNone, ir::kNone, static_cast<uint32_t>(m.constants.size() - 1));
  }
  ExprId integer(int64_t v) { return constant(tInt, Value::integer(v), Domain::Int); }
  ExprId money(int64_t ore) { return constant(tMoney, Value{ore, 0}, Domain::Money); }
  ExprId percent(int64_t num, int64_t den) { return constant(tPct, Value{num, den}, Domain::Rat); }
  ExprId boolean(bool v) { return constant(tBool, Value::boolean(v), Domain::Bool); }
  ExprId text(const std::string& s) {
    m.texts.push_back(s);
    return constant(tText, Value{static_cast<int64_t>(m.texts.size() - 1), 0}, Domain::Text);
  }
  ExprId input(uint32_t field) {
    TypeId t = m.types.records[0].fields[field].type;
    return node(ExprOp::Input, t, domainOf(t), ir::kNone, ir::kNone, field, at(10 + field));
  }
  ExprId field(ExprId rec, uint32_t record, uint32_t f) {
    TypeId t = m.types.records[record].fields[f].type;
    return node(ExprOp::Field, t, domainOf(t), rec, ir::kNone, f);
  }
  ExprId local(uint32_t slot, TypeId t) { return node(ExprOp::Local, t, domainOf(t), ir::kNone, ir::kNone, slot); }
  ExprId ruleRef(uint32_t rule) {
    TypeId t = m.rules[rule].type;
    return node(ExprOp::Rule, t, domainOf(t), ir::kNone, ir::kNone, rule);
  }
  ExprId base(TypeId t) { return node(ExprOp::Base, t, domainOf(t)); }
  ExprId param(uint32_t p, std::vector<ExprId> args = {}) {
    TypeId t = m.params[p].type;
    ExprId id = node(ExprOp::Param, t, domainOf(t), ir::kNone, ir::kNone, p, at(30));
    m.exprs[id].args = std::move(args);
    return id;
  }
  ExprId binary(ExprOp op, TypeId type, Domain d, ExprId a, ExprId b, diag::Span span = {}) {
    return node(op, type, d, a, b, 0, span);
  }
  ExprId compare(ir::CompareOp op, Domain d, ExprId a, ExprId b) {
    ExprId id = node(ExprOp::Compare, tBool, d, a, b);
    m.exprs[id].sub = static_cast<uint8_t>(op);
    return id;
  }
  ExprId toRat(ExprId a) {
    const ir::Expr& e = m.exprs[a];
    if (e.domain == Domain::Money) return node(ExprOp::MoneyToRat, tExact, Domain::Money, a);
    return node(ExprOp::IntToRat, tDec, Domain::Int, a);
  }
  ExprId round(ExprId rat, rt::RoundDirection dir, uint32_t step) {
    ExprId id = node(ExprOp::Round, step == 0 ? tInt : tMoney, Domain::Rat, rat, ir::kNone, step);
    m.exprs[id].sub = static_cast<uint8_t>(dir);
    return id;
  }
  // summa/minsta/största of `body` for each element (slot) of `list`, optionally filtered.
  ExprId fold(ir::FoldKind k, TypeId type, ExprId list, uint32_t slot, ExprId body, ExprId filter = ir::kNone) {
    ExprId id = node(ExprOp::Fold, type, domainOf(type), list, body, slot, at(40));
    m.exprs[id].sub = static_cast<uint8_t>(k);
    m.exprs[id].c = filter;
    return id;
  }
  ExprId count(ExprId list, uint32_t slot = ir::kNone, ExprId filter = ir::kNone) {
    ExprId id = node(ExprOp::Count, tInt, Domain::Int, list, ir::kNone, slot);
    m.exprs[id].c = filter;
    return id;
  }
  ExprId quantifier(ExprOp op, ExprId list, uint32_t slot, ExprId pred) {
    return node(op, tBool, Domain::Bool, list, pred, slot);
  }
  ExprId maxOf(TypeId t, std::vector<ExprId> args) {
    ExprId id = node(ExprOp::Max, t, domainOf(t));
    m.exprs[id].args = std::move(args);
    return id;
  }
  ExprId ifThen(TypeId t, ExprId c, ExprId a, ExprId b) {
    ExprId id = node(ExprOp::If, t, domainOf(t), c, a);
    m.exprs[id].c = b;
    return id;
  }

  Domain domainOf(TypeId t) const {
    switch (m.types[t].kind) {
      case TypeKind::Money: return Domain::Money;
      case TypeKind::Decimal:
      case TypeKind::Percent:
      case TypeKind::ExactMoney: return Domain::Rat;
      case TypeKind::Date: return Domain::Date;
      case TypeKind::Month: return Domain::Month;
      case TypeKind::Bool: return Domain::Bool;
      case TypeKind::Enum: return Domain::Enum;
      case TypeKind::Text: return Domain::Text;
      default: return Domain::Int;
    }
  }

  // ---- definitions -----------------------------------------------------------------------------
  // Declares a rule (its versions are added with version()).
  uint32_t declare(const std::string& name, TypeId type, ir::RuleKind kind = ir::RuleKind::Value) {
    ir::Rule r;
    r.name = name;
    r.kind = kind;
    r.type = type;
    r.span = at(static_cast<uint32_t>(m.rules.size()) + 1);
    m.rules.push_back(std::move(r));
    return static_cast<uint32_t>(m.rules.size() - 1);
  }
  ir::RuleVersion& version(uint32_t rule, ExprId value, std::optional<rt::Date> from = std::nullopt,
                           std::optional<rt::Date> to = std::nullopt) {
    ir::RuleVersion v;
    v.value = value;
    v.from = from;
    v.to = to;
    v.lagrum = {"1 § testlagen"};
    v.span = at(rule + 1);
    m.rules[rule].versions.push_back(std::move(v));
    return m.rules[rule].versions.back();
  }
  uint32_t rule(const std::string& name, TypeId type, ExprId value, ir::RuleKind kind = ir::RuleKind::Value) {
    uint32_t id = declare(name, type, kind);
    version(id, value);
    return id;
  }
  ir::Exception& exception(uint32_t rule, const std::string& name, ExprId cond, ExprId value) {
    ir::Exception e;
    e.name = name;
    e.condition = cond;
    e.value = value;
    e.span = at(20);
    m.rules[rule].versions.back().exceptions.push_back(std::move(e));
    return m.rules[rule].versions.back().exceptions.back();
  }
  uint32_t parameter(const std::string& name, TypeId type, std::vector<rt::FieldInfo> args = {}) {
    ir::Parameter p;
    p.name = name;
    p.type = type;
    for (const auto& a : args) p.argDomains.push_back(domainOf(a.type));
    p.args = std::move(args);
    p.localCount = static_cast<uint32_t>(p.args.size());
    m.params.push_back(std::move(p));
    return static_cast<uint32_t>(m.params.size() - 1);
  }
  ir::ParamVersion& paramVersion(uint32_t p, rt::Date from, std::optional<rt::Date> to, bool table) {
    ir::ParamVersion v;
    v.from = from;
    v.to = to;
    v.isTable = table;
    v.lagrum = {"2 § testförordningen"};
    v.source = "Testkällan " + rt::formatDate(from);
    v.span = at(31);
    m.params[p].versions.push_back(std::move(v));
    return m.params[p].versions.back();
  }
  ir::Branch& branch(ir::Outcome o, ExprId cond, ExprId amount = ir::kNone) {
    ir::Branch b;
    b.outcome = o;
    b.condition = cond;
    b.amount = amount;
    b.span = at(45);
    m.decision.push_back(std::move(b));
    return m.decision.back();
  }
  ir::Template templ(std::vector<ir::TemplatePart> parts) {
    ir::Template t;
    t.parts = std::move(parts);
    return t;
  }

  std::shared_ptr<const rt::Program> compile() {
    auto r = bytecode::generateProgram(m, sources);
    EXPECT_TRUE(r.error.empty()) << r.error;
    return r.program;
  }
};

// A case: the root record first; more records and lists added as needed.
class CaseBuilder {
 public:
  rt::CaseData data;
  explicit CaseBuilder(const ir::Module& m) : m_(m) { addRecord(m.inputRecord, ""); }

  uint32_t addRecord(uint32_t type, const std::string& path) {
    return data.addRecord(type, static_cast<uint32_t>(m_.types.records[type].fields.size()), path);
  }
  CaseBuilder& set(uint32_t record, uint32_t field, Value v) {
    data.set(record, field, v);
    return *this;
  }
  CaseBuilder& set(uint32_t field, Value v) { return set(0, field, v); }
  uint32_t list(std::vector<Value> values) {
    data.lists.push_back(std::move(values));
    return static_cast<uint32_t>(data.lists.size() - 1);
  }

 private:
  const ir::Module& m_;
};

}  // namespace regel::testing
