// Expression → bytecode: stack-like register allocation, short-circuit logic with jumps, and
// aggregates as loops over a counter and an element register.
#include "compiler/bytecode/chunk_compiler.h"

#include <optional>

#include "runtime/program/runtime_errors.h"

namespace regel::bytecode {

using ir::Domain;
using ir::ExprOp;
using rt::Op;

// ---- the program builder -----------------------------------------------------------------------

rt::SourceSpan ProgramBuilder::span(diag::Span s) const {
  rt::SourceSpan out{s.file, s.begin, s.end, 0, 0};
  if (s.file < sources_.size()) {
    diag::LineColumn lc = sources_.file(s.file).position(s.begin);
    out.line = lc.line;
    out.column = lc.column;
  }
  return out;
}

uint32_t ProgramBuilder::spanIndex(diag::Span s) {
  auto key = std::make_tuple(s.file, s.begin, s.end);
  auto it = spanIds_.find(key);
  if (it != spanIds_.end()) return it->second;
  uint32_t id = static_cast<uint32_t>(program_.spans.size());
  program_.spans.push_back(span(s));
  spanIds_.emplace(key, id);
  return id;
}

uint32_t ProgramBuilder::extraConstant(rt::TypeId type, rt::Value v) {
  for (size_t i = module_.constants.size(); i < program_.constants.size(); ++i) {
    if (program_.constantTypes[i] == type && program_.constants[i] == v) return static_cast<uint32_t>(i);
  }
  program_.constants.push_back(v);
  program_.constantTypes.push_back(type);
  return static_cast<uint32_t>(program_.constants.size() - 1);
}

uint32_t ProgramBuilder::addChunk(const std::vector<rt::Instr>& code, const std::vector<diag::Span>& spans,
                                  uint32_t frameSize, uint32_t argCount) {
  rt::Chunk c;
  c.begin = static_cast<uint32_t>(program_.code.size());
  c.size = static_cast<uint32_t>(code.size());
  c.frameSize = frameSize;
  c.argCount = argCount;
  program_.code.insert(program_.code.end(), code.begin(), code.end());
  for (const auto& s : spans) program_.codeSpans.push_back(spanIndex(s));
  program_.chunks.push_back(c);
  return static_cast<uint32_t>(program_.chunks.size() - 1);
}

// ---- chunks ------------------------------------------------------------------------------------

ChunkCompiler::ChunkCompiler(ProgramBuilder& pb, uint32_t rule, uint32_t args)
    : pb_(pb), rule_(rule), argCount_(args), next_(args), max_(args) {
  localReg_.assign(args, -1);
  for (uint32_t i = 0; i < args; ++i) localReg_[i] = i;
}

void ChunkCompiler::fail(const std::string& what) {
  if (pb_.error.empty()) pb_.error = what;
}

uint32_t ChunkCompiler::compile(ir::ExprId expr) {
  if (expr == ir::kNone || expr >= pb_.module().exprs.size()) {
    fail("ett uttryck saknas i IR");
    return rt::kNoChunk;
  }
  uint32_t r = alloc();
  into(expr, r);
  emit(Op::RET, r, 0, 0, node(expr).span);
  // Jump targets live in operand a (24 bits) in some instructions; registers are fewer still.
  if (code_.size() > rt::kMaxOperandA) fail("ett uttryck ger för mycket bytekod (över 16 777 215 instruktioner)");
  if (max_ > rt::kMaxFrameRegisters) fail("ett uttryck behöver för många register (över 65 536)");
  return pb_.addChunk(code_, spans_, max_, argCount_);
}

uint32_t ChunkCompiler::alloc() {
  uint32_t r = next_++;
  if (next_ > max_) max_ = next_;
  return static_cast<uint32_t>(r);
}

size_t ChunkCompiler::emit(Op op, uint32_t a, uint32_t b, uint32_t c, Span span) {
  // Operand a is 24 bits (b and c are 32): a register or jump target beyond that must not be
  // truncated silently into a wrong one.
  if (a > rt::kMaxOperandA) {
    fail("en operand i bytekoden är över 16 777 215 (för många register eller instruktioner)");
  }
  code_.push_back(rt::Instr{op, a & rt::kMaxOperandA, b, c});
  spans_.push_back(span);
  return code_.size() - 1;
}

size_t ChunkCompiler::emitWide(Op op, uint32_t a, uint32_t wide, Span span) { return emit(op, a, wide, 0, span); }

void ChunkCompiler::patch(size_t at, uint32_t target) {
  rt::Instr& in = code_[at];
  switch (in.op) {
    case Op::JMP:
      if (target > rt::kMaxOperandA) fail("ett uttryck ger för mycket bytekod (över 16 777 215 instruktioner)");
      in.a = target & rt::kMaxOperandA;
      break;
    case Op::JMP_IF:
    case Op::JMP_IFNOT:
    case Op::OM_IF:
    case Op::OM_ELSE:
    case Op::LOGIC_JMP_IF:
    case Op::LOGIC_JMP_IFNOT: in.b = target; break;
    case Op::LIST_NEXT: in.c = target; break;
    default: fail("intern: hopp till en instruktion som inte hoppar"); break;
  }
}

uint32_t ChunkCompiler::any(ir::ExprId id) {
  const ir::Expr& e = node(id);
  if (e.op == ExprOp::Local && e.imm < localReg_.size() && localReg_[e.imm] >= 0) {
    return static_cast<uint32_t>(localReg_[e.imm]);
  }
  uint32_t r = alloc();
  into(id, r);
  return r;
}

void ChunkCompiler::into(ir::ExprId id, uint32_t t) {
  const ir::Expr& e = node(id);
  const uint32_t mark = next_;
  switch (e.op) {
    case ExprOp::Const: loadConst(e, t); break;
    case ExprOp::Input: emit(Op::LOAD_INPUT, t, e.imm, 0, e.span); break;
    case ExprOp::Local:
      if (e.imm >= localReg_.size() || localReg_[e.imm] < 0) {
        fail("intern: en lokal variabel används utanför sin räckvidd");
      } else if (static_cast<uint32_t>(localReg_[e.imm]) != t) {
        emit(Op::MOVE, t, static_cast<uint32_t>(localReg_[e.imm]), 0, e.span);
      }
      break;
    case ExprOp::Rule: emit(Op::CALL_RULE, t, e.imm, 0, e.span); break;
    case ExprOp::RuleItem: emit(Op::CALL_RULE_ITEM, t, e.imm, any(e.a), e.span); break;
    case ExprOp::Base:
      if (rule_ == ir::kNone) {
        fail("intern: 'bas' utanför ett undantag");
      } else if (pb_.module().rules[rule_].perItem()) {
        // The element of a definition per element is the chunk's argument, register 0.
        emit(Op::CALL_BASE_ITEM, t, rule_, 0, e.span);
      } else {
        emit(Op::CALL_BASE, t, rule_, 0, e.span);
      }
      break;
    case ExprOp::Param: param(e, t); break;
    case ExprOp::DecisionDate: emit(Op::DECISION_DATE, t, 0, 0, e.span); break;
    case ExprOp::Field: emit(Op::GET_FIELD, t, any(e.a), e.imm, e.span); break;
    case ExprOp::Present: present(e, t); break;
    case ExprOp::Neg:
    case ExprOp::IntToRat:
    case ExprOp::MoneyToRat:
    case ExprOp::Round:
    case ExprOp::Not:
    case ExprOp::YearOf:
    case ExprOp::MonthOfDate:
    case ExprOp::DayOf:
    case ExprOp::MonthNumber:
    case ExprOp::FirstDay:
    case ExprOp::LastDay: unary(e, t); break;
    case ExprOp::Add:
    case ExprOp::Sub:
    case ExprOp::Mul:
    case ExprOp::Div:
    case ExprOp::MulMoneyInt:
    case ExprOp::MakeMonth:
    case ExprOp::MakeDate:
    case ExprOp::AddDays:
    case ExprOp::AddMonths:
    case ExprOp::MonthsBetween:
    case ExprOp::YearsBetween: binary(e, t); break;
    case ExprOp::Compare: compare(e, t); break;
    case ExprOp::And:
    case ExprOp::Or: logic(e, t); break;
    case ExprOp::If: conditional(e, t); break;
    case ExprOp::Max:
    case ExprOp::Min: minMax(e, t); break;
    case ExprOp::Fold:
    case ExprOp::Count:
    case ExprOp::All:
    case ExprOp::Any: aggregate(e, t); break;
    case ExprOp::Rank: rank(e, t); break;
    case ExprOp::Find: find(e, t); break;
  }
  next_ = mark;
}

void ChunkCompiler::loadConst(const ir::Expr& e, uint32_t t) {
  const auto& m = pb_.module();
  if (e.imm >= m.constants.size()) {
    fail("intern: okänd konstant");
    return;
  }
  const rt::Value v = m.constants[e.imm].value;
  rt::TypeKind k = m.types[m.constants[e.imm].type].kind;
  bool scalar = k == rt::TypeKind::Integer || k == rt::TypeKind::Money || k == rt::TypeKind::Bool ||
                k == rt::TypeKind::Enum || k == rt::TypeKind::Date || k == rt::TypeKind::Month;
  // Small scalars are immediates: no constant-table load.
  if (scalar && v.b == 0 && v.a >= INT32_MIN && v.a <= INT32_MAX) {
    emitWide(Op::LOAD_INT, t, static_cast<uint32_t>(static_cast<int32_t>(v.a)), e.span);
  } else {
    emitWide(Op::LOAD_CONST, t, e.imm, e.span);
  }
}

void ChunkCompiler::param(const ir::Expr& e, uint32_t t) {
  const uint32_t n = static_cast<uint32_t>(e.args.size());
  if (n == 0) {
    emit(Op::LOOKUP_PARAM, t, e.imm, 0, e.span);
    return;
  }
  // Arguments go to consecutive registers.
  const uint32_t first = alloc();
  for (uint32_t i = 1; i < n; ++i) alloc();
  for (uint32_t i = 0; i < n; ++i) into(e.args[i], static_cast<uint32_t>(first + i));
  emit(Op::LOOKUP_PARAM, t, e.imm, first, e.span);
}

void ChunkCompiler::present(const ir::Expr& e, uint32_t t) {
  const ir::Expr& f = node(e.a);
  if (f.op == ExprOp::Input) {
    emit(Op::PRESENT_INPUT, t, f.imm, 0, e.span);
  } else if (f.op == ExprOp::Field) {
    emit(Op::PRESENT_FIELD, t, any(f.a), f.imm, e.span);
  } else {
    fail("intern: 'finns' kräver ett fält i indata");
  }
}

void ChunkCompiler::unary(const ir::Expr& e, uint32_t t) {
  const uint32_t a = any(e.a);
  Op op = Op::NOP;
  uint32_t c = 0;
  switch (e.op) {
    case ExprOp::Neg:
      op = e.domain == Domain::Rat ? Op::NEG_RAT : e.domain == Domain::Money ? Op::NEG_MONEY : Op::NEG_INT;
      break;
    case ExprOp::IntToRat: op = Op::INT_TO_RAT; break;
    case ExprOp::MoneyToRat: op = Op::MONEY_TO_RAT; break;
    case ExprOp::Round:
      op = e.imm == 100 ? Op::ROUND_KRONOR : e.imm == 1 ? Op::ROUND_ORE : e.imm == 0 ? Op::ROUND_INT : Op::NOP;
      if (op == Op::NOP) fail("intern: avrundning till ett steg som inte stöds");
      c = e.sub;
      break;
    case ExprOp::Not: op = Op::NOT; break;
    case ExprOp::YearOf: op = e.domain == Domain::Month ? Op::YEAR_OF_MONTH : Op::YEAR_OF_DATE; break;
    case ExprOp::MonthOfDate: op = Op::MONTH_OF_DATE; break;
    case ExprOp::DayOf: op = Op::DAY_OF_DATE; break;
    case ExprOp::MonthNumber: op = Op::MONTH_NUMBER; break;
    case ExprOp::FirstDay: op = Op::FIRST_DAY; break;
    case ExprOp::LastDay: op = Op::LAST_DAY; break;
    default: break;
  }
  emit(op, t, a, c, e.span);
}

void ChunkCompiler::binary(const ir::Expr& e, uint32_t t) {
  const uint32_t a = any(e.a);
  const uint32_t b = any(e.b);
  const bool rat = e.domain == Domain::Rat, money = e.domain == Domain::Money;
  Op op = Op::NOP;
  switch (e.op) {
    case ExprOp::Add: op = rat ? Op::ADD_RAT : money ? Op::ADD_MONEY : Op::ADD_INT; break;
    case ExprOp::Sub: op = rat ? Op::SUB_RAT : money ? Op::SUB_MONEY : Op::SUB_INT; break;
    case ExprOp::Mul: op = rat ? Op::MUL_RAT : Op::MUL_INT; break;
    case ExprOp::Div: op = Op::DIV_RAT; break;
    case ExprOp::MulMoneyInt: op = Op::MUL_MONEY_INT; break;
    case ExprOp::MakeMonth: op = Op::MAKE_MONTH; break;
    case ExprOp::MakeDate: op = Op::MAKE_DATE; break;
    case ExprOp::AddDays: op = Op::ADD_DAYS; break;
    case ExprOp::AddMonths: op = e.domain == Domain::Month ? Op::ADD_MONTHS : Op::ADD_MONTHS_DATE; break;
    case ExprOp::MonthsBetween: op = Op::MONTHS_BETWEEN; break;
    case ExprOp::YearsBetween: op = Op::YEARS_BETWEEN; break;
    default: break;
  }
  if (money && e.op == ExprOp::Mul) fail("intern: belopp gånger belopp");
  emit(op, t, a, b, e.span);
}

void ChunkCompiler::compare(const ir::Expr& e, uint32_t t) {
  uint32_t a = any(e.a);
  uint32_t b = any(e.b);
  const auto cmp = static_cast<ir::CompareOp>(e.sub);
  // > and >= are < and <= with the operands swapped.
  if (cmp == ir::CompareOp::Gt || cmp == ir::CompareOp::Ge) std::swap(a, b);
  const bool rat = e.domain == Domain::Rat;
  Op op = Op::NOP;
  if (e.domain == Domain::Text) {
    if (cmp == ir::CompareOp::Eq) op = Op::EQ_TEXT;
    if (cmp == ir::CompareOp::Ne) op = Op::NE_TEXT;
    if (op == Op::NOP) fail("intern: texter kan bara jämföras med = och ≠");
  } else {
    switch (cmp) {
      case ir::CompareOp::Eq: op = rat ? Op::EQ_RAT : Op::EQ_INT; break;
      case ir::CompareOp::Ne: op = rat ? Op::NE_RAT : Op::NE_INT; break;
      case ir::CompareOp::Lt:
      case ir::CompareOp::Gt: op = rat ? Op::LT_RAT : Op::LT_INT; break;
      case ir::CompareOp::Le:
      case ir::CompareOp::Ge: op = rat ? Op::LE_RAT : Op::LE_INT; break;
    }
  }
  emit(op, t, a, b, e.span);
}

void ChunkCompiler::logic(const ir::Expr& e, uint32_t t) {
  // Short circuit: the right operand is computed only when the left does not decide. When the
  // left is a missing fact the right is computed too, so that a known `nej` (och) or `ja` (eller)
  // still decides and the missing fact is not asked for in vain.
  const bool isAnd = e.op == ExprOp::And;
  into(e.a, t);
  size_t jump = emit(isAnd ? Op::LOGIC_JMP_IFNOT : Op::LOGIC_JMP_IF, t, 0, 0, e.span);
  const uint32_t right = any(e.b);
  emit(isAnd ? Op::AND_BOOL : Op::OR_BOOL, t, t, right, e.span);
  patch(jump, here());
}

ChunkCompiler::Arm ChunkCompiler::openArm(ir::ExprId cond, Span span) {
  Arm arm{};
  arm.cond = alloc();
  alloc();  // cond + 1: the speculation around this om, kept until the arms have met
  into(cond, arm.cond);
  arm.toElse = emit(Op::OM_IF, arm.cond, 0, 0, span);
  return arm;
}

void ChunkCompiler::elseArm(Arm& arm, uint32_t t, Span span) {
  arm.toEnd = emit(Op::OM_ELSE, t, 0, arm.cond, span);
  patch(arm.toElse, here());
}

void ChunkCompiler::joinArms(const Arm& arm, uint32_t t, Span span) {
  patch(arm.toEnd, here());
  emit(Op::OM_JOIN, t, arm.cond, 0, span);
}

// om … så … annars: a komplettering asks at once for everything either arm, and the code after
// the om, needs.
void ChunkCompiler::conditional(const ir::Expr& e, uint32_t t) {
  Arm arm = openArm(e.a, e.span);
  into(e.b, t);
  elseArm(arm, t, e.span);
  into(e.c, t);
  joinArms(arm, t, e.span);
}

void ChunkCompiler::minMax(const ir::Expr& e, uint32_t t) {
  const bool rat = e.domain == Domain::Rat;
  const bool isMax = e.op == ExprOp::Max;
  const Op op = rat ? (isMax ? Op::MAX_RAT : Op::MIN_RAT) : (isMax ? Op::MAX_INT : Op::MIN_INT);
  if (e.args.empty()) {
    fail("intern: max/min utan argument");
    return;
  }
  into(e.args[0], t);
  for (size_t i = 1; i < e.args.size(); ++i) {
    const uint32_t mark = next_;
    emit(op, t, t, any(e.args[i]), e.span);
    next_ = mark;
  }
}

ChunkCompiler::Loop ChunkCompiler::openLoop(const ir::Expr& e) {
  const uint32_t list = any(e.a);
  const uint32_t counter = alloc();
  const uint32_t element = alloc();  // counter + 1, as LIST_NEXT requires
  Loop loop{};
  loop.slot = e.imm;
  if (loop.slot != ir::kNone) {
    if (loop.slot >= localReg_.size()) localReg_.resize(loop.slot + 1, -1);
    loop.savedLocal = localReg_[loop.slot];
    localReg_[loop.slot] = element;
  }
  emitWide(Op::LOAD_INT, counter, static_cast<uint32_t>(-1), e.span);
  loop.head = here();
  loop.next = emit(Op::LIST_NEXT, counter, list, 0, e.span);
  return loop;
}

void ChunkCompiler::closeLoop(const Loop& loop, Span span) {
  emit(Op::JMP, loop.head, 0, 0, span);
  patch(loop.next, here());
  if (loop.slot != ir::kNone) localReg_[loop.slot] = loop.savedLocal;
}

// plats(x bland L efter …): 1 + the elements of L that come before x by the keys, and those with
// the same keys that come before x in L itself (`met` turns on at x). Each comparison is an om:
// where a key is missing the place is not known, and the loop goes on to what the other elements
// lack.
void ChunkCompiler::rank(const ir::Expr& e, uint32_t t) {
  const uint32_t mark = next_;
  const uint32_t met = alloc();
  emitWide(Op::LOAD_INT, t, 1, e.span);
  emitWide(Op::LOAD_INT, met, 0, e.span);
  ir::Expr over = e;  // openLoop takes the list from `a`
  over.a = e.b;
  Loop loop = openLoop(over);
  const uint32_t element = static_cast<uint32_t>(localReg_[e.imm]);
  const uint32_t isSelf = alloc();
  emit(Op::EQ_INT, isSelf, element, any(e.a), e.span);
  const size_t notSelf = emit(Op::JMP_IFNOT, isSelf, 0, 0, e.span);
  emitWide(Op::LOAD_INT, met, 1, e.span);
  emit(Op::JMP, loop.head, 0, 0, e.span);
  patch(notSelf, here());
  Arm before = openArm(e.c, e.span);
  emit(Op::ADDI_INT, t, t, 1, e.span);
  elseArm(before, t, e.span);
  const size_t afterX = emit(Op::JMP_IF, met, 0, 0, e.span);
  Arm same = openArm(e.args.at(0), e.span);
  emit(Op::ADDI_INT, t, t, 1, e.span);
  elseArm(same, t, e.span);
  joinArms(same, t, e.span);
  patch(afterX, here());
  joinArms(before, t, e.span);
  closeLoop(loop, e.span);
  next_ = mark;
}

// The first element of the list for which the predicate holds; none is error R0515. The test is
// an om: an element whose test needs a missing fact may be the one, so the result lacks that fact,
// and no later element can make it known.
void ChunkCompiler::find(const ir::Expr& e, uint32_t t) {
  const uint32_t mark = next_;
  const uint32_t found = alloc();
  emitWide(Op::LOAD_INT, found, 0, e.span);
  Loop loop = openLoop(e);
  const uint32_t element = static_cast<uint32_t>(localReg_[e.imm]);
  Arm is = openArm(e.c, e.span);
  emit(Op::MOVE, t, element, 0, e.span);
  emitWide(Op::LOAD_INT, found, 1, e.span);
  elseArm(is, t, e.span);
  joinArms(is, t, e.span);
  const size_t done = emit(Op::JMP_IF, found, 0, 0, e.span);
  closeLoop(loop, e.span);
  emit(Op::FAIL, static_cast<uint32_t>(rt::ErrorKind::NoSuchElement), 0, 0, e.span);
  patch(done, here());
  next_ = mark;
}

// The elements' part of an aggregate. With a `där` filter it is the så arm of an om over the
// filter (for alla and någon the annars arm gives the value that decides nothing), so that a
// filter that needs a missing fact leaves the aggregate not known, and the loop goes on to what
// the other elements lack; an error in the part counts only where the filter holds.
void ChunkCompiler::aggregate(const ir::Expr& e, uint32_t t) {
  if (e.op == ExprOp::Count && (e.c == ir::kNone || e.imm == ir::kNone)) {
    emit(Op::LIST_LEN, t, any(e.a), 0, e.span);
    return;
  }
  const bool rat = e.domain == Domain::Rat;
  const auto fold = static_cast<ir::FoldKind>(e.sub);
  const bool extreme = e.op == ExprOp::Fold && fold != ir::FoldKind::Sum;
  const bool logical = e.op == ExprOp::All || e.op == ExprOp::Any;
  uint32_t found = 0;
  // Initial value: 0 for sums and counts, ja for alla, nej for någon.
  if (e.op == ExprOp::Fold && fold == ir::FoldKind::Sum && rat) {
    emitWide(Op::LOAD_CONST, t, pb_.extraConstant(e.type, rt::Value{0, 1}), e.span);
  } else if (extreme) {
    found = alloc();
    emitWide(Op::LOAD_INT, found, 0, e.span);
  } else {
    emitWide(Op::LOAD_INT, t, e.op == ExprOp::All ? 1 : 0, e.span);
  }
  Loop loop = openLoop(e);
  const uint32_t mark = next_;
  std::optional<Arm> filter;
  if (e.c != ir::kNone) filter = openArm(e.c, node(e.c).span);
  std::vector<size_t> exits;
  if (logical) {
    // Kleene's logic over the elements: for alla, the first element known to fail decides nej
    // and ends the loop; one that holds is passed over; one that depends on a missing fact
    // poisons the result, and the loop goes on, since a later element may still decide nej (and
    // otherwise needs its facts too). någon likewise with ja.
    const bool all = e.op == ExprOp::All;
    uint32_t p = 0;
    if (filter) {
      p = alloc();
      into(e.b, p);
      elseArm(*filter, p, e.span);
      emitWide(Op::LOAD_INT, p, all ? 1 : 0, e.span);
      joinArms(*filter, p, e.span);
      filter.reset();  // its arms have met: the accumulator below is not in them
    } else {
      p = any(e.b);
    }
    emit(all ? Op::LOGIC_JMP_IF : Op::LOGIC_JMP_IFNOT, p, loop.head, 0, e.span);
    emit(all ? Op::AND_BOOL : Op::OR_BOOL, t, t, p, e.span);
    exits.push_back(emit(all ? Op::LOGIC_JMP_IFNOT : Op::LOGIC_JMP_IF, t, 0, 0, e.span));
  } else if (e.op == ExprOp::Count) {
    emit(Op::ADDI_INT, t, t, 1, e.span);
  } else if (!extreme) {
    const uint32_t v = any(e.b);
    emit(rat ? Op::ADD_RAT : e.domain == Domain::Money ? Op::ADD_MONEY : Op::ADD_INT, t, t, v, e.span);
  } else {
    const uint32_t v = any(e.b);
    const bool isMax = fold == ir::FoldKind::Max;
    const Op op = rat ? (isMax ? Op::MAX_RAT : Op::MIN_RAT) : (isMax ? Op::MAX_INT : Op::MIN_INT);
    const size_t toFirst = emit(Op::JMP_IFNOT, found, 0, 0, e.span);
    emit(op, t, t, v, e.span);
    const size_t toNext = emit(Op::JMP, 0, 0, 0, e.span);
    patch(toFirst, here());
    emit(Op::MOVE, t, v, 0, e.span);
    emitWide(Op::LOAD_INT, found, 1, e.span);
    patch(toNext, here());
  }
  if (filter) {
    // The annars arm leaves the accumulator as it was.
    elseArm(*filter, t, e.span);
    joinArms(*filter, t, e.span);
  }
  next_ = mark;
  closeLoop(loop, e.span);
  if (extreme) {
    // minsta/största of no elements has no value.
    size_t ok = emit(Op::JMP_IF, found, 0, 0, e.span);
    emit(Op::FAIL, static_cast<uint32_t>(rt::ErrorKind::EmptyList), fold == ir::FoldKind::Max ? 1 : 0, 0, e.span);
    patch(ok, here());
  }
  for (size_t x : exits) patch(x, here());
}

}  // namespace regel::bytecode
