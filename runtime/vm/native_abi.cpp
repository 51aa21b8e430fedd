// The runtime side of native chunks: each function does exactly what the VM's instruction of the
// same name does (vm.cpp), for the fast mode, so that native and interpreted decisions and traces
// are the same byte for byte.
#include "runtime/vm/native_abi.h"

#include <type_traits>

#include "runtime/vm/calendar.h"
#include "runtime/vm/vm.h"

namespace regel::rt::vm {
namespace {

constexpr uint8_t kOk = static_cast<uint8_t>(Exit::Ok);
constexpr uint8_t kAbort = static_cast<uint8_t>(Exit::Abort);
constexpr uint8_t exitCode(Exit e) { return static_cast<uint8_t>(e); }

bool validRecord(const CaseData& data, int64_t idx, uint32_t field) {
  return idx >= 0 && static_cast<uint64_t>(idx) < data.records.size() && field < data.records[idx].fieldCount;
}

bool validList(const CaseData& data, int64_t list) {
  return list >= 0 && static_cast<uint64_t>(list) < data.lists.size();
}

template <bool Traced>
uint8_t loadInput(Context* cx, uint32_t field, Value* out) {
  const CaseData& data = *cx->data;
  if (data.present[field] == 0) return kAbort;  // the input record's fields are slots 0…
  *out = data.slots[field];
  const RecordInstance& root = data.records[0];
  if constexpr (Traced) {
    cx->rec->read(TraceRead::Kind::Input, false, 0, field, kNoNode, cx->fieldType(root.recordType, field), *out);
  }
  return kOk;
}

template <bool Traced>
uint8_t getField(Context* cx, int64_t idx, uint32_t field, uint32_t pc, Value* out) {
  const CaseData& data = *cx->data;
  if (!validRecord(data, idx, field)) return exitCode(cx->failCaseData(Context::MissingInCase::Record, pc));
  if (!data.has(static_cast<size_t>(idx), field)) return kAbort;
  *out = data.field(static_cast<size_t>(idx), field);
  const RecordInstance& rec = data.records[idx];
  if constexpr (Traced) {
    cx->rec->read(TraceRead::Kind::Input, false, static_cast<uint32_t>(idx), field, kNoNode,
                  cx->fieldType(rec.recordType, field), *out);
  }
  return kOk;
}

template <bool Traced>
uint8_t callRule(Context* cx, uint32_t rule, Value* out) {
  const RuleSlot& slot = cx->rule(rule);
  Value v;
  if (slot.state == Memo::Done) {
    v = slot.value;
  } else {
    Exit e = evalRule<false, Traced>(*cx, rule, v);
    if (e != Exit::Ok) return exitCode(e);
  }
  const Value got = loadValue(v);  // just written by the call
  *out = got;
  if constexpr (Traced) {
    cx->rec->read(TraceRead::Kind::Rule, false, rule, 0, cx->rule(rule).node, cx->ruleTypes[rule], got);
  }
  return kOk;
}

template <bool Traced>
uint8_t callBase(Context* cx, uint32_t rule, uint32_t pc, Value* out) {
  Value v;
  Exit e = evalBase<false, Traced>(*cx, rule, pc, v);
  if (e != Exit::Ok) return exitCode(e);
  const Value got = loadValue(v);  // just written by the call
  *out = got;
  if constexpr (Traced) {
    cx->rec->read(TraceRead::Kind::Base, false, rule, 0, cx->rule(rule).node, cx->ruleTypes[rule], got);
  }
  return kOk;
}

// CALL_RULE_ITEM and CALL_BASE_ITEM (base: the value without exceptions).
template <bool Traced, bool Base>
uint8_t callRuleItem(Context* cx, uint32_t rule, int64_t record, uint32_t pc, Value* out) {
  if (!cx->isItemOf(rule, record)) return exitCode(cx->failCaseData(Context::MissingInCase::Record, pc));
  const RuleSlot& slot = cx->itemRule(rule, record);
  Value v;
  if (!Base && slot.state == Memo::Done) {
    v = slot.value;
  } else {
    Exit e = Base ? evalBaseItem<false, Traced>(*cx, rule, record, pc, v) : evalRuleItem<false, Traced>(*cx, rule, record, v);
    if (e != Exit::Ok) return exitCode(e);
  }
  const Value got = loadValue(v);  // just written by the call
  *out = got;
  if constexpr (Traced) {
    cx->rec->read(Base ? TraceRead::Kind::Base : TraceRead::Kind::Rule, false, rule, static_cast<uint32_t>(record),
                  cx->itemRule(rule, record).node, cx->ruleTypes[rule], got);
  }
  return kOk;
}

// The arguments live in the native frame's own registers; the table lookup and the cell's chunk
// read them from the register stack, where the VM keeps them.
template <bool Traced>
uint8_t lookupParameter(Context* cx, uint32_t param, uint32_t argBase, uint32_t pc, const Value* args, Value* out) {
  const uint32_t arity = static_cast<uint32_t>(cx->program.params[param].args.size());
  for (uint32_t i = 0; i < arity; ++i) cx->regs[argBase + i] = loadValue(args[i]);  // stored by native code
  Value v;
  uint32_t node = kNoNode;
  Exit e = lookupParam<false, Traced>(*cx, param, argBase, pc, v, node);
  if (e != Exit::Ok) return exitCode(e);
  const Value got = loadValue(v);  // just written by the call
  *out = got;
  if constexpr (Traced) {
    cx->rec->read(TraceRead::Kind::Parameter, false, param, 0, node, cx->paramTypes[param], got);
  }
  return kOk;
}

}  // namespace

extern "C" {

uint8_t regel_native_enter(Context* cx, uint32_t chunk, uint32_t base, uint32_t* savedTop) {
  const Chunk& ch = cx->program.chunks[chunk];
  if (cx->depth >= kMaxDepth) return exitCode(cx->failTooDeep(ch));
  *savedTop = cx->top;
  ++cx->depth;
  cx->ensureRegisters(base + ch.frameSize);
  cx->top = base + ch.frameSize;
  return kOk;
}

void regel_native_arguments(Context* cx, uint32_t base, uint32_t count, Value* out) {
  for (uint32_t i = 0; i < count; ++i) out[i] = cx->regs[base + i];
}

uint8_t regel_native_load_input(Context* cx, uint32_t field, Value* out) { return loadInput<false>(cx, field, out); }
uint8_t regel_native_load_input_traced(Context* cx, uint32_t field, Value* out) {
  return loadInput<true>(cx, field, out);
}
uint8_t regel_native_get_field(Context* cx, int64_t idx, uint32_t field, uint32_t pc, Value* out) {
  return getField<false>(cx, idx, field, pc, out);
}
uint8_t regel_native_get_field_traced(Context* cx, int64_t idx, uint32_t field, uint32_t pc, Value* out) {
  return getField<true>(cx, idx, field, pc, out);
}

uint8_t regel_native_present_input(Context* cx, uint32_t field) {
  return cx->data->present[field] != 0 ? 1 : 0;
}

uint8_t regel_native_present_field(Context* cx, int64_t idx, uint32_t field, uint32_t pc, Value* out) {
  const CaseData& data = *cx->data;
  if (!validRecord(data, idx, field)) return exitCode(cx->failCaseData(Context::MissingInCase::Record, pc));
  *out = Value::boolean(data.has(static_cast<size_t>(idx), field));
  return kOk;
}

uint8_t regel_native_decision_date(Context* cx, uint32_t pc, Value* out) {
  if (!cx->hasDate) return exitCode(cx->failAt(ErrorKind::NoDecisionDate, {}, pc));
  *out = Value::date(cx->date);
  return kOk;
}

uint8_t regel_native_list_len(Context* cx, int64_t list, uint32_t pc, int64_t* out) {
  if (!validList(*cx->data, list)) return exitCode(cx->failCaseData(Context::MissingInCase::List, pc));
  *out = static_cast<int64_t>(cx->data->lists[list].size());
  return kOk;
}

uint8_t regel_native_list_get(Context* cx, int64_t list, int64_t index, uint32_t pc, Value* out) {
  const CaseData& data = *cx->data;
  if (!validList(data, list) || index < 0 || static_cast<uint64_t>(index) >= data.lists[list].size()) {
    return exitCode(cx->failCaseData(Context::MissingInCase::Element, pc));
  }
  *out = data.lists[list][index];
  return kOk;
}

uint8_t regel_native_list_next(Context* cx, int64_t list, int64_t index, uint32_t pc, Value* out) {
  const CaseData& data = *cx->data;
  if (!validList(data, list)) return exitCode(cx->failCaseData(Context::MissingInCase::List, pc));
  if (--cx->loopSteps == 0) return exitCode(cx->failTooManySteps(pc));
  const auto& elements = data.lists[list];
  if (index >= 0 && static_cast<uint64_t>(index) < elements.size()) {
    *out = elements[index];
    return 0;
  }
  return 1;
}

uint8_t regel_native_call_rule(Context* cx, uint32_t rule, Value* out) { return callRule<false>(cx, rule, out); }
uint8_t regel_native_call_rule_traced(Context* cx, uint32_t rule, Value* out) { return callRule<true>(cx, rule, out); }
int32_t regel_native_rule_version(Context* cx, uint32_t rule) { return cx->ruleVersionFor(rule); }
int32_t regel_native_param_version(Context* cx, uint32_t param) { return cx->paramVersionFor(param); }
uint8_t regel_native_call_rule_item(Context* cx, uint32_t rule, int64_t record, uint32_t pc, Value* out) {
  return callRuleItem<false, false>(cx, rule, record, pc, out);
}
uint8_t regel_native_call_rule_item_traced(Context* cx, uint32_t rule, int64_t record, uint32_t pc, Value* out) {
  return callRuleItem<true, false>(cx, rule, record, pc, out);
}
uint8_t regel_native_call_base_item(Context* cx, uint32_t rule, int64_t record, uint32_t pc, Value* out) {
  return callRuleItem<false, true>(cx, rule, record, pc, out);
}
uint8_t regel_native_call_base_item_traced(Context* cx, uint32_t rule, int64_t record, uint32_t pc, Value* out) {
  return callRuleItem<true, true>(cx, rule, record, pc, out);
}
uint8_t regel_native_call_base(Context* cx, uint32_t rule, uint32_t pc, Value* out) {
  return callBase<false>(cx, rule, pc, out);
}
uint8_t regel_native_call_base_traced(Context* cx, uint32_t rule, uint32_t pc, Value* out) {
  return callBase<true>(cx, rule, pc, out);
}
uint8_t regel_native_lookup_param(Context* cx, uint32_t param, uint32_t argBase, uint32_t pc, Value* args,
                                  Value* out) {
  return lookupParameter<false>(cx, param, argBase, pc, args, out);
}
uint8_t regel_native_lookup_param_traced(Context* cx, uint32_t param, uint32_t argBase, uint32_t pc, Value* args,
                                         Value* out) {
  return lookupParameter<true>(cx, param, argBase, pc, args, out);
}

uint8_t regel_native_fail(Context* cx, uint32_t kind, uint32_t wording, uint32_t pc) {
  return exitCode(cx->failInstruction(static_cast<ErrorKind>(kind), wording, pc));
}

uint8_t regel_native_arith_fail(Context* cx, uint8_t error, uint32_t pc) {
  return exitCode(cx->failArith(static_cast<ArithError>(error), pc));
}

uint8_t regel_native_rat_binary(uint32_t op, int64_t xn, int64_t xd, int64_t yn, int64_t yd, Value* out) {
  const Rational x{xn, xd}, y{yn, yd};
  Rational r;
  ArithError e = ArithError::None;
  switch (static_cast<RatOp>(op)) {
    case RatOp::Add: e = addRat(x, y, r); break;
    case RatOp::Sub: e = subRat(x, y, r); break;
    case RatOp::Mul: e = mulRat(x, y, r); break;
    case RatOp::Div: e = divRat(x, y, r); break;
  }
  if (e == ArithError::None) *out = Value::rational(r);
  return static_cast<uint8_t>(e);
}

uint8_t regel_native_rat_neg(int64_t xn, int64_t xd, Value* out) {
  Rational r;
  ArithError e = negRat(Rational{xn, xd}, r);
  if (e == ArithError::None) *out = Value::rational(r);
  return static_cast<uint8_t>(e);
}

int32_t regel_native_rat_compare(int64_t xn, int64_t xd, int64_t yn, int64_t yd) {
  return compareRat(Rational{xn, xd}, Rational{yn, yd});
}

uint8_t regel_native_round_to_step(int64_t n, int64_t d, uint32_t dir, int64_t step, int64_t* out) {
  return static_cast<uint8_t>(roundToStep(Rational{n, d}, static_cast<RoundDirection>(dir), step, *out));
}

uint8_t regel_native_round_int(int64_t n, int64_t d, uint32_t dir, int64_t* out) {
  return static_cast<uint8_t>(roundRat(Rational{n, d}, static_cast<RoundDirection>(dir), *out));
}

uint8_t regel_native_text_equal(Context* cx, int64_t xa, int64_t xb, int64_t ya, int64_t yb) {
  return textOf(*cx, Value{xa, xb}) == textOf(*cx, Value{ya, yb}) ? 1 : 0;
}

int64_t regel_native_year_of_date(int64_t days) {
  int y, m, d;
  civilFromDate(Date{static_cast<int32_t>(days)}, y, m, d);
  return y;
}
int64_t regel_native_year_of_month(int64_t month) { return yearOf(Month{static_cast<int32_t>(month)}); }
int64_t regel_native_month_of_date(int64_t days) {
  return monthOfDate(Date{static_cast<int32_t>(days)}).index;
}

int64_t regel_native_calendar_unary(uint32_t op, int64_t x) {
  const Date date{static_cast<int32_t>(x)};
  const Month month{static_cast<int32_t>(x)};
  switch (static_cast<Op>(op)) {
    case Op::DAY_OF_DATE: return dayOf(date);
    case Op::MONTH_NUMBER: return monthOf(month);
    case Op::FIRST_DAY: return firstDayOf(month).days;
    case Op::LAST_DAY: return lastDayOf(month).days;
    default: return 0;
  }
}

uint8_t regel_native_calendar_binary(Context* cx, uint32_t op, int64_t x, int64_t y, uint32_t pc, int64_t* out) {
  if (calendarBinary(static_cast<Op>(op), x, y, *out)) return kOk;
  return exitCode(cx->failInstruction(ErrorKind::InvalidDate, 0, pc));
}

}  // extern "C"

namespace {

template <class R, class... A>
using FunctionPointer = R (*)(A...);

// Each definition above has exactly the signature native_abi.def gives it.
using namespace abi;
#define REGEL_NATIVE(name, ret, ...) \
  static_assert(std::is_same_v<decltype(&name), FunctionPointer<ret, __VA_ARGS__>>, #name " differs from native_abi.def");
#include "runtime/vm/native_abi.def"
#undef REGEL_NATIVE

const NativeSymbol kSymbols[] = {
#define REGEL_NATIVE(name, ret, ...) {#name, reinterpret_cast<void*>(&name)},
#include "runtime/vm/native_abi.def"
#undef REGEL_NATIVE
};

}  // namespace

std::span<const NativeSymbol> nativeSymbols() { return kSymbols; }

}  // namespace regel::rt::vm
