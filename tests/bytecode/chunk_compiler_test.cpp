// Regression tests for the bytecode encoding limits (compiler/bytecode/chunk_compiler.cpp).
#include <gtest/gtest.h>

#include "runtime/rgb/rgb_format.h"
#include "tests/bytecode/ir_fixture.h"

namespace {

using namespace regel;
using namespace regel::testing;

// Decision options for a fixed date, untraced.
rt::DecisionOptions on(rt::Date d) {
  rt::DecisionOptions o;
  o.date = d;
  return o;
}

// n rules with one version each, built directly (IrBuilder::declare computes a span per rule by
// walking the lines before it, which is quadratic for tens of thousands of rules).
void addRules(IrBuilder& b, uint32_t n, uint32_t zeroAt) {
  for (uint32_t i = 0; i < n; ++i) {
    ir::Rule r;
    r.name = "r" + std::to_string(i);
    r.kind = ir::RuleKind::Value;
    r.type = b.tInt;
    ir::RuleVersion v;
    v.value = b.integer(i == zeroAt ? 0 : 1);
    r.versions.push_back(std::move(v));
    b.m.rules.push_back(std::move(r));
  }
}

// Regression: instruction operands were 16 bits and rule numbers were truncated silently (rule
// 70 000 called rule 4 464), then refused. Operands are 32 bits now: the decision reads rule
// 69 999 itself, not the zero planted at 4 464 (69 999 mod 65 536).
TEST(ChunkCompiler, RuleNumberBeyondSixteenBitsCompilesAndRuns) {
  IrBuilder b;
  constexpr uint32_t kRules = 70'000;
  addRules(b, kRules, 4'464);
  uint32_t last = kRules - 1;
  b.branch(ir::Outcome::Bifall, b.compare(ir::CompareOp::Eq, Domain::Int, b.ruleRef(last), b.integer(1)),
           b.money(100));
  b.branch(ir::Outcome::Avslag, ir::kNone);
  auto r = bytecode::generateProgram(b.m, b.sources);
  ASSERT_TRUE(r.error.empty()) << r.error;
  ASSERT_NE(r.program, nullptr);
  EXPECT_FALSE(rt::verifyProgram(*r.program).has_value());
  CaseBuilder c(b.m);
  rt::Decision d = rt::decide(*r.program, c.data, on(date(2023, 1, 1)));
  EXPECT_EQ(d.outcome, rt::Outcome::Bifall);
  EXPECT_EQ(d.amount.ore, 100);
}

// The same for an input field number (LOAD_INPUT) beyond 16 bits.
TEST(ChunkCompiler, InputFieldNumberBeyondSixteenBitsCompiles) {
  IrBuilder b;
  for (uint32_t i = 0; i < 65'540; ++i) b.inputField("f" + std::to_string(i), b.tInt);
  ExprId field = b.node(ExprOp::Input, b.tInt, Domain::Int, ir::kNone, ir::kNone, 65'539);
  b.branch(ir::Outcome::Bifall, b.compare(ir::CompareOp::Eq, Domain::Int, field, b.integer(1)),
           b.money(100));
  b.branch(ir::Outcome::Avslag, ir::kNone);
  auto r = bytecode::generateProgram(b.m, b.sources);
  EXPECT_TRUE(r.error.empty()) << r.error;
  ASSERT_NE(r.program, nullptr);
  EXPECT_FALSE(rt::verifyProgram(*r.program).has_value());
}

// Just below the limit everything still compiles.
TEST(ChunkCompiler, RuleNumberAtSixteenBitsCompiles) {
  IrBuilder b;
  addRules(b, 65'536, UINT32_MAX);
  b.branch(ir::Outcome::Bifall, b.compare(ir::CompareOp::Eq, Domain::Int, b.ruleRef(65'535), b.integer(1)),
           b.money(100));
  b.branch(ir::Outcome::Avslag, ir::kNone);
  auto r = bytecode::generateProgram(b.m, b.sources);
  EXPECT_TRUE(r.error.empty()) << r.error;
}

}  // namespace
