// The decision and its trace as JSON, schema "regel-beslut/1" (docs/json.md).
#include <fmt/format.h>

#include "runtime/explain/explain.h"
#include "runtime/base/json_writer.h"
#include "runtime/explain/explained_trace.h"

namespace regel::rt {
namespace {

const char* stateName(TraceState s) {
  switch (s) {
    case TraceState::Value: return "beräknat";
    case TraceState::Missing: return "uppgift saknas";
    case TraceState::Unknown: return "okänt värde";
    case TraceState::Error: return "fel";
    case TraceState::NotEvaluated: return "ej beräknat";
  }
  return "";
}

const char* readKind(TraceRead::Kind k) {
  switch (k) {
    case TraceRead::Kind::Rule: return "regel";
    case TraceRead::Kind::Base: return "grundvärde";
    case TraceRead::Kind::Input: return "indata";
    case TraceRead::Kind::Parameter: return "parameter";
  }
  return "";
}

// A typed value for machines: exact and unambiguous (money in öre, rationals as "num/den").
void writeExact(JsonWriter& w, const Program& p, TypeId type, Value v) {
  if (type >= p.types.types.size()) {
    w.null();
    return;
  }
  switch (p.types[type].kind) {
    case TypeKind::Money:
      w.beginObject().field("öre", v.a).endObject();
      break;
    case TypeKind::Integer: w.integer(v.a); break;
    case TypeKind::Bool: w.boolean(v.a != 0); break;
    case TypeKind::Decimal:
    case TypeKind::Percent:
    case TypeKind::ExactMoney: w.string(fmt::format("{}/{}", v.a, v.b)); break;
    default: w.null(); break;
  }
}

void writeSpan(JsonWriter& w, const std::string& file, const SourceSpan& s) {
  w.beginObject().field("fil", file).field("rad", int64_t(s.line)).field("kolumn", int64_t(s.column));
  w.field("start", int64_t(s.begin)).field("slut", int64_t(s.end)).endObject();
}

void writeNode(JsonWriter& w, const Program& p, const ExplainedNode& n) {
  w.beginObject();
  w.field("id", int64_t(n.id));
  w.key("förälder");
  if (n.parent == kNoNode) {
    w.null();
  } else {
    w.integer(n.parent);
  }
  w.field("typ", traceKindName(n.kind)).field("namn", n.name);
  // A definition per element: the element it was computed for, by its place in the case.
  if (!n.element.empty()) w.field("element", n.element);
  w.key("lagrum").beginArray();
  for (const auto& l : n.lagrum) w.string(l);
  w.endArray();
  if (n.span.line != 0) {
    w.key("plats");
    writeSpan(w, n.file, n.span);
  }
  w.field("tillstånd", stateName(n.state));
  if (n.kind == TraceKind::Branch && n.state == TraceState::Value) {
    w.fieldBool("villkoret_gäller", n.value.a != 0);
  } else if (n.state == TraceState::Value && n.kind != TraceKind::Decision) {
    w.field("värde", n.valueText).key("exakt");
    writeExact(w, p, n.type, n.value);
  }
  if (!n.period.empty()) w.field("version", n.period);
  if (n.kind == TraceKind::Parameter) {
    if (!n.source.empty()) w.field("källa", n.source);
    if (!n.rowText.empty()) w.field("rad", n.rowText);
    w.key("argument").beginArray();
    for (const auto& a : n.argTexts) w.string(a);
    w.endArray();
  }
  if (n.kind == TraceKind::Exception) w.fieldBool("gäller", n.applies).fieldBool("används", n.chosen);
  if (!n.justification.empty()) w.field("motivering", n.justification);
  if (!n.reasons.empty()) {
    w.key("skäl").beginArray();
    for (const auto& r : n.reasons) w.string(r);
    w.endArray();
  }
  w.key("läste").beginArray();
  for (const auto& r : n.reads) {
    w.beginObject().field("typ", readKind(r.kind)).field("namn", r.name).field("värde", r.text);
    if (r.node != kNoNode) w.field("nod", int64_t(r.node));
    w.endObject();
  }
  w.endArray();
  w.key("barn").beginArray();
  for (uint32_t c : n.children) w.integer(c);
  w.endArray();
  w.endObject();
}

}  // namespace

const char* traceKindName(TraceKind k) {
  switch (k) {
    case TraceKind::Decision: return "beslut";
    case TraceKind::Branch: return "gren";
    case TraceKind::Value: return "värde";
    case TraceKind::Condition: return "villkor";
    case TraceKind::Exception: return "undantag";
    case TraceKind::Parameter: return "parameter";
  }
  return "";
}

std::string renderDecisionJson(const Program& p, const Decision& d, const CaseData& data, const std::string& caseId,
                               bool pretty, bool withTrace) {
  // The tree is explained only when it is written; the reasons need one rule's text at most.
  const ExplainedTrace trace = d.trace.empty() || !withTrace ? ExplainedTrace{} : explainTrace(p, d, data);
  JsonWriter w(pretty);
  w.beginObject();
  w.field("schema", kDecisionSchema);
  w.key("regelverk").beginObject().field("namn", p.name).field("version", p.version);
  w.key("källor").beginArray();
  for (const auto& s : p.sources) w.beginObject().field("fil", s.path).field("sha256", s.sha256).endObject();
  w.endArray().endObject();
  w.key("ärende");
  if (caseId.empty()) {
    w.null();
  } else {
    w.string(caseId);
  }
  w.key("beslutsdatum");
  if (d.hasDate) {
    w.string(formatDate(d.date));
  } else {
    w.null();
  }
  if (d.error) {
    w.key("utfall").null();
    w.key("fel").beginObject().field("kod", d.error->code).field("meddelande", d.error->message);
    if (d.error->span.line != 0) {
      w.key("plats");
      writeSpan(w, d.error->file, d.error->span);
    }
    w.endObject();
  } else {
    w.field("utfall", outcomeName(d.outcome));
    w.key("fel").null();
  }
  w.key("belopp");
  if (d.hasAmount && !d.error) {
    w.beginObject().field("öre", d.amount.ore).field("text", formatMoney(d.amount)).endObject();
  } else {
    w.null();
  }
  w.key("skäl").beginArray();
  for (const auto& r : d.reasons) w.string(r);
  w.endArray();
  w.key("saknade_uppgifter").beginArray();
  for (const auto& m : d.missing) {
    w.beginObject().field("uppgift", m.path).key("behövs_för").beginArray();
    for (const auto& n : m.neededBy) w.string(n);
    w.endArray().endObject();
  }
  w.endArray();
  w.key("ej_behövda_uppgifter").beginArray();
  for (const auto& m : d.unneeded) w.beginObject().field("uppgift", m.path).endObject();
  w.endArray();
  w.key("okända_värden").beginArray();
  for (const auto& u : d.unknown) {
    w.beginObject().field("parameter", u.parameter).field("version", u.period).field("skäl", u.reason);
    w.key("behövs_för").beginArray();
    for (const auto& n : u.neededBy) w.string(n);
    w.endArray().endObject();
  }
  w.endArray();
  w.fieldBool("stickprov", d.stickprov);
  w.key("spår");
  if (d.trace.empty() || !withTrace) {
    w.null();
  } else {
    w.beginObject().field("rot", int64_t(0)).key("noder").beginArray();
    for (const auto& n : trace.nodes) writeNode(w, p, n);
    w.endArray().endObject();
  }
  w.endObject();
  std::string out = w.take();
  out += '\n';
  return out;
}

}  // namespace regel::rt
