// Opcode-sequence tests for the code generator on hand-built IR, and the disassembler's listing.
#include <gtest/gtest.h>

#include "runtime/program/disassemble.h"
#include "tests/bytecode/ir_fixture.h"

namespace regel::testing {
namespace {

using rt::Op;

// The opcodes of a chunk, in order.
std::vector<Op> ops(const rt::Program& p, uint32_t chunk) {
  std::vector<Op> out;
  const rt::Chunk& c = p.chunks[chunk];
  for (uint32_t i = 0; i < c.size; ++i) out.push_back(p.code[c.begin + i].op);
  return out;
}

const rt::Instr& instr(const rt::Program& p, uint32_t chunk, uint32_t i) { return p.code[p.chunks[chunk].begin + i]; }

TEST(Codegen, MoneyAdditionIsTyped) {
  IrBuilder b;
  uint32_t x = b.inputField("x", b.tMoney), y = b.inputField("y", b.tMoney);
  uint32_t r = b.rule("summa", b.tMoney, b.binary(ExprOp::Add, b.tMoney, Domain::Money, b.input(x), b.input(y)));
  auto p = b.compile();
  uint32_t c = p->rules[r].versions[0].value;
  EXPECT_EQ(ops(*p, c), (std::vector<Op>{Op::LOAD_INPUT, Op::LOAD_INPUT, Op::ADD_MONEY, Op::RET}));
  // The result register is allocated first; operands above it.
  const rt::Instr& add = instr(*p, c, 2);
  EXPECT_EQ(add.a, 0);
  EXPECT_EQ(add.b, 1);
  EXPECT_EQ(add.c, 2);
  EXPECT_EQ(p->chunks[c].frameSize, 3);
}

TEST(Codegen, DomainsPickOpcodes) {
  IrBuilder b;
  uint32_t n = b.inputField("n", b.tInt);
  ExprId intAdd = b.binary(ExprOp::Add, b.tInt, Domain::Int, b.input(n), b.integer(1));
  ExprId ratMul = b.binary(ExprOp::Mul, b.tExact, Domain::Rat, b.percent(1, 4), b.toRat(b.money(1000)));
  ExprId rounded = b.round(ratMul, rt::RoundDirection::Down, 100);
  uint32_t r1 = b.rule("a", b.tInt, intAdd);
  uint32_t r2 = b.rule("b", b.tMoney, rounded);
  auto p = b.compile();
  EXPECT_EQ(ops(*p, p->rules[r1].versions[0].value),
            (std::vector<Op>{Op::LOAD_INPUT, Op::LOAD_INT, Op::ADD_INT, Op::RET}));
  EXPECT_EQ(ops(*p, p->rules[r2].versions[0].value),
            (std::vector<Op>{Op::LOAD_CONST, Op::LOAD_INT, Op::MONEY_TO_RAT, Op::MUL_RAT, Op::ROUND_KRONOR, Op::RET}));
}

TEST(Codegen, GreaterThanSwapsOperands) {
  IrBuilder b;
  uint32_t x = b.inputField("x", b.tMoney);
  ExprId gt = b.compare(ir::CompareOp::Gt, Domain::Money, b.input(x), b.money(0));
  uint32_t r = b.rule("positiv", b.tBool, gt, ir::RuleKind::Condition);
  auto p = b.compile();
  uint32_t c = p->rules[r].versions[0].value;
  EXPECT_EQ(ops(*p, c), (std::vector<Op>{Op::LOAD_INPUT, Op::LOAD_INT, Op::LT_INT, Op::RET}));
  const rt::Instr& lt = instr(*p, c, 2);
  EXPECT_EQ(lt.b, 2);  // the constant 0 ...
  EXPECT_EQ(lt.c, 1);  // ... is less than x
}

TEST(Codegen, AndShortCircuits) {
  IrBuilder b;
  uint32_t x = b.inputField("x", b.tBool), y = b.inputField("y", b.tBool);
  ExprId both = b.node(ExprOp::And, b.tBool, Domain::Bool, b.input(x), b.input(y));
  uint32_t r = b.rule("båda", b.tBool, both, ir::RuleKind::Condition);
  auto p = b.compile();
  uint32_t c = p->rules[r].versions[0].value;
  EXPECT_EQ(ops(*p, c),
            (std::vector<Op>{Op::LOAD_INPUT, Op::LOGIC_JMP_IFNOT, Op::LOAD_INPUT, Op::AND_BOOL, Op::RET}));
  EXPECT_EQ(instr(*p, c, 1).b, 4);  // past the right operand and the combination
}

TEST(Codegen, IfJumpsAroundBranches) {
  IrBuilder b;
  uint32_t x = b.inputField("x", b.tBool);
  ExprId e = b.ifThen(b.tMoney, b.input(x), b.money(100), b.money(200));
  uint32_t r = b.rule("val", b.tMoney, e);
  auto p = b.compile();
  uint32_t c = p->rules[r].versions[0].value;
  EXPECT_EQ(ops(*p, c), (std::vector<Op>{Op::LOAD_INPUT, Op::OM_IF, Op::LOAD_INT, Op::OM_ELSE, Op::LOAD_INT,
                                          Op::OM_JOIN, Op::RET}));
  EXPECT_EQ(instr(*p, c, 1).b, 4);  // nej: to the annars arm
  EXPECT_EQ(instr(*p, c, 3).b, 5);  // after the så arm: to where the arms meet
  // The condition and its scratch register are the ones OM_ELSE and OM_JOIN name.
  EXPECT_EQ(instr(*p, c, 3).c, instr(*p, c, 1).a);
  EXPECT_EQ(instr(*p, c, 5).b, instr(*p, c, 1).a);
  EXPECT_EQ(instr(*p, c, 5).a, instr(*p, c, 3).a);
}

TEST(Codegen, SumIsALoopOverTheList) {
  IrBuilder b;
  uint32_t rec = b.record("Vuxen", {{"inkomst", b.tMoney, false}});
  TypeId vuxen = b.recordType(rec);
  uint32_t vuxna = b.inputField("vuxna", b.listOf(vuxen));
  ExprId body = b.field(b.local(0, vuxen), rec, 0);
  uint32_t r = b.rule("inkomster", b.tMoney, b.fold(ir::FoldKind::Sum, b.tMoney, b.input(vuxna), 0, body));
  auto p = b.compile();
  uint32_t c = p->rules[r].versions[0].value;
  EXPECT_EQ(ops(*p, c), (std::vector<Op>{Op::LOAD_INT, Op::LOAD_INPUT, Op::LOAD_INT, Op::LIST_NEXT, Op::GET_FIELD,
                                         Op::ADD_MONEY, Op::JMP, Op::RET}));
  const rt::Instr& next = instr(*p, c, 3);
  EXPECT_EQ(next.c, 7);                       // exits to RET
  EXPECT_EQ(instr(*p, c, 6).a, 3);            // loops back to LIST_NEXT
  EXPECT_EQ(instr(*p, c, 4).b, next.a + 1);   // the element register follows the counter
}

TEST(Codegen, MinimumOfEmptyListFails) {
  IrBuilder b;
  uint32_t xs = b.inputField("xs", b.listOf(b.tInt));
  uint32_t r = b.rule("minst", b.tInt, b.fold(ir::FoldKind::Min, b.tInt, b.input(xs), 0, b.local(0, b.tInt)));
  auto p = b.compile();
  std::vector<Op> o = ops(*p, p->rules[r].versions[0].value);
  EXPECT_NE(std::find(o.begin(), o.end(), Op::MIN_INT), o.end());
  EXPECT_NE(std::find(o.begin(), o.end(), Op::FAIL), o.end());
  EXPECT_EQ(o.back(), Op::RET);
}

TEST(Codegen, CountWithoutFilterIsListLength) {
  IrBuilder b;
  uint32_t xs = b.inputField("xs", b.listOf(b.tInt));
  uint32_t r = b.rule("antal", b.tInt, b.count(b.input(xs)));
  auto p = b.compile();
  EXPECT_EQ(ops(*p, p->rules[r].versions[0].value), (std::vector<Op>{Op::LOAD_INPUT, Op::LIST_LEN, Op::RET}));
}

TEST(Codegen, ParameterArgumentsAreConsecutive) {
  IrBuilder b;
  uint32_t n = b.inputField("n", b.tInt), m = b.inputField("m", b.tInt);
  uint32_t prm = b.parameter("tabell", b.tMoney, {{"a", b.tInt, false}, {"b", b.tInt, false}});
  auto& v = b.paramVersion(prm, date(2020, 1, 1), std::nullopt, false);
  v.constant.value = b.money(100);
  uint32_t r = b.rule("uppslag", b.tMoney, b.param(prm, {b.input(n), b.input(m)}));
  auto p = b.compile();
  uint32_t c = p->rules[r].versions[0].value;
  EXPECT_EQ(ops(*p, c), (std::vector<Op>{Op::LOAD_INPUT, Op::LOAD_INPUT, Op::LOOKUP_PARAM, Op::RET}));
  EXPECT_EQ(instr(*p, c, 0).a, 1);
  EXPECT_EQ(instr(*p, c, 1).a, 2);
  EXPECT_EQ(instr(*p, c, 2).c, 1);
  // The cell's chunk receives the two arguments in registers 0 and 1.
  const rt::Chunk& cell = p->chunks[p->params[prm].versions[0].constant.chunk];
  EXPECT_EQ(cell.argCount, 2);
  EXPECT_GE(cell.frameSize, 3);
}

TEST(Codegen, ExceptionReadsBase) {
  IrBuilder b;
  uint32_t r = b.declare("belopp", b.tMoney);
  b.version(r, b.money(500));
  b.exception(r, "höjning", b.boolean(true),
              b.binary(ExprOp::Add, b.tMoney, Domain::Money, b.base(b.tMoney), b.money(100)));
  auto p = b.compile();
  const auto& ex = p->rules[r].versions[0].exceptions[0];
  EXPECT_EQ(ops(*p, ex.value), (std::vector<Op>{Op::CALL_BASE, Op::LOAD_INT, Op::ADD_MONEY, Op::RET}));
  EXPECT_EQ(instr(*p, ex.value, 0).b, r);
}

TEST(Codegen, LargeAndRationalConstantsUseTheTable) {
  IrBuilder b;
  uint32_t r1 = b.rule("stort", b.tMoney, b.money(int64_t{1} << 40));
  uint32_t r2 = b.rule("andel", b.tPct, b.percent(1, 4));
  auto p = b.compile();
  EXPECT_EQ(ops(*p, p->rules[r1].versions[0].value), (std::vector<Op>{Op::LOAD_CONST, Op::RET}));
  EXPECT_EQ(ops(*p, p->rules[r2].versions[0].value), (std::vector<Op>{Op::LOAD_CONST, Op::RET}));
}

TEST(Codegen, SpansCarryLineAndColumn) {
  IrBuilder b;
  uint32_t x = b.inputField("x", b.tMoney);
  b.rule("kopia", b.tMoney, b.input(x));
  auto p = b.compile();
  rt::SourceSpan s = p->spanAt(p->chunks[p->rules[0].versions[0].value].begin);
  EXPECT_EQ(s.line, 10u);
  EXPECT_EQ(s.column, 5u);
  EXPECT_EQ(p->sourcePath(s), "test.regel");
}

TEST(Disassembler, ListsRulesWithNamedOperands) {
  IrBuilder b;
  uint32_t x = b.inputField("boendekostnad", b.tMoney);
  uint32_t r = b.rule("kostnad", b.tMoney, b.binary(ExprOp::Add, b.tMoney, Domain::Money, b.input(x), b.money(1012000)));
  b.branch(ir::Outcome::Bifall, ir::kNone, b.ruleRef(r));
  auto p = b.compile();
  std::string text = rt::disassemble(*p);
  EXPECT_NE(text.find("värde kostnad: belopp"), std::string::npos) << text;
  EXPECT_NE(text.find("LOAD_INPUT     r1, boendekostnad"), std::string::npos) << text;
  EXPECT_NE(text.find("ADD_MONEY      r0, r1, r2"), std::string::npos) << text;
  EXPECT_NE(text.find("CALL_RULE      r0, kostnad"), std::string::npos) << text;
  EXPECT_NE(text.find("gren 1: bifall annars"), std::string::npos) << text;
  EXPECT_NE(text.find("; 10:5"), std::string::npos) << text;
}

}  // namespace
}  // namespace regel::testing
