// Lowering of the instructions that read the case (input fields, records, lists) and of every
// call into the runtime: reads go through the NativeView inline, anything that fails, records
// the trace or needs the runtime's data takes the runtime's function of native_abi.def.
#include "compiler/jit/chunk_lowering.h"

namespace regel::jit::lowering {

// Instructions that read the case or call rules and parameters: the common cases inline (reads
// through the NativeView, memo hits), everything else (errors, the trace, evaluating a rule) a
// call into the runtime.
void ChunkLowering::lowerCall(uint32_t i, const Instr& in) {
  if (!traced_ && in.op == Op::LOAD_INPUT) return inlineLoadInput(i, in);
  if (!traced_ && in.op == Op::GET_FIELD) return inlineGetField(i, in);
  if (!traced_ && in.op == Op::CALL_RULE) return inlineCallRule(i, in);
  if (!traced_ && in.op == Op::CALL_BASE) return inlineCallBase(i, in);
  if (!traced_ && in.op == Op::LOOKUP_PARAM) return inlineLookupParam(i, in);
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

// The runtime call that does what the VM's handler of `in` does (native_abi.def): most write a
// Value into tmp_ and return an Exit, which ends the chunk unless it is Ok.
void ChunkLowering::callRuntime(uint32_t i, const Instr& in) {
  const uint32_t pc = ch_.begin + i;
  auto into = [&](uint32_t dst, AbiFn f, std::initializer_list<llvm::Value*> args) {
    continueIfOk(call(f, args));
    setFromTmp(dst);
  };
  auto byMode = [&](AbiFn untraced, AbiFn traced) { return traced_ ? traced : untraced; };
  switch (in.op) {
    case Op::LOAD_INPUT:
      into(in.a, byMode(AbiFn::regel_native_load_input, AbiFn::regel_native_load_input_traced), {cx_, i32(in.b), tmp_});
      break;
    case Op::GET_FIELD:
      into(in.a, byMode(AbiFn::regel_native_get_field, AbiFn::regel_native_get_field_traced),
           {cx_, regA(in.b), i32(in.c), i32(pc), tmp_});
      break;
    case Op::PRESENT_INPUT:
      setBool(in.a, b_.CreateICmpNE(call(AbiFn::regel_native_present_input, {cx_, i32(in.b)}), i8(0)));
      break;
    case Op::PRESENT_FIELD:
      into(in.a, AbiFn::regel_native_present_field, {cx_, regA(in.b), i32(in.c), i32(pc), tmp_});
      break;
    case Op::DECISION_DATE: into(in.a, AbiFn::regel_native_decision_date, {cx_, i32(pc), tmp_}); break;
    case Op::CALL_RULE:
      into(in.a, byMode(AbiFn::regel_native_call_rule, AbiFn::regel_native_call_rule_traced), {cx_, i32(in.b), tmp_});
      break;
    case Op::CALL_BASE:
      into(in.a, byMode(AbiFn::regel_native_call_base, AbiFn::regel_native_call_base_traced),
           {cx_, i32(in.b), i32(pc), tmp_});
      break;
    case Op::CALL_RULE_ITEM:
      into(in.a, byMode(AbiFn::regel_native_call_rule_item, AbiFn::regel_native_call_rule_item_traced),
           {cx_, i32(in.b), regA(in.c), i32(pc), tmp_});
      break;
    case Op::CALL_BASE_ITEM:
      into(in.a, byMode(AbiFn::regel_native_call_base_item, AbiFn::regel_native_call_base_item_traced),
           {cx_, i32(in.b), regA(in.c), i32(pc), tmp_});
      break;
    case Op::LOOKUP_PARAM: {
      const auto arity = static_cast<uint32_t>(p_.params[in.b].args.size());
      for (uint32_t k = 0; k < arity; ++k) {
        b_.CreateStore(regA(in.c + k), half(args_, k, 0));
        b_.CreateStore(regB(in.c + k), half(args_, k, 1));
      }
      auto* argBase = b_.CreateAdd(base_, i32(in.c));
      into(in.a, byMode(AbiFn::regel_native_lookup_param, AbiFn::regel_native_lookup_param_traced),
           {cx_, i32(in.b), argBase, i32(pc), args_, tmp_});
      break;
    }
    case Op::LIST_LEN:
      continueIfOk(call(AbiFn::regel_native_list_len, {cx_, regA(in.b), i32(pc), tmpInt_}));
      setInt(in.a, b_.CreateLoad(t_.i64, tmpInt_));
      break;
    case Op::LIST_GET: into(in.a, AbiFn::regel_native_list_get, {cx_, regA(in.b), regA(in.c), i32(pc), tmp_}); break;
    default: break;
  }
}

}  // namespace regel::jit::lowering
