// Every kind of expression compiled and run: aggregates with filters, quantifiers, builtins,
// texts, enums, dates, conditionals and rounding, each checked against its exact value.
#include <gtest/gtest.h>

#include "tests/bytecode/ir_fixture.h"

namespace regel::testing {
namespace {

// A list of people (ålder, inkomst, namn) in the input, and one rule per expression under test.
struct Exprs {
  IrBuilder b;
  uint32_t person, people, today, label;
  TypeId tPerson;
  std::vector<uint32_t> rules;

  Exprs() {
    person = b.record("Person", {{"ålder", b.tInt, false}, {"inkomst", b.tMoney, false}, {"namn", b.tText, false}});
    tPerson = b.recordType(person);
    people = b.inputField("personer", b.listOf(tPerson));
    today = b.inputField("dag", b.tDate);
    label = b.inputField("etikett", b.tText);
  }
  ExprId age(uint32_t slot) { return b.field(b.local(slot, tPerson), person, 0); }
  ExprId income(uint32_t slot) { return b.field(b.local(slot, tPerson), person, 1); }
  ExprId adult(uint32_t slot) { return b.compare(ir::CompareOp::Ge, Domain::Int, age(slot), b.integer(18)); }

  uint32_t add(const std::string& name, TypeId t, ExprId e) {
    uint32_t r = b.rule(name, t, e);
    b.m.rules[r].localCount = 4;
    rules.push_back(r);
    return r;
  }

