// The bytecode interpreter: one computed-goto dispatch loop over typed instructions.
#include "runtime/vm/vm.h"

#include <cstring>
#include <iterator>
#include <type_traits>

#include "runtime/vm/calendar.h"

namespace regel::rt::vm {
namespace {

bool ratLess(Value x, Value y) { return compareRat(x.asRational(), y.asRational()) < 0; }
bool ratLessEq(Value x, Value y) { return compareRat(x.asRational(), y.asRational()) <= 0; }

// Tells the recorder what an instruction read: an input field, a rule, a base value or a
// parameter. Only traced instantiations call it.
void recordRead(Context& cx, TraceRead::Kind kind, bool poisoned, uint32_t ref, uint32_t field, uint32_t node,
                TypeId type, Value value) {
  cx.rec->read(kind, poisoned, ref, field, node, type, value);
}

// The tolerant mode's speculation in one chunk: while running code that runs only because a value
// is missing (the arms of an om whose condition is missing, what follows an undecided och, eller,
// alla or någon), `poison` is what that value (and an arm already run) lacks; kNoPoison elsewhere.
// An om keeps the poison around it in a scratch register; the code after an undecided logic jump
// is a region that ends at the jump's target, where the poison before it is restored. Regions
// nest; one more than fits is not opened (an error in it then stops the case, as without regions).
struct Speculation {
  Poison poison = kNoPoison;
  struct Region {
    uint32_t end = 0;
    Poison saved = kNoPoison;
  };
  Region regions[16];
  uint32_t count = 0;

