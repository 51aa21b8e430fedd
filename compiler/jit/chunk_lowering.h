// The translation of one chunk into an LLVM function, shared by the files that lower its
// instructions: lower_chunk.cpp (the frame, arithmetic, control), lower_case.cpp (the case, lists,
// runtime calls) and lower_rules.cpp (rules and parameters). Internal to compiler/jit.
#pragma once

#include <cstddef>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/Intrinsics.h>
#include <llvm/IR/MDBuilder.h>

#include "compiler/jit/abi.h"
#include "compiler/jit/lower_chunk.h"
#include "runtime/program/runtime_errors.h"
#include "runtime/vm/native_abi.h"
#include "runtime/vm/vm.h"

namespace regel::jit::lowering {

using rt::Instr;
using rt::Op;
using rt::vm::NativeView;
using rt::vm::RuleSlot;
using rt::vm::VersionSlot;

// Native code reads these by offset.
static_assert(std::is_standard_layout_v<NativeView>);
static_assert(std::is_standard_layout_v<RuleSlot>);
static_assert(std::is_standard_layout_v<VersionSlot>);
static_assert(std::is_standard_layout_v<rt::Value> && sizeof(rt::Value) == 16);

class ChunkLowering {
 public:
  ChunkLowering(const rt::Program& p, const ProgramTables& tables, uint32_t chunk, bool traced, llvm::Module& m,
                const AbiTypes& t, const Abi& abi)
      : p_(p), tables_(tables), id_(chunk), ch_(p.chunks[chunk]), traced_(traced), m_(m), t_(t), abi_(abi),
        b_(m.getContext()) {}

  // Defines the chunk's native function.
  llvm::Function* run();

 private:
  // The frame: registers as allocas, the VM's frame protocol at entry and exit.
  void allocateFrame();
  bool frameless() const;
  void enterFrame();
  void leaveFrame();

  llvm::BasicBlock* block(const std::string& name) { return llvm::BasicBlock::Create(m_.getContext(), name, fn_); }
  llvm::ConstantInt* i8(uint64_t v) { return llvm::ConstantInt::get(t_.i8, v); }
  llvm::ConstantInt* i32(uint64_t v) { return llvm::ConstantInt::get(t_.i32, v); }
  llvm::ConstantInt* i64(int64_t v) { return llvm::ConstantInt::getSigned(t_.i64, v); }

  // The most argument registers one LOOKUP_PARAM (or the chunk's own arguments) needs.
  uint32_t maxArity() const {
    uint32_t n = 1;
    for (uint32_t i = 0; i < ch_.size; ++i) {
      const Instr& in = p_.code[ch_.begin + i];
      if (in.op == Op::LOOKUP_PARAM) n = std::max(n, static_cast<uint32_t>(p_.params[in.b].args.size()));
    }
    return std::max(n, ch_.argCount);
  }

  // Branch weights for the path nearly always taken (no error, a memo hit, a cached version).
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
  // ---- one instruction (lower_chunk.cpp: the dispatch, arithmetic, control) ----
  void lower(uint32_t i, const Instr& in);
  void lowerRational(uint32_t i, const Instr& in);

  // ---- the case and calls into the runtime (lower_case.cpp) ----
  void lowerCall(uint32_t i, const Instr& in);
  void callRuntime(uint32_t i, const Instr& in);
  void inlineLoadInput(uint32_t i, const Instr& in);
  void inlineGetField(uint32_t i, const Instr& in);
  void inlineList(uint32_t i, const Instr& in);
  void lowerListNext(uint32_t i, const Instr& in);

  // ---- rules and parameters (lower_rules.cpp) ----
  // A rule version native code computes: its value chunk and, with one exception, that
  // exception's condition and value chunks (else kNoChunk).
  struct NativeVersion {
    uint32_t version = 0;
    uint32_t value = rt::kNoChunk;
    uint32_t condition = rt::kNoChunk;
    uint32_t exceptionValue = rt::kNoChunk;
  };
  void inlineCallRule(uint32_t i, const Instr& in);
  void inlineCallBase(uint32_t i, const Instr& in);
  void runVersion(llvm::Value* slot, uint32_t rule, const NativeVersion& version, llvm::BasicBlock* slow,
                  llvm::BasicBlock* ran);
  void runBase(llvm::Value* slot, uint32_t rule, llvm::Value* entry, uint32_t pc, llvm::BasicBlock* ran);
  llvm::Value* callChunk(llvm::Value* entry);
  std::vector<NativeVersion> compiledVersions(uint32_t rule) const;
  llvm::FunctionType* chunkType() const;
  llvm::Value* nativeEntry(uint32_t chunk);
  void resetSlot(llvm::Value* slot, llvm::Value* epoch);
  llvm::Value* cachedVersion(size_t slots, uint32_t id, AbiFn resolve);
  void inlineLookupParam(uint32_t i, const Instr& in);
  bool inlineVersion(uint32_t param, uint32_t version) const;
  void lookupInVersion(uint32_t param, uint32_t version, uint32_t i, const Instr& in, llvm::BasicBlock* slow);
  llvm::Value* constantArray(const std::string& name, llvm::Constant* init);

  const rt::Program& p_;
  const ProgramTables& tables_;
  const uint32_t id_;
  const rt::Chunk& ch_;
  const bool traced_;
  bool frameless_ = false;
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

}  // namespace regel::jit::lowering