  // Runs every rule (one branch's condition reads them all) and returns their values.
  std::vector<rt::RuleValue> run() {
    ExprId all = b.boolean(true);
    for (uint32_t r : rules) {
      ExprId isSet = b.node(ExprOp::Present, b.tBool, Domain::Bool, b.input(today));
      ExprId use = b.compare(ir::CompareOp::Eq, b.domainOf(b.m.rules[r].type), b.ruleRef(r), b.ruleRef(r));
      all = b.node(ExprOp::And, b.tBool, Domain::Bool, all, b.node(ExprOp::And, b.tBool, Domain::Bool, isSet, use));
    }
    b.branch(ir::Outcome::Bifall, all);
    b.branch(ir::Outcome::Avslag, ir::kNone);
    auto p = b.compile();
    CaseBuilder c(b.m);
    std::vector<Value> elems;
    const std::vector<std::tuple<int64_t, int64_t, const char*>> rows = {
        {34, 1200000, "Anna"}, {8, 0, "Bo"}, {19, 450050, "Cia"}, {71, 900000, "Dan"}};
    for (size_t i = 0; i < rows.size(); ++i) {
      uint32_t r = c.addRecord(person, "personer[" + std::to_string(i + 1) + "]");
      c.data.texts.push_back(std::get<2>(rows[i]));
      c.set(r, 0, Value::integer(std::get<0>(rows[i])));
      c.set(r, 1, Value{std::get<1>(rows[i]), 0});
      c.set(r, 2, Value{static_cast<int64_t>(c.data.texts.size() - 1), 1});
      elems.push_back(Value::integer(r));
    }
    c.set(people, Value::integer(c.list(elems)));
    c.set(today, Value::date(date(2024, 2, 29)));
    c.data.texts.push_back("Bo");
    c.set(label, Value{static_cast<int64_t>(c.data.texts.size() - 1), 1});
    rt::DecisionOptions o;
    o.date = date(2024, 3, 1);
    o.ruleValues = true;
    rt::Decision d = rt::decide(*p, c.data, o);
    EXPECT_FALSE(d.error) << (d.error ? d.error->message : "");
    EXPECT_EQ(d.outcome, rt::Outcome::Bifall);
    std::vector<rt::RuleValue> out;
    for (uint32_t r : rules) out.push_back(d.ruleValues[r]);
    return out;
  }
};

TEST(Expressions, AggregatesWithFilters) {
  Exprs x;
  x.add("antal_vuxna", x.b.tInt, x.b.count(x.b.input(x.people), 0, x.adult(0)));
  x.add("summa_vuxna", x.b.tMoney,
        x.b.fold(ir::FoldKind::Sum, x.b.tMoney, x.b.input(x.people), 0, x.income(0), x.adult(0)));
  x.add("yngsta_vuxen", x.b.tInt, x.b.fold(ir::FoldKind::Min, x.b.tInt, x.b.input(x.people), 0, x.age(0), x.adult(0)));
  x.add("högsta_inkomst", x.b.tMoney, x.b.fold(ir::FoldKind::Max, x.b.tMoney, x.b.input(x.people), 0, x.income(0)));
  x.add("alla_vuxna", x.b.tBool, x.b.quantifier(ExprOp::All, x.b.input(x.people), 0, x.adult(0)));
  x.add("någon_vuxen", x.b.tBool, x.b.quantifier(ExprOp::Any, x.b.input(x.people), 0, x.adult(0)));
  // summa of a rational body: the share of each income, 1/3 each.
  ExprId third = x.b.binary(ExprOp::Div, x.b.tExact, Domain::Rat, x.b.toRat(x.income(0)), x.b.toRat(x.b.integer(3)));
  x.add("tredjedelar", x.b.tExact, x.b.fold(ir::FoldKind::Sum, x.b.tExact, x.b.input(x.people), 0, third));
  // Nested: for each person, the number of people at least as old.
  ExprId older = x.b.compare(ir::CompareOp::Ge, Domain::Int, x.age(1), x.age(0));
  ExprId inner = x.b.count(x.b.input(x.people), 1, older);
  x.add("par", x.b.tInt, x.b.fold(ir::FoldKind::Sum, x.b.tInt, x.b.input(x.people), 0, inner));
  auto v = x.run();
  EXPECT_EQ(v[0].value.a, 3);
  EXPECT_EQ(v[1].value.a, 1200000 + 450050 + 900000);
  EXPECT_EQ(v[2].value.a, 19);
  EXPECT_EQ(v[3].value.a, 1200000);
  EXPECT_EQ(v[4].value.a, 0);
  EXPECT_EQ(v[5].value.a, 1);
  EXPECT_EQ(v[6].value, Value::rational({2550050, 3}));
  EXPECT_EQ(v[7].value.a, 4 + 3 + 2 + 1);
}

TEST(Expressions, BuiltinsTextsDatesAndConditionals) {
  Exprs x;
  auto& b = x.b;
  b.m.types.enums.push_back({"Boende", {"hyresrätt", "bostadsrätt", "villa"}});
  TypeId tEnum = b.m.types.intern({TypeKind::Enum, 0});
  ExprId villa = b.constant(tEnum, Value::integer(2), Domain::Enum);
  x.add("är_villa", b.tBool, b.compare(ir::CompareOp::Eq, Domain::Enum, villa, b.constant(tEnum, Value::integer(2), Domain::Enum)));
  x.add("text_lika", b.tBool, b.compare(ir::CompareOp::Eq, Domain::Text, b.input(x.label), b.text("Bo")));
  x.add("text_olika", b.tBool, b.compare(ir::CompareOp::Ne, Domain::Text, b.input(x.label), b.text("Anna")));
  x.add("år", b.tInt, b.node(ExprOp::YearOf, b.tInt, Domain::Date, b.input(x.today)));
  ExprId month = b.node(ExprOp::MonthOfDate, b.tMonth, Domain::Date, b.input(x.today));
  x.add("månad", b.tMonth, month);
  x.add("år_av_månad", b.tInt, b.node(ExprOp::YearOf, b.tInt, Domain::Month, month));
  x.add("före", b.tBool, b.compare(ir::CompareOp::Lt, Domain::Date, b.input(x.today), b.node(ExprOp::DecisionDate, b.tDate, Domain::Date)));
  x.add("max3", b.tMoney, b.maxOf(b.tMoney, {b.money(5), b.money(-7), b.money(12)}));
  ExprId minRat = b.node(ExprOp::Min, b.tPct, Domain::Rat);
  b.m.exprs[minRat].args = {b.percent(1, 3), b.percent(1, 4)};
  x.add("min_procent", b.tPct, minRat);
  x.add("om", b.tMoney, b.ifThen(b.tMoney, b.boolean(false), b.money(1), b.money(2)));
  x.add("neg", b.tMoney, b.node(ExprOp::Neg, b.tMoney, Domain::Money, b.money(250)));
  x.add("upp", b.tInt, b.round(b.percent(7, 2), rt::RoundDirection::Up, 0));
  x.add("närmast_öre", b.tMoney, b.round(b.constant(b.tExact, Value{-5, 2}, Domain::Rat), rt::RoundDirection::Nearest, 1));
  x.add("inte", b.tBool, b.node(ExprOp::Not, b.tBool, Domain::Bool, b.boolean(false)));
  x.add("eller", b.tBool, b.node(ExprOp::Or, b.tBool, Domain::Bool, b.boolean(false), b.boolean(true)));
  ExprId lenNames = b.count(b.input(x.people), 0,
                            b.compare(ir::CompareOp::Eq, Domain::Text, b.field(b.local(0, x.tPerson), x.person, 2), b.input(x.label)));
  x.add("heter_bo", b.tInt, lenNames);
  auto v = x.run();
  EXPECT_EQ(v[0].value.a, 1);
  EXPECT_EQ(v[1].value.a, 1);
  EXPECT_EQ(v[2].value.a, 1);
  EXPECT_EQ(v[3].value.a, 2024);
  EXPECT_EQ(v[4].value, Value::month(*rt::makeMonth(2024, 2)));
  EXPECT_EQ(v[5].value.a, 2024);
  EXPECT_EQ(v[6].value.a, 1);
  EXPECT_EQ(v[7].value.a, 12);
  EXPECT_EQ(v[8].value, Value::rational({1, 4}));
  EXPECT_EQ(v[9].value.a, 2);
  EXPECT_EQ(v[10].value.a, -250);
  EXPECT_EQ(v[11].value.a, 4);
  EXPECT_EQ(v[12].value.a, -3);  // -2,5 öre rounds half away from zero
  EXPECT_EQ(v[13].value.a, 1);
  EXPECT_EQ(v[14].value.a, 1);
  EXPECT_EQ(v[15].value.a, 1);
}

}  // namespace
}  // namespace regel::testing