  void open(uint32_t end, Poison why, PoisonSets& poisons) {
    if (count != 0 && regions[count - 1].end == end) {
      poison = poisons.join(poison, why);  // the next element of the same alla
    } else if (count < std::size(regions)) {
      regions[count++] = {end, poison};
      poison = poisons.join(poison, why);
    }
  }
  // Before the instruction at `pc` (chunk-relative): the regions that end there are left.
  void closeAt(uint32_t pc) {
    while (count != 0 && pc == regions[count - 1].end) poison = regions[--count].saved;
  }
};
// The fast mode never speculates.
struct NoSpeculation {};

}  // namespace

std::string_view textOf(const Context& cx, Value v) {
  if (v.b == 0) {
    return v.a >= 0 && static_cast<uint64_t>(v.a) < cx.program.texts.size() ? std::string_view(cx.program.texts[v.a])
                                                                          : std::string_view();
  }
  const auto& texts = cx.data->texts;
  return v.a >= 0 && static_cast<uint64_t>(v.a) < texts.size() ? std::string_view(texts[v.a]) : std::string_view();
}

// Runs one chunk in a frame starting at `base`. In tolerant mode a register may be poisoned: an
// operation on a poisoned operand yields a poisoned result without computing, and a branch on a
// poisoned condition (or returning one) ends the chunk with Exit::Poison.
template <bool Tolerant, bool Traced>
Exit interpret(Context& cx, uint32_t chunkId, uint32_t base, Value& out) {
  const Program& p = cx.program;
  const Chunk& ch = p.chunks[chunkId];
  const Instr* const code = p.code.data() + ch.begin;
  const Instr* ip = code;
  const uint32_t savedTop = cx.top;
  if (cx.depth >= kMaxDepth) return cx.failTooDeep(ch);
  ++cx.depth;
  cx.ensureRegisters(base + ch.frameSize);
  cx.top = base + ch.frameSize;
  if constexpr (Tolerant) std::fill_n(cx.poison.data() + base + ch.argCount, ch.frameSize - ch.argCount, kNoPoison);
  Value* R = cx.regs.data() + base;
  Poison* P = cx.poison.data() + base;
  const Value* K = p.constants.data();
  const CaseData& data = *cx.data;
  const RecordInstance& root = data.records[0];
  Exit result = Exit::Ok;
  // Tolerant mode only (the fast mode's is empty): what the code running on speculation lacks.
  std::conditional_t<Tolerant, Speculation, NoSpeculation> spec;
  Instr in;
  Value v;
  uint32_t node = kNoNode;

#define PC() (ch.begin + static_cast<uint32_t>(ip - code) - 1)
#define NEXT()                                                                          \
  do {                                                                                  \
    if constexpr (Tolerant) spec.closeAt(static_cast<uint32_t>(ip - code));            \
    in = *ip++;                                                                         \
    goto* kLabels[static_cast<uint8_t>(in.op)];                                        \
  } while (0)
#define FINISH(e)   \
  do {              \
    result = (e);   \
    goto done;      \
  } while (0)
#define RELOAD()                       \
  do {                                 \
    R = cx.regs.data() + base;         \
    P = cx.poison.data() + base;       \
  } while (0)
// Poison propagation: a poisoned operand poisons the result and skips the operation.
#define POISON1(x)                   \
  if constexpr (Tolerant) {          \
    if (P[x]) {                      \
      P[in.a] = P[x];                \
      NEXT();                        \
    }                                \
    P[in.a] = 0;                     \
  }
#define POISON2(x, y)                \
  if constexpr (Tolerant) {          \
    if (P[x] | P[y]) {               \
      P[in.a] = cx.poisons.join(P[x], P[y]); \
      NEXT();                        \
    }                                \
    P[in.a] = 0;                     \
  }
#define CLEAN() \
  if constexpr (Tolerant) P[in.a] = 0;
#define CHECKED(expr)                                  \
  do {                                                 \
    ArithError err_ = (expr);                          \
    if (err_ != ArithError::None) FINISH(cx.failArith(err_, PC())); \
  } while (0)
#define INT_BINARY(builtin)                                          \
  {                                                                  \
    POISON2(in.b, in.c);                                             \
    int64_t r_;                                                      \
    if (builtin(R[in.b].a, R[in.c].a, &r_)) FINISH(cx.failAt(ErrorKind::Overflow, {}, PC())); \
    R[in.a] = Value{r_, 0};                                          \
    NEXT();                                                          \
  }
#define RAT_BINARY(fn)                                               \
  {                                                                  \
    POISON2(in.b, in.c);                                             \
    Rational r_;                                                     \
    CHECKED(fn(R[in.b].asRational(), R[in.c].asRational(), r_));     \
    R[in.a] = Value::rational(r_);                                   \
    NEXT();                                                          \
  }
#define COMPARE(test)                                                \
  {                                                                  \
    POISON2(in.b, in.c);                                             \
    const Value x_ = R[in.b], y_ = R[in.c];                          \
    R[in.a] = Value::boolean(test);                                  \
    NEXT();                                                          \
  }

  static const void* const kLabels[] = {
#define REGEL_OP(name, a, b, c, doc) &&L_##name,
#include "runtime/program/opcodes.def"
#undef REGEL_OP
  };

  NEXT();

L_NOP:
  NEXT();
L_MOVE:
  R[in.a] = loadValue(R[in.b]);
  if constexpr (Tolerant) P[in.a] = P[in.b];
  NEXT();
L_LOAD_CONST:
  R[in.a] = K[in.b];
  CLEAN();
  NEXT();
L_LOAD_INT:
  R[in.a] = Value{static_cast<int32_t>(in.b), 0};
  CLEAN();
  NEXT();
L_LOAD_INPUT: {
  // Unchecked: checkCase has checked the input record's slots, which are the case's first.
  const bool present = data.present[in.b] != 0;
  if (!present) {
    if constexpr (!Tolerant) {
      FINISH(Exit::Abort);
    } else {
      P[in.a] = cx.recordMissing(0, in.b);
    }
  } else {
    R[in.a] = data.slots[in.b];
    CLEAN();
  }
  if constexpr (Traced) {
    recordRead(cx, TraceRead::Kind::Input, !present, 0, in.b, kNoNode,
               cx.fieldType(root.recordType, in.b), present ? R[in.a] : Value{});
  }
  NEXT();
}
L_GET_FIELD: {
  POISON1(in.b);
  const int64_t idx = R[in.b].a;
  if (idx < 0 || static_cast<uint64_t>(idx) >= data.records.size() ||
      in.c >= data.records[idx].fieldCount) {
    FINISH(cx.failCaseData(Context::MissingInCase::Record, PC()));
  }
  const RecordInstance& rec = data.records[idx];
  const bool present = data.present[rec.first + in.c] != 0;
  if (!present) {
    if constexpr (!Tolerant) {
      FINISH(Exit::Abort);
    } else {
      P[in.a] = cx.recordMissing(static_cast<uint32_t>(idx), in.c);
    }
  } else {
    R[in.a] = data.slots[rec.first + in.c];
  }
  if constexpr (Traced) {
    recordRead(cx, TraceRead::Kind::Input, !present, static_cast<uint32_t>(idx), in.c, kNoNode,
               cx.fieldType(rec.recordType, in.c), present ? R[in.a] : Value{});
  }
  NEXT();
}
L_PRESENT_INPUT:
  R[in.a] = Value::boolean(data.present[in.b] != 0);
  CLEAN();
  NEXT();
L_PRESENT_FIELD: {
  POISON1(in.b);
  const int64_t idx = R[in.b].a;
  if (idx < 0 || static_cast<uint64_t>(idx) >= data.records.size() ||
      in.c >= data.records[idx].fieldCount) {
    FINISH(cx.failCaseData(Context::MissingInCase::Record, PC()));
  }
  R[in.a] = Value::boolean(data.has(static_cast<size_t>(idx), in.c));
  NEXT();
}
L_DECISION_DATE:
  if (!cx.hasDate) FINISH(cx.failAt(ErrorKind::NoDecisionDate, {}, PC()));
  R[in.a] = Value::date(cx.date);
  CLEAN();
  NEXT();
L_CALL_RULE: {
  const RuleSlot& slot = cx.rule(in.b);
  Exit e = Exit::Ok;
  if (slot.state == Memo::Done) {
    v = slot.value;
  } else {
    e = evalRule<Tolerant, Traced>(cx, in.b, v);
    RELOAD();
  }
  if (e == Exit::Ok) {
    R[in.a] = loadValue(v);  // just written by the call
    CLEAN();
  } else if (Tolerant && e == Exit::Poison) {
    P[in.a] = cx.rule(in.b).poison;
  } else {
    FINISH(e);
  }
  if constexpr (Traced) {
    recordRead(cx, TraceRead::Kind::Rule, e == Exit::Poison, in.b, 0, cx.rule(in.b).node, cx.ruleTypes[in.b], loadValue(v));
  }
  NEXT();
}
L_CALL_BASE: {
  Exit e = evalBase<Tolerant, Traced>(cx, in.b, PC(), v);
  RELOAD();
  if (e == Exit::Ok) {
    R[in.a] = loadValue(v);  // just written by the call
    CLEAN();
  } else if (Tolerant && e == Exit::Poison) {
    P[in.a] = cx.rule(in.b).basePoison;
  } else {
    FINISH(e);
  }
  if constexpr (Traced) {
    recordRead(cx, TraceRead::Kind::Base, e == Exit::Poison, in.b, 0, cx.rule(in.b).node, cx.ruleTypes[in.b], loadValue(v));
  }
  NEXT();
}
L_CALL_RULE_ITEM: {
  POISON1(in.c);
  const int64_t record = R[in.c].a;
  if (!cx.isItemOf(in.b, record)) FINISH(cx.failCaseData(Context::MissingInCase::Record, PC()));
  const RuleSlot& slot = cx.itemRule(in.b, record);
  Exit e = Exit::Ok;
  if (slot.state == Memo::Done) {
    v = slot.value;
  } else {
    e = evalRuleItem<Tolerant, Traced>(cx, in.b, record, v);
    RELOAD();
  }
  if (e == Exit::Ok) {
    R[in.a] = loadValue(v);  // just written by the call
    CLEAN();
  } else if (Tolerant && e == Exit::Poison) {
    P[in.a] = cx.itemRule(in.b, record).poison;
  } else {
    FINISH(e);
  }
  if constexpr (Traced) {
    recordRead(cx, TraceRead::Kind::Rule, e == Exit::Poison, in.b, static_cast<uint32_t>(record),
               cx.itemRule(in.b, record).node, cx.ruleTypes[in.b], loadValue(v));
  }
  NEXT();
}
L_CALL_BASE_ITEM: {
  POISON1(in.c);
  const int64_t record = R[in.c].a;
  if (!cx.isItemOf(in.b, record)) FINISH(cx.failCaseData(Context::MissingInCase::Record, PC()));
  Exit e = evalBaseItem<Tolerant, Traced>(cx, in.b, record, PC(), v);
  RELOAD();
  if (e == Exit::Ok) {
    R[in.a] = loadValue(v);  // just written by the call
    CLEAN();
  } else if (Tolerant && e == Exit::Poison) {
    P[in.a] = cx.itemRule(in.b, record).basePoison;
  } else {
    FINISH(e);
  }
  if constexpr (Traced) {
    recordRead(cx, TraceRead::Kind::Base, e == Exit::Poison, in.b, static_cast<uint32_t>(record),
               cx.itemRule(in.b, record).node, cx.ruleTypes[in.b], loadValue(v));
  }
  NEXT();
}
L_LOOKUP_PARAM: {
  const uint32_t arity = static_cast<uint32_t>(p.params[in.b].args.size());
  if constexpr (Tolerant) {
    Poison bad = kNoPoison;
    for (uint32_t i = 0; i < arity; ++i) bad = cx.poisons.join(bad, P[in.c + i]);
    if (bad) {
      P[in.a] = bad;
      NEXT();
    }
  }
  Exit e = lookupParam<Tolerant, Traced>(cx, in.b, base + in.c, PC(), v, node);
  RELOAD();
  if (e == Exit::Ok) {
    R[in.a] = loadValue(v);  // just written by the call
    CLEAN();
  } else if (Tolerant && e == Exit::Poison) {
    P[in.a] = cx.lastPoison;
  } else {
    FINISH(e);
  }
  if constexpr (Traced) {
    recordRead(cx, TraceRead::Kind::Parameter, e == Exit::Poison, in.b, 0, node, cx.paramTypes[in.b], loadValue(v));
  }
  NEXT();
}

L_ADD_INT:
L_ADD_MONEY:
  INT_BINARY(__builtin_add_overflow)
L_SUB_INT:
L_SUB_MONEY:
  INT_BINARY(__builtin_sub_overflow)
L_MUL_INT:
L_MUL_MONEY_INT:
  INT_BINARY(__builtin_mul_overflow)
L_NEG_INT:
L_NEG_MONEY: {
  POISON1(in.b);
  int64_t r;
  if (__builtin_sub_overflow(int64_t{0}, R[in.b].a, &r)) FINISH(cx.failAt(ErrorKind::Overflow, {}, PC()));
  R[in.a] = Value{r, 0};
  NEXT();
}
L_ADDI_INT: {
  POISON1(in.b);
  int64_t r;
  if (__builtin_add_overflow(R[in.b].a, static_cast<int64_t>(static_cast<int32_t>(in.c)), &r)) {
    FINISH(cx.failAt(ErrorKind::Overflow, {}, PC()));
  }
  R[in.a] = Value{r, 0};
  NEXT();
}
L_ADD_RAT:
  RAT_BINARY(addRat)
L_SUB_RAT:
  RAT_BINARY(subRat)
L_MUL_RAT:
  RAT_BINARY(mulRat)
L_DIV_RAT:
  RAT_BINARY(divRat)
L_NEG_RAT: {
  POISON1(in.b);
  Rational r;
  CHECKED(negRat(R[in.b].asRational(), r));
  R[in.a] = Value::rational(r);
  NEXT();
}
L_INT_TO_RAT:
L_MONEY_TO_RAT:
  POISON1(in.b);
  R[in.a] = Value{R[in.b].a, 1};
  NEXT();
L_ROUND_KRONOR:
L_ROUND_ORE: {
  POISON1(in.b);
  int64_t r;
  CHECKED(roundToStep(R[in.b].asRational(), static_cast<RoundDirection>(in.c),
                      in.op == Op::ROUND_KRONOR ? 100 : 1, r));
  R[in.a] = Value{r, 0};
  NEXT();
}
L_ROUND_INT: {
  POISON1(in.b);
  int64_t r;
  CHECKED(roundRat(R[in.b].asRational(), static_cast<RoundDirection>(in.c), r));
  R[in.a] = Value{r, 0};
  NEXT();
}

L_EQ_INT:
  COMPARE(x_.a == y_.a)
L_NE_INT:
  COMPARE(x_.a != y_.a)
L_LT_INT:
  COMPARE(x_.a < y_.a)
L_LE_INT:
  COMPARE(x_.a <= y_.a)
L_EQ_RAT:
  COMPARE(x_ == y_)
L_NE_RAT:
  COMPARE(!(x_ == y_))
L_LT_RAT:
  COMPARE(ratLess(x_, y_))
L_LE_RAT:
  COMPARE(ratLessEq(x_, y_))
L_EQ_TEXT:
  COMPARE(textOf(cx, x_) == textOf(cx, y_))
L_NE_TEXT:
  COMPARE(textOf(cx, x_) != textOf(cx, y_))
L_NOT:
  POISON1(in.b);
  R[in.a] = Value::boolean(R[in.b].a == 0);
  NEXT();

L_MIN_INT:
  POISON2(in.b, in.c);
  R[in.a] = R[in.b].a <= R[in.c].a ? R[in.b] : R[in.c];
  NEXT();
L_MAX_INT:
  POISON2(in.b, in.c);
  R[in.a] = R[in.b].a >= R[in.c].a ? R[in.b] : R[in.c];
  NEXT();
L_MIN_RAT:
  POISON2(in.b, in.c);
  R[in.a] = ratLessEq(R[in.b], R[in.c]) ? R[in.b] : R[in.c];
  NEXT();
L_MAX_RAT:
  POISON2(in.b, in.c);
  R[in.a] = ratLessEq(R[in.c], R[in.b]) ? R[in.b] : R[in.c];
  NEXT();
L_YEAR_OF_DATE: {
  POISON1(in.b);
  int y, m, d;
  civilFromDate(Date{static_cast<int32_t>(R[in.b].a)}, y, m, d);
  R[in.a] = Value::integer(y);
  NEXT();
}
L_YEAR_OF_MONTH:
  POISON1(in.b);
  R[in.a] = Value::integer(yearOf(Month{static_cast<int32_t>(R[in.b].a)}));
  NEXT();
L_MONTH_OF_DATE:
  POISON1(in.b);
  R[in.a] = Value::month(monthOfDate(Date{static_cast<int32_t>(R[in.b].a)}));
  NEXT();
L_DAY_OF_DATE:
  POISON1(in.b);
  R[in.a] = Value::integer(dayOf(Date{static_cast<int32_t>(R[in.b].a)}));
  NEXT();
L_MONTH_NUMBER:
  POISON1(in.b);
  R[in.a] = Value::integer(monthOf(Month{static_cast<int32_t>(R[in.b].a)}));
  NEXT();
L_FIRST_DAY:
  POISON1(in.b);
  R[in.a] = Value::date(firstDayOf(Month{static_cast<int32_t>(R[in.b].a)}));
  NEXT();
L_LAST_DAY:
  POISON1(in.b);
  R[in.a] = Value::date(lastDayOf(Month{static_cast<int32_t>(R[in.b].a)}));
  NEXT();
L_MAKE_MONTH:
L_MAKE_DATE:
L_ADD_DAYS:
L_ADD_MONTHS_DATE:
L_ADD_MONTHS:
L_MONTHS_BETWEEN:
L_YEARS_BETWEEN: {
  POISON2(in.b, in.c);
  int64_t r;
  if (!calendarBinary(in.op, R[in.b].a, R[in.c].a, r)) FINISH(cx.failInstruction(ErrorKind::InvalidDate, 0, PC()));
  R[in.a] = Value{r, 0};
  NEXT();
}

L_LIST_LEN: {
  POISON1(in.b);
  const int64_t l = R[in.b].a;
  if (l < 0 || static_cast<uint64_t>(l) >= data.lists.size()) {
    FINISH(cx.failCaseData(Context::MissingInCase::List, PC()));
  }
  R[in.a] = Value::integer(static_cast<int64_t>(data.lists[l].size()));
  NEXT();
}
L_LIST_GET: {
  POISON2(in.b, in.c);
  const int64_t l = R[in.b].a, i = R[in.c].a;
  if (l < 0 || static_cast<uint64_t>(l) >= data.lists.size() || i < 0 ||
      static_cast<uint64_t>(i) >= data.lists[l].size()) {
    FINISH(cx.failCaseData(Context::MissingInCase::Element, PC()));
  }
  R[in.a] = data.lists[l][i];
  NEXT();
}
L_LIST_NEXT: {
  if constexpr (Tolerant) {
    // A loop over a list the case lacks cannot be run: the chunk's value is poisoned.
    if (P[in.b]) {
      cx.lastPoison = P[in.b];
      FINISH(Exit::Poison);
    }
  }
  const int64_t l = R[in.b].a;
  if (l < 0 || static_cast<uint64_t>(l) >= data.lists.size()) {
    FINISH(cx.failCaseData(Context::MissingInCase::List, PC()));
  }
  if (--cx.loopSteps == 0) FINISH(cx.failTooManySteps(PC()));
  const auto& list = data.lists[l];
  const int64_t i = R[in.a].a + 1;
  R[in.a].a = i;
  if (i >= 0 && static_cast<uint64_t>(i) < list.size()) {
    R[in.a + 1] = list[i];
    if constexpr (Tolerant) P[in.a + 1] = 0;
  } else {
    ip = code + in.c;
  }
  NEXT();
}

L_JMP:
  ip = code + in.a;
  NEXT();
L_JMP_IF:
  if constexpr (Tolerant) {
    if (P[in.a]) {
      cx.lastPoison = P[in.a];
      FINISH(Exit::Poison);
    }
  }
  if (R[in.a].a != 0) ip = code + in.b;
  NEXT();
L_JMP_IFNOT:
  if constexpr (Tolerant) {
    if (P[in.a]) {
      cx.lastPoison = P[in.a];
      FINISH(Exit::Poison);
    }
  }
  if (R[in.a].a == 0) ip = code + in.b;
  NEXT();
L_OM_IF:
  if constexpr (Tolerant) {
    if (P[in.a]) {
      // Both arms run; what either lacks, and any error in them, depends on the condition.
      P[in.a + 1] = spec.poison;  // restored where the arms meet
      spec.poison = cx.poisons.join(spec.poison, P[in.a]);
      NEXT();
    }
  }
  if (R[in.a].a == 0) ip = code + in.b;
  NEXT();
L_OM_ELSE:
  if constexpr (Tolerant) {
    if (P[in.c]) {
      spec.poison = cx.poisons.join(spec.poison, P[in.a]);  // what the så arm lacks
      NEXT();
    }
  }
  ip = code + in.b;
  NEXT();
L_OM_JOIN:
  if constexpr (Tolerant) {
    if (P[in.b]) {
      P[in.a] = cx.poisons.join(spec.poison, P[in.a]);
      spec.poison = P[in.b + 1];
    }
  }
  NEXT();
L_LOGIC_JMP_IF:
  // A missing left side does not decide `eller`: the right side is computed and OR_BOOL combines.
  // What runs from here to the jump's target runs only because the value is missing (the right
  // side, the rest of an alla/någon): an error there may never happen.
  if constexpr (Tolerant) {
    if (P[in.a]) {
      if (in.b > PC() - ch.begin) spec.open(in.b, P[in.a], cx.poisons);
      NEXT();
    }
  }
  if (R[in.a].a != 0) ip = code + in.b;
  NEXT();
L_LOGIC_JMP_IFNOT:
  if constexpr (Tolerant) {
    if (P[in.a]) {
      if (in.b > PC() - ch.begin) spec.open(in.b, P[in.a], cx.poisons);
      NEXT();
    }
  }
  if (R[in.a].a == 0) ip = code + in.b;
  NEXT();
L_AND_BOOL:
  if constexpr (Tolerant) {
    const Poison pb = P[in.b], pc = P[in.c];
    if (pb | pc) {
      // Kleene's och: a known nej decides whatever the missing side would have been, and the
      // facts that side needed are not needed.
      const bool knownNo = (!pb && R[in.b].a == 0) || (!pc && R[in.c].a == 0);
      if (knownNo) R[in.a] = Value::boolean(false);
      P[in.a] = knownNo ? kNoPoison : cx.poisons.join(pb, pc);
      NEXT();
    }
    P[in.a] = 0;
  }
  R[in.a] = Value::boolean(R[in.b].a != 0 && R[in.c].a != 0);
  NEXT();
L_OR_BOOL:
  if constexpr (Tolerant) {
    const Poison pb = P[in.b], pc = P[in.c];
    if (pb | pc) {
      const bool knownYes = (!pb && R[in.b].a != 0) || (!pc && R[in.c].a != 0);
      if (knownYes) R[in.a] = Value::boolean(true);
      P[in.a] = knownYes ? kNoPoison : cx.poisons.join(pb, pc);
      NEXT();
    }
    P[in.a] = 0;
  }
  R[in.a] = Value::boolean(R[in.b].a != 0 || R[in.c].a != 0);
  NEXT();
L_POISON_WITH:
  if constexpr (Tolerant) {
    if (P[in.b]) P[in.a] = cx.poisons.join(P[in.a], P[in.b]);
  }
  NEXT();
L_FAIL:
  FINISH(cx.failInstruction(static_cast<ErrorKind>(in.a), in.b, PC()));
L_RET:
  if constexpr (Tolerant) {
    if (P[in.a]) {
      cx.lastPoison = P[in.a];
      FINISH(Exit::Poison);
    }
  }
  out = loadValue(R[in.a]);
  FINISH(Exit::Ok);

done:
  if constexpr (Tolerant) {
    // Ended inside an arm that may not be taken: an error there may never happen, and whatever
    // stopped the chunk depends on the missing condition as well.
    if (spec.poison != kNoPoison && (result == Exit::Error || result == Exit::Poison)) {
      if (result == Exit::Error) cx.errorSpeculative = true;
      cx.lastPoison = result == Exit::Error ? spec.poison : cx.poisons.join(cx.lastPoison, spec.poison);
      result = Exit::Poison;
    }
  }
  cx.top = savedTop;
  --cx.depth;
  return result;

#undef PC
#undef NEXT
#undef FINISH
#undef RELOAD
#undef POISON1
#undef POISON2
#undef CLEAN
#undef CHECKED
#undef INT_BINARY
#undef RAT_BINARY
#undef COMPARE
}

template Exit interpret<false, false>(Context&, uint32_t, uint32_t, Value&);
template Exit interpret<false, true>(Context&, uint32_t, uint32_t, Value&);
template Exit interpret<true, false>(Context&, uint32_t, uint32_t, Value&);
template Exit interpret<true, true>(Context&, uint32_t, uint32_t, Value&);

}  // namespace regel::rt::vm
