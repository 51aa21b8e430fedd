// Lowering of CALL_RULE and LOOKUP_PARAM. Rules: memo hits read the slot, misses run the
// runtime's memo protocol inline and call the rule version's native chunks (its value, or one
// exception's condition and value and the base) through the program's table of entries.
// Parameters: constant versions and direct tables of constant cells become native code.
#include "compiler/jit/chunk_lowering.h"

namespace regel::jit::lowering {

// CALL_RULE, untraced: a memo hit reads the slot; a miss runs evalRule's protocol inline (reset a
// stale slot, pick the version, mark it running, run the version's native chunks through the
// table of entries, memoise the result), without a trip through evalRule and the VM's execute.
// A version with exceptions other than one plain exception, a chunk not compiled yet, a cycle or
// an earlier failure take the runtime's evalRule.
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
  const std::vector<NativeVersion> versions = compiledVersions(in.b);
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
    if (undated) {
      runVersion(slot, in.b, versions.front(), slow, ran);
    } else {
      auto* v = cachedVersion(offsetof(NativeView, ruleVersions), in.b, AbiFn::regel_native_rule_version);
      auto* sw = b_.CreateSwitch(v, slow, static_cast<unsigned>(versions.size()));
      for (const NativeVersion& version : versions) {
        auto* at = block("rule_version");
        sw->addCase(i32(version.version), at);
        b_.SetInsertPoint(at);
        runVersion(slot, in.b, version, slow, ran);
      }
    }
    // evalRule's ending: Done with the value, Unset after an abort, Failed after an error.
    b_.SetInsertPoint(ran);
    auto* e = b_.CreateLoad(t_.i8, ruleExit_);
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

// CALL_BASE, untraced (a rule's value without its exceptions, as an exception reads it): for a
// slot of this decision, evalBase's protocol inline (runBase) with the version's compiled value
// chunk. A stale slot, a version without one, or a chunk not compiled yet take the runtime.
void ChunkLowering::inlineCallBase(uint32_t i, const Instr& in) {
  auto* slow = block("slow");
  std::vector<std::pair<uint32_t, uint32_t>> values;  // (version, its value chunk)
  const rt::RuleInfo& rule = p_.rules[in.b];
  for (uint32_t v = 0; v < rule.versions.size(); ++v) {
    const uint32_t chunk = rule.versions[v].value;
    if (chunk < p_.chunks.size() && lowerable(p_, chunk)) values.emplace_back(v, chunk);
  }
  if (values.empty()) {
    b_.CreateBr(slow);
  } else {
    auto* slot = b_.CreateConstInBoundsGEP1_64(t_.i8, viewMember(offsetof(NativeView, ruleSlots), ptrTo(t_.i8)),
                                               uint64_t{in.b} * sizeof(RuleSlot));
    auto* epoch = b_.CreateLoad(t_.i32, viewMember(offsetof(NativeView, epoch), ptrTo(t_.i32)));
    guard(b_.CreateICmpEQ(b_.CreateLoad(t_.i32, byteAddress(slot, offsetof(RuleSlot, epoch), t_.i32)), epoch), slow);
    auto* ran = block("base_ran");
    const auto run = [&](uint32_t chunk) {
      auto* entry = nativeEntry(chunk);
      guard(b_.CreateICmpNE(entry, llvm::ConstantPointerNull::get(ptrTo(chunkType()))), slow);
      runBase(slot, in.b, entry, ch_.begin + i, ran);
    };
    // As in inlineCallRule: a rule with one undated version always has version 0.
    const bool undated = rule.versions.size() == 1 && !rule.versions[0].from && !rule.versions[0].to;
    if (undated) {
      run(values.front().second);
    } else {
      auto* v = cachedVersion(offsetof(NativeView, ruleVersions), in.b, AbiFn::regel_native_rule_version);
      auto* sw = b_.CreateSwitch(v, slow, static_cast<unsigned>(values.size()));
      for (const auto& [version, chunk] : values) {
        auto* at = block("base_version");
        sw->addCase(i32(version), at);
        b_.SetInsertPoint(at);
        run(chunk);
      }
    }
    b_.SetInsertPoint(ran);
    continueIfOk(b_.CreateLoad(t_.i8, ruleExit_));
    setFromTmp(in.a);
    next(i);
  }
  b_.SetInsertPoint(slow);
  callRuntime(i, in);
  next(i);
}

// One version of a rule whose slot is Unset: its chunks' entries, or `slow` when one is not
// compiled yet (before anything changed); then the slot marked running and the value computed as
// evalRuleOf computes it, the exit in ruleExit_ and the value in tmp_, on to `ran`.
void ChunkLowering::runVersion(llvm::Value* slot, uint32_t rule, const NativeVersion& version, llvm::BasicBlock* slow,
                               llvm::BasicBlock* ran) {
  using rt::vm::Memo;
  const auto nonNull = [&](llvm::Value* entry) {
    guard(b_.CreateICmpNE(entry, llvm::ConstantPointerNull::get(ptrTo(chunkType()))), slow);
    return entry;
  };
  auto* value = nonNull(nativeEntry(version.value));
  auto* statePtr = byteAddress(slot, offsetof(RuleSlot, state), t_.i8);
  if (version.condition == rt::kNoChunk) {
    b_.CreateStore(i8(static_cast<uint8_t>(Memo::Running)), statePtr);
    b_.CreateStore(callChunk(value), ruleExit_);
    b_.CreateBr(ran);
    return;
  }
  auto* condition = nonNull(nativeEntry(version.condition));
  auto* exceptionValue = nonNull(nativeEntry(version.exceptionValue));
  b_.CreateStore(i8(static_cast<uint8_t>(Memo::Running)), statePtr);
  // evalExceptions with one exception: its condition; an error or abort there ends the rule.
  auto* e = callChunk(condition);
  b_.CreateStore(e, ruleExit_);
  auto* evaluated = block("condition_evaluated");
  b_.CreateCondBr(b_.CreateICmpEQ(e, i8(0)), evaluated, ran, likely());
  b_.SetInsertPoint(evaluated);
  auto* applies = block("exception_applies");
  auto* base = block("exception_not_applies");
  b_.CreateCondBr(b_.CreateICmpNE(loadHalf(tmp_, 0, 0), i64(0)), applies, base);
  // The exception's value; the VM records it as chosen, untraced with node 0, whatever the exit.
  b_.SetInsertPoint(applies);
  b_.CreateStore(callChunk(exceptionValue), ruleExit_);
  b_.CreateStore(i32(0), byteAddress(slot, offsetof(RuleSlot, chosen), t_.i32));
  b_.CreateStore(i32(0), byteAddress(slot, offsetof(RuleSlot, chosenNode), t_.i32));
  b_.CreateBr(ran);
  b_.SetInsertPoint(base);
  runBase(slot, rule, value, rt::kNoChunk, ran);
}

// evalBaseOf's protocol for a slot of this decision: the memoised base value; when the base is
// Unset, the version's value chunk `entry` run and its result memoised (Done, or Unset after an
// abort, Failed after an error); anything else (a cycle, a poisoned or failed base) through the
// runtime's evalBase, which raises its error at `pc`. The exit goes to ruleExit_, the value to tmp_.
void ChunkLowering::runBase(llvm::Value* slot, uint32_t rule, llvm::Value* entry, uint32_t pc, llvm::BasicBlock* ran) {
  using rt::vm::Memo;
  auto* statePtr = byteAddress(slot, offsetof(RuleSlot, baseState), t_.i8);
  auto* basePtr = byteAddress(slot, offsetof(RuleSlot, base), t_.value);
  auto* memoised = block("base_memoised");
  auto* unset = block("base_unset");
  auto* other = block("base_other");
  auto* sw = b_.CreateSwitch(b_.CreateLoad(t_.i8, statePtr), other, 2);
  sw->addCase(i8(static_cast<uint8_t>(Memo::Done)), memoised);
  sw->addCase(i8(static_cast<uint8_t>(Memo::Unset)), unset);
  b_.SetInsertPoint(memoised);
  b_.CreateStore(loadHalf(basePtr, 0, 0), half(tmp_, 0, 0));
  b_.CreateStore(loadHalf(basePtr, 0, 1), half(tmp_, 0, 1));
  b_.CreateStore(i8(0), ruleExit_);
  b_.CreateBr(ran);
  b_.SetInsertPoint(other);
  b_.CreateStore(call(AbiFn::regel_native_call_base, {cx_, i32(rule), i32(pc), tmp_}), ruleExit_);
  b_.CreateBr(ran);
  b_.SetInsertPoint(unset);
  b_.CreateStore(i8(static_cast<uint8_t>(Memo::Running)), statePtr);
  auto* e = callChunk(entry);
  b_.CreateStore(e, ruleExit_);
  auto* aborted = b_.CreateICmpEQ(e, i8(static_cast<uint8_t>(rt::vm::Exit::Abort)));
  auto* ok = b_.CreateICmpEQ(e, i8(0));
  auto* failed = b_.CreateSelect(aborted, i8(static_cast<uint8_t>(Memo::Unset)), i8(static_cast<uint8_t>(Memo::Failed)));
  b_.CreateStore(b_.CreateSelect(ok, i8(static_cast<uint8_t>(Memo::Done)), failed), statePtr);
  auto* keep = block("base_ok");
  b_.CreateCondBr(ok, keep, ran, likely());
  b_.SetInsertPoint(keep);
  b_.CreateStore(loadHalf(tmp_, 0, 0), half(basePtr, 0, 0));
  b_.CreateStore(loadHalf(tmp_, 0, 1), half(basePtr, 0, 1));
  b_.CreateBr(ran);
}

// Runs a native chunk in a frame at the register stack's top (executeRuleChunk), its value into
// tmp_; the exit.
llvm::Value* ChunkLowering::callChunk(llvm::Value* entry) {
  auto* top = b_.CreateLoad(t_.i32, viewMember(offsetof(NativeView, top), ptrTo(t_.i32)));
  return b_.CreateCall(chunkType(), entry, {cx_, view_, top, tmp_});
}

// The versions of a rule whose value native code can compute: the value chunk compiled, and no
// exception or one plain exception (not `från` another) whose chunks are compiled too. More
// exceptions need evalExceptions' ordering by priority, and stay with the runtime.
std::vector<ChunkLowering::NativeVersion> ChunkLowering::compiledVersions(uint32_t rule) const {
  std::vector<NativeVersion> out;
  const auto takes = [&](uint32_t chunk) { return chunk < p_.chunks.size() && lowerable(p_, chunk); };
  const auto& versions = p_.rules[rule].versions;
  for (uint32_t v = 0; v < versions.size(); ++v) {
    const rt::RuleVersionInfo& ver = versions[v];
    if (!takes(ver.value) || ver.exceptions.size() > 1) continue;
    NativeVersion native{v, ver.value};
    if (!ver.exceptions.empty()) {
      const rt::ExceptionInfo& ex = ver.exceptions[0];
      if (ex.refines != rt::kNoException || !takes(ex.condition) || !takes(ex.value)) continue;
      native.condition = ex.condition;
      native.exceptionValue = ex.value;
    }
    out.push_back(native);
  }
  return out;
}

// The type of a native chunk (rt::vm::NativeChunk).
llvm::FunctionType* ChunkLowering::chunkType() const {
  return llvm::FunctionType::get(t_.i8, {t_.context, t_.context, t_.i32, t_.valuePtr}, false);
}

// The untraced entry of `chunk` in the program's table (NativeView::natives), null while it is
// not compiled. Entries are published with release; this is the matching acquire.
llvm::Value* ChunkLowering::nativeEntry(uint32_t chunk) {
  auto* entryType = ptrTo(chunkType());
  auto* table = viewMember(offsetof(NativeView, natives), ptrTo(entryType));
  auto* load = b_.CreateLoad(entryType, b_.CreateConstInBoundsGEP1_64(entryType, table, chunk));
  load->setAtomic(llvm::AtomicOrdering::Acquire);
  load->setAlignment(llvm::Align(alignof(void*)));
  return load;
}

// What Context::rule() writes into a slot of an older decision: RuleSlot{} of this epoch.
void ChunkLowering::resetSlot(llvm::Value* slot, llvm::Value* epoch) {
  static_assert(sizeof(RuleSlot) == 64, "a member was added to RuleSlot: reset it here too");
  using rt::vm::Memo;
  b_.CreateStore(epoch, byteAddress(slot, offsetof(RuleSlot, epoch), t_.i32));
  b_.CreateStore(i8(static_cast<uint8_t>(Memo::Unset)), byteAddress(slot, offsetof(RuleSlot, state), t_.i8));
  b_.CreateStore(i8(static_cast<uint8_t>(Memo::Unset)), byteAddress(slot, offsetof(RuleSlot, baseState), t_.i8));
  static_assert(sizeof(rt::vm::Poison) == 4);
  b_.CreateStore(i32(rt::vm::kNoPoison), byteAddress(slot, offsetof(RuleSlot, poison), t_.i32));
  b_.CreateStore(i32(rt::vm::kNoPoison), byteAddress(slot, offsetof(RuleSlot, basePoison), t_.i32));
  b_.CreateStore(i32(rt::kNoNode), byteAddress(slot, offsetof(RuleSlot, node), t_.i32));
  b_.CreateStore(i32(static_cast<uint32_t>(-1)), byteAddress(slot, offsetof(RuleSlot, chosen), t_.i32));
  b_.CreateStore(i32(rt::kNoNode), byteAddress(slot, offsetof(RuleSlot, chosenNode), t_.i32));
  for (size_t member : {offsetof(RuleSlot, value), offsetof(RuleSlot, base)}) {
    b_.CreateStore(i64(0), byteAddress(slot, member, t_.i64));
    b_.CreateStore(i64(0), byteAddress(slot, member + 8, t_.i64));
  }
}

// Segments beyond this many points per argument are looked up by the runtime.
constexpr size_t kMaxInlinePoints = 64;

// Whether LOOKUP_PARAM can find `version`'s value without the runtime: a constant folded cell, or a
// direct table with few enough boundaries (its non-constant cells still go to the runtime).
bool ChunkLowering::inlineVersion(uint32_t param, uint32_t version) const {
  const rt::ParamVersionInfo& ver = p_.params[param].versions[version];
  const rt::vm::VersionIndex& index = tables_.versionIndex(param, version);
  if (!ver.isTable) return index.constant.folded;
  if (!index.table.built) return false;
  for (const auto& points : index.table.points) {
    if (points.size() > kMaxInlinePoints) return false;
  }
  return true;
}

llvm::Value* ChunkLowering::constantArray(const std::string& name, llvm::Constant* init) {
  if (llvm::GlobalVariable* g = m_.getNamedGlobal(name)) return g;
  return new llvm::GlobalVariable(m_, init->getType(), true, llvm::GlobalValue::PrivateLinkage, init, name);
}

// The value of `param` in `version` for the arguments of `in`: the segment of each argument (how
// many boundaries lie at or below it, as rt::vm::findRow counts), the cell's row, the row's folded
// value. A cell that is not folded, or no row, goes to `slow`.
void ChunkLowering::lookupInVersion(uint32_t param, uint32_t version, uint32_t i, const Instr& in,
                                    llvm::BasicBlock* slow) {
  const rt::vm::VersionIndex& index = tables_.versionIndex(param, version);
  if (!p_.params[param].versions[version].isTable) {
    setReg(in.a, i64(index.constant.value.a), i64(index.constant.value.b));
    next(i);
    return;
  }
  const rt::vm::DirectTable& table = index.table;
  llvm::Value* cell = i64(0);
  for (uint32_t k = 0; k < table.points.size(); ++k) {
    auto* x = regA(in.c + k);
    llvm::Value* segment = i64(0);
    for (int64_t point : table.points[k]) segment = b_.CreateAdd(segment, b_.CreateZExt(b_.CreateICmpSLE(i64(point), x), t_.i64));
    cell = b_.CreateAdd(cell, b_.CreateMul(segment, i64(table.stride[k])));
  }
  const std::string name = "regel_param_" + std::to_string(param) + "_" + std::to_string(version);
  auto& ctx = m_.getContext();
  std::vector<int32_t> cells(table.cells.begin(), table.cells.end());
  std::vector<uint8_t> folded;
  std::vector<int64_t> a, b;
  for (const auto& row : index.rows) {
    folded.push_back(row.folded ? 1 : 0);
    a.push_back(row.value.a);
    b.push_back(row.value.b);
  }
  if (folded.empty()) {
    b_.CreateBr(slow);
    return;
  }
  auto* cellsArray = constantArray(name + "_cells", llvm::ConstantDataArray::get(ctx, cells));
  auto* row = b_.CreateLoad(t_.i32, b_.CreateInBoundsGEP(llvm::ArrayType::get(t_.i32, cells.size()), cellsArray, {i64(0), cell}));
  guard(b_.CreateICmpSGE(row, i32(0)), slow);
  auto* r = b_.CreateSExt(row, t_.i64);
  auto* foldedArray = constantArray(name + "_folded", llvm::ConstantDataArray::get(ctx, folded));
  auto* isFolded = b_.CreateLoad(t_.i8, b_.CreateInBoundsGEP(llvm::ArrayType::get(t_.i8, folded.size()), foldedArray, {i64(0), r}));
  guard(b_.CreateICmpNE(isFolded, i8(0)), slow);
  auto* arrayA = constantArray(name + "_a", llvm::ConstantDataArray::get(ctx, a));
  auto* arrayB = constantArray(name + "_b", llvm::ConstantDataArray::get(ctx, b));
  auto* type = llvm::ArrayType::get(t_.i64, a.size());
  setReg(in.a, b_.CreateLoad(t_.i64, b_.CreateInBoundsGEP(type, arrayA, {i64(0), r})),
         b_.CreateLoad(t_.i64, b_.CreateInBoundsGEP(type, arrayB, {i64(0), r})));
  next(i);
}

// The version of rule or parameter `id` for the decision date: the runtime's cached VersionSlot
// when it is of the current version epoch (Context::ruleVersionFor / paramVersionFor), else the
// runtime resolves and caches it.
llvm::Value* ChunkLowering::cachedVersion(size_t slots, uint32_t id, AbiFn resolve) {
  auto* slot = b_.CreateConstInBoundsGEP1_64(t_.i8, viewMember(slots, ptrTo(t_.i8)), uint64_t{id} * sizeof(VersionSlot));
  auto* epoch = b_.CreateLoad(t_.i32, viewMember(offsetof(NativeView, versionEpoch), ptrTo(t_.i32)));
  auto* cached = block("version_cached");
  auto* resolveBlock = block("version_resolve");
  auto* known = block("version_known");
  b_.CreateCondBr(b_.CreateICmpEQ(b_.CreateLoad(t_.i32, byteAddress(slot, offsetof(VersionSlot, epoch), t_.i32)), epoch),
                  cached, resolveBlock, likely());
  b_.SetInsertPoint(cached);
  auto* cachedVersion = b_.CreateLoad(t_.i32, byteAddress(slot, offsetof(VersionSlot, version), t_.i32));
  b_.CreateBr(known);
  b_.SetInsertPoint(resolveBlock);
  auto* resolvedVersion = call(resolve, {cx_, i32(id)});
  b_.CreateBr(known);
  b_.SetInsertPoint(known);
  auto* version = b_.CreatePHI(t_.i32, 2);
  version->addIncoming(cachedVersion, cached);
  version->addIncoming(resolvedVersion, resolveBlock);
  return version;
}

// LOOKUP_PARAM, untraced: the version for the decision date as the runtime caches it (resolved by
// the runtime when not yet), then the value without a call where lookupInVersion can. Errors, okänd
// cells and cells that compute take lookupParam. A parameter without arguments is memoised by the
// runtime only on that path: a constant found here is the same value every time.
void ChunkLowering::inlineLookupParam(uint32_t i, const Instr& in) {
  const auto versions = static_cast<uint32_t>(p_.params[in.b].versions.size());
  std::vector<uint32_t> inlined;
  for (uint32_t v = 0; v < versions; ++v) {
    if (inlineVersion(in.b, v)) inlined.push_back(v);
  }
  if (inlined.empty()) {
    callRuntime(i, in);
    next(i);
    return;
  }
  auto* slow = block("slow");
  auto* version = cachedVersion(offsetof(NativeView, paramVersions), in.b, AbiFn::regel_native_param_version);
  auto* sw = b_.CreateSwitch(version, slow, static_cast<unsigned>(inlined.size()));
  for (uint32_t v : inlined) {
    auto* at = block("param_version");
    sw->addCase(i32(v), at);
    b_.SetInsertPoint(at);
    lookupInVersion(in.b, v, i, in, slow);
  }
  b_.SetInsertPoint(slow);
  callRuntime(i, in);
  next(i);
}

}  // namespace regel::jit::lowering
