// Translates one verified chunk into LLVM IR. Each instruction becomes the code of its VM handler
// (vm.cpp, fast mode): arithmetic, comparisons and jumps inline, everything that touches the case,
// the memo slots, the trace or exact rationals a call into the runtime (native_abi.def). Registers
// are allocas that mem2reg turns into SSA values.
#include "compiler/jit/lower_chunk.h"

#include <cstddef>
#include <type_traits>
#include <vector>

#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/Intrinsics.h>
#include <llvm/IR/MDBuilder.h>

#include "runtime/program/runtime_errors.h"
#include "runtime/vm/vm.h"

namespace regel::jit {
namespace {

using rt::Instr;
using rt::Op;
using rt::vm::NativeView;
using rt::vm::RuleSlot;

// Native code reads these by offset.
static_assert(std::is_standard_layout_v<NativeView>);
static_assert(std::is_standard_layout_v<RuleSlot>);
static_assert(std::is_standard_layout_v<rt::Value> && sizeof(rt::Value) == 16);

class ChunkLowering {
 public:
  ChunkLowering(const rt::Program& p, uint32_t chunk, bool traced, llvm::Module& m, const AbiTypes& t, const Abi& abi)
      : p_(p), id_(chunk), ch_(p.chunks[chunk]), traced_(traced), m_(m), t_(t), abi_(abi), b_(m.getContext()) {}

