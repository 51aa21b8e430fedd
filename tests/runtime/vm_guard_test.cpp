// Guards of the VM against malformed programs and cases: cycles, runaway recursion, a case built
// for another ruleset, and the tables behind opcodes and runtime errors.
#include <gtest/gtest.h>

#include <set>

#include "runtime/vm/decide.h"
#include "runtime/program/disassemble.h"
#include "runtime/rgb/rgb_format.h"
#include "tests/support/case_records.h"

namespace regel::rt {
namespace {

Program base() {
  Program p;
  p.name = "Vakt";
  p.types.intern({TypeKind::Integer});  // 0
  p.types.intern({TypeKind::Money});    // 1
  p.types.records.push_back({"Ansökan", {{"n", 0, false}}});
  p.spans = {{0, 0, 1, 3, 7}};
  return p;
}

uint32_t addChunk(Program& p, std::vector<Instr> code, uint16_t frame, uint16_t args = 0) {
  Chunk c{static_cast<uint32_t>(p.code.size()), static_cast<uint32_t>(code.size()), frame, args};
  for (const auto& in : code) {
    p.code.push_back(in);
    p.codeSpans.push_back(0);
  }
  p.chunks.push_back(c);
  return static_cast<uint32_t>(p.chunks.size() - 1);
}

void bifallWithRule(Program& p, uint32_t rule) {
  BranchInfo b;
  b.outcome = Outcome::Bifall;
  b.amount = addChunk(p, {{Op::CALL_RULE, 0, static_cast<uint16_t>(rule), 0}, {Op::RET, 0, 0, 0}}, 1);
  p.decision.push_back(b);
}

CaseData oneCase() {
  CaseData c;
  regel::test::addRecord(c, 0, "", {Value::integer(3)}, {1});
  return c;
}

DecisionOptions on() {
  DecisionOptions o;
  o.date = *makeDate(2023, 1, 1);
  return o;
}

TEST(VmGuards, ARuleThatNeedsItselfIsAnError) {
  Program p = base();
  RuleInfo r;
  r.name = "ring";
  r.type = 1;
  RuleVersionInfo v;
  v.value = addChunk(p, {{Op::CALL_RULE, 0, 0, 0}, {Op::RET, 0, 0, 0}}, 1);
  r.versions.push_back(v);
  p.rules.push_back(r);
  bifallWithRule(p, 0);
  ASSERT_FALSE(verifyProgram(p));
  Decision d = decide(p, oneCase(), on());
  ASSERT_TRUE(d.error);
  EXPECT_EQ(d.error->code, "R0510");
  EXPECT_EQ(d.error->message, "'ring' beror av sig självt");
}

TEST(VmGuards, RunawayParameterRecursionIsAnError) {
  Program p = base();
  ParamInfo prm;
  prm.name = "djup";
  prm.args = {{"n", 0, false}};
  prm.type = 1;
  ParamVersionInfo v;
  v.from = *makeDate(2000, 1, 1);
  v.constant.chunk = addChunk(p, {{Op::LOOKUP_PARAM, 1, 0, 0}, {Op::RET, 1, 0, 0}}, 2, 1);
  prm.versions.push_back(v);
  p.params.push_back(prm);
  RuleInfo r;
  r.name = "start";
  r.type = 1;
  RuleVersionInfo rv;
  rv.value = addChunk(p, {{Op::LOAD_INPUT, 1, 0, 0}, {Op::LOOKUP_PARAM, 0, 0, 1}, {Op::RET, 0, 0, 0}}, 2);
  r.versions.push_back(rv);
  p.rules.push_back(r);
  bifallWithRule(p, 0);
  ASSERT_FALSE(verifyProgram(p));
  Decision d = decide(p, oneCase(), on());
  ASSERT_TRUE(d.error);
  EXPECT_EQ(d.error->code, "R0511");
  EXPECT_EQ(d.error->span.line, 3u);
}

TEST(VmGuards, ACaseForAnotherRulesetIsRefused) {
  Program p = base();
  RuleInfo r;
  r.name = "n";
  r.type = 0;
  RuleVersionInfo v;
  v.value = addChunk(p, {{Op::LOAD_INPUT, 0, 0, 0}, {Op::RET, 0, 0, 0}}, 1);
  r.versions.push_back(v);
  p.rules.push_back(r);
  bifallWithRule(p, 0);
  CaseData c;
  regel::test::addRecord(c, 0, "", {Value::integer(1), Value::integer(2)}, {1, 1});
  Decision d = decide(p, c, on());
  ASSERT_TRUE(d.error);
  EXPECT_EQ(d.error->code, "R0512");
  EXPECT_EQ(decide(p, CaseData{}, on()).error->code, "R0512");
  // A record whose fields would lie outside the case's slots (a case built by hand) is refused
  // before anything reads it.
  CaseData outside = oneCase();
  outside.records[0].first = 5;
  Decision o = decide(p, outside, on());
  ASSERT_TRUE(o.error);
  EXPECT_EQ(o.error->code, "R0512");
  EXPECT_NE(o.error->message.find("utanför ärendets fält"), std::string::npos) << o.error->message;
  // Without a decision-date field or a given date there is no decision date: an undated rule
  // still decides, while reading `beslutsdatum` stops the decision with R0508.
  EXPECT_FALSE(decide(p, oneCase()).error);
  Program dated = base();
  RuleInfo reader;
  reader.name = "datum";
  reader.type = 0;
  RuleVersionInfo rv;
  rv.value = addChunk(dated, {{Op::DECISION_DATE, 0, 0, 0}, {Op::RET, 0, 0, 0}}, 1);
  reader.versions.push_back(rv);
  dated.rules.push_back(reader);
  bifallWithRule(dated, 0);
  Decision undated = decide(dated, oneCase());
  ASSERT_TRUE(undated.error);
  EXPECT_EQ(undated.error->code, "R0508");
}

TEST(VmGuards, ErrorCodesAreUniqueAndStable) {
  std::set<std::string> codes;
  for (ErrorKind k : allErrorKinds()) {
    std::string code(errorCode(k));
    EXPECT_TRUE(codes.insert(code).second) << code;
    ASSERT_EQ(code.size(), 5u);
    EXPECT_TRUE(code.rfind("R05", 0) == 0 || code.rfind("R07", 0) == 0) << code;
    EXPECT_FALSE(errorTemplate(k).empty());
    EXPECT_FALSE(errorMessage(k, {}).empty());
  }
  EXPECT_EQ(errorMessage(ErrorKind::NoParameterVersion, {"x", "2012-05-01"}),
            "parametern 'x' har ingen version som gäller 2012-05-01");
}

TEST(VmGuards, EveryOpcodeHasNameDocAndDisassembles) {
  Program p = base();
  std::set<std::string_view> names;
  for (uint16_t i = 0; i < kOpCount; ++i) {
    const OpInfo& info = opInfo(static_cast<Op>(i));
    EXPECT_TRUE(names.insert(info.name).second) << info.name;
    EXPECT_FALSE(info.doc.empty()) << info.name;
    std::string text = disassembleInstr(p, Instr{static_cast<Op>(i), 1, 2, 3});
    EXPECT_EQ(text.rfind(std::string(info.name), 0), 0u) << text;
  }
}

}  // namespace
}  // namespace regel::rt
