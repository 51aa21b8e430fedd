// Explaining the trace data: names, lagrum, positions, periods and Swedish value texts.
#include "runtime/explain/explained_trace.h"

#include <unordered_map>

#include <fmt/format.h>

#include "runtime/explain/explain.h"

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

std::string exceptionLabel(const RuleVersionInfo& ver, uint32_t i) {
  const std::string& n = ver.exceptions[i].name;
  return n.empty() ? "undantag " + std::to_string(i + 1) : n;
}

std::string inputPath(const Program& p, const CaseData& data, uint32_t record, uint32_t field) {
  if (record >= data.records.size()) return "?";
  const RecordInstance& rec = data.records[record];
  if (rec.recordType >= p.types.records.size() || field >= p.types.records[rec.recordType].fields.size()) return "?";
  return data.fieldPath(record, p.types.records[rec.recordType].fields[field].name);
}

void explainRule(ExplainedNode& n, const TraceNode& raw, const Program& p, const CaseData& data) {
  if (n.ref >= p.rules.size() || n.version >= p.rules[n.ref].versions.size()) return;
  const RuleInfo& r = p.rules[n.ref];
  const RuleVersionInfo& ver = r.versions[n.version];
  n.name = r.name;
  if (raw.element != kNoElement) {
    n.element = elementName(data, raw.element);
    n.name = r.name + "(" + n.element + ")";
  }
  n.lagrum = ver.lagrum;
  n.span = ver.span;
  if (ver.from || ver.to) n.period = periodText(ver.from, ver.to);
  n.valueText = n.state == TraceState::Value ? formatValue(p, &data, n.type, n.value) : stateText(n.state);
}

// A chosen exception shows the value it gave its rule (the parent, explained before it).
void explainException(ExplainedNode& n, const ExplainedTrace& t, const Program& p) {
  if (n.ref >= p.rules.size() || n.version >= p.rules[n.ref].versions.size()) return;
  const RuleVersionInfo& ver = p.rules[n.ref].versions[n.version];
  if (n.exception >= ver.exceptions.size()) return;
  const ExceptionInfo& ex = ver.exceptions[n.exception];
  n.name = exceptionLabel(ver, n.exception);
  n.lagrum = ex.lagrum;
  n.span = ex.span;
  if (n.state != TraceState::Value) {
    n.valueText = stateText(n.state);
  } else if (n.chosen && n.parent < n.id) {
    const ExplainedNode& parent = t.nodes[n.parent];
    n.type = parent.type;
    n.value = parent.value;
    n.valueText = parent.valueText;
  } else {
    n.valueText = n.applies ? "gäller" : "gäller inte";
  }
}

void explainParameter(ExplainedNode& n, const Trace& trace, const TraceNode& raw, const Program& p,
                      const CaseData& data) {
  if (n.ref >= p.params.size() || n.version >= p.params[n.ref].versions.size()) return;
  const ParamInfo& param = p.params[n.ref];
  const ParamVersionInfo& ver = param.versions[n.version];
  n.name = param.name;
  n.lagrum = ver.lagrum;
  n.source = ver.source;
  n.period = periodText(ver.from, ver.to);
  n.span = ver.span;
  for (uint32_t i = 0; i < raw.argCount && i < param.args.size(); ++i) {
    const size_t at = size_t(raw.argsBegin) + i;
    if (at < trace.args.size()) n.argTexts.push_back(formatValue(p, &data, param.args[i].type, trace.args[at]));
  }
  if (n.row >= 0 && static_cast<size_t>(n.row) < ver.rows.size()) {
    const TableRow& row = ver.rows[n.row];
    n.span = row.span;
    for (size_t i = 0; i < row.keys.size() && i < param.args.size(); ++i) {
      if (i > 0) n.rowText += ", ";
      n.rowText += formatKey(p, param.args[i].type, row.keys[i]);
    }
  }
  n.valueText = n.state == TraceState::Value ? formatValue(p, &data, n.type, n.value) : stateText(n.state);
}

