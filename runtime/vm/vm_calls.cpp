// Calls out of the dispatch loop: memoised rules with their exceptions (default logic), base
// values, parameter lookups by date and table row, and template rendering.
#include "runtime/vm/vm.h"

#include <algorithm>

namespace regel::rt::vm {
namespace {

TraceState poisonState(const Context& cx, Poison poison) {
  return (cx.poisons.kinds(poison) & kPoisonMissing) ? TraceState::Missing : TraceState::Unknown;
}

TraceState stateOf(const Context& cx, Exit e, Poison poison) {
  switch (e) {
    case Exit::Ok: return TraceState::Value;
    case Exit::Poison: return poisonState(cx, poison);
    case Exit::Error: return TraceState::Error;
    case Exit::Abort: return TraceState::NotEvaluated;
  }
  return TraceState::NotEvaluated;
}

std::string exceptionName(const RuleVersionInfo& ver, uint32_t i) {
  const std::string& n = ver.exceptions[i].name;
  return "'" + (n.empty() ? "undantag " + std::to_string(i + 1) : n) + "'";
}

// Whether exception `from` takes priority over `to`, directly or through a chain of overrides.
bool overridesTransitively(const RuleVersionInfo& ver, uint32_t from, uint32_t to) {
  uint64_t seen = 0;
  uint32_t stack[64];
  uint32_t n = 0;
  stack[n++] = from;
  seen |= uint64_t{1} << from;
  while (n > 0) {
    uint32_t x = stack[--n];
    for (uint32_t o : ver.exceptions[x].overrides) {
      if (o == to) return true;
      if (o < 64 && !(seen & (uint64_t{1} << o))) {
        seen |= uint64_t{1} << o;
        stack[n++] = o;
      }
    }
  }
  return false;
}

// Whether some exception in `applies` takes priority over `x`: then x cannot change the value.
bool dominated(const RuleVersionInfo& ver, uint64_t applies, uint32_t x) {
  for (uint32_t y = 0; y < ver.exceptions.size(); ++y) {
    if (y != x && (applies & (uint64_t{1} << y)) && overridesTransitively(ver, y, x)) return true;
  }
  return false;
}

// Whether `x`'s condition can be evaluated now: every exception that takes priority over it
// directly, and the one it refines, is settled first, so that a dominated exception is skipped.
bool ready(const RuleVersionInfo& ver, uint64_t settled, uint32_t x) {
  const ExceptionInfo& ex = ver.exceptions[x];
  if (ex.refines != kNoException && !(settled & (uint64_t{1} << ex.refines))) return false;
  for (uint32_t y = 0; y < ver.exceptions.size(); ++y) {
    if (y == x || (settled & (uint64_t{1} << y))) continue;
    const auto& o = ver.exceptions[y].overrides;
    // y refines x: x must be settled first (y is evaluated only when x applies).
    if (ver.exceptions[y].refines == x) continue;
    if (std::find(o.begin(), o.end(), x) != o.end()) return false;
  }
  return true;
}

template <bool Tolerant, bool Traced>
Exit evalBaseOf(Context& cx, RuleCall call, uint32_t pc, Value& out);

// Evaluates the exceptions' conditions lazily, then the value of the one that applies (or the
// base). A condition is evaluated only when it can change the value: not when an exception known
// to apply takes priority over it, and for an exception to an exception (`från`) only when the
// one it refines applies (or, in the tolerant mode, may apply: its facts are asked for with the
// others). Conditions are taken in an order where those that take priority come first.
// Not inlined: most rules have no exceptions, and evalRuleOf, called for every rule, stays small
// (fewer registers to save on each call).
template <bool Tolerant, bool Traced>
[[gnu::noinline]] Exit evalExceptions(Context& cx, RuleCall call, uint32_t version, Value& out) {
  const uint32_t id = call.rule;
  const RuleVersionInfo& ver = cx.program.rules[id].versions[version];
  const uint32_t n = static_cast<uint32_t>(ver.exceptions.size());
  uint32_t nodes[64] = {};
  uint64_t applies = 0, maybe = 0, settled = 0;
  Poison poison = kNoPoison;
  for (uint32_t done = 0; done < n;) {
    // One ready exception per step; with priorities in a circle (only in a malformed program)
    // the first unsettled one is taken.
    uint32_t x = n;
    for (uint32_t k = 0; k < n && x == n; ++k) {
      if (!(settled & (uint64_t{1} << k)) && ready(ver, settled, k)) x = k;
    }
    for (uint32_t k = 0; k < n && x == n; ++k) {
      if (!(settled & (uint64_t{1} << k))) x = k;
    }
    settled |= uint64_t{1} << x;
    ++done;
    const uint32_t parent = ver.exceptions[x].refines;
    const bool parentMaybe = parent != kNoException && (maybe & (uint64_t{1} << parent));
    if (parent != kNoException && !(applies & (uint64_t{1} << parent)) && !parentMaybe) continue;
    if (dominated(ver, applies, x)) continue;
    if constexpr (Traced) nodes[x] = cx.rec->open(TraceKind::Exception, id, version, x);
    Value c;
    Exit e = executeRuleChunk<Tolerant, Traced>(cx, call, ver.exceptions[x].condition, c);
    const bool holds = e == Exit::Ok && c.a != 0;
    if (holds && !parentMaybe) applies |= uint64_t{1} << x;
    if (e == Exit::Poison || (holds && parentMaybe)) {
      maybe |= uint64_t{1} << x;
      if (e == Exit::Poison) poison = cx.poisons.join(poison, cx.lastPoison);
    }
    if constexpr (Traced) {
      cx.rec->exception(nodes[x], holds, false);
      cx.rec->close(nodes[x], stateOf(cx, e, cx.lastPoison), kNoType, c);
    }
    // Tolerant mode goes on through the other conditions: the facts they need are needed too.
    if (e == Exit::Error || e == Exit::Abort) return e;
  }
  if (poison) {
    cx.lastPoison = poison;
    return Exit::Poison;
  }
  if (applies == 0) return evalBaseOf<Tolerant, Traced>(cx, call, kNoChunk, out);
  // The winner is the one applicable exception no other applicable one takes priority over.
  uint32_t maximal[2];
  uint32_t count = 0;
  for (uint32_t i = 0; i < n; ++i) {
    if (!(applies & (uint64_t{1} << i))) continue;
    bool dominated = false;
    for (uint32_t j = 0; j < n && !dominated; ++j) {
      if (j != i && (applies & (uint64_t{1} << j))) dominated = overridesTransitively(ver, j, i);
    }
    if (!dominated && count < 2) maximal[count++] = i;
  }
  if (count != 1) {
    // Two applicable exceptions of which neither takes priority (or priorities in a circle).
    uint32_t first = count > 0 ? maximal[0] : static_cast<uint32_t>(__builtin_ctzll(applies));
    uint32_t second = count > 1 ? maximal[1] : first;
    if (count == 0) {
      for (uint32_t j = first + 1; j < n; ++j) {
        if (applies & (uint64_t{1} << j)) {
          second = j;
          break;
        }
      }
    }
    return cx.fail(ErrorKind::ExceptionConflict,
                   {exceptionName(ver, first), exceptionName(ver, second), ruleCallName(cx.program, cx.data, id, call.record)},
                   ver.exceptions[second].span);
  }
  const uint32_t w = maximal[0];
  Exit e = executeRuleChunk<Tolerant, Traced>(cx, call, ver.exceptions[w].value, out);
  cx.rule(call).chosen = static_cast<int32_t>(w);
  cx.rule(call).chosenNode = nodes[w];
  if constexpr (Traced) cx.rec->exception(nodes[w], true, true);
  return e;
}

// A memoised value that an earlier tolerant run found poisoned (the trace's texts are computed in
// the fast mode after a decision that ended tolerantly). The fast mode stops there as at a
// missing fact: what it was computing is left unset, for the tolerant re-run to compute with
// Kleene's logic, instead of being memoised as poisoned.
template <bool Tolerant>
Exit poisoned(Context& cx, Poison poison) {
  if constexpr (!Tolerant) return Exit::Abort;
  cx.lastPoison = poison;
  return Exit::Poison;
}

template <bool Tolerant, bool Traced>
Exit evalRuleOf(Context& cx, RuleCall call, Value& out) {
  const Program& p = cx.program;
  const uint32_t id = call.rule;
  const RuleInfo& rule = p.rules[id];
  // The slots never move during a decision: one reference serves the whole evaluation.
  RuleSlot& slot = cx.rule(call);
  switch (slot.state) {
    case Memo::Done: out = slot.value; return Exit::Ok;
    case Memo::Poisoned: return poisoned<Tolerant>(cx, slot.poison);
    case Memo::Failed: return Exit::Error;
    case Memo::Running: return cx.fail(ErrorKind::Cycle, {ruleCallName(p, cx.data, id, call.record)}, rule.span);
    case Memo::Unset: break;
  }
  const int32_t v = cx.ruleVersionFor(id);
  if (v < 0) {
    slot.state = Memo::Failed;
    if (v == kNeedsDate) return cx.fail(ErrorKind::NoDecisionDate, {}, rule.span);
    return cx.fail(ErrorKind::NoRuleVersion, {rule.name, formatDate(cx.date)}, rule.span);
  }
  const RuleVersionInfo& ver = rule.versions[v];
  slot.state = Memo::Running;
  uint32_t node = kNoNode;
  if constexpr (Traced) {
    node = cx.rec->open(rule.kind == RuleKind::Condition ? TraceKind::Condition : TraceKind::Value, id,
                        static_cast<uint32_t>(v), 0);
    if (call.perItem()) cx.rec->element(node, static_cast<uint32_t>(call.record));
    slot.node = node;
  }
  // Only the tolerant run names the rules that need a missing fact; the fast run aborts instead.
  if constexpr (Tolerant) cx.ruleStack.push_back(call);
  Value result;
  Exit e = ver.exceptions.empty() ? executeRuleChunk<Tolerant, Traced>(cx, call, ver.value, result)
                                  : evalExceptions<Tolerant, Traced>(cx, call, static_cast<uint32_t>(v), result);
  const Value value = loadValue(result);  // just written by the call
  if constexpr (Tolerant) cx.ruleStack.pop_back();
  switch (e) {
    case Exit::Ok:
      slot.state = Memo::Done;
      slot.value = value;
      break;
    case Exit::Poison:
      slot.state = Memo::Poisoned;
      slot.poison = cx.lastPoison;
      break;
    case Exit::Abort: slot.state = Memo::Unset; break;
    case Exit::Error: slot.state = Memo::Failed; break;
  }
  if constexpr (Traced) cx.rec->close(node, stateOf(cx, e, slot.poison), rule.type, value);
  out = value;
  return e;
}

template <bool Tolerant, bool Traced>
Exit evalBaseOf(Context& cx, RuleCall call, uint32_t pc, Value& out) {
  const uint32_t id = call.rule;
  RuleSlot& slot = cx.rule(call);
  if (slot.baseState == Memo::Done) {
    out = slot.base;
    return Exit::Ok;
  }
  if (slot.baseState == Memo::Poisoned) return poisoned<Tolerant>(cx, slot.basePoison);
  if (slot.baseState == Memo::Failed) return Exit::Error;
  const RuleInfo& rule = cx.program.rules[id];
  if (slot.baseState == Memo::Running) {
    return cx.fail(ErrorKind::Cycle, {ruleCallName(cx.program, cx.data, id, call.record)}, rule.span);
  }
  const int32_t v = cx.ruleVersionFor(id);
  if (v < 0) {
    SourceSpan span = pc == kNoChunk ? rule.span : cx.program.spanAt(pc);
    if (v == kNeedsDate) return cx.fail(ErrorKind::NoDecisionDate, {}, span);
    return cx.fail(ErrorKind::NoRuleVersion, {rule.name, formatDate(cx.date)}, span);
  }
  slot.baseState = Memo::Running;
  Value result;
  Exit e = executeRuleChunk<Tolerant, Traced>(cx, call, rule.versions[v].value, result);
  const Value value = loadValue(result);  // just written by the call
  RuleSlot& s = cx.rule(call);
  switch (e) {
    case Exit::Ok:
      s.baseState = Memo::Done;
      s.base = value;
      break;
    case Exit::Poison:
      s.baseState = Memo::Poisoned;
      s.basePoison = cx.lastPoison;
      break;
    case Exit::Abort: s.baseState = Memo::Unset; break;
    case Exit::Error: s.baseState = Memo::Failed; break;
  }
  out = value;
  return e;
}

}  // namespace

template <bool Tolerant, bool Traced>
Exit evalRule(Context& cx, uint32_t id, Value& out) {
  return evalRuleOf<Tolerant, Traced>(cx, RuleCall{id, -1}, out);
}

template <bool Tolerant, bool Traced>
Exit evalBase(Context& cx, uint32_t id, uint32_t pc, Value& out) {
  return evalBaseOf<Tolerant, Traced>(cx, RuleCall{id, -1}, pc, out);
}

template <bool Tolerant, bool Traced>
Exit evalRuleItem(Context& cx, uint32_t id, int64_t record, Value& out) {
  return evalRuleOf<Tolerant, Traced>(cx, RuleCall{id, record}, out);
}

template <bool Tolerant, bool Traced>
Exit evalBaseItem(Context& cx, uint32_t id, int64_t record, uint32_t pc, Value& out) {
  return evalBaseOf<Tolerant, Traced>(cx, RuleCall{id, record}, pc, out);
}

template <bool Tolerant, bool Traced>
Exit lookupParam(Context& cx, uint32_t id, uint32_t argBase, uint32_t pc, Value& out, uint32_t& node) {
  const Program& p = cx.program;
  const ParamInfo& param = p.params[id];
  const uint32_t arity = static_cast<uint32_t>(param.args.size());
  node = kNoNode;
  if (arity == 0) {
    const ParamSlot& memo = cx.param(id);
    node = memo.node;
    if (memo.state == Memo::Done) {
      out = memo.value;
      return Exit::Ok;
    }
    if (memo.state == Memo::Poisoned) {
      if constexpr (Tolerant) cx.recordFigureReaders(memo.poison);
      return poisoned<Tolerant>(cx, memo.poison);
    }
    if (memo.state == Memo::Failed) return Exit::Error;
  }
  const int32_t v = cx.paramVersionFor(id);
  if (v < 0) {
    if (arity == 0) cx.param(id).state = Memo::Failed;
    if (v == kNeedsDate) return cx.failAt(ErrorKind::NoDecisionDate, {}, pc);
    return cx.failAt(ErrorKind::NoParameterVersion, {param.name, formatDate(cx.date)}, pc);
  }
  const ParamVersionInfo& ver = param.versions[v];
  const VersionIndex& index = cx.versionIndex(id, static_cast<uint32_t>(v));
  const ParamCell* cell = &ver.constant;
  const FoldedCell* folded = &index.constant;
  int32_t row = -1;
  if (ver.isTable) {
    const uint8_t* rat = cx.ratArgs.data() + cx.ratArgBase[id];
    row = findRow(ver, index.table, cx.regs.data() + argBase, rat, arity);
    if (row < 0) {
      std::string args;
      for (uint32_t k = 0; k < arity; ++k) {
        if (k > 0) args += ", ";
        args += param.args[k].name + " = " + formatValue(p, cx.data, param.args[k].type, cx.regs[argBase + k]);
      }
      return cx.failAt(ErrorKind::NoTableRow, {param.name, args}, pc);
    }
    cell = &ver.rows[row].cell;
    folded = &index.rows[row];
  }
  if constexpr (Traced) {
    node = cx.rec->open(TraceKind::Parameter, id, static_cast<uint32_t>(v), 0);
    cx.rec->parameter(node, row, cx.regs.data() + argBase, arity);
  }
  Exit e;
  Value result;
  if (cell->unknown) {
    if constexpr (!Tolerant) {
      e = Exit::Abort;
    } else {
      cx.lastPoison = cx.recordUnknown(id, static_cast<uint32_t>(v), *cell, row < 0 ? ver.span : ver.rows[row].span);
      e = Exit::Poison;
    }
  } else if (folded->folded) {
    result = folded->value;
    e = Exit::Ok;
  } else {
    const uint32_t frame = cx.top;
    cx.ensureRegisters(frame + arity);
    for (uint32_t k = 0; k < arity; ++k) cx.regs[frame + k] = cx.regs[argBase + k];
    e = execute<Tolerant, Traced>(cx, cell->chunk, frame, result);
  }
  const Value value = loadValue(result);  // just written by the call
  if (arity == 0) {
    ParamSlot& memo = cx.param(id);
    memo.node = node;
    memo.value = value;
    memo.poison = cx.lastPoison;
    memo.state = e == Exit::Ok ? Memo::Done : e == Exit::Poison ? Memo::Poisoned : e == Exit::Error ? Memo::Failed : Memo::Unset;
  }
  if constexpr (Traced) cx.rec->close(node, stateOf(cx, e, cx.lastPoison), param.type, value);
  out = value;
  return e;
}

namespace {

// `{avgift(b) för varje b i barn}`: each element's text, or its place and value, joined by "; ".
template <bool Tolerant, bool Traced>
Exit renderList(Context& cx, uint32_t rule, Value list, bool lenient, std::string& out, SourceSpan span) {
  const CaseData& data = *cx.data;
  if (list.a < 0 || static_cast<uint64_t>(list.a) >= data.lists.size()) {
    return cx.failCaseData(Context::MissingInCase::List, span);
  }
  // A text may list a rule whose texts list others: bounded like nested chunks.
  if (cx.depth >= kMaxDepth) return cx.fail(ErrorKind::TooDeep, {std::to_string(kMaxDepth)}, span);
  ++cx.depth;
  Exit result = Exit::Ok;
  const auto& elements = data.lists[static_cast<size_t>(list.a)];
  std::string text;
  for (size_t i = 0; i < elements.size() && result == Exit::Ok; ++i) {
    const int64_t record = elements[i].a;
    text.clear();
    if (!cx.isItemOf(rule, record)) {
      result = cx.failCaseData(Context::MissingInCase::Record, span);
      break;
    }
    Value v;
    Exit e = evalRuleItem<Tolerant, Traced>(cx, rule, record, v);
    if (e == Exit::Ok) {
      const RuleText t = ruleText(cx, rule, static_cast<uint32_t>(cx.ruleVersionFor(rule)), cx.itemRule(rule, record));
      if (t.text() != nullptr) {
        e = renderTemplate<Tolerant, Traced>(cx, *t.text(), lenient, text, RuleCall{rule, record});
      } else {
        text = elementName(data, record) + ": " + formatValue(cx.program, &data, cx.program.rules[rule].type, v);
      }
    }
    if (e != Exit::Ok && lenient) {
      text = "…";
    } else if (e != Exit::Ok) {
      result = e;
    }
    appendListElement(out, text, i == 0);
  }
  --cx.depth;
  return result;
}

}  // namespace

template <bool Tolerant, bool Traced>
Exit renderTemplate(Context& cx, const Template& t, bool lenient, std::string& out, RuleCall call) {
  for (const auto& part : t.parts) {
    if (part.chunk == kNoChunk) {
      out += part.text;
      continue;
    }
    Value v;
    Exit e = Exit::Ok;
    // `{bistånd}` of a rule already computed, untraced: its memoised value, as the chunk would
    // read it, without running the chunk (a traced run records the read).
    const uint32_t rule = Traced ? Context::kNoRuleReturned : cx.returnedRule[part.chunk];
    if (rule != Context::kNoRuleReturned && cx.rule(rule).state == Memo::Done) {
      v = cx.rule(rule).value;
    } else {
      e = executeRuleChunk<Tolerant, Traced>(cx, call, part.chunk, v);
    }
    if (e == Exit::Ok && part.listRule != kNoListRule) {
      e = renderList<Tolerant, Traced>(cx, part.listRule, v, lenient, out, t.span);
    } else if (e == Exit::Ok) {
      appendValue(out, cx.program, cx.data, part.type, v);
    } else if (lenient) {
      out += "…";
    }
    if (e != Exit::Ok && !lenient) return e;
  }
  return Exit::Ok;
}

#define REGEL_INSTANTIATE(T, Tr)                                                          \
  template Exit evalRule<T, Tr>(Context&, uint32_t, Value&);                              \
  template Exit evalBase<T, Tr>(Context&, uint32_t, uint32_t, Value&);                    \
  template Exit evalRuleItem<T, Tr>(Context&, uint32_t, int64_t, Value&);                 \
  template Exit evalBaseItem<T, Tr>(Context&, uint32_t, int64_t, uint32_t, Value&);       \
  template Exit lookupParam<T, Tr>(Context&, uint32_t, uint32_t, uint32_t, Value&, uint32_t&); \
  template Exit renderTemplate<T, Tr>(Context&, const Template&, bool, std::string&, RuleCall);
REGEL_INSTANTIATE(false, false)
REGEL_INSTANTIATE(false, true)
REGEL_INSTANTIATE(true, false)
REGEL_INSTANTIATE(true, true)
#undef REGEL_INSTANTIATE

}  // namespace regel::rt::vm
