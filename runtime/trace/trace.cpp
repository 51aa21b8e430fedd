// Building the trace from the VM's events, and rendering its names and values in Swedish.
#include "runtime/trace/trace.h"

namespace regel::rt {
namespace {

const char* stateText(TraceState s) {
  switch (s) {
    case TraceState::Value: return "";
    case TraceState::Missing: return "uppgift saknas";
    case TraceState::Unknown: return "okänt värde";
    case TraceState::Error: return "fel";
    case TraceState::NotEvaluated: return "ej beräknad";
  }
  return "";
}

bool validRational(Value v) { return v.b > 0; }

std::string_view textValue(const Program& p, const CaseData* data, Value v) {
  if (v.b == 0 && v.a >= 0 && static_cast<uint64_t>(v.a) < p.texts.size()) return p.texts[v.a];
  if (v.b == 1 && data && v.a >= 0 && static_cast<uint64_t>(v.a) < data->texts.size()) return data->texts[v.a];
  return "…";
}

std::string exceptionLabel(const RuleVersionInfo& ver, uint32_t i) {
  const std::string& n = ver.exceptions[i].name;
  return n.empty() ? "undantag " + std::to_string(i + 1) : n;
}

std::string inputPath(const Program& p, const CaseData& data, uint32_t record, uint32_t field) {
  if (record >= data.records.size()) return "?";
  const RecordInstance& rec = data.records[record];
  if (rec.recordType >= p.types.records.size() || field >= p.types.records[rec.recordType].fields.size()) return "?";
  const std::string& name = p.types.records[rec.recordType].fields[field].name;
  return rec.path.empty() ? name : rec.path + "." + name;
}

void finishRule(TraceNode& n, const Program& p, const CaseData& data) {
  if (n.ref >= p.rules.size() || n.version >= p.rules[n.ref].versions.size()) return;
  const RuleInfo& r = p.rules[n.ref];
  const RuleVersionInfo& ver = r.versions[n.version];
  n.name = r.name;
  n.lagrum = ver.lagrum;
  n.span = ver.span;
  if (ver.from || ver.to) n.period = periodText(ver.from, ver.to);
  n.valueText = n.state == TraceState::Value ? formatValue(p, &data, n.type, n.value) : stateText(n.state);
}

void finishException(TraceNode& n, const Trace& t, const Program& p) {
  if (n.ref >= p.rules.size() || n.version >= p.rules[n.ref].versions.size()) return;
  const RuleVersionInfo& ver = p.rules[n.ref].versions[n.version];
  if (n.exception >= ver.exceptions.size()) return;
  const ExceptionInfo& ex = ver.exceptions[n.exception];
  n.name = exceptionLabel(ver, n.exception);
  n.lagrum = ex.lagrum;
  n.span = ex.span;
  if (n.state != TraceState::Value) {
    n.valueText = stateText(n.state);
  } else if (n.chosen && n.parent < t.nodes.size()) {
    n.type = t.nodes[n.parent].type;
    n.value = t.nodes[n.parent].value;
    n.valueText = t.nodes[n.parent].valueText;
  } else {
    n.valueText = n.applies ? "gäller" : "gäller inte";
  }
}

void finishParameter(TraceNode& n, const Program& p, const CaseData& data) {
  if (n.ref >= p.params.size() || n.version >= p.params[n.ref].versions.size()) return;
  const ParamInfo& param = p.params[n.ref];
  const ParamVersionInfo& ver = param.versions[n.version];
  n.name = param.name;
  n.lagrum = ver.lagrum;
  n.source = ver.source;
  n.period = periodText(ver.from, ver.to);
  n.span = ver.span;
  n.argTexts.clear();
  for (size_t i = 0; i < n.args.size() && i < param.args.size(); ++i) {
    n.argTexts.push_back(formatValue(p, &data, param.args[i].type, n.args[i]));
  }
  if (n.row >= 0 && static_cast<size_t>(n.row) < ver.rows.size()) {
    const TableRow& row = ver.rows[n.row];
    n.span = row.span;
    n.rowText.clear();
    for (size_t i = 0; i < row.keys.size() && i < param.args.size(); ++i) {
      if (i > 0) n.rowText += ", ";
      n.rowText += formatKey(p, param.args[i].type, row.keys[i]);
    }
  }
  n.valueText = n.state == TraceState::Value ? formatValue(p, &data, n.type, n.value) : stateText(n.state);
}

void finishRead(TraceRead& r, const Program& p, const CaseData& data) {
  switch (r.kind) {
    case TraceRead::Kind::Rule:
      r.name = r.ref < p.rules.size() ? p.rules[r.ref].name : "?";
      break;
    case TraceRead::Kind::Base:
      r.name = (r.ref < p.rules.size() ? p.rules[r.ref].name : "?") + " (utan undantag)";
      break;
    case TraceRead::Kind::Input: r.name = inputPath(p, data, r.ref, r.field); break;
    case TraceRead::Kind::Parameter: r.name = r.ref < p.params.size() ? p.params[r.ref].name : "?"; break;
  }
  r.text = r.poisoned ? "saknas" : formatValue(p, &data, r.type, r.value);
}

}  // namespace

// ---- the recorder ------------------------------------------------------------------------------

void TraceBuilder::restart() {
  trace_.nodes.clear();
  trace_.nodes.reserve(64);  // nodes are large: growing the vector would move them repeatedly
  open_.clear();
}

uint32_t TraceBuilder::open(TraceKind kind, uint32_t ref, uint32_t version, uint32_t exception) {
  uint32_t id = static_cast<uint32_t>(trace_.nodes.size());
  TraceNode& n = trace_.nodes.emplace_back();
  n.id = id;
  n.kind = kind;
  n.ref = ref;
  n.version = version;
  n.exception = exception;
  if (!open_.empty()) {
    n.parent = open_.back();
    trace_.nodes[n.parent].children.push_back(id);
  }
  open_.push_back(id);
  return id;
}

void TraceBuilder::close(uint32_t node, TraceState state, TypeId type, Value value) {
  if (node >= trace_.nodes.size()) return;
  TraceNode& n = trace_.nodes[node];
  n.state = state;
  n.type = type;
  n.value = value;
  // Nodes close in order; tolerate a recorder misuse rather than corrupting the stack.
  while (!open_.empty()) {
    uint32_t top = open_.back();
    open_.pop_back();
    if (top == node) break;
  }
}

void TraceBuilder::read(const TraceRead& r) {
  if (!open_.empty()) trace_.nodes[open_.back()].reads.push_back(r);
}

void TraceBuilder::parameter(uint32_t node, int32_t row, const Value* args, uint32_t argCount) {
  if (node >= trace_.nodes.size()) return;
  trace_.nodes[node].row = row;
  trace_.nodes[node].args.assign(args, args + argCount);
}

void TraceBuilder::exception(uint32_t node, bool applies, bool chosen) {
  if (node >= trace_.nodes.size()) return;
  trace_.nodes[node].applies = applies;
  trace_.nodes[node].chosen = chosen;
}

void TraceBuilder::justify(uint32_t node, std::string text) {
  if (node < trace_.nodes.size()) trace_.nodes[node].justification = std::move(text);
}

void TraceBuilder::reasons(uint32_t node, std::vector<std::string> texts) {
  if (node < trace_.nodes.size()) trace_.nodes[node].reasons = std::move(texts);
}

void TraceBuilder::outcome(uint32_t node, Outcome outcome, bool hasAmount, Money amount) {
  if (node >= trace_.nodes.size()) return;
  trace_.nodes[node].outcome = outcome;
  trace_.nodes[node].hasAmount = hasAmount;
  trace_.nodes[node].value = Value::money(amount);
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
        const std::string& path = data->records[v.a].path;
        return path.empty() ? "indata" : path;
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
      const RecordInstance& a = data->records[x.a];
      const RecordInstance& b = data->records[y.a];
      const auto& fields = p.types.records[t.ref].fields;
      if (a.fields.size() != fields.size() || b.fields.size() != fields.size() ||
          a.present.size() != fields.size() || b.present.size() != fields.size()) {
        return false;
      }
      for (size_t i = 0; i < fields.size(); ++i) {
        if ((a.present[i] != 0) != (b.present[i] != 0)) return false;
        if (a.present[i] && !sameValue(p, data, fields[i].type, a.fields[i], b.fields[i])) return false;
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

void finishTrace(Trace& trace, const Program& p, const CaseData& data) {
  for (TraceNode& n : trace.nodes) {
    switch (n.kind) {
      case TraceKind::Decision:
        n.name = p.name;
        n.lagrum = p.lagrum;
        n.valueText = outcomeName(n.outcome);
        if (n.hasAmount) n.valueText += " med " + formatMoney(Money{n.value.a});
        if (n.state != TraceState::Value) n.valueText = stateText(n.state);
        break;
      case TraceKind::Branch:
        if (n.ref < p.decision.size()) {
          const BranchInfo& b = p.decision[n.ref];
          n.name = outcomeName(b.outcome);
          if (b.condition == kNoChunk) n.name += " annars";
          n.span = b.span;
        }
        n.valueText = n.state == TraceState::Value ? (n.value.a != 0 ? "gäller" : "gäller inte") : stateText(n.state);
        break;
      case TraceKind::Value:
      case TraceKind::Condition: finishRule(n, p, data); break;
      case TraceKind::Exception: finishException(n, trace, p); break;
      case TraceKind::Parameter: finishParameter(n, p, data); break;
    }
    n.file = p.sourcePath(n.span);
    for (TraceRead& r : n.reads) finishRead(r, p, data);
  }
}

}  // namespace regel::rt