  llvm::Function* run() {
    auto* type = llvm::FunctionType::get(t_.i8, {t_.context, t_.context, t_.i32, t_.valuePtr}, false);
    fn_ = m_.getFunction(nativeName(id_, traced_));  // declared already where another chunk calls it
    if (fn_ == nullptr) fn_ = llvm::Function::Create(type, llvm::Function::ExternalLinkage, nativeName(id_, traced_), m_);
    fn_->addFnAttr(llvm::Attribute::UWTable);
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
    for (uint32_t i = 0; i < ch_.size; ++i) code_.push_back(block("i" + std::to_string(i)));
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

 private:
  llvm::BasicBlock* block(const std::string& name) { return llvm::BasicBlock::Create(m_.getContext(), name, fn_); }
  llvm::ConstantInt* i8(uint64_t v) { return llvm::ConstantInt::get(t_.i8, v); }
  llvm::ConstantInt* i32(uint64_t v) { return llvm::ConstantInt::get(t_.i32, v); }
  llvm::ConstantInt* i64(int64_t v) { return llvm::ConstantInt::getSigned(t_.i64, v); }

  uint32_t maxArity() const {
    uint32_t n = 1;
    for (uint32_t i = 0; i < ch_.size; ++i) {
      const Instr& in = p_.code[ch_.begin + i];
      if (in.op == Op::LOOKUP_PARAM) n = std::max(n, static_cast<uint32_t>(p_.params[in.b].args.size()));
    }
    return std::max(n, ch_.argCount);
  }

  // Registers start at zero (the bytecode never reads one before writing it; zero keeps LLVM from
  // seeing undefined values). Arguments come from the caller's registers.
  void allocateFrame() {
    exit_ = b_.CreateAlloca(t_.i8, nullptr, "exit");
    savedTop_ = b_.CreateAlloca(t_.i32, nullptr, "saved_top");
    tmp_ = b_.CreateAlloca(t_.value, nullptr, "tmp");
    tmpInt_ = b_.CreateAlloca(t_.i64, nullptr, "tmp_int");
    ruleExit_ = b_.CreateAlloca(t_.i8, nullptr, "rule_exit");
    args_ = b_.CreateAlloca(t_.value, i32(maxArity()), "args");
    regA_.resize(ch_.frameSize);
    regB_.resize(ch_.frameSize);
    for (uint32_t r = 0; r < ch_.frameSize; ++r) {
      regA_[r] = b_.CreateAlloca(t_.i64, nullptr, "r" + std::to_string(r) + "a");
      regB_[r] = b_.CreateAlloca(t_.i64, nullptr, "r" + std::to_string(r) + "b");
    }
  }

  // The VM's frame protocol (regel_native_enter), inline while no limit is near: the depth guard,
  // the frame pushed on the register stack. Near a limit the runtime does it, or fails.
  void enterFrame() {
    auto* depthPtr = viewMember(offsetof(NativeView, depth), ptrTo(t_.i32));
    auto* topPtr = viewMember(offsetof(NativeView, top), ptrTo(t_.i32));
    auto* depth = b_.CreateLoad(t_.i32, depthPtr);
    auto* need = b_.CreateAdd(b_.CreateZExt(base_, t_.i64), i64(ch_.frameSize));
    auto* capacity = b_.CreateZExt(b_.CreateLoad(t_.i32, viewMember(offsetof(NativeView, registerCount), ptrTo(t_.i32))), t_.i64);
    auto* inline_ = block("enter_inline");
    auto* call = block("enter_call");
    auto* refused = block("refused");
    auto* body = block("body");
    b_.CreateCondBr(b_.CreateAnd(b_.CreateICmpULT(depth, i32(rt::vm::kMaxDepth)), b_.CreateICmpULE(need, capacity)),
                    inline_, call, likely());
    b_.SetInsertPoint(inline_);
    b_.CreateStore(b_.CreateLoad(t_.i32, topPtr), savedTop_);
    b_.CreateStore(b_.CreateAdd(depth, i32(1)), depthPtr);
    b_.CreateStore(b_.CreateTrunc(need, t_.i32), topPtr);
    b_.CreateBr(body);
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

  // regel_native_leave, inline.
  void leaveFrame() {
    auto* depthPtr = viewMember(offsetof(NativeView, depth), ptrTo(t_.i32));
    b_.CreateStore(b_.CreateLoad(t_.i32, savedTop_), viewMember(offsetof(NativeView, top), ptrTo(t_.i32)));
    b_.CreateStore(b_.CreateSub(b_.CreateLoad(t_.i32, depthPtr), i32(1)), depthPtr);
  }

  llvm::MDNode* likely() { return llvm::MDBuilder(m_.getContext()).createBranchWeights(1000, 1); }

  llvm::Value* half(llvm::Value* valuePtr, uint32_t index, uint32_t part) {
    return b_.CreateInBoundsGEP(t_.value, valuePtr, {i32(index), i32(part)});
  }
  llvm::Value* loadHalf(llvm::Value* valuePtr, uint32_t index, uint32_t part) {
    return b_.CreateLoad(t_.i64, half(valuePtr, index, part));
  }

  llvm::Value* regA(uint32_t r) { return b_.CreateLoad(t_.i64, regA_[r]); }
  llvm::Value* regB(uint32_t r) { return b_.CreateLoad(t_.i64, regB_[r]); }
  void setReg(uint32_t r, llvm::Value* a, llvm::Value* b) {
    b_.CreateStore(a, regA_[r]);
    b_.CreateStore(b, regB_[r]);
  }
  void setInt(uint32_t r, llvm::Value* a) { setReg(r, a, i64(0)); }
  void setBool(uint32_t r, llvm::Value* bit) { setInt(r, b_.CreateZExt(bit, t_.i64)); }
  void setFromTmp(uint32_t r) { setReg(r, loadHalf(tmp_, 0, 0), loadHalf(tmp_, 0, 1)); }

  // Ends the chunk with exit code `code`.
  void finish(llvm::Value* code) {
    b_.CreateStore(code, exit_);
    b_.CreateBr(done_);
  }
  // Continues when `code` is 0 (Exit::Ok); otherwise ends the chunk with it.
  void continueIfOk(llvm::Value* code) {
    auto* ok = block("ok");
    auto* stop = block("stop");
    b_.CreateCondBr(b_.CreateICmpEQ(code, i8(0)), ok, stop, likely());
    b_.SetInsertPoint(stop);
    finish(code);
    b_.SetInsertPoint(ok);
  }
  // An ArithError from the runtime: 0 continues, anything else fails at `pc` as the VM does.
  void continueIfExact(llvm::Value* arithError, uint32_t pc) {
    auto* ok = block("exact");
    auto* stop = block("inexact");
    b_.CreateCondBr(b_.CreateICmpEQ(arithError, i8(0)), ok, stop, likely());
    b_.SetInsertPoint(stop);
    finish(b_.CreateCall(abi_[AbiFn::regel_native_arith_fail], {cx_, arithError, i32(pc)}));
    b_.SetInsertPoint(ok);
  }
  // A checked int64 operation: the result, or an overflow error at `pc`.
  llvm::Value* checked(llvm::Intrinsic::ID op, llvm::Value* x, llvm::Value* y, uint32_t pc) {
    auto* pair = b_.CreateBinaryIntrinsic(op, x, y);
    auto* ok = block("no_overflow");
    auto* stop = block("overflow");
    b_.CreateCondBr(b_.CreateExtractValue(pair, 1), stop, ok, llvm::MDBuilder(m_.getContext()).createBranchWeights(1, 1000));
    b_.SetInsertPoint(stop);
    const auto overflow = static_cast<uint32_t>(rt::ErrorKind::Overflow);
    finish(b_.CreateCall(abi_[AbiFn::regel_native_fail], {cx_, i32(overflow), i32(0), i32(pc)}));
    b_.SetInsertPoint(ok);
    return b_.CreateExtractValue(pair, 0);
  }
  llvm::Value* call(AbiFn f, std::initializer_list<llvm::Value*> args) { return b_.CreateCall(abi_[f], args); }
  llvm::Value* ratCompare(uint32_t x, uint32_t y) {
    return call(AbiFn::regel_native_rat_compare, {regA(x), regB(x), regA(y), regB(y)});
  }
  void select(uint32_t dst, llvm::Value* takeX, uint32_t x, uint32_t y) {
    setReg(dst, b_.CreateSelect(takeX, regA(x), regA(y)), b_.CreateSelect(takeX, regB(x), regB(y)));
  }
  void next(uint32_t i) { b_.CreateBr(code_[i + 1]); }

  // ---- direct reads of the case and the memo slots (NativeView) ----
  llvm::PointerType* ptrTo(llvm::Type* t) { return llvm::PointerType::getUnqual(t); }
  llvm::Value* byteAddress(llvm::Value* base, uint64_t offset, llvm::Type* type) {
    return b_.CreateBitCast(b_.CreateConstInBoundsGEP1_64(t_.i8, b_.CreateBitCast(base, ptrTo(t_.i8)), offset), ptrTo(type));
  }
  llvm::Value* viewMember(size_t offset, llvm::Type* type) { return b_.CreateLoad(type, byteAddress(view_, offset, type)); }
  llvm::Value* at(llvm::Type* type, llvm::Value* array, llvm::Value* index) {
    return b_.CreateLoad(type, b_.CreateInBoundsGEP(type, array, index));
  }
  llvm::Value* valueHalf(llvm::Value* values, llvm::Value* index, uint32_t part) {
    return b_.CreateLoad(t_.i64, b_.CreateInBoundsGEP(t_.value, values, {index, i32(part)}));
  }
  // Continues in a new block when `cond` holds; otherwise goes to `slow`.
  void guard(llvm::Value* cond, llvm::BasicBlock* slow) {
    auto* fast = block("fast");
    b_.CreateCondBr(cond, fast, slow, likely());
    b_.SetInsertPoint(fast);
  }
  llvm::Value* records() { return viewMember(offsetof(NativeView, records), t_.i64); }
  llvm::Value* lists() { return viewMember(offsetof(NativeView, lists), t_.i64); }
  llvm::Value* listSize(llvm::Value* list) { return at(t_.i64, viewMember(offsetof(NativeView, sizes), ptrTo(t_.i64)), list); }
  llvm::Value* listElements(llvm::Value* list) {
    return at(t_.valuePtr, viewMember(offsetof(NativeView, elements), ptrTo(t_.valuePtr)), list);
  }
  // The field of a record, or Abort when the case does not give it.
  void loadRecordField(uint32_t dst, llvm::Value* record, uint32_t field) {
    auto* present = at(ptrTo(t_.i8), viewMember(offsetof(NativeView, present), ptrTo(ptrTo(t_.i8))), record);
    continueIfOk(b_.CreateSelect(b_.CreateICmpEQ(at(t_.i8, present, i64(field)), i8(0)),
                                 i8(static_cast<uint8_t>(rt::vm::Exit::Abort)), i8(0)));
    auto* fields = at(t_.valuePtr, viewMember(offsetof(NativeView, fields), ptrTo(t_.valuePtr)), record);
    setReg(dst, valueHalf(fields, i64(field), 0), valueHalf(fields, i64(field), 1));
  }
  void inlineLoadInput(uint32_t i, const Instr& in);
  void inlineGetField(uint32_t i, const Instr& in);
  void inlineCallRule(uint32_t i, const Instr& in);
  std::vector<std::pair<uint32_t, llvm::Function*>> compiledVersions(uint32_t rule);
  llvm::Function* nativeFunction(uint32_t chunk);
  void resetSlot(llvm::Value* slot, llvm::Value* epoch);
  void inlineList(uint32_t i, const Instr& in);
  void lowerListNext(uint32_t i, const Instr& in);

  void lower(uint32_t i, const Instr& in);
  void lowerCall(uint32_t i, const Instr& in);
  void callRuntime(uint32_t i, const Instr& in);
  void lowerRational(uint32_t i, const Instr& in);

  const rt::Program& p_;
  const uint32_t id_;
  const rt::Chunk& ch_;
  const bool traced_;
  llvm::Module& m_;
  const AbiTypes& t_;
  const Abi& abi_;
  llvm::IRBuilder<> b_;
  llvm::Function* fn_ = nullptr;
  llvm::Value* cx_ = nullptr;
  llvm::Value* view_ = nullptr;
  llvm::Value* base_ = nullptr;
  llvm::Value* out_ = nullptr;
  llvm::AllocaInst* exit_ = nullptr;
  llvm::AllocaInst* savedTop_ = nullptr;
  llvm::AllocaInst* tmp_ = nullptr;
  llvm::AllocaInst* tmpInt_ = nullptr;
  llvm::AllocaInst* ruleExit_ = nullptr;
  llvm::AllocaInst* args_ = nullptr;
  std::vector<llvm::AllocaInst*> regA_, regB_;
  std::vector<llvm::BasicBlock*> code_;
  llvm::BasicBlock* done_ = nullptr;
};

// Instructions that read the case or call rules and parameters: the common cases inline (reads
// through the NativeView, memo hits), everything else (errors, the trace, evaluating a rule) a
// call into the runtime.
void ChunkLowering::lowerCall(uint32_t i, const Instr& in) {
  if (!traced_ && in.op == Op::LOAD_INPUT) return inlineLoadInput(i, in);
  if (!traced_ && in.op == Op::GET_FIELD) return inlineGetField(i, in);
  if (!traced_ && in.op == Op::CALL_RULE) return inlineCallRule(i, in);
  if (in.op == Op::LIST_LEN || in.op == Op::LIST_GET) return inlineList(i, in);
  callRuntime(i, in);
  next(i);
}

void ChunkLowering::inlineLoadInput(uint32_t i, const Instr& in) {
  loadRecordField(in.a, i64(0), in.b);
  next(i);
}

void ChunkLowering::inlineGetField(uint32_t i, const Instr& in) {
  auto* slow = block("slow");
  auto* record = regA(in.b);
  guard(b_.CreateICmpULT(record, records()), slow);
  auto* count = at(t_.i32, viewMember(offsetof(NativeView, fieldCounts), ptrTo(t_.i32)), record);
  guard(b_.CreateICmpULT(i32(in.c), count), slow);
  loadRecordField(in.a, record, in.c);
  next(i);
  b_.SetInsertPoint(slow);
  callRuntime(i, in);
  next(i);
}

// CALL_RULE, untraced: a memo hit reads the slot; a miss runs evalRule's protocol inline (reset a
// stale slot, pick the version, mark it running, call the version's native value chunk directly,
// memoise the result), so LLVM may inline one rule into the next. Rules with exceptions, a
// version not compiled, a cycle or an earlier failure take the runtime's evalRule.
void ChunkLowering::inlineCallRule(uint32_t i, const Instr& in) {
  using rt::vm::Memo;
  auto* slow = block("slow");
  auto* miss = block("memo_miss");
  auto* slot = b_.CreateConstInBoundsGEP1_64(t_.i8, viewMember(offsetof(NativeView, ruleSlots), ptrTo(t_.i8)),
                                             uint64_t{in.b} * sizeof(RuleSlot));
  auto* epoch = b_.CreateLoad(t_.i32, viewMember(offsetof(NativeView, epoch), ptrTo(t_.i32)));
  auto* epochPtr = byteAddress(slot, offsetof(RuleSlot, epoch), t_.i32);
  auto* statePtr = byteAddress(slot, offsetof(RuleSlot, state), t_.i8);
  auto* value = byteAddress(slot, offsetof(RuleSlot, value), t_.value);
  auto* current = b_.CreateICmpEQ(b_.CreateLoad(t_.i32, epochPtr), epoch);
  auto* done = b_.CreateICmpEQ(b_.CreateLoad(t_.i8, statePtr), i8(static_cast<uint8_t>(Memo::Done)));
  auto* hit = block("memo_hit");
  b_.CreateCondBr(b_.CreateAnd(current, done), hit, miss, likely());
  b_.SetInsertPoint(hit);
  setReg(in.a, loadHalf(value, 0, 0), loadHalf(value, 0, 1));
  next(i);

  b_.SetInsertPoint(miss);
  std::vector<std::pair<uint32_t, llvm::Function*>> versions = compiledVersions(in.b);
  if (versions.empty()) {
    b_.CreateBr(slow);
  } else {
    // Context::rule(): a slot of an older decision starts afresh.
    auto* reset = block("memo_reset");
    auto* fresh = block("memo_fresh");
    b_.CreateCondBr(current, fresh, reset);
    b_.SetInsertPoint(reset);
    resetSlot(slot, epoch);
    b_.CreateBr(fresh);
    b_.SetInsertPoint(fresh);
    guard(b_.CreateICmpEQ(b_.CreateLoad(t_.i8, statePtr), i8(static_cast<uint8_t>(Memo::Unset))), slow);
    const rt::RuleInfo& rule = p_.rules[in.b];
    const bool undated = rule.versions.size() == 1 && !rule.versions[0].from && !rule.versions[0].to;
    auto* ran = block("rule_ran");
    auto* runExit = ruleExit_;
    auto run = [&](llvm::Function* f) {
      b_.CreateStore(i8(static_cast<uint8_t>(Memo::Running)), statePtr);
      auto* top = b_.CreateLoad(t_.i32, viewMember(offsetof(NativeView, top), ptrTo(t_.i32)));
      b_.CreateStore(b_.CreateCall(f, {cx_, view_, top, tmp_}), runExit);
      b_.CreateBr(ran);
    };
    if (undated) {
      run(versions.front().second);
    } else {
      auto* v = call(AbiFn::regel_native_rule_version, {cx_, i32(in.b)});
      auto* sw = b_.CreateSwitch(v, slow, static_cast<unsigned>(versions.size()));
      for (const auto& [index, f] : versions) {
        auto* at = block("rule_version");
        sw->addCase(i32(index), at);
        b_.SetInsertPoint(at);
        run(f);
      }
    }
    // evalRule's ending: Done with the value, Unset after an abort, Failed after an error.
    b_.SetInsertPoint(ran);
    auto* e = b_.CreateLoad(t_.i8, runExit);
    auto* ok = block("rule_ok");
    auto* notOk = block("rule_not_ok");
    b_.CreateCondBr(b_.CreateICmpEQ(e, i8(0)), ok, notOk, likely());
    b_.SetInsertPoint(notOk);
    auto* aborted = b_.CreateICmpEQ(e, i8(static_cast<uint8_t>(rt::vm::Exit::Abort)));
    b_.CreateStore(b_.CreateSelect(aborted, i8(static_cast<uint8_t>(Memo::Unset)), i8(static_cast<uint8_t>(Memo::Failed))),
                   statePtr);
    finish(e);
    b_.SetInsertPoint(ok);
    auto* a = loadHalf(tmp_, 0, 0);
    auto* bHalf = loadHalf(tmp_, 0, 1);
    b_.CreateStore(i8(static_cast<uint8_t>(Memo::Done)), statePtr);
    b_.CreateStore(a, half(value, 0, 0));
    b_.CreateStore(bHalf, half(value, 0, 1));
    setReg(in.a, a, bHalf);
    next(i);
  }

  b_.SetInsertPoint(slow);
  callRuntime(i, in);
  next(i);
}

// The versions of a rule whose value native code can call directly: no exceptions, value compiled.
std::vector<std::pair<uint32_t, llvm::Function*>> ChunkLowering::compiledVersions(uint32_t rule) {
  std::vector<std::pair<uint32_t, llvm::Function*>> out;
  const auto& versions = p_.rules[rule].versions;
  for (uint32_t v = 0; v < versions.size(); ++v) {
    const uint32_t chunk = versions[v].value;
    if (!versions[v].exceptions.empty() || chunk >= p_.chunks.size() || !lowerable(p_, chunk)) continue;
    out.emplace_back(v, nativeFunction(chunk));
  }
  return out;
}

// The untraced native function of `chunk`, declared if it is not defined yet.
llvm::Function* ChunkLowering::nativeFunction(uint32_t chunk) {
  const std::string name = nativeName(chunk, false);
  if (llvm::Function* f = m_.getFunction(name)) return f;
  auto* type = llvm::FunctionType::get(t_.i8, {t_.context, t_.context, t_.i32, t_.valuePtr}, false);
  return llvm::Function::Create(type, llvm::Function::ExternalLinkage, name, m_);
}

// What Context::rule() writes into a slot of an older decision: RuleSlot{} of this epoch.
void ChunkLowering::resetSlot(llvm::Value* slot, llvm::Value* epoch) {
  static_assert(sizeof(RuleSlot) == 56, "a member was added to RuleSlot: reset it here too");
  using rt::vm::Memo;
  b_.CreateStore(epoch, byteAddress(slot, offsetof(RuleSlot, epoch), t_.i32));
  b_.CreateStore(i8(static_cast<uint8_t>(Memo::Unset)), byteAddress(slot, offsetof(RuleSlot, state), t_.i8));
  b_.CreateStore(i8(static_cast<uint8_t>(Memo::Unset)), byteAddress(slot, offsetof(RuleSlot, baseState), t_.i8));
  b_.CreateStore(i8(0), byteAddress(slot, offsetof(RuleSlot, poison), t_.i8));
  b_.CreateStore(i8(0), byteAddress(slot, offsetof(RuleSlot, basePoison), t_.i8));
  b_.CreateStore(i32(rt::kNoNode), byteAddress(slot, offsetof(RuleSlot, node), t_.i32));
  b_.CreateStore(i32(static_cast<uint32_t>(-1)), byteAddress(slot, offsetof(RuleSlot, chosen), t_.i32));
  b_.CreateStore(i32(rt::kNoNode), byteAddress(slot, offsetof(RuleSlot, chosenNode), t_.i32));
  for (size_t member : {offsetof(RuleSlot, value), offsetof(RuleSlot, base)}) {
    b_.CreateStore(i64(0), byteAddress(slot, member, t_.i64));
    b_.CreateStore(i64(0), byteAddress(slot, member + 8, t_.i64));
  }
}

void ChunkLowering::inlineList(uint32_t i, const Instr& in) {
  auto* slow = block("slow");
  auto* list = regA(in.b);
  guard(b_.CreateICmpULT(list, lists()), slow);
  if (in.op == Op::LIST_LEN) {
    setInt(in.a, listSize(list));
  } else {
    auto* index = regA(in.c);
    guard(b_.CreateICmpULT(index, listSize(list)), slow);
    auto* elements = listElements(list);
    setReg(in.a, valueHalf(elements, index, 0), valueHalf(elements, index, 1));
  }
  next(i);
  b_.SetInsertPoint(slow);
  callRuntime(i, in);
  next(i);
}

// One step of a list loop: inline while the list exists and the step budget lasts; the runtime
// raises the errors. The counter advances before the bounds are known, as in the VM.
void ChunkLowering::lowerListNext(uint32_t i, const Instr& in) {
  const uint32_t pc = ch_.begin + i;
  auto* slow = block("slow");
  auto* list = regA(in.b);
  auto* index = b_.CreateAdd(regA(in.a), i64(1));
  guard(b_.CreateICmpULT(list, lists()), slow);
  auto* budget = viewMember(offsetof(NativeView, loopSteps), ptrTo(t_.i64));
  auto* steps = b_.CreateLoad(t_.i64, budget);
  guard(b_.CreateICmpUGT(steps, i64(1)), slow);
  b_.CreateStore(b_.CreateSub(steps, i64(1)), budget);
  b_.CreateStore(index, regA_[in.a]);
  auto* element = block("list_element");
  b_.CreateCondBr(b_.CreateICmpULT(index, listSize(list)), element, code_[in.c]);
  b_.SetInsertPoint(element);
  auto* elements = listElements(list);
  setReg(in.a + 1, valueHalf(elements, index, 0), valueHalf(elements, index, 1));
  next(i);

  b_.SetInsertPoint(slow);
  auto* status = call(AbiFn::regel_native_list_next, {cx_, list, index, i32(pc), tmp_});
  auto* failed = block("list_error");
  auto* advance = block("list_advance");
  auto* slowElement = block("list_element_slow");
  auto* sw = b_.CreateSwitch(status, failed, 2);
  sw->addCase(i8(0), advance);
  sw->addCase(i8(1), advance);
  b_.SetInsertPoint(failed);
  finish(status);
  b_.SetInsertPoint(advance);
  b_.CreateStore(index, regA_[in.a]);
  b_.CreateCondBr(b_.CreateICmpEQ(status, i8(0)), slowElement, code_[in.c]);
  b_.SetInsertPoint(slowElement);
  setFromTmp(in.a + 1);
  next(i);
}

// The runtime call that does what the VM's handler of `in` does (native_abi.def).
void ChunkLowering::callRuntime(uint32_t i, const Instr& in) {
  const uint32_t pc = ch_.begin + i;
  switch (in.op) {
    case Op::LOAD_INPUT:
      continueIfOk(call(traced_ ? AbiFn::regel_native_load_input_traced : AbiFn::regel_native_load_input,
                        {cx_, i32(in.b), tmp_}));
      setFromTmp(in.a);
      break;
    case Op::GET_FIELD:
      continueIfOk(call(traced_ ? AbiFn::regel_native_get_field_traced : AbiFn::regel_native_get_field,
                        {cx_, regA(in.b), i32(in.c), i32(pc), tmp_}));
      setFromTmp(in.a);
      break;
    case Op::PRESENT_INPUT:
      setBool(in.a, b_.CreateICmpNE(call(AbiFn::regel_native_present_input, {cx_, i32(in.b)}), i8(0)));
      break;
    case Op::PRESENT_FIELD:
      continueIfOk(call(AbiFn::regel_native_present_field, {cx_, regA(in.b), i32(in.c), i32(pc), tmp_}));
      setFromTmp(in.a);
      break;
    case Op::DECISION_DATE:
      continueIfOk(call(AbiFn::regel_native_decision_date, {cx_, i32(pc), tmp_}));
      setFromTmp(in.a);
      break;
    case Op::CALL_RULE:
      continueIfOk(call(traced_ ? AbiFn::regel_native_call_rule_traced : AbiFn::regel_native_call_rule,
                        {cx_, i32(in.b), tmp_}));
      setFromTmp(in.a);
      break;
    case Op::CALL_BASE:
      continueIfOk(call(traced_ ? AbiFn::regel_native_call_base_traced : AbiFn::regel_native_call_base,
                        {cx_, i32(in.b), i32(pc), tmp_}));
      setFromTmp(in.a);
      break;
    case Op::LOOKUP_PARAM: {
      const auto arity = static_cast<uint32_t>(p_.params[in.b].args.size());
      for (uint32_t k = 0; k < arity; ++k) {
        b_.CreateStore(regA(in.c + k), half(args_, k, 0));
        b_.CreateStore(regB(in.c + k), half(args_, k, 1));
      }
      auto* argBase = b_.CreateAdd(base_, i32(in.c));
      continueIfOk(call(traced_ ? AbiFn::regel_native_lookup_param_traced : AbiFn::regel_native_lookup_param,
                        {cx_, i32(in.b), argBase, i32(pc), args_, tmp_}));
      setFromTmp(in.a);
      break;
    }
    case Op::LIST_LEN:
      continueIfOk(call(AbiFn::regel_native_list_len, {cx_, regA(in.b), i32(pc), tmpInt_}));
      setInt(in.a, b_.CreateLoad(t_.i64, tmpInt_));
      break;
    case Op::LIST_GET:
      continueIfOk(call(AbiFn::regel_native_list_get, {cx_, regA(in.b), regA(in.c), i32(pc), tmp_}));
      setFromTmp(in.a);
      break;
    default: break;
  }
}

// Exact rationals and rounding: the runtime computes, the native code checks the ArithError.
void ChunkLowering::lowerRational(uint32_t i, const Instr& in) {
  const uint32_t pc = ch_.begin + i;
  switch (in.op) {
    case Op::ADD_RAT:
    case Op::SUB_RAT:
    case Op::MUL_RAT:
    case Op::DIV_RAT: {
      const uint32_t op = in.op == Op::ADD_RAT ? 0 : in.op == Op::SUB_RAT ? 1 : in.op == Op::MUL_RAT ? 2 : 3;
      continueIfExact(call(AbiFn::regel_native_rat_binary,
                           {i32(op), regA(in.b), regB(in.b), regA(in.c), regB(in.c), tmp_}), pc);
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
    case Op::LIST_NEXT: lowerListNext(i, in); return;
    case Op::JMP: b_.CreateBr(code_[in.a]); return;
    case Op::JMP_IF:
    case Op::LOGIC_JMP_IF: b_.CreateCondBr(b_.CreateICmpNE(regA(in.a), i64(0)), code_[in.b], code_[i + 1]); return;
    case Op::JMP_IFNOT:
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
    case Op::FAIL: finish(call(AbiFn::regel_native_fail, {cx_, i32(in.a), i32(in.b), i32(pc)})); return;
    case Op::RET:
      b_.CreateStore(regA(in.a), half(out_, 0, 0));
      b_.CreateStore(regB(in.a), half(out_, 0, 1));
      finish(i8(0));
      return;
  }
}

}  // namespace

bool lowerable(const rt::Program& program, uint32_t chunk) {
  const rt::Chunk& ch = program.chunks[chunk];
  return ch.frameSize <= kMaxNativeFrame && ch.size <= kMaxNativeInstructions;
}

std::string nativeName(uint32_t chunk, bool traced) {
  return "regel_chunk_" + std::to_string(chunk) + (traced ? "_traced" : "");
}

llvm::Function* lowerChunk(const rt::Program& program, uint32_t chunk, bool traced, llvm::Module& module,
                           const AbiTypes& types, const Abi& abi) {
  return ChunkLowering(program, chunk, traced, module, types, abi).run();
}

}  // namespace regel::jit
