// Regression tests for the bytecode encoding limits (compiler/bytecode/chunk_compiler.cpp).
#include <gtest/gtest.h>

#include "tests/bytecode/ir_fixture.h"

namespace {

using namespace regel;
using namespace regel::testing;

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

// Regression: instruction operands are 16 bits and rule numbers were truncated silently. With
// more than 65 535 definitions, a reference to rule 70 000 called rule 4 464 instead: the
// decision was computed from the wrong rule. Now the code generator refuses (R0318).
TEST(ChunkCompiler, RuleNumberBeyondSixteenBitsIsRefused) {
  IrBuilder b;
  constexpr uint32_t kRules = 70'000;
  addRules(b, kRules, 4'464);
  uint32_t last = kRules - 1;
  b.branch(ir::Outcome::Bifall, b.compare(ir::CompareOp::Eq, Domain::Int, b.ruleRef(last), b.integer(1)),
           b.money(100));
  b.branch(ir::Outcome::Avslag, ir::kNone);
  auto r = bytecode::generateProgram(b.m, b.sources);
  EXPECT_FALSE(r.error.empty());
  EXPECT_EQ(r.program, nullptr);
  EXPECT_NE(r.error.find("65 535"), std::string::npos) << r.error;
}

// The same for an input field number (LOAD_INPUT) beyond 16 bits.
TEST(ChunkCompiler, InputFieldNumberBeyondSixteenBitsIsRefused) {
  IrBuilder b;
  for (uint32_t i = 0; i < 65'540; ++i) b.inputField("f" + std::to_string(i), b.tInt);
  ExprId field = b.node(ExprOp::Input, b.tInt, Domain::Int, ir::kNone, ir::kNone, 65'539);
  b.branch(ir::Outcome::Bifall, b.compare(ir::CompareOp::Eq, Domain::Int, field, b.integer(1)),
           b.money(100));
  b.branch(ir::Outcome::Avslag, ir::kNone);
  auto r = bytecode::generateProgram(b.m, b.sources);
  EXPECT_FALSE(r.error.empty());
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
