// Decision tests on hand-built IR: exceptions (default logic), memoisation and the trace,
// branch order and reasons, stickprov.
#include <gtest/gtest.h>

#include <optional>

#include "runtime/explain/explained_trace.h"
#include "tests/bytecode/ir_fixture.h"

namespace regel::testing {
namespace {

using rt::Decision;
using rt::Outcome;
using rt::TraceKind;

rt::DecisionOptions on(rt::Date d, bool trace = false) {
  rt::DecisionOptions o;
  o.date = d;
  o.trace = trace;
  return o;
}

// belopp = 1 000 kr, with exceptions a (x) = 2 000 kr and b (y) = 3 000 kr.
struct Exceptions {
  IrBuilder b;
  uint32_t x, y, r;
  Exceptions(bool bOverridesA) {
    x = b.inputField("x", b.tBool);
    y = b.inputField("y", b.tBool);
    r = b.declare("belopp", b.tMoney);
    b.version(r, b.money(100000));
    b.exception(r, "a", b.input(x), b.money(200000));
    auto& eb = b.exception(r, "b", b.input(y), b.binary(ExprOp::Add, b.tMoney, Domain::Money, b.base(b.tMoney), b.money(200000)));
    if (bOverridesA) eb.overrides.push_back(0);
    b.branch(ir::Outcome::Bifall, ir::kNone, b.ruleRef(r));
  }
  Decision run(bool vx, bool vy, bool trace = false) {
    p = b.compile();
    c.emplace(b.m);
    c->set(x, Value::boolean(vx)).set(y, Value::boolean(vy));
    return rt::decide(*p, c->data, on(date(2023, 1, 1), trace));
  }
  // The trace of the last run, explained against its case.
  rt::ExplainedTrace explain(const Decision& d) const { return rt::explainTrace(*p, d, c->data); }
  std::shared_ptr<const rt::Program> p;
  std::optional<CaseBuilder> c;
};

TEST(Exceptions, NoneAppliesGivesTheBase) { EXPECT_EQ(Exceptions(false).run(false, false).amount.ore, 100000); }

TEST(Exceptions, OneAppliesGivesItsValue) {
  EXPECT_EQ(Exceptions(false).run(true, false).amount.ore, 200000);
  EXPECT_EQ(Exceptions(false).run(false, true).amount.ore, 300000);  // base + 2 000 kr
}

TEST(Exceptions, PriorityDecidesBetweenTwo) {
  Exceptions ex(true);
  Decision d = ex.run(true, true, true);
  ASSERT_FALSE(d.error);
  EXPECT_EQ(d.amount.ore, 300000);
  // b takes priority over a and applies, so a's condition cannot change the value and is not
  // evaluated: the trace has one exception node, b, chosen.
  int exceptions = 0;
  for (const auto& n : ex.explain(d).nodes) {
    if (n.kind != TraceKind::Exception) continue;
    ++exceptions;
    EXPECT_TRUE(n.applies);
    EXPECT_TRUE(n.chosen);
    EXPECT_EQ(n.name, "b");
  }
  EXPECT_EQ(exceptions, 1);
}

TEST(Exceptions, TwoWithoutPriorityConflict) {
  Decision d = Exceptions(false).run(true, true, true);
  ASSERT_TRUE(d.error);
  EXPECT_EQ(d.error->code, "R0505");
  EXPECT_EQ(d.error->message, "undantagen 'a' och 'b' gäller samtidigt för 'belopp'");
  EXPECT_EQ(d.error->span.line, 20u);
  // The trace is kept with the error: both exceptions were found to apply.
  ASSERT_FALSE(d.trace.empty());
  int applying = 0;
  for (const auto& n : d.trace.nodes) applying += n.kind == TraceKind::Exception && n.applies;
  EXPECT_EQ(applying, 2);
}

TEST(Trace, MemoisedRuleAppearsOnceAndIsReferenced) {
  IrBuilder b;
  uint32_t in = b.inputField("inkomst", b.tMoney);
  uint32_t x = b.rule("dubbel", b.tMoney, b.binary(ExprOp::MulMoneyInt, b.tMoney, Domain::Money, b.input(in), b.integer(2)));
  uint32_t y = b.rule("summa", b.tMoney, b.binary(ExprOp::Add, b.tMoney, Domain::Money, b.ruleRef(x), b.ruleRef(x)));
  b.branch(ir::Outcome::Bifall, b.compare(ir::CompareOp::Gt, Domain::Money, b.ruleRef(x), b.money(0)), b.ruleRef(y));
  auto p = b.compile();
  CaseBuilder c(b.m);
  c.set(in, Value{506000, 0});
  Decision d = rt::decide(*p, c.data, on(date(2023, 1, 1), true));
  ASSERT_FALSE(d.error);
  EXPECT_EQ(d.amount.ore, 2024000);
  int nodes = 0;
  uint32_t xNode = rt::kNoNode;
  const rt::ExplainedTrace t = rt::explainTrace(*p, d, c.data);
  for (const auto& n : t.nodes) {
    if (n.kind == TraceKind::Value && n.ref == x) {
      ++nodes;
      xNode = n.id;
      EXPECT_EQ(n.valueText, "10 120 kr");
      EXPECT_EQ(n.lagrum, (std::vector<std::string>{"1 § testlagen"}));
      ASSERT_EQ(n.reads.size(), 1u);
      EXPECT_EQ(n.reads[0].name, "inkomst");
      EXPECT_EQ(n.reads[0].text, "5 060 kr");
    }
  }
  EXPECT_EQ(nodes, 1);
  for (const auto& n : t.nodes) {
    if (n.kind != TraceKind::Value || n.ref != y) continue;
    // `dubbel + dubbel` reads dubbel twice: a node's reads are recorded once each.
    ASSERT_EQ(n.reads.size(), 1u);
    EXPECT_EQ(n.reads[0].node, xNode);
    EXPECT_EQ(n.reads[0].text, "10 120 kr");
    EXPECT_EQ(n.valueText, "20 240 kr");
  }
  // The trace does not change the decision.
  Decision quiet = rt::decide(*p, c.data, on(date(2023, 1, 1)));
  EXPECT_EQ(quiet.amount, d.amount);
  EXPECT_TRUE(quiet.trace.empty());
}

TEST(Trace, ParameterNodeNamesVersionRowAndSource) {
  IrBuilder b;
  uint32_t alder = b.inputField("ålder", b.tInt);
  uint32_t prm = b.parameter("kostnad", b.tMoney, {{"ålder", b.tInt, false}});
  b.paramVersion(prm, date(2023, 1, 1), date(2023, 12, 31), true);
  ir::TableRow row;
  row.keys = {{ir::KeyKind::Range, Value::integer(1), Value::integer(2)}};
  row.cell.value = b.money(270000);
  row.span = IrBuilder::at(33);
  b.m.params[prm].versions[0].rows.push_back(row);
  uint32_t r = b.rule("barn", b.tMoney, b.param(prm, {b.input(alder)}));
  b.m.rules[r].versions[0].justification = b.templ({{"Kostnaden är ", ir::kNone}, {"", b.ruleRef(r)}, {".", ir::kNone}});
  b.branch(ir::Outcome::Bifall, ir::kNone, b.ruleRef(r));
  auto p = b.compile();
  CaseBuilder c(b.m);
  c.set(alder, Value::integer(2));
  Decision d = rt::decide(*p, c.data, on(date(2023, 5, 1), true));
  ASSERT_FALSE(d.error);
  const rt::ExplainedNode* param = nullptr;
  const rt::ExplainedNode* rule = nullptr;
  const rt::ExplainedTrace t = rt::explainTrace(*p, d, c.data);
  for (const auto& n : t.nodes) {
    if (n.kind == TraceKind::Parameter) param = &n;
    if (n.kind == TraceKind::Value) rule = &n;
  }
  ASSERT_TRUE(param && rule);
  EXPECT_EQ(param->name, "kostnad");
  EXPECT_EQ(param->period, "2023-01-01 – 2023-12-31");
  EXPECT_EQ(param->source, "Testkällan 2023-01-01");
  EXPECT_EQ(param->rowText, "1 till 2");
  EXPECT_EQ(param->argTexts, (std::vector<std::string>{"2"}));
  EXPECT_EQ(param->valueText, "2 700 kr");
  EXPECT_EQ(param->span.line, 33u);
  EXPECT_EQ(param->parent, rule->id);
  EXPECT_EQ(rule->justification, "Kostnaden är 2 700 kr.");
  EXPECT_EQ(rule->file, "test.regel");
  EXPECT_EQ(t.nodes[0].kind, TraceKind::Decision);
  EXPECT_EQ(t.nodes[0].valueText, "bifall med 2 700 kr");
}

TEST(Trace, MissingFactsShowInTheTrace) {
  IrBuilder b;
  uint32_t x = b.inputField("x", b.tMoney);
  uint32_t r = b.rule("kopia", b.tMoney, b.input(x));
  b.branch(ir::Outcome::Bifall, ir::kNone, b.ruleRef(r));
  auto p = b.compile();
  CaseBuilder c(b.m);
  Decision d = rt::decide(*p, c.data, on(date(2023, 1, 1), true));
  EXPECT_EQ(d.outcome, Outcome::Komplettering);
  // The trace is the tolerant run's: one node for the rule, marked missing.
  int rules = 0;
  for (const auto& n : rt::explainTrace(*p, d, c.data).nodes) {
    if (n.kind != TraceKind::Value) continue;
    ++rules;
    EXPECT_EQ(n.state, rt::TraceState::Missing);
    EXPECT_EQ(n.valueText, "uppgift saknas");
    ASSERT_EQ(n.reads.size(), 1u);
    EXPECT_TRUE(n.reads[0].poisoned);
    EXPECT_EQ(n.reads[0].text, "saknas");
  }
  EXPECT_EQ(rules, 1);
}

// avslag om inte villkor (with its texts), manuell prövning om stor, bifall annars.
struct Branches {
  IrBuilder b;
  uint32_t ok, big, okRule, bigRule;
  std::shared_ptr<const rt::Program> p;
  Branches() {
    ok = b.inputField("inskriven", b.tBool);
    big = b.inputField("kostnad", b.tMoney);
    okRule = b.rule("står_till_förfogande", b.tBool, b.input(ok), ir::RuleKind::Condition);
    auto& v = b.m.rules[okRule].versions[0];
    v.holds = b.templ({{"Den sökande står till arbetsmarknadens förfogande.", ir::kNone}});
    v.fails = b.templ({{"Den sökande är inte inskriven.", ir::kNone}});
    bigRule = b.rule("hög_kostnad", b.tBool, b.compare(ir::CompareOp::Gt, Domain::Money, b.input(big), b.money(1000000)),
                     ir::RuleKind::Condition);
    auto& avslag = b.branch(ir::Outcome::Avslag, b.node(ExprOp::Not, b.tBool, Domain::Bool, b.ruleRef(okRule)));
    avslag.cited.push_back({okRule});
    auto& manuell = b.branch(ir::Outcome::ManuellProvning, b.ruleRef(bigRule));
    manuell.reasons.push_back(b.templ({{"Kostnaden ", ir::kNone}, {"", b.input(big)}, {" är hög.", ir::kNone}}));
    b.branch(ir::Outcome::Bifall, ir::kNone, b.input(big));
    p = b.compile();
  }
  Decision run(bool inskriven, int64_t kostnad) {
    c.emplace(b.m);
    c->set(ok, Value::boolean(inskriven)).set(big, Value{kostnad, 0});
    return rt::decide(*p, c->data, on(date(2023, 1, 1), true));
  }
  // The trace of the last run, explained against its case.
  rt::ExplainedTrace explain(const Decision& d) const { return rt::explainTrace(*p, d, c->data); }
  std::optional<CaseBuilder> c;
};

TEST(Decision, FirstHoldingBranchDecides) {
  Branches br;
  Decision d = br.run(false, 2000000);  // both avslag and manuell prövning hold: avslag is first
  EXPECT_EQ(d.outcome, Outcome::Avslag);
  EXPECT_EQ(d.reasons, (std::vector<std::string>{"Den sökande är inte inskriven."}));
  d = br.run(true, 2000000);
  EXPECT_EQ(d.outcome, Outcome::ManuellProvning);
  EXPECT_EQ(d.reasons, (std::vector<std::string>{"Kostnaden 20 000 kr är hög."}));
  d = br.run(true, 500000);
  EXPECT_EQ(d.outcome, Outcome::Bifall);
  EXPECT_EQ(d.amount.ore, 500000);
  EXPECT_EQ(d.branch, 2);
}

TEST(Decision, TraceRecordsEveryBranchTried) {
  Branches br;
  Decision d = br.run(true, 500000);
  const rt::ExplainedTrace t = br.explain(d);
  std::vector<std::pair<std::string, std::string>> branches;
  for (const auto& n : t.nodes) {
    if (n.kind == TraceKind::Branch) branches.push_back({n.name, n.valueText});
  }
  EXPECT_EQ(branches, (std::vector<std::pair<std::string, std::string>>{
                          {"avslag", "gäller inte"}, {"manuell prövning", "gäller inte"}, {"bifall annars", "gäller"}}));
  // The condition's node carries its uppfyllt text.
  for (const auto& n : t.nodes) {
    if (n.kind == TraceKind::Condition && n.name == "står_till_förfogande") {
      EXPECT_EQ(n.justification, "Den sökande står till arbetsmarknadens förfogande.");
      EXPECT_EQ(n.valueText, "ja");
    }
  }
}

TEST(Decision, DeciderIsReusable) {
  Branches br;
  rt::Decider decider(*br.p);
  for (int i = 0; i < 3; ++i) {
    CaseBuilder c(br.b.m);
    c.set(br.ok, Value::boolean(i != 1)).set(br.big, Value{100 * i, 0});
    Decision d = decider.decide(c.data, on(date(2023, 1, 1)));
    EXPECT_EQ(d.outcome, i == 1 ? Outcome::Avslag : Outcome::Bifall);
  }
}

// stickprov 10 % av bifall.
std::shared_ptr<const rt::Program> stickprovProgram(IrBuilder& b, rt::Rational rate) {
  b.branch(ir::Outcome::Bifall, ir::kNone, b.money(100));
  b.m.stickprov = ir::Stickprov{rate, ir::Outcome::Bifall};
  return b.compile();
}

TEST(Stickprov, IsReproducibleAndKeyed) {
  IrBuilder b;
  auto p = stickprovProgram(b, rt::Rational{1, 10});
  int selected = 0;
  for (int i = 0; i < 2000; ++i) {
    std::string id = "ärende-" + std::to_string(i);
    bool s = rt::stickprovSelected(*p, id);
    EXPECT_EQ(s, rt::stickprovSelected(*p, id));
    selected += s;
  }
  EXPECT_GT(selected, 140);  // about 10 % of 2 000
  EXPECT_LT(selected, 260);
  // A decision carries the selection; no case id is never selected.
  CaseBuilder c(b.m);
  c.data.caseId = "ärende-1";
  EXPECT_EQ(rt::decide(*p, c.data, on(date(2023, 1, 1))).stickprov, rt::stickprovSelected(*p, "ärende-1"));
  c.data.caseId.clear();
  EXPECT_FALSE(rt::decide(*p, c.data, on(date(2023, 1, 1))).stickprov);
  // Another key selects other cases.
  int differ = 0;
  for (int i = 0; i < 200; ++i) {
    std::string id = "ärende-" + std::to_string(i);
    differ += rt::stickprovSelected(*p, id) != rt::stickprovSelected(*p, id, std::string("annan nyckel"));
  }
  EXPECT_GT(differ, 0);
}

TEST(Stickprov, RateBounds) {
  IrBuilder all, none;
  auto pAll = stickprovProgram(all, rt::Rational{1, 1});
  auto pNone = stickprovProgram(none, rt::Rational{0, 1});
  for (int i = 0; i < 50; ++i) {
    EXPECT_TRUE(rt::stickprovSelected(*pAll, std::to_string(i)));
    EXPECT_FALSE(rt::stickprovSelected(*pNone, std::to_string(i)));
  }
}

}  // namespace
}  // namespace regel::testing
