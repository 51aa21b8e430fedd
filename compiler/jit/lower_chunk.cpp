// Translates one verified chunk into LLVM IR. Each instruction becomes the code of its VM handler
// (vm.cpp, fast mode): arithmetic, comparisons and jumps inline; the case, rules and parameters in
// lower_case.cpp and lower_rules.cpp. Registers are allocas that mem2reg turns into SSA values.
#include "compiler/jit/chunk_lowering.h"

namespace regel::jit {
namespace lowering {

llvm::Function* ChunkLowering::run() {
  fn_ = llvm::Function::Create(chunkType(), llvm::Function::ExternalLinkage, nativeName(id_, traced_), m_);
  fn_->addFnAttr(llvm::Attribute::UWTable);
  frameless_ = frameless();
  // Nothing writes the view while a decision runs: its members may be loaded once.
  fn_->addParamAttr(1, llvm::Attribute::NoAlias);
  fn_->addParamAttr(1, llvm::Attribute::ReadOnly);
  cx_ = fn_->getArg(0);
  view_ = fn_->getArg(1);
  base_ = fn_->getArg(2);
  out_ = fn_->getArg(3);
  auto* entry = block("entry");
  b_.SetInsertPoint(entry);
  allocateFrame();
  done_ = block("done");
  code_.reserve(ch_.size);
  for (uint32_t i = 0; i < ch_.size; ++i) code_.push_back(block("instruction"));
  enterFrame();
  b_.CreateBr(code_[0]);
  for (uint32_t i = 0; i < ch_.size; ++i) {
    b_.SetInsertPoint(code_[i]);
    lower(i, p_.code[ch_.begin + i]);
  }
  b_.SetInsertPoint(done_);
  auto* exit = b_.CreateLoad(t_.i8, exit_);
  leaveFrame();
  b_.CreateRet(exit);
  return fn_;
}

// Registers start at zero (the bytecode never reads one before writing it; zero keeps LLVM from
// seeing undefined values). Arguments come from the caller's registers.
void ChunkLowering::allocateFrame() {
  exit_ = b_.CreateAlloca(t_.i8, nullptr, "exit");
  savedTop_ = b_.CreateAlloca(t_.i32, nullptr, "saved_top");
  tmp_ = b_.CreateAlloca(t_.value, nullptr, "tmp");
  tmpInt_ = b_.CreateAlloca(t_.i64, nullptr, "tmp_int");
  ruleExit_ = b_.CreateAlloca(t_.i8, nullptr, "rule_exit");
  args_ = b_.CreateAlloca(t_.value, i32(maxArity()), "args");
  regA_.resize(ch_.frameSize);
  regB_.resize(ch_.frameSize);
  for (uint32_t r = 0; r < ch_.frameSize; ++r) {
    regA_[r] = b_.CreateAlloca(t_.i64);
    regB_[r] = b_.CreateAlloca(t_.i64);
  }
}

// Whether the chunk keeps nothing on the register stack: no arguments come in and no parameter
// lookup puts its arguments there. Its registers are SSA values, so it pushes no frame; callees
// start where it would have started. Only the depth, which bounds nesting, is counted as the VM
// counts it.
bool ChunkLowering::frameless() const {
  if (ch_.argCount > 0) return false;
  for (uint32_t i = 0; i < ch_.size; ++i) {
    if (p_.code[ch_.begin + i].op == Op::LOOKUP_PARAM) return false;
  }
  return true;
}

// The VM's frame protocol (regel_native_enter), inline while no limit is near: the depth guard,
// the frame pushed on the register stack. Near a limit the runtime does it, or fails.
void ChunkLowering::enterFrame() {
  auto* depthPtr = viewMember(offsetof(NativeView, depth), ptrTo(t_.i32));
  auto* topPtr = viewMember(offsetof(NativeView, top), ptrTo(t_.i32));
  auto* depth = b_.CreateLoad(t_.i32, depthPtr);
  auto* need = b_.CreateAdd(b_.CreateZExt(base_, t_.i64), i64(ch_.frameSize));
  llvm::Value* fits = b_.CreateICmpULT(depth, i32(rt::vm::kMaxDepth));
  if (!frameless_) {
    auto* capacity = b_.CreateZExt(b_.CreateLoad(t_.i32, viewMember(offsetof(NativeView, registerCount), ptrTo(t_.i32))), t_.i64);
    fits = b_.CreateAnd(fits, b_.CreateICmpULE(need, capacity));
  }
  auto* inline_ = block("enter_inline");
  auto* call = block("enter_call");
  auto* refused = block("refused");
  auto* body = block("body");
  b_.CreateCondBr(fits, inline_, call, likely());
  b_.SetInsertPoint(inline_);
  b_.CreateStore(b_.CreateAdd(depth, i32(1)), depthPtr);
  if (!frameless_) {
    b_.CreateStore(b_.CreateLoad(t_.i32, topPtr), savedTop_);
    b_.CreateStore(b_.CreateTrunc(need, t_.i32), topPtr);
  }
  b_.CreateBr(body);
  // A frameless chunk gets here only beyond the depth limit: the runtime raises the error.
  b_.SetInsertPoint(call);
  auto* entered = b_.CreateCall(abi_[AbiFn::regel_native_enter], {cx_, i32(id_), base_, savedTop_});
  b_.CreateCondBr(b_.CreateICmpEQ(entered, i8(0)), body, refused, likely());
  b_.SetInsertPoint(refused);
  b_.CreateRet(entered);
  b_.SetInsertPoint(body);
  if (ch_.argCount > 0) b_.CreateCall(abi_[AbiFn::regel_native_arguments], {cx_, base_, i32(ch_.argCount), args_});
  for (uint32_t r = 0; r < ch_.frameSize; ++r) {
    if (r < ch_.argCount) {
      setReg(r, loadHalf(args_, r, 0), loadHalf(args_, r, 1));
    } else {
      setReg(r, i64(0), i64(0));
    }
  }
}

// The frame pop of the VM (execute's end), inline: the depth back, and the register stack top.
void ChunkLowering::leaveFrame() {
  auto* depthPtr = viewMember(offsetof(NativeView, depth), ptrTo(t_.i32));
  if (!frameless_) b_.CreateStore(b_.CreateLoad(t_.i32, savedTop_), viewMember(offsetof(NativeView, top), ptrTo(t_.i32)));
  b_.CreateStore(b_.CreateSub(b_.CreateLoad(t_.i32, depthPtr), i32(1)), depthPtr);
}

// Exact rationals and rounding: the runtime computes, the native code checks the ArithError.
void ChunkLowering::lowerRational(uint32_t i, const Instr& in) {
  const uint32_t pc = ch_.begin + i;
  switch (in.op) {
    case Op::ADD_RAT:
    case Op::SUB_RAT:
    case Op::MUL_RAT:
    case Op::DIV_RAT: {
      using rt::vm::RatOp;
      const RatOp op = in.op == Op::ADD_RAT   ? RatOp::Add
                       : in.op == Op::SUB_RAT ? RatOp::Sub
                       : in.op == Op::MUL_RAT ? RatOp::Mul
                                              : RatOp::Div;
      continueIfExact(call(AbiFn::regel_native_rat_binary,
                           {i32(static_cast<uint32_t>(op)), regA(in.b), regB(in.b), regA(in.c), regB(in.c), tmp_}), pc);
      setFromTmp(in.a);
      break;
    }
    case Op::NEG_RAT:
      continueIfExact(call(AbiFn::regel_native_rat_neg, {regA(in.b), regB(in.b), tmp_}), pc);
      setFromTmp(in.a);
      break;
    case Op::ROUND_KRONOR:
    case Op::ROUND_ORE:
      continueIfExact(call(AbiFn::regel_native_round_to_step,
                           {regA(in.b), regB(in.b), i32(in.c), i64(in.op == Op::ROUND_KRONOR ? 100 : 1), tmpInt_}), pc);
      setInt(in.a, b_.CreateLoad(t_.i64, tmpInt_));
      break;
    case Op::ROUND_INT:
      continueIfExact(call(AbiFn::regel_native_round_int, {regA(in.b), regB(in.b), i32(in.c), tmpInt_}), pc);
      setInt(in.a, b_.CreateLoad(t_.i64, tmpInt_));
      break;
    default: break;
  }
  next(i);
}

void ChunkLowering::lower(uint32_t i, const Instr& in) {
  using llvm::Intrinsic::sadd_with_overflow;
  using llvm::Intrinsic::smul_with_overflow;
  using llvm::Intrinsic::ssub_with_overflow;
  const uint32_t pc = ch_.begin + i;
  switch (in.op) {
    case Op::NOP: next(i); return;
    case Op::MOVE: setReg(in.a, regA(in.b), regB(in.b)); next(i); return;
    case Op::LOAD_CONST: {
      const rt::Value k = p_.constants[in.b];
      setReg(in.a, i64(k.a), i64(k.b));
      next(i);
      return;
    }
    case Op::LOAD_INT: setInt(in.a, i64(static_cast<int32_t>(in.b))); next(i); return;
    case Op::LOAD_INPUT:
    case Op::GET_FIELD:
    case Op::PRESENT_INPUT:
    case Op::PRESENT_FIELD:
    case Op::DECISION_DATE:
    case Op::CALL_RULE:
    case Op::CALL_BASE:
    case Op::CALL_RULE_ITEM:
    case Op::CALL_BASE_ITEM:
    case Op::LOOKUP_PARAM:
    case Op::LIST_LEN:
    case Op::LIST_GET: lowerCall(i, in); return;
    case Op::ADD_INT:
    case Op::ADD_MONEY: setInt(in.a, checked(sadd_with_overflow, regA(in.b), regA(in.c), pc)); next(i); return;
    case Op::SUB_INT:
    case Op::SUB_MONEY: setInt(in.a, checked(ssub_with_overflow, regA(in.b), regA(in.c), pc)); next(i); return;
    case Op::MUL_INT:
    case Op::MUL_MONEY_INT: setInt(in.a, checked(smul_with_overflow, regA(in.b), regA(in.c), pc)); next(i); return;
    case Op::NEG_INT:
    case Op::NEG_MONEY: setInt(in.a, checked(ssub_with_overflow, i64(0), regA(in.b), pc)); next(i); return;
    case Op::ADDI_INT:
      setInt(in.a, checked(sadd_with_overflow, regA(in.b), i64(static_cast<int32_t>(in.c)), pc));
      next(i);
      return;
    case Op::ADD_RAT:
    case Op::SUB_RAT:
    case Op::MUL_RAT:
    case Op::DIV_RAT:
    case Op::NEG_RAT:
    case Op::ROUND_KRONOR:
    case Op::ROUND_ORE:
    case Op::ROUND_INT: lowerRational(i, in); return;
    case Op::INT_TO_RAT:
    case Op::MONEY_TO_RAT: setReg(in.a, regA(in.b), i64(1)); next(i); return;
    case Op::EQ_INT: setBool(in.a, b_.CreateICmpEQ(regA(in.b), regA(in.c))); next(i); return;
    case Op::NE_INT: setBool(in.a, b_.CreateICmpNE(regA(in.b), regA(in.c))); next(i); return;
    case Op::LT_INT: setBool(in.a, b_.CreateICmpSLT(regA(in.b), regA(in.c))); next(i); return;
    case Op::LE_INT: setBool(in.a, b_.CreateICmpSLE(regA(in.b), regA(in.c))); next(i); return;
    case Op::EQ_RAT:
    case Op::NE_RAT: {
      auto* same = b_.CreateAnd(b_.CreateICmpEQ(regA(in.b), regA(in.c)), b_.CreateICmpEQ(regB(in.b), regB(in.c)));
      setBool(in.a, in.op == Op::EQ_RAT ? same : b_.CreateNot(same));
      next(i);
      return;
    }
    case Op::LT_RAT: setBool(in.a, b_.CreateICmpSLT(ratCompare(in.b, in.c), i32(0))); next(i); return;
    case Op::LE_RAT: setBool(in.a, b_.CreateICmpSLE(ratCompare(in.b, in.c), i32(0))); next(i); return;
    case Op::EQ_TEXT:
    case Op::NE_TEXT: {
      auto* eq = call(AbiFn::regel_native_text_equal, {cx_, regA(in.b), regB(in.b), regA(in.c), regB(in.c)});
      setBool(in.a, in.op == Op::EQ_TEXT ? b_.CreateICmpNE(eq, i8(0)) : b_.CreateICmpEQ(eq, i8(0)));
      next(i);
      return;
    }
    case Op::NOT: setBool(in.a, b_.CreateICmpEQ(regA(in.b), i64(0))); next(i); return;
    case Op::MIN_INT: select(in.a, b_.CreateICmpSLE(regA(in.b), regA(in.c)), in.b, in.c); next(i); return;
    case Op::MAX_INT: select(in.a, b_.CreateICmpSGE(regA(in.b), regA(in.c)), in.b, in.c); next(i); return;
    case Op::MIN_RAT: select(in.a, b_.CreateICmpSLE(ratCompare(in.b, in.c), i32(0)), in.b, in.c); next(i); return;
    case Op::MAX_RAT: select(in.a, b_.CreateICmpSLE(ratCompare(in.c, in.b), i32(0)), in.b, in.c); next(i); return;
    case Op::YEAR_OF_DATE: setInt(in.a, call(AbiFn::regel_native_year_of_date, {regA(in.b)})); next(i); return;
    case Op::YEAR_OF_MONTH: setInt(in.a, call(AbiFn::regel_native_year_of_month, {regA(in.b)})); next(i); return;
    case Op::MONTH_OF_DATE: setInt(in.a, call(AbiFn::regel_native_month_of_date, {regA(in.b)})); next(i); return;
    case Op::DAY_OF_DATE:
    case Op::MONTH_NUMBER:
    case Op::FIRST_DAY:
    case Op::LAST_DAY:
      setInt(in.a, call(AbiFn::regel_native_calendar_unary, {i32(static_cast<uint32_t>(in.op)), regA(in.b)}));
      next(i);
      return;
    case Op::MAKE_MONTH:
    case Op::MAKE_DATE:
    case Op::ADD_DAYS:
    case Op::ADD_MONTHS_DATE:
    case Op::ADD_MONTHS:
    case Op::MONTHS_BETWEEN:
    case Op::YEARS_BETWEEN:
      continueIfOk(call(AbiFn::regel_native_calendar_binary,
                        {cx_, i32(static_cast<uint32_t>(in.op)), regA(in.b), regA(in.c), i32(pc), tmpInt_}));
      setInt(in.a, b_.CreateLoad(t_.i64, tmpInt_));
      next(i);
      return;
    case Op::LIST_NEXT: lowerListNext(i, in); return;
    case Op::JMP: b_.CreateBr(code_[in.a]); return;
    // The fast mode never speculates: an om is a conditional jump, its join nothing.
    case Op::OM_ELSE: b_.CreateBr(code_[in.b]); return;
    case Op::OM_JOIN: next(i); return;
    case Op::JMP_IF:
    case Op::LOGIC_JMP_IF: b_.CreateCondBr(b_.CreateICmpNE(regA(in.a), i64(0)), code_[in.b], code_[i + 1]); return;
    case Op::JMP_IFNOT:
    case Op::OM_IF:
    case Op::LOGIC_JMP_IFNOT:
      b_.CreateCondBr(b_.CreateICmpEQ(regA(in.a), i64(0)), code_[in.b], code_[i + 1]);
      return;
    case Op::AND_BOOL:
      setBool(in.a, b_.CreateAnd(b_.CreateICmpNE(regA(in.b), i64(0)), b_.CreateICmpNE(regA(in.c), i64(0))));
      next(i);
      return;
    case Op::OR_BOOL:
      setBool(in.a, b_.CreateOr(b_.CreateICmpNE(regA(in.b), i64(0)), b_.CreateICmpNE(regA(in.c), i64(0))));
      next(i);
      return;
    case Op::POISON_WITH: next(i); return;  // native code runs the fast mode only: never poisoned
    case Op::FAIL: finish(call(AbiFn::regel_native_fail, {cx_, i32(in.a), i32(in.b), i32(pc)})); return;
    case Op::RET:
      b_.CreateStore(regA(in.a), half(out_, 0, 0));
      b_.CreateStore(regB(in.a), half(out_, 0, 1));
      finish(i8(0));
      return;
  }
}

}  // namespace lowering

bool lowerable(const rt::Program& program, uint32_t chunk) {
  const rt::Chunk& ch = program.chunks[chunk];
  return ch.frameSize <= kMaxNativeFrame && ch.size <= kMaxNativeInstructions;
}

std::string nativeName(uint32_t chunk, bool traced) {
  return "regel_chunk_" + std::to_string(chunk) + (traced ? "_traced" : "");
}

llvm::Function* lowerChunk(const rt::Program& program, const ProgramTables& tables, uint32_t chunk, bool traced,
                           llvm::Module& module, const AbiTypes& types, const Abi& abi) {
  return lowering::ChunkLowering(program, tables, chunk, traced, module, types, abi).run();
}

}  // namespace regel::jit
