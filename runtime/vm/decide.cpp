// The decision: branches in order, the fast run and its tolerant re-run, outcomes for missing
// facts and unknown figures, reasons, the trace's texts, and stickprov.
#include "runtime/vm/decide.h"

#include "runtime/vm/deciding_facts.h"
#include "runtime/vm/vm.h"

namespace regel::rt {

using vm::Context;
using vm::Exit;

struct Decider::State {
  explicit State(const Program& p) : cx(p) {}
  Context cx;
  TraceRecorder recorder;
};

namespace {

// A decision's reasons are rendered into the strings of the decision before (Context::spareTexts):
// a Decider reused over a batch, with one Decision, allocates no text once the strings have grown.
inline void recycleReasons(Context& cx, Decision& d) {
  d.amountReason = false;
  if (d.reasons.empty()) return;  // most calls: nothing to keep
  // Bounded: a caller passing other decisions each time must not grow the pool without end.
  constexpr size_t kMaxSpare = 64;
  for (std::string& s : d.reasons) {
    if (cx.spareTexts.size() < kMaxSpare) cx.spareTexts.push_back(std::move(s));
  }
  d.reasons.clear();
}

// A new, empty reason at the end of d.reasons (a spare string when there is one).
std::string& addReason(Context& cx, Decision& d) {
  if (cx.spareTexts.empty()) return d.reasons.emplace_back();
  std::string& s = d.reasons.emplace_back(std::move(cx.spareTexts.back()));
  cx.spareTexts.pop_back();
  s.clear();
  return s;
}

TraceState exitState(const Context& cx, Exit e, vm::Poison poison) {
  switch (e) {
    case Exit::Ok: return TraceState::Value;
    case Exit::Poison:
      return (cx.poisons.kinds(poison) & vm::kPoisonMissing) ? TraceState::Missing : TraceState::Unknown;
    case Exit::Error: return TraceState::Error;
    case Exit::Abort: return TraceState::NotEvaluated;
  }
  return TraceState::NotEvaluated;
}

// A branch's reasons: its own texts, then those of the conditions it names that were decided.
template <bool Tolerant, bool Traced>
Exit appendReasons(Context& cx, const BranchInfo& b, Decision& d) {
  for (const auto& t : b.reasons) {
    Exit e = vm::renderTemplate<Tolerant, Traced>(cx, t, false, addReason(cx, d));
    if (e != Exit::Ok) return e;
  }
  for (uint32_t rule : b.cited) {
    const vm::RuleSlot& slot = cx.rule(rule);
    if (slot.state != vm::Memo::Done) continue;  // not needed to decide: not a reason
    const RuleVersionInfo& ver = cx.program.rules[rule].versions[cx.ruleVersionFor(rule)];
    const Template& t = slot.value.a != 0 ? ver.holds : ver.fails;
    if (t.empty()) continue;
    Exit e = vm::renderTemplate<Tolerant, Traced>(cx, t, false, addReason(cx, d));
    if (e != Exit::Ok) return e;
  }
  return Exit::Ok;
}

// Renders the chosen branch's amount and reasons, then cites its conditions' texts.
template <bool Tolerant, bool Traced>
Exit decideBranch(Context& cx, const BranchInfo& b, Decision& d) {
  if (b.amount != kNoChunk) {
    Value v;
    Exit e = vm::execute<Tolerant, Traced>(cx, b.amount, cx.top, v);
    if (e != Exit::Ok) return e;
    d.hasAmount = true;
    d.amount = Money{v.a};
  }
  // The reasons of a branch decided before (tolerantly, one that may not be taken) are replaced.
  // Those of a branch whose rendering fails are never read: the decision then stops at a missing
  // fact or an error, and those set their own reasons.
  recycleReasons(cx, d);
  return appendReasons<Tolerant, Traced>(cx, b, d);
}

// `beslut alla skäl` (förvaltningslagen 32 §: every ground): the branches right after the one
// that decided, with its outcome and, like it, no amount, are tried too, and each whose condition
// holds adds its reasons. One that cannot be known (a missing fact, an unknown figure, an error)
// adds nothing and asks for nothing: the decision stands on the ground already found. A missing
// fact still re-runs a fast decision tolerantly, as anywhere, so both modes end alike.
template <bool Tolerant, bool Traced>
Exit addGrounds(Context& cx, uint32_t decided, Decision& d) {
  const Program& p = cx.program;
  const BranchInfo& first = p.decision[decided];
  if (first.amount != kNoChunk) return Exit::Ok;
  for (uint32_t j = decided + 1; j < p.decision.size(); ++j) {
    const BranchInfo& b = p.decision[j];
    if (b.outcome != first.outcome || b.amount != kNoChunk || b.condition == kNoChunk) break;
    uint32_t node = kNoNode;
    if constexpr (Traced) node = cx.rec->open(TraceKind::Branch, j, 0, 0);
    Value held = Value::boolean(false);
    Exit e = vm::execute<Tolerant, Traced>(cx, b.condition, cx.top, held);
    if (e == Exit::Ok && held.a != 0) {
      const size_t before = d.reasons.size();
      const Exit rendered = appendReasons<Tolerant, Traced>(cx, b, d);
      if (rendered != Exit::Ok) d.reasons.resize(before);
      if (rendered == Exit::Abort) e = rendered;
    }
    if constexpr (Traced) cx.rec->close(node, exitState(cx, e, cx.lastPoison), kNoType, held);
    if (e == Exit::Abort) return e;
  }
  return Exit::Ok;
}

// The branches in order; the first whose condition holds decides. In the tolerant mode a branch
// whose condition needs a missing fact does not stop the search: its amount and reasons, and the
// branches after it up to the first that surely holds, may decide once the fact is known, so what
// they need is asked for in the same komplettering (the poison of every such branch is joined).
template <bool Tolerant, bool Traced>
Exit runBranches(Context& cx, Decision& d) {
  const Program& p = cx.program;
  vm::Poison undecided = vm::kNoPoison;  // what the branches passed over undecided need
  for (uint32_t i = 0; i < p.decision.size(); ++i) {
    const BranchInfo& b = p.decision[i];
    uint32_t node = kNoNode;
    if constexpr (Traced) node = cx.rec->open(TraceKind::Branch, i, 0, 0);
    Value held = Value::boolean(true);
    Exit e = Exit::Ok;
    if (b.condition != kNoChunk) e = vm::execute<Tolerant, Traced>(cx, b.condition, cx.top, held);
    const bool maybe = Tolerant && e == Exit::Poison;
    if (maybe) undecided = cx.poisons.join(undecided, cx.lastPoison);
    bool stop = false;
    if ((e == Exit::Ok && held.a != 0) || maybe) {
      Exit decided = decideBranch<Tolerant, Traced>(cx, b, d);
      if (maybe && decided == Exit::Poison) undecided = cx.poisons.join(undecided, cx.lastPoison);
      if (!maybe) e = decided;
      if (e == Exit::Ok) {
        d.branch = static_cast<int32_t>(i);
        d.outcome = b.outcome;
      }
      // A runtime error on a path that may not be taken ends the search: nothing after it can be
      // known, and the facts asked for so far are still needed.
      stop = maybe && decided == Exit::Error;
    }
    if constexpr (Traced) cx.rec->close(node, exitState(cx, e, cx.lastPoison), kNoType, held);
    if (stop) break;
    if (maybe || (e == Exit::Ok && held.a == 0)) continue;
    // This branch decides, or stops the decision, if it is reached at all.
    if (undecided == vm::kNoPoison) return e == Exit::Ok && p.allGrounds ? addGrounds<Tolerant, Traced>(cx, i, d) : e;
    if (e == Exit::Poison) undecided = cx.poisons.join(undecided, cx.lastPoison);
    break;
  }
  if (undecided != vm::kNoPoison) {
    cx.lastPoison = undecided;
    return Exit::Poison;
  }
  SourceSpan span = p.decision.empty() ? SourceSpan{} : p.decision.back().span;
  return cx.fail(ErrorKind::NoBranchHeld, {}, span);
}

template <bool Tolerant, bool Traced>
Exit attempt(Context& cx, Decision& d) {
  cx.resetDecision();
  recycleReasons(cx, d);
  d.branch = -1;
  d.hasAmount = false;
  d.amount = Money{};
  uint32_t root = kNoNode;
  if constexpr (Traced) root = cx.rec->open(TraceKind::Decision, 0, 0, 0);
  Exit e = runBranches<Tolerant, Traced>(cx, d);
  if constexpr (Traced) {
    cx.rec->outcome(root, d.outcome, d.hasAmount, d.amount);
    cx.rec->close(root, exitState(cx, e, cx.lastPoison), kNoType, Value::money(d.amount));
  }
  return e;
}

// Records the values of a template's computed parts for `node`, computed tolerantly and untraced:
// a part that needs a missing fact is recorded as not computed and shows as "…". The fast mode
// (native code, where there is some) is tried first: where it finishes, it followed the tolerant
// run's path exactly, since the two differ only from the first missing fact on. Where it meets
// one, or a value an earlier tolerant run poisoned, it aborts, leaving unset what it was
// computing, and the part is computed again tolerantly.
void recordText(Context& cx, vm::RuleCall call, uint32_t node, TextRole role, uint32_t exception,
                const Context::TextParts& parts) {
  // The parts run untraced, so nothing else is recorded between the values appended here.
  if (!cx.rec->text(node, role, exception)) return;
  for (uint32_t i = 0; i < parts.chunkCount; ++i) {
    const uint32_t chunk = cx.textChunks[parts.chunksBegin + i];
    // `{bistånd}` of a rule already computed: its memoised value, as the chunk would return it
    // (renderTemplate does the same), without running the chunk.
    const uint32_t rule = cx.returnedRule[chunk];
    if (rule != Context::kNoRuleReturned && cx.rule(rule).state == vm::Memo::Done) {
      cx.rec->textValue({cx.rule(rule).value, true});
      continue;
    }
    Value v;
    Exit e = vm::executeRuleChunk<false, false>(cx, call, chunk, v);
    if (e == Exit::Abort) e = vm::executeRuleChunk<true, false>(cx, call, chunk, v);
    cx.rec->textValue({v, e == Exit::Ok});
  }
}

// Records the values behind each traced rule's motivering (or uppfyllt / ej uppfyllt) and the
// chosen exceptions' texts. Runs after the decision with collecting off, so it can never change
// the decision; the texts themselves are rendered only when the trace is explained.
void justifyTrace(Context& cx, const Trace& trace) {
  cx.collecting = false;
  // Only the rules in the trace need texts; each has one node (rules are memoised).
  const uint32_t nodes = static_cast<uint32_t>(trace.nodes.size());
  for (uint32_t n = 0; n < nodes; ++n) {
    const TraceKind kind = trace.nodes[n].kind;
    if (kind != TraceKind::Value && kind != TraceKind::Condition) continue;
    const uint32_t id = trace.nodes[n].ref;
    const uint32_t element = trace.nodes[n].element;
    const vm::RuleCall call{id, element == kNoElement ? -1 : int64_t{element}};
    const vm::RuleSlot slot = cx.rule(call);
    if (slot.state != vm::Memo::Done || slot.node != n) continue;
    const vm::RuleText text = vm::ruleText(cx, id, static_cast<uint32_t>(cx.ruleVersionFor(id)), slot);
    if (text.text() == nullptr) continue;
    const uint32_t chosen = slot.chosen >= 0 ? static_cast<uint32_t>(slot.chosen) : 0;
    recordText(cx, call, slot.node, text.role, chosen, *text.parts);
    if (text.fromException && slot.chosenNode != kNoNode) {
      recordText(cx, call, slot.chosenNode, TextRole::Exception, chosen, *text.parts);
    }
  }
}

// A decided amount whose branch gives no reason of its own is explained by how the amount came
// about: the motivering of the rule the amount names (or of its exception that gave the value),
// as the text, the JSON, the letter and a batch line show it, traced or not. Rendered after the
// decision with collecting off, as the trace's texts are, so it can never change the decision:
// in the fast mode, or tolerantly when that meets a missing fact, a part that cannot be computed
// shown as "…".
void addAmountReason(Context& cx, Decision& d) {
  if (!d.hasAmount || d.branch < 0 || !d.reasons.empty()) return;
  const Program& p = cx.program;
  // The context's table of what each chunk only calls and returns (ruleReturnedBy), built once.
  const uint32_t amount = p.decision[static_cast<uint32_t>(d.branch)].amount;
  const uint32_t rule = amount < cx.returnedRule.size() ? cx.returnedRule[amount] : Context::kNoRuleReturned;
  if (rule == Context::kNoRuleReturned) return;
  const vm::RuleSlot& slot = cx.rule(rule);
  if (slot.state != vm::Memo::Done) return;
  const vm::RuleText text = vm::ruleText(cx, rule, static_cast<uint32_t>(cx.ruleVersionFor(rule)), slot);
  if (text.text() == nullptr) return;
  cx.collecting = false;
  const vm::RuleCall call{rule, -1};
  std::string& out = addReason(cx, d);
  d.amountReason = true;
  if (vm::renderTemplate<false, false>(cx, *text.text(), false, out, call) == Exit::Ok) return;
  out.clear();
  vm::renderTemplate<true, false>(cx, *text.text(), true, out, call);
}

// One reason per missing fact: which fact, and which rules need it.
void addMissingReasons(Context& cx, Decision& d) {
  for (const auto& m : d.missing) {
    std::string& text = addReason(cx, d);
    text.append("Uppgiften ").append(m.path).append(" saknas (behövs för ");
    for (size_t i = 0; i < m.neededBy.size(); ++i) text.append(i == 0 ? "" : ", ").append(m.neededBy[i]);
    text.append(").");
  }
}

// The case is decided although facts are missing: every value they can have gives this decision.
// Its reasons say which facts it did not need. The trace is of the case as it is, where what
// needs those facts is not computed; its root gets the decision, computed.
void decidedWithoutFacts(Decision& d, std::vector<MissingFact>&& unneeded) {
  for (const MissingFact& m : unneeded) {
    d.reasons.push_back("Uppgiften " + m.path + std::string(kUnneededFactEnding));
  }
  d.unneeded = std::move(unneeded);
  if (!d.trace.empty()) {
    TraceNode& root = d.trace.nodes[0];
    root.state = TraceState::Value;
    root.outcome = d.outcome;
    root.hasAmount = d.hasAmount;
    root.value = Value::money(d.amount);
  }
}

// A missing fact or unknown figure that the decision needed decides the outcome: those the
// decision's poison depends on, in the order they were read; not those whose part of a condition
// the other part decided.
void incompleteOutcome(Context& cx, Decision& d) {
  d.branch = -1;
  d.hasAmount = false;
  d.amount = Money{};
  recycleReasons(cx, d);
  std::vector<uint32_t> facts, figures;
  cx.poisons.members(cx.lastPoison, static_cast<uint32_t>(cx.missing.size()), static_cast<uint32_t>(cx.unknown.size()),
                     facts, figures);
  d.missing.clear();
  d.unknown.clear();
  for (uint32_t f : facts) d.missing.push_back(cx.neededFact(f));
  for (uint32_t f : figures) d.unknown.push_back(cx.neededFigure(f));
  if (!d.missing.empty()) {
    d.outcome = Outcome::Komplettering;
    d.unknown.clear();  // the applicant's facts come first; the figures may not even be needed
    addMissingReasons(cx, d);
    return;
  }
  d.outcome = Outcome::ManuellProvning;
  for (const auto& u : d.unknown) {
    addReason(cx, d)
        .append("Ett värde i parametern '")
        .append(u.parameter)
        .append("' (")
        .append(u.period)
        .append(") är okänt: ")
        .append(u.reason);
  }
}

template <bool Traced>
Exit run(Context& cx, Decision& d) {
  Exit e = attempt<false, Traced>(cx, d);
  if (e != Exit::Abort) return e;
  // The fast run met a missing fact or unknown figure: run again, collecting all of them.
  if constexpr (Traced) cx.rec->restart();
  return attempt<true, Traced>(cx, d);
}


// What the case itself gives as its decision date: none (the ruleset names no field), absent (the
// field is missing), or the date (a month field: its first day, and isMonth).
struct CaseDate {
  bool field = false;
  bool present = false;
  bool isMonth = false;
  Date date;
};

CaseDate caseOwnDate(Context& cx, const CaseData& data) {
  const Program& p = cx.program;
  CaseDate out;
  if (!p.decisionDateField || *p.decisionDateField >= data.records[0].fieldCount) return out;
  out.field = true;
  const uint32_t f = *p.decisionDateField;
  if (!data.has(0, f)) return out;
  out.present = true;
  const FieldInfo& field = p.types.records[p.inputRecord].fields[f];
  const Value v = data.field(0, f);
  out.isMonth = field.type < p.types.types.size() && p.types[field.type].kind == TypeKind::Month;
  out.date = out.isMonth ? cx.firstDayOfMonth(Month{static_cast<int32_t>(v.a)}) : Date{static_cast<int32_t>(v.a)};
  return out;
}

// The decision date: given, read from the ruleset's decision-date field, or none at all (then
// the decision goes on, and only a rule or parameter that must choose a dated version, or reads
// `beslutsdatum`, stops it with R0508). False when the date field is missing: `d` says so. A given
// date that replaces a different one of the case's own (for a month field: another month) is kept
// in `d.replacedCaseDate`.
bool chooseDate(Context& cx, const CaseData& data, const DecisionOptions& options, Decision& d) {
  const CaseDate own = caseOwnDate(cx, data);
  Date date{};
  if (options.date) {
    date = *options.date;
    const bool same = own.isMonth ? monthOfDate(date) == monthOfDate(own.date) : date == own.date;
    if (own.present && !same) d.replacedCaseDate = own.date;
  } else if (own.field) {
    if (!own.present) {
      const std::string& name = cx.program.types.records[cx.program.inputRecord].fields[*cx.program.decisionDateField].name;
      d.outcome = Outcome::Komplettering;
      d.missing.push_back({name, {"beslutsdatum"}, 0, *cx.program.decisionDateField});
      d.reasons.push_back("Uppgiften " + name + " saknas (behövs för beslutsdatum).");
      return false;
    }
    date = own.date;
  } else {
    cx.clearDate();
    return true;
  }
  d.date = date;
  d.hasDate = true;
  cx.setDate(date);
  return true;
}

void collectRuleValues(Context& cx, Decision& d) {
  d.ruleValues.resize(cx.program.rules.size());
  for (size_t i = 0; i < cx.program.rules.size(); ++i) {
    const vm::RuleSlot& s = cx.rule(i);
    RuleValue& out = d.ruleValues[i];
    out.value = s.value;
    out.state = s.state == vm::Memo::Done       ? RuleState::Value
                : s.state == vm::Memo::Poisoned ? RuleState::Missing
                : s.state == vm::Memo::Failed   ? RuleState::Error
                                                : RuleState::NotEvaluated;
  }
}

}  // namespace

void Decision::clear() {
  outcome = Outcome::ManuellProvning;
  hasAmount = false;
  amount = Money{};
  reasons.clear();
  amountReason = false;
  missing.clear();
  unknown.clear();
  unneeded.clear();
  error.reset();
  date = Date{};
  hasDate = false;
  replacedCaseDate.reset();
  stickprov = false;
  branch = -1;
  trace.clear();
  ruleValues.clear();
}

Decider::Decider(const Program& program, const vm::NativeCode* native) : state_(std::make_unique<State>(program)) {
  state_->cx.attachNative(native);
}
Decider::~Decider() = default;

Decision Decider::decide(const CaseData& data, const DecisionOptions& options) {
  Decision d;
  decide(data, options, d);
  return d;
}

void Decider::decide(const CaseData& data, const DecisionOptions& options, Decision& d) {
  decideCase(data, options, d);
  Context& cx = state_->cx;
  const Program& p = cx.program;
  if (d.outcome == Outcome::Komplettering && !d.missing.empty()) {
    // The variants are decided as the case is, on the same date, without a trace.
    DecisionOptions variantOptions;
    variantOptions.date = options.date;
    const vm::DecideVariant decideVariant = [&](const CaseData& variant, Decision& out) {
      decideCase(variant, variantOptions, out);
    };
    std::vector<MissingFact> unneeded;
    switch (vm::keepFactsThatDecide(p, data, decideVariant, d, unneeded)) {
      case vm::FactCheck::Unchanged: break;
      case vm::FactCheck::Narrowed:
        recycleReasons(cx, d);
        addMissingReasons(cx, d);
        break;
      case vm::FactCheck::Decided: decidedWithoutFacts(d, std::move(unneeded)); break;
    }
  }
  if (!d.error && p.stickprov && d.outcome == p.stickprov->outcome) {
    d.stickprov = stickprovSelected(p, data.caseId, options.stickprovKey);
  }
}

void Decider::decideCase(const CaseData& data, const DecisionOptions& options, Decision& d) {
  Context& cx = state_->cx;
  recycleReasons(cx, d);
  d.clear();
  cx.data = &data;
  if (auto problem = cx.checkCase(data)) {
    d.error = makeError(ErrorKind::InvalidCaseData, {*problem});
    d.reasons.push_back("Beslutet kunde inte fattas: " + d.error->message);
    cx.data = nullptr;
    return;
  }
  if (!chooseDate(cx, data, options, d)) {
    cx.data = nullptr;
    return;
  }
  const bool traced = options.trace;
  cx.rec = &state_->recorder;
  if (traced) cx.rec->start(d.trace);

  const Exit e = traced ? run<true>(cx, d) : run<false>(cx, d);
  if (e == Exit::Error) {
    d.error = cx.error ? *cx.error : makeError(ErrorKind::InvalidCaseData, {"okänt fel"});
    d.outcome = Outcome::ManuellProvning;
    d.branch = -1;
    d.hasAmount = false;
    d.amount = Money{};
    recycleReasons(cx, d);
    d.reasons.push_back("Beslutet kunde inte fattas: " + d.error->message);
  } else if (e == Exit::Poison) {
    incompleteOutcome(cx, d);
  }
  if (options.ruleValues) collectRuleValues(cx, d);
  // After the rules' values are taken: a part of the text may compute a rule the decision did not.
  if (e == Exit::Ok) addAmountReason(cx, d);
  if (traced) justifyTrace(cx, d.trace);
  cx.data = nullptr;
}

Decision decide(const Program& program, const CaseData& data, const DecisionOptions& options) {
  Decider decider(program);
  return decider.decide(data, options);
}

}  // namespace regel::rt
