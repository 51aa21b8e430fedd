// Lowering of CALL_RULE and LOOKUP_PARAM. Rules: memo hits read the slot, misses run the
// runtime's memo protocol inline and call the rule version's native value chunk through the
// program's table of entries.
// Parameters: constant versions and direct tables of constant cells become native code.
#include "compiler/jit/chunk_lowering.h"

namespace regel::jit::lowering {

// CALL_RULE, untraced: a memo hit reads the slot; a miss runs evalRule's protocol inline (reset a
// stale slot, pick the version, mark it running, call the version's native value chunk through
// the table of entries, memoise the result), without a trip through evalRule and the VM's
// execute. Rules with exceptions, a value chunk not compiled yet, a cycle or an earlier failure
// take the runtime's evalRule.
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
  const std::vector<std::pair<uint32_t, uint32_t>> versions = compiledVersions(in.b);
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
    // The version's value chunk through the table of entries; one not compiled yet is run
    // (and compiled) by the runtime's evalRule.
    auto run = [&](uint32_t chunk) {
      auto* entry = nativeEntry(chunk);
      guard(b_.CreateICmpNE(entry, llvm::ConstantPointerNull::get(ptrTo(chunkType()))), slow);
      b_.CreateStore(i8(static_cast<uint8_t>(Memo::Running)), statePtr);
      auto* top = b_.CreateLoad(t_.i32, viewMember(offsetof(NativeView, top), ptrTo(t_.i32)));
      b_.CreateStore(b_.CreateCall(chunkType(), entry, {cx_, view_, top, tmp_}), runExit);
      b_.CreateBr(ran);
    };
    if (undated) {
      run(versions.front().second);
    } else {
      auto* v = cachedVersion(offsetof(NativeView, ruleVersions), in.b, AbiFn::regel_native_rule_version);
      auto* sw = b_.CreateSwitch(v, slow, static_cast<unsigned>(versions.size()));
      for (const auto& [index, chunk] : versions) {
        auto* at = block("rule_version");
        sw->addCase(i32(index), at);
        b_.SetInsertPoint(at);
        run(chunk);
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

// The versions of a rule whose value native code can call: no exceptions, a value chunk the JIT
// takes. Pairs of (version, value chunk).
std::vector<std::pair<uint32_t, uint32_t>> ChunkLowering::compiledVersions(uint32_t rule) const {
  std::vector<std::pair<uint32_t, uint32_t>> out;
  const auto& versions = p_.rules[rule].versions;
  for (uint32_t v = 0; v < versions.size(); ++v) {
    const uint32_t chunk = versions[v].value;
    if (!versions[v].exceptions.empty() || chunk >= p_.chunks.size() || !lowerable(p_, chunk)) continue;
    out.emplace_back(v, chunk);
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
