// A program compiled from IR survives the .rgb file exactly: same bytes, listing, decisions, traces.
#include <gtest/gtest.h>

#include "runtime/explain/explained_trace.h"
#include "runtime/program/disassemble.h"
#include "runtime/rgb/rgb_format.h"
#include "tests/bytecode/stod_fixture.h"

namespace regel::testing {
namespace {

void expectSameTrace(const rt::ExplainedTrace& a, const rt::ExplainedTrace& b) {
  ASSERT_EQ(a.nodes.size(), b.nodes.size());
  for (size_t i = 0; i < a.nodes.size(); ++i) {
    const rt::ExplainedNode& x = a.nodes[i];
    const rt::ExplainedNode& y = b.nodes[i];
    EXPECT_EQ(x.kind, y.kind);
    EXPECT_EQ(x.name, y.name);
    EXPECT_EQ(x.valueText, y.valueText);
    EXPECT_EQ(x.justification, y.justification);
    EXPECT_EQ(x.lagrum, y.lagrum);
    EXPECT_EQ(x.span, y.span);
    EXPECT_EQ(x.file, y.file);
    EXPECT_EQ(x.period, y.period);
    EXPECT_EQ(x.rowText, y.rowText);
    EXPECT_EQ(x.children, y.children);
    ASSERT_EQ(x.reads.size(), y.reads.size());
    for (size_t r = 0; r < x.reads.size(); ++r) {
      EXPECT_EQ(x.reads[r].name, y.reads[r].name);
      EXPECT_EQ(x.reads[r].text, y.reads[r].text);
      EXPECT_EQ(x.reads[r].node, y.reads[r].node);
    }
  }
}

TEST(RgbRoundTrip, CompiledProgramDecidesTheSame) {
  Stod s;
  std::string bytes = rt::writeRgb(*s.p);
  rt::RgbLoad loaded = rt::readRgb(bytes, "stöd.rgb");
  ASSERT_FALSE(loaded.error) << loaded.error->message;
  EXPECT_EQ(rt::writeRgb(*loaded.program), bytes);
  EXPECT_EQ(rt::disassemble(*loaded.program), rt::disassemble(*s.p));
  rt::DecisionOptions o;
  o.date = date(2023, 3, 1);
  o.trace = true;
  std::vector<CaseBuilder> cases = {s.adults({{123456, 100100}}, 500050, 7), s.adults({{1000000, 0}}, 0, 0),
                                    s.adults({{0, 0}, {0, 0}, {0, 0}}, 12345, 6)};
  CaseBuilder missing = s.adults({{100, 0}}, 0, 7);
  missing.data.present[missing.data.records[1].first + s.netto] = 0;
  cases.push_back(missing);
  for (const auto& c : cases) {
    rt::Decision a = rt::decide(*s.p, c.data, o);
    rt::Decision b = rt::decide(*loaded.program, c.data, o);
    EXPECT_EQ(a.outcome, b.outcome);
    EXPECT_EQ(a.amount, b.amount);
    EXPECT_EQ(a.reasons, b.reasons);
    ASSERT_EQ(a.missing.size(), b.missing.size());
    ASSERT_FALSE(a.trace.empty());
    expectSameTrace(rt::explainTrace(*s.p, a, c.data), rt::explainTrace(*loaded.program, b, c.data));
  }
}

TEST(RgbRoundTrip, CompiledProgramPassesTheVerifier) {
  Stod s;
  auto problem = rt::verifyProgram(*s.p);
  EXPECT_FALSE(problem) << problem->reason;
}

// Format 8 holds the om instructions; a file written for format 7 holds an om as the plain jumps
// of that format, and decides alike in the fast mode (its komplettering asks only for the
// condition, as format 7 did).
TEST(RgbRoundTrip, AnOmIsWrittenAsPlainJumpsForFormat7) {
  IrBuilder b;
  uint32_t x = b.inputField("x", b.tMoney);
  uint32_t y = b.inputField("y", b.tMoney);
  // (om x > 0 kr så 1 kr annars 2 kr) + y: a condition on an amount, which no value-by-value
  // check can settle.
  ExprId positive = b.compare(ir::CompareOp::Lt, Domain::Money, b.money(0), b.input(x));
  ExprId e = b.binary(ExprOp::Add, b.tMoney, Domain::Money, b.ifThen(b.tMoney, positive, b.money(100), b.money(200)),
                      b.input(y));
  uint32_t r = b.rule("val", b.tMoney, e);
  b.branch(ir::Outcome::Bifall, ir::kNone, b.ruleRef(r));
  auto p = b.compile();
  const std::string eight = rt::writeRgb(*p);
  rt::RgbLoad current = rt::readRgb(eight, "om.rgb");
  ASSERT_FALSE(current.error) << current.error->message;
  EXPECT_EQ(current.program->code, p->code);
  rt::RgbLoad older = rt::readRgb(rt::writeRgb(*p, 7), "om.rgb");
  ASSERT_FALSE(older.error) << older.error->message;
  EXPECT_FALSE(rt::verifyProgram(*older.program));
  const std::string listing = rt::disassemble(*older.program);
  EXPECT_EQ(listing.find("OM_"), std::string::npos) << listing;
  EXPECT_NE(listing.find("JMP_IFNOT"), std::string::npos) << listing;

  rt::DecisionOptions o;
  o.date = date(2023, 3, 1);
  CaseBuilder known(b.m);
  known.set(x, Value{1, 0}).set(y, Value{5000, 0});
  EXPECT_EQ(rt::decide(*older.program, known.data, o).amount.ore, 5100);
  EXPECT_EQ(rt::decide(*current.program, known.data, o).amount.ore, 5100);
  // Both facts missing: format 8 asks for both at once, format 7 for the condition alone.
  CaseBuilder none(b.m);
  EXPECT_EQ(rt::decide(*current.program, none.data, o).missing.size(), 2u);
  EXPECT_EQ(rt::decide(*older.program, none.data, o).missing.size(), 1u);
}

}  // namespace
}  // namespace regel::testing
