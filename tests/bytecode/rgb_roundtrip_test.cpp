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
  missing.data.records[1].present[s.netto] = 0;
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

}  // namespace
}  // namespace regel::testing
