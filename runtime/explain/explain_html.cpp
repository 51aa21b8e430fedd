// A decision as one self-contained HTML page for auditors: the decision, where it came from, and
// the whole trace as a tree of <details> to fold open. No script and nothing fetched: the page
// works offline and from a file, in any browser.
#include <fmt/format.h>

#include <unordered_set>

#include "runtime/explain/explain.h"
#include "runtime/explain/explained_trace.h"

namespace regel::rt {
namespace {

std::string escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

constexpr const char* kStyle = R"css(
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 72rem; padding: 0 1rem; color: #1d1d1d; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.15rem; margin-top: 2rem; border-bottom: 1px solid #ccc; }
.utfall { font-size: 1.25rem; font-weight: bold; padding: .4rem .8rem; display: inline-block; border-radius: .3rem; }
.bifall, .fastställt { background: #e3f4e1; } .avslag { background: #fbe4e4; } .manuell, .komplettering { background: #fdf3d7; }
table.ursprung th { text-align: left; padding-right: 1.5rem; vertical-align: top; font-weight: normal; color: #555; }
table.ursprung td { font-family: ui-monospace, monospace; word-break: break-all; }
details { margin-left: 1.2rem; border-left: 1px dotted #bbb; padding-left: .6rem; }
details > summary { cursor: pointer; padding: .15rem 0; }
summary .nr { color: #777; font-family: ui-monospace, monospace; }
summary .plats { color: #777; font-size: .85rem; margin-left: .5rem; }
dl { margin: .2rem 0 .4rem 1rem; display: grid; grid-template-columns: max-content auto; gap: .1rem .8rem; }
dt { color: #555; } dd { margin: 0; }
pre { background: #f6f6f6; padding: .6rem; white-space: pre-wrap; }
)css";

const char* outcomeClass(Outcome o) {
  switch (o) {
    case Outcome::Bifall: return "bifall";
    case Outcome::Avslag: return "avslag";
    case Outcome::ManuellProvning: return "manuell";
    case Outcome::Komplettering: return "komplettering";
    case Outcome::Faststallt: return "fastställt";
  }
  return "";
}

struct HtmlTree {
  const ExplainedTrace& trace;
  const Program& program;
  int32_t decidingBranch;
  std::string out;

  void item(const std::string& term, const std::string& html) { out += "<dt>" + escape(term) + "</dt><dd>" + html + "</dd>"; }

  void reads(uint32_t id, const ExplainedNode& n) {
    std::unordered_set<std::string> shown;
    std::string list;
    for (const auto& r : n.reads) {
      const bool child = r.node != kNoNode && r.node < trace.nodes.size() && trace.nodes[r.node].parent == id;
      if (child || !shown.insert(r.name + '\0' + r.text).second) continue;
      const std::string text = escape(r.name + " = " + r.text);
      list += r.node != kNoNode ? fmt::format("<li><a href=\"#n{}\">{}</a></li>", r.node, text) : "<li>" + text + "</li>";
    }
    if (!list.empty()) item("läste", "<ul>" + list + "</ul>");
  }

  void node(uint32_t id, int depth) {
    const ExplainedNode& n = trace.nodes[id];
    // The decision, the branch that decided and what it read directly are open; the rest folds
    // open on demand.
    const auto deciding = [&](const ExplainedNode& x) { return x.kind == TraceKind::Branch && int32_t(x.ref) == decidingBranch; };
    const bool open = depth == 0 || deciding(n) || (n.parent != kNoNode && deciding(trace.nodes[n.parent]));
    out += fmt::format("<details id=\"n{}\"{}><summary><span class=\"nr\">[{}]</span> {}", id, open ? " open" : "", id,
                       escape(nodeHeadline(program, n)));
    if (n.span.line != 0) {
      out += fmt::format("<span class=\"plats\">{}</span>", escape(fmt::format("{}:{}:{}", n.file, n.span.line, n.span.column)));
    }
    out += "</summary><dl>";
    for (const auto& l : n.lagrum) item("lagrum", escape(l));
    if (!n.period.empty() && n.kind != TraceKind::Decision) item("version", escape(n.period));
    if (!n.source.empty()) item("källa", escape(n.source));
    if (!n.rowText.empty()) item("rad", escape(n.rowText));
    if (!n.justification.empty()) item("motivering", escape(n.justification));
    for (const auto& r : n.reasons) item("skäl", escape(r));
    reads(id, n);
    out += "</dl>";
    for (uint32_t c : n.children) node(c, depth + 1);
    out += "</details>\n";
  }
};

}  // namespace

std::string renderDecisionHtml(const Program& program, const Decision& d, const CaseData& data, const std::string& caseId,
                               const ReportFacts& facts) {
  const std::string title = "Beslut i ärende " + (caseId.empty() ? std::string("utan id") : caseId);
  std::string out = "<!DOCTYPE html>\n<html lang=\"sv\"><head><meta charset=\"utf-8\">";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">";
  out += "<title>" + escape(title) + "</title><style>" + kStyle + "</style></head><body>\n";
  out += "<h1>" + escape(title) + "</h1>\n";
  std::string outcome = d.error ? std::string("inget beslut: körfel") : std::string(outcomeName(d.outcome));
  if (d.hasAmount && !d.error) outcome += " med " + formatMoney(d.amount);
  out += fmt::format("<p class=\"utfall {}\">{}</p>\n", d.error ? "avslag" : outcomeClass(d.outcome), escape(outcome));
  if (d.error) out += "<p>" + escape(renderError(*d.error)) + "</p>\n";
  const ExplainedTrace trace = d.trace.empty() ? ExplainedTrace{} : explainTrace(program, d, data);
  std::string reasons;
  for (const auto& r : d.reasons) reasons += "<li>" + escape(r) + "</li>";
  for (const auto& m : d.missing) reasons += "<li>" + escape("Uppgiften " + m.path + " saknas.") + "</li>";
  if (!reasons.empty()) out += "<h2>Skäl</h2><ul>" + reasons + "</ul>\n";
  out += "<h2>Ursprung</h2><table class=\"ursprung\">";
  auto row = [&](const std::string& k, const std::string& v) { out += "<tr><th>" + escape(k) + "</th><td>" + escape(v) + "</td></tr>"; };
  row("Regelverk", program.name + " " + program.version);
  for (const auto& src : program.sources) row("Källfil (SHA-256)", src.path + " " + src.sha256);
  row("Beslutsdatum", d.hasDate ? formatDate(d.date) : "inget");
  row("Stickprov", d.stickprov ? "ja, utvalt för kontroll i efterhand" : "nej");
  for (const auto& [k, v] : facts.rows) row(k, v);
  out += "</table>\n";
  if (!facts.whatIf.empty()) out += "<h2>Vad skulle ändra beslutet</h2><pre>" + escape(facts.whatIf) + "</pre>\n";
  if (!trace.empty()) {
    HtmlTree tree{trace, program, d.branch, {}};
    tree.node(0, 0);
    out += "<h2>Motivering, regel för regel</h2>\n" + tree.out;
  }
  out += "</body></html>\n";
  return out;
}

}  // namespace regel::rt