void explainBranch(ExplainedNode& n, const Program& p, const Decision& d) {
  if (n.ref < p.decision.size()) {
    const BranchInfo& b = p.decision[n.ref];
    n.name = outcomeName(b.outcome);
    if (b.condition == kNoChunk) n.name += " annars";
    n.span = b.span;
  }
  n.valueText = n.state == TraceState::Value ? (n.value.a != 0 ? "gäller" : "gäller inte") : stateText(n.state);
  // The branch that decided carries the decision's reasons; not how its amount came about, which
  // the amount's rule, under the branch, says.
  if (d.branch >= 0 && n.ref == static_cast<uint32_t>(d.branch) && n.state == TraceState::Value && n.value.a != 0) {
    n.reasons.assign(d.reasons.begin() + (d.amountReason && !d.reasons.empty() ? 1 : 0), d.reasons.end());
  }
}

ExplainedRead explainRead(const TraceRead& r, const Program& p, const CaseData& data) {
  ExplainedRead e;
  e.kind = r.kind;
  e.poisoned = r.poisoned;
  e.node = r.node;
  switch (r.kind) {
    case TraceRead::Kind::Rule:
    case TraceRead::Kind::Base: {
      if (r.ref >= p.rules.size()) {
        e.name = "?";
      } else {
        e.name = ruleCallName(p, &data, r.ref, p.rules[r.ref].perItem() ? int64_t{r.field} : -1);
      }
      if (r.kind == TraceRead::Kind::Base) e.name += " (utan undantag)";
      break;
    }
    case TraceRead::Kind::Input: e.name = inputPath(p, data, r.ref, r.field); break;
    case TraceRead::Kind::Parameter: e.name = r.ref < p.params.size() ? p.params[r.ref].name : "?"; break;
  }
  e.text = r.poisoned ? "saknas" : formatValue(p, &data, r.type, r.value);
  return e;
}

ExplainedNode copyData(const TraceNode& raw, uint32_t id) {
  ExplainedNode n;
  n.id = id;
  n.parent = raw.parent;
  n.kind = raw.kind;
  n.state = raw.state;
  n.ref = raw.ref;
  n.version = raw.version;
  n.exception = raw.exception;
  n.row = raw.row;
  n.type = raw.type;
  n.value = raw.value;
  n.applies = raw.applies;
  n.chosen = raw.chosen;
  n.outcome = raw.outcome;
  n.hasAmount = raw.hasAmount;
  return n;
}

}  // namespace

std::string templateText(const Program& p, const CaseData* data, const Template& t, const TextValue* values,
                         const ElementText* elementText) {
  std::string out;
  uint32_t k = 0;
  for (const auto& part : t.parts) {
    if (part.chunk == kNoChunk) {
      out += part.text;
      continue;
    }
    const TextValue& v = values[k++];
    if (!v.ok) {
      out += "…";
    } else if (part.listRule == kNoListRule) {
      out += formatValue(p, data, part.type, v.value);
    } else if (data != nullptr && v.value.a >= 0 && static_cast<uint64_t>(v.value.a) < data->lists.size()) {
      const auto& elements = data->lists[static_cast<size_t>(v.value.a)];
      for (size_t i = 0; i < elements.size(); ++i) {
        appendListElement(out, elementText != nullptr ? (*elementText)(part.listRule, elements[i].a) : "…", i == 0);
      }
    }
  }
  return out;
}

namespace {

bool listsElements(const Template& t) {
  for (const auto& part : t.parts) {
    if (part.listRule != kNoListRule) return true;
  }
  return false;
}

void justify(ExplainedNode& n, const Program& p, const CaseData& data, const Trace& trace, const TraceNode& raw,
             const ElementText* elementText) {
  const Template* t = nodeTemplate(p, raw);
  if (t == nullptr) return;
  size_t parts = 0;
  for (const auto& part : t->parts) parts += part.chunk != kNoChunk;
  if (size_t(raw.textBegin) + parts <= trace.texts.size()) {
    n.justification = templateText(p, &data, *t, trace.texts.data() + raw.textBegin, elementText);
  }
}

}  // namespace

