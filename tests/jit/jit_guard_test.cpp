// The VM's guards hold in native code too, with the same errors at the same places: nesting
// deeper than the VM allows (rules calling rules, parameters recursing), a rule that needs itself,
// overflow. Programs are built by hand so each guard is reached on purpose.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "regel/compile.h"
#include "runtime/rgb/rgb_format.h"
#include "runtime/vm/decide.h"
#include "runtime/vm/vm.h"
#include "tests/support/case_records.h"

namespace regel {
namespace {

using rt::Instr;
using rt::Op;

rt::Program base() {
  rt::Program p;
  p.name = "Vakt";
  p.types.intern({rt::TypeKind::Integer});  // 0
  p.types.intern({rt::TypeKind::Money});    // 1
  p.types.records.push_back({"Ansökan", {{"n", 0, false}}});
  p.spans = {{0, 0, 1, 3, 7}, {0, 8, 9, 4, 2}};
  return p;
}

uint32_t addChunk(rt::Program& p, const std::vector<Instr>& code, uint32_t frame, uint32_t args = 0) {
  rt::Chunk c{static_cast<uint32_t>(p.code.size()), static_cast<uint32_t>(code.size()), frame, args};
  for (size_t i = 0; i < code.size(); ++i) {
    p.code.push_back(code[i]);
    p.codeSpans.push_back(i == 0 ? 0 : 1);
  }
  p.chunks.push_back(c);
  return static_cast<uint32_t>(p.chunks.size() - 1);
}

uint32_t addRule(rt::Program& p, const std::string& name, const std::vector<Instr>& code, uint32_t frame) {
  rt::RuleInfo r;
  r.name = name;
  r.type = 0;
  rt::RuleVersionInfo v;
  v.value = addChunk(p, code, frame);
  r.versions.push_back(v);
  p.rules.push_back(r);
  return static_cast<uint32_t>(p.rules.size() - 1);
}

void bifallWithRule(rt::Program& p, uint32_t rule) {
  rt::BranchInfo b;
  b.outcome = rt::Outcome::Bifall;
  b.amount = addChunk(p, {{Op::CALL_RULE, 0, rule, 0}, {Op::RET, 0, 0, 0}}, 1);
  p.decision.push_back(b);
}

// A chain of `length` rules: rule i is rule i+1 plus one, the last is the input n.
rt::Program chain(uint32_t length) {
  rt::Program p = base();
  for (uint32_t i = 0; i + 1 < length; ++i) {
    addRule(p, "steg" + std::to_string(i), {{Op::CALL_RULE, 0, i + 1, 0}, {Op::ADDI_INT, 0, 0, 1}, {Op::RET, 0, 0, 0}}, 1);
  }
  addRule(p, "sist", {{Op::LOAD_INPUT, 0, 0, 0}, {Op::RET, 0, 0, 0}}, 1);
  bifallWithRule(p, 0);
  return p;
}

rt::CaseData oneCase(int64_t n) {
  rt::CaseData c;
  regel::test::addRecord(c, 0, "", {rt::Value::integer(n)}, {1});
  return c;
}

struct Both {
  rt::Decision vm;
  rt::Decision jit;
};

// Decides one case with the VM and with native code, untraced and traced (the traced decisions
// are compared as well: their errors must agree too).
Both decideBoth(rt::Program program, int64_t n, bool trace = false) {
  EXPECT_FALSE(rt::verifyProgram(program));
  auto shared = std::make_shared<const rt::Program>(std::move(program));
  Ruleset ruleset(shared);
  NativeResult native = compileNative(ruleset);
  EXPECT_TRUE(native.ruleset) << native.message;
  rt::DecisionOptions options;
  options.date = *rt::makeDate(2023, 1, 1);
  options.trace = trace;
  Both out;
  out.vm = rt::Decider(*shared).decide(oneCase(n), options);
  out.jit = rt::Decider(*shared, native.ruleset ? native.ruleset->native() : nullptr).decide(oneCase(n), options);
  return out;
}

void expectSameError(const Both& b, const std::string& code) {
  ASSERT_TRUE(b.vm.error);
  ASSERT_TRUE(b.jit.error);
  EXPECT_EQ(b.vm.error->code, code);
  EXPECT_EQ(b.jit.error->code, code);
  EXPECT_EQ(b.jit.error->message, b.vm.error->message);
  EXPECT_EQ(b.jit.error->span, b.vm.error->span);
}

#define SKIP_WITHOUT_JIT() \
  if (!jitAvailable()) GTEST_SKIP() << "built without the JIT"

// The decision's amount chunk, then one chunk per rule: 510 rules nest 511 chunks, within the
// VM's 512; 512 rules nest 513 and fail where the VM fails.
TEST(JitGuards, NestingCountsAsInTheVm) {
  SKIP_WITHOUT_JIT();
  for (bool trace : {false, true}) {
    Both within = decideBoth(chain(510), 7, trace);
    ASSERT_FALSE(within.vm.error) << within.vm.error->message;
    ASSERT_FALSE(within.jit.error) << within.jit.error->message;
    EXPECT_EQ(within.vm.amount.ore, 7 + 509);
    EXPECT_EQ(within.jit.amount.ore, within.vm.amount.ore);
    const Both beyond = decideBoth(chain(512), 7, trace);
    expectSameError(beyond, "R0511");
  }
}

TEST(JitGuards, RunawayParameterRecursionFailsAtTheSamePlace) {
  SKIP_WITHOUT_JIT();
  rt::Program p = base();
  rt::ParamInfo prm;
  prm.name = "djup";
  prm.args = {{"n", 0, false}};
  prm.type = 1;
  rt::ParamVersionInfo v;
  v.from = *rt::makeDate(2000, 1, 1);
  v.constant.chunk = addChunk(p, {{Op::LOOKUP_PARAM, 1, 0, 0}, {Op::RET, 1, 0, 0}}, 2, 1);
  prm.versions.push_back(v);
  p.params.push_back(prm);
  addRule(p, "start", {{Op::LOAD_INPUT, 1, 0, 0}, {Op::LOOKUP_PARAM, 0, 0, 1}, {Op::RET, 0, 0, 0}}, 2);
  bifallWithRule(p, 0);
  for (bool trace : {false, true}) expectSameError(decideBoth(p, 3, trace), "R0511");
}

TEST(JitGuards, ARuleThatNeedsItselfIsTheSameError) {
  SKIP_WITHOUT_JIT();
  rt::Program p = base();
  addRule(p, "ring", {{Op::CALL_RULE, 0, 1, 0}, {Op::RET, 0, 0, 0}}, 1);
  addRule(p, "ringen", {{Op::CALL_RULE, 0, 0, 0}, {Op::RET, 0, 0, 0}}, 1);
  bifallWithRule(p, 0);
  for (bool trace : {false, true}) expectSameError(decideBoth(p, 3, trace), "R0510");
}

TEST(JitGuards, OverflowIsTheSameErrorAtTheSameInstruction) {
  SKIP_WITHOUT_JIT();
  rt::Program p = base();
  addRule(p, "stort", {{Op::LOAD_INPUT, 0, 0, 0}, {Op::MUL_INT, 0, 0, 0}, {Op::MUL_INT, 0, 0, 0}, {Op::RET, 0, 0, 0}}, 1);
  bifallWithRule(p, 0);
  const Both fits = decideBoth(p, 1000);
  ASSERT_FALSE(fits.jit.error);
  EXPECT_EQ(fits.jit.amount.ore, 1'000'000'000'000);
  for (bool trace : {false, true}) expectSameError(decideBoth(p, 100'000, trace), "R0501");
}

}  // namespace
}  // namespace regel
