// Recording the trace of a decision, and the Swedish display of values by their static type.
#include "runtime/trace/trace.h"

namespace regel::rt {
namespace {

bool validRational(Value v) { return v.b > 0; }

std::string_view textValue(const Program& p, const CaseData* data, Value v) {
  if (v.b == 0 && v.a >= 0 && static_cast<uint64_t>(v.a) < p.texts.size()) return p.texts[v.a];
  if (v.b == 1 && data && v.a >= 0 && static_cast<uint64_t>(v.a) < data->texts.size()) return data->texts[v.a];
  return "…";
}

}  // namespace

// ---- the recorder ------------------------------------------------------------------------------

void Trace::clear() {
  nodes.clear();
  reads.clear();
  args.clear();
  texts.clear();
}

const Template* nodeTemplate(const Program& p, const TraceNode& n) {
  if (n.text == TextRole::None || n.ref >= p.rules.size() || n.version >= p.rules[n.ref].versions.size()) {
    return nullptr;
  }
  const RuleVersionInfo& ver = p.rules[n.ref].versions[n.version];
  switch (n.text) {
    case TextRole::None: return nullptr;
    case TextRole::Justification: return &ver.justification;
    case TextRole::Holds: return &ver.holds;
    case TextRole::Fails: return &ver.fails;
    case TextRole::Exception:
      return n.exception < ver.exceptions.size() ? &ver.exceptions[n.exception].justification : nullptr;
  }
  return nullptr;
}

void TraceRecorder::start(Trace& trace) {
  trace_ = &trace;
  restart();
}

void TraceRecorder::restart() {
  trace_->clear();
  open_.clear();
  seenCount_ = 0;
  if (++generation_ == 0) {
    // The counter wrapped: every slot could look current, so clear them once.
    for (Slot& s : seen_) s.generation = 0;
    generation_ = 1;
  }
}

void TraceRecorder::growSeen() {
  std::vector<Slot> old = std::move(seen_);
  seen_.assign(old.empty() ? 64 : old.size() * 2, Slot{});
  seenCount_ = 0;
  const size_t mask = seen_.size() - 1;
  for (const Slot& s : old) {
    if (s.generation != generation_) continue;
    size_t i = s.key & mask;
    while (seen_[i].generation == generation_) i = (i + 1) & mask;
    seen_[i] = s;
    ++seenCount_;
  }
}

void TraceRecorder::parameter(uint32_t node, int32_t row, const Value* args, uint32_t argCount) {
  if (node >= trace_->nodes.size()) return;
  TraceNode& n = trace_->nodes[node];
  n.row = row;
  n.argsBegin = static_cast<uint32_t>(trace_->args.size());
  n.argCount = argCount;
  trace_->args.insert(trace_->args.end(), args, args + argCount);
}

void TraceRecorder::exception(uint32_t node, bool applies, bool chosen) {
  if (node >= trace_->nodes.size()) return;
  trace_->nodes[node].applies = applies;
  trace_->nodes[node].chosen = chosen;
}

bool TraceRecorder::text(uint32_t node, TextRole role, uint32_t exception) {
  if (node >= trace_->nodes.size()) return false;
  trace_->nodes[node].text = role;
  if (role == TextRole::Exception) trace_->nodes[node].exception = exception;
  trace_->nodes[node].textBegin = static_cast<uint32_t>(trace_->texts.size());
  return true;
}

void TraceRecorder::outcome(uint32_t node, Outcome outcome, bool hasAmount, Money amount) {
  if (node >= trace_->nodes.size()) return;
  trace_->nodes[node].outcome = outcome;
  trace_->nodes[node].hasAmount = hasAmount;
  trace_->nodes[node].value = Value::money(amount);
}

// ---- rendering ---------------------------------------------------------------------------------

std::string formatValue(const Program& p, const CaseData* data, TypeId type, Value v) {
  if (type >= p.types.types.size()) return v.a != 0 ? "ja" : "nej";
  const TypeNode& t = p.types[type];
  switch (t.kind) {
    case TypeKind::Integer: return formatInt(v.a);
    case TypeKind::Money: return formatMoney(Money{v.a});
    case TypeKind::Decimal: return validRational(v) ? formatRational(v.asRational()) : "?";
    case TypeKind::ExactMoney: return validRational(v) ? formatMoneyExact(v.asRational()) : "?";
    case TypeKind::Percent: return validRational(v) ? formatPercent(v.asRational()) : "?";
    case TypeKind::Date: return formatDate(Date{static_cast<int32_t>(v.a)});
    case TypeKind::Month: return formatMonth(Month{static_cast<int32_t>(v.a)});
    case TypeKind::Text: return std::string(textValue(p, data, v));
    case TypeKind::Bool: return v.a != 0 ? "ja" : "nej";
    case TypeKind::Enum:
      if (t.ref < p.types.enums.size() && v.a >= 0 && static_cast<uint64_t>(v.a) < p.types.enums[t.ref].values.size()) {
        return p.types.enums[t.ref].values[v.a];
      }
      return "?";
    case TypeKind::Record:
      if (data && v.a >= 0 && static_cast<uint64_t>(v.a) < data->records.size()) {
        const std::string_view path = data->path(static_cast<size_t>(v.a));
        return path.empty() ? "indata" : std::string(path);
      }
      return "post";
    case TypeKind::List:
      if (data && v.a >= 0 && static_cast<uint64_t>(v.a) < data->lists.size()) {
        return formatInt(static_cast<int64_t>(data->lists[v.a].size())) + " st";
      }
      return "lista";
  }
  return "?";
}

void appendValue(std::string& out, const Program& p, const CaseData* data, TypeId type, Value v) {
  if (type < p.types.types.size() && p.types[type].kind == TypeKind::Money) {
    appendMoney(out, Money{v.a});
  } else {
    out += formatValue(p, data, type, v);
  }
}

bool sameValue(const Program& p, const CaseData* data, TypeId type, Value x, Value y) {
  if (type >= p.types.types.size()) return x == y;
  const TypeNode& t = p.types[type];
  switch (t.kind) {
    case TypeKind::Text: {
      // An index outside both pools renders as "…"; such values are only equal when identical.
      std::string_view a = textValue(p, data, x), b = textValue(p, data, y);
      return a == b && (a != "…" || x == y);
    }
    case TypeKind::List: {
      if (x == y) return true;
      if (!data || x.a < 0 || y.a < 0 || static_cast<uint64_t>(x.a) >= data->lists.size() ||
          static_cast<uint64_t>(y.a) >= data->lists.size()) {
        return false;
      }
      const auto& a = data->lists[x.a];
      const auto& b = data->lists[y.a];
      if (a.size() != b.size()) return false;
      for (size_t i = 0; i < a.size(); ++i) {
        if (!sameValue(p, data, t.ref, a[i], b[i])) return false;
      }
      return true;
    }
    case TypeKind::Record: {
      if (x == y) return true;
      if (!data || x.a < 0 || y.a < 0 || static_cast<uint64_t>(x.a) >= data->records.size() ||
          static_cast<uint64_t>(y.a) >= data->records.size() || t.ref >= p.types.records.size()) {
        return false;
      }
      const auto a = static_cast<size_t>(x.a);
      const auto b = static_cast<size_t>(y.a);
      const auto& fields = p.types.records[t.ref].fields;
      if (data->records[a].fieldCount != fields.size() || data->records[b].fieldCount != fields.size() ||
          !data->wellFormed(a) || !data->wellFormed(b)) {
        return false;
      }
      for (size_t i = 0; i < fields.size(); ++i) {
        if (data->has(a, i) != data->has(b, i)) return false;
        if (data->has(a, i) && !sameValue(p, data, fields[i].type, data->field(a, i), data->field(b, i))) return false;
      }
      return true;
    }
    default: return x == y;
  }
}

std::string formatKey(const Program& p, TypeId argType, const TableKey& key) {
  switch (key.kind) {
    case KeyKind::Any: return "annars";
    case KeyKind::Exact: return formatValue(p, nullptr, argType, key.lo);
    case KeyKind::Range: return formatValue(p, nullptr, argType, key.lo) + " till " + formatValue(p, nullptr, argType, key.hi);
    case KeyKind::AtLeast: return "från " + formatValue(p, nullptr, argType, key.lo);
  }
  return "?";
}

void appendListElement(std::string& out, std::string_view text, bool first) {
  if (!first) out += "; ";
  if (!text.empty() && text.back() == '.') text.remove_suffix(1);
  out += text;
}

std::string elementName(const CaseData& data, int64_t record) {
  if (record < 0 || static_cast<uint64_t>(record) >= data.records.size()) return "…";
  const std::string_view path = data.path(static_cast<size_t>(record));
  return path.empty() ? std::string("indata") : std::string(path);
}

std::string ruleCallName(const Program& program, const CaseData* data, uint32_t rule, int64_t record) {
  const std::string& name = program.rules[rule].name;
  if (record < 0) return name;
  return name + "(" + (data == nullptr ? std::string("…") : elementName(*data, record)) + ")";
}

}  // namespace regel::rt
