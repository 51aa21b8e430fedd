// VM tests on hand-built IR: exact amounts, arithmetic errors, missing facts, unknown figures,
// parameter and rule versions by decision date.
#include <gtest/gtest.h>

#include "tests/bytecode/stod_fixture.h"

namespace regel::testing {
namespace {

using rt::Decision;
using rt::Outcome;

rt::DecisionOptions on(rt::Date d, bool trace = false) {
  rt::DecisionOptions o;
  o.date = d;
  o.trace = trace;
  return o;
}

TEST(Vm, AmountsAreExactToTheOre) {
  Stod s;
  // 3 270 kr + 5 000,50 kr − (1 234,56 kr − 25 % of 1 001 kr rounded down to 250 kr).
  Decision d = rt::decide(*s.p, s.adults({{123456, 100100}}, 500050, 7).data, on(date(2023, 3, 1)));
  ASSERT_FALSE(d.error) << d.error->message;
  EXPECT_EQ(d.outcome, Outcome::Bifall);
  ASSERT_TRUE(d.hasAmount);
  EXPECT_EQ(d.amount.ore, 728594);
  EXPECT_EQ(rt::formatMoney(d.amount), "7 285,94 kr");
  // Without the months for jobbstimulans the base applies.
  d = rt::decide(*s.p, s.adults({{123456, 100100}}, 500050, 2).data, on(date(2023, 3, 1)));
  EXPECT_EQ(d.amount.ore, 327000 + 500050 - 123456);
  // Two adults: the table's second row, incomes summed.
  d = rt::decide(*s.p, s.adults({{100000, 0}, {50001, 0}}, 0, 0).data, on(date(2023, 3, 1)));
  EXPECT_EQ(d.amount.ore, 590000 - 150001);
  // Four adults: the `från 3` row.
  d = rt::decide(*s.p, s.adults({{0, 0}, {0, 0}, {0, 0}, {0, 0}}, 0, 0).data, on(date(2023, 3, 1)));
  EXPECT_EQ(d.amount.ore, 700000);
}

TEST(Vm, AvslagWhenIncomesCoverTheNeed) {
  Stod s;
  Decision d = rt::decide(*s.p, s.adults({{1000000, 0}}, 0, 0).data, on(date(2023, 3, 1)));
  EXPECT_EQ(d.outcome, Outcome::Avslag);
  EXPECT_FALSE(d.hasAmount);
  EXPECT_EQ(d.reasons, (std::vector<std::string>{"Inkomsterna täcker behovet."}));
  EXPECT_EQ(d.branch, 1);
}

TEST(Vm, OverflowIsAnErrorNotAWrap) {
  IrBuilder b;
  uint32_t x = b.inputField("x", b.tMoney);
  ExprId times = b.binary(ExprOp::MulMoneyInt, b.tMoney, Domain::Money, b.input(x), b.integer(10), IrBuilder::at(7));
  uint32_t r = b.rule("tiofalt", b.tMoney, times);
  b.branch(ir::Outcome::Bifall, ir::kNone, b.ruleRef(r));
  auto p = b.compile();
  CaseBuilder c(b.m);
  c.set(x, Value{INT64_MAX / 2, 0});
  Decision d = rt::decide(*p, c.data, on(date(2023, 1, 1)));
  ASSERT_TRUE(d.error);
  EXPECT_EQ(d.error->code, "R0501");
  EXPECT_EQ(d.error->span.line, 7u);
  EXPECT_EQ(d.error->file, "test.regel");
  EXPECT_EQ(d.outcome, Outcome::ManuellProvning);
  EXPECT_FALSE(d.hasAmount);
  EXPECT_EQ(rt::renderError(*d.error).rfind("test.regel:7:5: fel[R0501]: ", 0), 0u) << rt::renderError(*d.error);
  // Just below the limit is fine.
  c.set(x, Value{INT64_MAX / 10, 0});
  d = rt::decide(*p, c.data, on(date(2023, 1, 1)));
  EXPECT_FALSE(d.error);
}

TEST(Vm, DivisionByZeroIsAnError) {
  IrBuilder b;
  uint32_t x = b.inputField("x", b.tInt);
  ExprId q = b.binary(ExprOp::Div, b.tDec, Domain::Rat, b.toRat(b.integer(1)), b.toRat(b.input(x)));
  uint32_t r = b.rule("kvot", b.tInt, b.round(q, rt::RoundDirection::Nearest, 0));
  b.branch(ir::Outcome::Avslag, b.compare(ir::CompareOp::Eq, Domain::Int, b.ruleRef(r), b.integer(0)));
  b.branch(ir::Outcome::Bifall, ir::kNone);
  auto p = b.compile();
  CaseBuilder c(b.m);
  c.set(x, Value::integer(0));
  Decision d = rt::decide(*p, c.data, on(date(2023, 1, 1)));
  ASSERT_TRUE(d.error);
  EXPECT_EQ(d.error->code, "R0502");
  c.set(x, Value::integer(3));
  d = rt::decide(*p, c.data, on(date(2023, 1, 1)));
  EXPECT_FALSE(d.error);
  EXPECT_EQ(d.outcome, Outcome::Avslag);  // round(1/3) == 0
}

TEST(Vm, TwoMissingFactsAreBothListed) {
  IrBuilder b;
  uint32_t x = b.inputField("inkomst", b.tMoney), y = b.inputField("boendekostnad", b.tMoney);
  uint32_t z = b.inputField("hushållsel", b.tMoney);
  uint32_t r = b.rule("behov", b.tMoney, b.binary(ExprOp::Add, b.tMoney, Domain::Money, b.input(x), b.input(y)));
  b.branch(ir::Outcome::Bifall, b.compare(ir::CompareOp::Gt, Domain::Money, b.ruleRef(r), b.input(z)), b.ruleRef(r));
  b.branch(ir::Outcome::Avslag, ir::kNone);
  auto p = b.compile();
  CaseBuilder c(b.m);
  c.set(z, Value{0, 0});
  Decision d = rt::decide(*p, c.data, on(date(2023, 1, 1)));
  EXPECT_FALSE(d.error);
  EXPECT_EQ(d.outcome, Outcome::Komplettering);
  ASSERT_EQ(d.missing.size(), 2u);
  EXPECT_EQ(d.missing[0].path, "inkomst");
  EXPECT_EQ(d.missing[1].path, "boendekostnad");
  EXPECT_EQ(d.missing[0].neededBy, (std::vector<std::string>{"behov"}));
  ASSERT_EQ(d.reasons.size(), 2u);
  EXPECT_EQ(d.reasons[0], "Uppgiften inkomst saknas (behövs för behov).");
  // A fact read only on a path not taken is not needed.
  c.set(x, Value{100, 0});
  c.set(y, Value{100, 0});
  d = rt::decide(*p, c.data, on(date(2023, 1, 1)));
  EXPECT_EQ(d.outcome, Outcome::Bifall);
  EXPECT_TRUE(d.missing.empty());
}

TEST(Vm, MissingFieldsInListElementsNameTheirPath) {
  Stod s;
  CaseBuilder c = s.adults({{100, 0}, {200, 0}}, 0, 7);
  c.data.present[c.data.records[1].first + s.netto] = 0;
  c.data.present[c.data.records[2].first + s.forvarv] = 0;
  Decision d = rt::decide(*s.p, c.data, on(date(2023, 3, 1)));
  EXPECT_EQ(d.outcome, Outcome::Komplettering);
  ASSERT_EQ(d.missing.size(), 2u);
  // jobbstimulans applies: its value reads the base (nettoinkomst) before förvärvsinkomst.
  EXPECT_EQ(d.missing[0].path, "vuxna[1].nettoinkomst");
  EXPECT_EQ(d.missing[1].path, "vuxna[2].förvärvsinkomst");
  EXPECT_EQ(d.missing[0].neededBy, (std::vector<std::string>{"räknad_inkomst"}));
  EXPECT_EQ(d.missing[1].neededBy, (std::vector<std::string>{"räknad_inkomst"}));
}

TEST(Vm, DecisionDateFromAMonthFieldAndMissingDate) {
  IrBuilder b;
  uint32_t manad = b.inputField("månad", b.tMonth);
  b.m.decisionDateField = manad;
  uint32_t r = b.rule("dag", b.tDate, b.node(ExprOp::DecisionDate, b.tDate, Domain::Date));
  b.branch(ir::Outcome::Bifall, b.compare(ir::CompareOp::Eq, Domain::Date, b.ruleRef(r),
                                          b.constant(b.tDate, Value::date(date(2023, 3, 1)), Domain::Date)));
  b.branch(ir::Outcome::Avslag, ir::kNone);
  auto p = b.compile();
  CaseBuilder c(b.m);
  c.set(manad, Value::month(*rt::makeMonth(2023, 3)));
  Decision d = rt::decide(*p, c.data);
  EXPECT_EQ(d.outcome, Outcome::Bifall);
  EXPECT_EQ(d.date, date(2023, 3, 1));
  // The command line's date overrides the field.
  d = rt::decide(*p, c.data, on(date(2023, 4, 1)));
  EXPECT_EQ(d.outcome, Outcome::Avslag);
  CaseBuilder empty(b.m);
  d = rt::decide(*p, empty.data);
  EXPECT_EQ(d.outcome, Outcome::Komplettering);
  ASSERT_EQ(d.missing.size(), 1u);
  EXPECT_EQ(d.missing[0].path, "månad");
}

// A parameter with a 2022 and a 2023 version; the 2023 table has an unknown cell.
struct Versions {
  IrBuilder b;
  uint32_t alder, lunch, prm, r;
  std::shared_ptr<const rt::Program> p;
  Versions() {
    alder = b.inputField("ålder", b.tInt);
    lunch = b.inputField("lunch", b.tBool);
    prm = b.parameter("kostnad_barn", b.tMoney, {{"ålder", b.tInt, false}, {"lunch", b.tBool, false}});
    auto& v22 = b.paramVersion(prm, date(2022, 1, 1), date(2022, 12, 31), false);
    v22.constant.value = b.money(100000);
    auto& v23 = b.paramVersion(prm, date(2023, 1, 1), std::nullopt, true);
    (void)v23;
    ir::TableRow known, unknown;
    known.keys = {{ir::KeyKind::Range, Value::integer(0), Value::integer(6)}, {ir::KeyKind::Exact, Value::boolean(true), {}}};
    known.cell.value = b.money(200000);
    unknown.keys = {{ir::KeyKind::Range, Value::integer(0), Value::integer(6)}, {ir::KeyKind::Any, {}, {}}};
    unknown.cell.unknown = true;
    unknown.cell.unknownReason = "Riksnormen 2023 anger inget belopp utan lunch";
    b.m.params[prm].versions[1].rows = {known, unknown};
    r = b.rule("barnkostnad", b.tMoney, b.param(prm, {b.input(alder), b.input(lunch)}));
    b.branch(ir::Outcome::Bifall, ir::kNone, b.ruleRef(r));
    p = b.compile();
  }
  rt::CaseData child(int64_t age, bool eatsLunch) {
    CaseBuilder c(b.m);
    c.set(alder, Value::integer(age)).set(lunch, Value::boolean(eatsLunch));
    return c.data;
  }
};

TEST(Vm, ParameterVersionIsPickedByDate) {
  Versions v;
  EXPECT_EQ(rt::decide(*v.p, v.child(4, true), on(date(2022, 6, 1))).amount.ore, 100000);
  EXPECT_EQ(rt::decide(*v.p, v.child(4, true), on(date(2023, 6, 1))).amount.ore, 200000);
  Decision d = rt::decide(*v.p, v.child(4, true), on(date(2012, 5, 1)));
  ASSERT_TRUE(d.error);
  EXPECT_EQ(d.error->code, "R0503");
  EXPECT_EQ(d.error->message, "parametern 'kostnad_barn' har ingen version som gäller 2012-05-01");
  EXPECT_EQ(d.error->span.line, 30u);  // where the parameter is used
}

TEST(Vm, UnknownCellSendsToManualReview) {
  Versions v;
  Decision d = rt::decide(*v.p, v.child(4, false), on(date(2023, 6, 1)));
  EXPECT_FALSE(d.error);
  EXPECT_EQ(d.outcome, Outcome::ManuellProvning);
  ASSERT_EQ(d.unknown.size(), 1u);
  EXPECT_EQ(d.unknown[0].parameter, "kostnad_barn");
  EXPECT_EQ(d.unknown[0].reason, "Riksnormen 2023 anger inget belopp utan lunch");
  EXPECT_EQ(d.unknown[0].neededBy, (std::vector<std::string>{"barnkostnad"}));
  ASSERT_EQ(d.reasons.size(), 1u);
  EXPECT_NE(d.reasons[0].find("kostnad_barn"), std::string::npos);
  EXPECT_NE(d.reasons[0].find("Riksnormen 2023 anger inget belopp utan lunch"), std::string::npos);
  // No row for a 7-year-old is an error naming the parameter and the arguments.
  d = rt::decide(*v.p, v.child(7, true), on(date(2023, 6, 1)));
  ASSERT_TRUE(d.error);
  EXPECT_EQ(d.error->code, "R0507");
  EXPECT_NE(d.error->message.find("ålder = 7"), std::string::npos) << d.error->message;
}

TEST(Vm, MissingFactsTakePrecedenceOverUnknownFigures) {
  Versions v;
  uint32_t extra = v.b.inputField("inkomst", v.b.tMoney);
  // bifall med barnkostnad + inkomst: the unknown figure and a missing fact together.
  ExprId sum = v.b.binary(ExprOp::Add, v.b.tMoney, Domain::Money, v.b.ruleRef(v.r), v.b.input(extra));
  v.b.m.decision[0].amount = sum;
  auto p = v.b.compile();
  CaseBuilder c(v.b.m);
  c.set(v.alder, Value::integer(3)).set(v.lunch, Value::boolean(false));
  Decision d = rt::decide(*p, c.data, on(date(2023, 6, 1)));
  EXPECT_EQ(d.outcome, Outcome::Komplettering);
  ASSERT_EQ(d.missing.size(), 1u);
  EXPECT_EQ(d.missing[0].path, "inkomst");
  EXPECT_EQ(d.missing[0].neededBy, (std::vector<std::string>{"beslutet"}));
  EXPECT_TRUE(d.unknown.empty());
}

TEST(Vm, ParameterWithoutVersionIsAnErrorOnlyWhenNeeded) {
  IrBuilder b;
  uint32_t x = b.inputField("x", b.tBool);
  uint32_t prm = b.parameter("tak", b.tMoney);
  b.paramVersion(prm, date(2023, 1, 1), std::nullopt, false).constant.value = b.money(500);
  uint32_t r = b.rule("tak_värde", b.tMoney, b.param(prm));
  b.branch(ir::Outcome::Bifall, b.input(x), b.ruleRef(r));
  b.branch(ir::Outcome::Avslag, ir::kNone);
  auto p = b.compile();
  CaseBuilder c(b.m);
  c.set(x, Value::boolean(false));
  EXPECT_FALSE(rt::decide(*p, c.data, on(date(2010, 1, 1))).error);
  c.set(x, Value::boolean(true));
  Decision d = rt::decide(*p, c.data, on(date(2010, 1, 1)));
  ASSERT_TRUE(d.error);
  EXPECT_EQ(d.error->message, "parametern 'tak' har ingen version som gäller 2010-01-01");
}

// bifall med andel = procentsats × 1 000 kr; procentsats is 25 % until 2025-06-30, then 20 % until
// the end of 2026.
std::shared_ptr<const rt::Program> datedPercentProgram(IrBuilder& b) {
  uint32_t r = b.declare("procentsats", b.tPct);
  b.version(r, b.percent(1, 4), std::nullopt, date(2025, 6, 30));
  b.version(r, b.percent(1, 5), date(2025, 7, 1), date(2026, 12, 31));
  uint32_t amount = b.rule("andel", b.tMoney,
                           b.round(b.binary(ExprOp::Mul, b.tExact, Domain::Rat, b.ruleRef(r), b.toRat(b.money(100000))),
                                   rt::RoundDirection::Nearest, 1));
  b.branch(ir::Outcome::Bifall, ir::kNone, b.ruleRef(amount));
  return b.compile();
}

TEST(Vm, RuleVersionsByDate) {
  IrBuilder b;
  auto p = datedPercentProgram(b);
  CaseBuilder c(b.m);
  EXPECT_EQ(rt::decide(*p, c.data, on(date(2025, 6, 30))).amount.ore, 25000);
  EXPECT_EQ(rt::decide(*p, c.data, on(date(2025, 7, 1))).amount.ore, 20000);
  Decision d = rt::decide(*p, c.data, on(date(2027, 1, 1)));
  ASSERT_TRUE(d.error);
  EXPECT_EQ(d.error->code, "R0504");
  EXPECT_EQ(d.error->message, "definitionen 'procentsats' har ingen version som gäller 2027-01-01");
}

// One Decider keeps versions resolved between decisions while the date stays between the same
// two version boundaries: its answers must follow the date however the dates are ordered, with or
// without a date in between.
TEST(Vm, ReusedDeciderFollowsTheDateAcrossVersions) {
  IrBuilder b;
  auto p = datedPercentProgram(b);
  CaseBuilder c(b.m);
  rt::Decider decider(*p);
  const std::vector<std::pair<rt::Date, int64_t>> steps = {
      {date(2025, 6, 1), 25000}, {date(2025, 6, 30), 25000}, {date(2025, 7, 1), 20000}, {date(2026, 12, 31), 20000},
      {date(2020, 1, 1), 25000}, {date(2025, 8, 1), 20000},  {date(2027, 1, 1), -1},    {date(2025, 6, 29), 25000}};
  for (const auto& [when, ore] : steps) {
    Decision d = decider.decide(c.data, on(when));
    if (ore < 0) {
      ASSERT_TRUE(d.error);
      EXPECT_EQ(d.error->code, "R0504");
    } else {
      ASSERT_FALSE(d.error) << d.error->message;
      EXPECT_EQ(d.amount.ore, ore) << rt::formatDate(when);
    }
  }
  // Without a date the dated rule cannot be used; with one again it can.
  EXPECT_EQ(decider.decide(c.data, {}).error->code, "R0508");
  EXPECT_EQ(decider.decide(c.data, on(date(2025, 7, 2))).amount.ore, 20000);
}

TEST(Vm, MinimumOfAnEmptyListIsAnError) {
  IrBuilder b;
  uint32_t xs = b.inputField("xs", b.listOf(b.tInt));
  uint32_t r = b.rule("minst", b.tInt, b.fold(ir::FoldKind::Min, b.tInt, b.input(xs), 0, b.local(0, b.tInt)));
  b.branch(ir::Outcome::Avslag, b.compare(ir::CompareOp::Lt, Domain::Int, b.ruleRef(r), b.integer(3)));
  b.branch(ir::Outcome::Bifall, ir::kNone);
  b.m.rules[r].localCount = 1;
  auto p = b.compile();
  CaseBuilder c(b.m);
  c.set(xs, Value::integer(c.list({Value::integer(5), Value::integer(2), Value::integer(9)})));
  EXPECT_EQ(rt::decide(*p, c.data, on(date(2023, 1, 1))).outcome, Outcome::Avslag);
  CaseBuilder e(b.m);
  e.set(xs, Value::integer(e.list({})));
  Decision d = rt::decide(*p, e.data, on(date(2023, 1, 1)));
  ASSERT_TRUE(d.error);
  EXPECT_EQ(d.error->code, "R0506");
  EXPECT_EQ(d.error->message, "minsta värdet av en tom lista finns inte");
}

}  // namespace
}  // namespace regel::testing