ExplainedTrace explainTrace(const Program& p, const Decision& d, const CaseData& data) {
  const Trace& trace = d.trace;
  ExplainedTrace out;
  out.nodes.reserve(trace.nodes.size());
  std::vector<uint32_t> listing;  // nodes whose text lists elements
  for (uint32_t id = 0; id < trace.nodes.size(); ++id) {
    const TraceNode& raw = trace.nodes[id];
    ExplainedNode& n = out.nodes.emplace_back(copyData(raw, id));
    if (raw.parent < id) out.nodes[raw.parent].children.push_back(id);
    switch (raw.kind) {
      case TraceKind::Decision:
        n.name = p.name;
        n.lagrum = p.lagrum;
        n.valueText = outcomeName(n.outcome);
        if (n.hasAmount) n.valueText += " med " + formatMoney(Money{n.value.a});
        if (n.state != TraceState::Value) n.valueText = stateText(n.state);
        break;
      case TraceKind::Branch: explainBranch(n, p, d); break;
      case TraceKind::Value:
      case TraceKind::Condition: explainRule(n, raw, p, data); break;
      case TraceKind::Exception: explainException(n, out, p); break;
      case TraceKind::Parameter: explainParameter(n, trace, raw, p, data); break;
    }
    n.file = p.sourcePath(n.span);
    const Template* t = nodeTemplate(p, raw);
    if (t != nullptr && listsElements(*t)) {
      listing.push_back(id);
    } else {
      justify(n, p, data, trace, raw, nullptr);
    }
  }
  if (!listing.empty()) {
    // A list part shows the texts of other nodes, which may come later in the trace (children come
    // after their parent): those texts are rendered first, and lists are filled in last, the
    // innermost first.
    std::unordered_map<uint64_t, uint32_t> itemNodes;
    for (uint32_t id = 0; id < trace.nodes.size(); ++id) {
      const TraceNode& raw = trace.nodes[id];
      if (raw.element != kNoElement) itemNodes.emplace((uint64_t{raw.ref} << 32) | raw.element, id);
    }
    const ElementText elementText = [&](uint32_t rule, int64_t record) {
      auto it = record < 0 ? itemNodes.end() : itemNodes.find((uint64_t{rule} << 32) | static_cast<uint64_t>(record));
      if (it == itemNodes.end()) return elementName(data, record) + ": …";
      const ExplainedNode& item = out.nodes[it->second];
      return item.justification.empty() ? elementName(data, record) + ": " + item.valueText : item.justification;
    };
    for (auto it = listing.rbegin(); it != listing.rend(); ++it) {
      justify(out.nodes[*it], p, data, trace, trace.nodes[*it], &elementText);
    }
  }
  for (const TraceRead& r : trace.reads) {
    if (r.reader < out.nodes.size()) out.nodes[r.reader].reads.push_back(explainRead(r, p, data));
  }
  return out;
}

std::string stateText(const ExplainedNode& n) {
  switch (n.state) {
    case TraceState::Value: return n.valueText;
    case TraceState::Missing: return "uppgift saknas";
    case TraceState::Unknown: return "okänt värde i regelverket";
    case TraceState::Error: return "fel";
    case TraceState::NotEvaluated: return "inte beräknat";
  }
  return "";
}

std::string nodeHeadline(const Program& program, const ExplainedNode& n) {
  switch (n.kind) {
    case TraceKind::Decision: return "Beslut";
    case TraceKind::Branch: {
      const BranchInfo& b = program.decision[n.ref];
      std::string guard = b.condition == kNoChunk ? "annars" : (n.value.a ? "villkoret gäller" : "villkoret gäller inte");
      if (n.state != TraceState::Value) guard = stateText(n);
      return fmt::format("gren {}: {} – {}", n.ref + 1, outcomeName(b.outcome), guard);
    }
    case TraceKind::Exception: {
      std::string head = fmt::format("undantag {}: {}", n.name, !n.applies ? "gäller inte" : n.chosen ? "gäller och används" : "gäller");
      if (n.chosen && n.state == TraceState::Value) head += " = " + n.valueText;
      return head;
    }
    case TraceKind::Parameter: {
      std::string args;
      for (const auto& a : n.argTexts) args += (args.empty() ? "" : ", ") + a;
      return fmt::format("parameter {}{} = {}", n.name, args.empty() ? "" : "(" + args + ")", stateText(n));
    }
    default: return fmt::format("{} {} = {}", traceKindName(n.kind), n.name, stateText(n));
  }
}

}  // namespace regel::rt
