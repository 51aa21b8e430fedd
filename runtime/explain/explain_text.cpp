// Swedish text renderings of a decision: the short decision and the explanation tree.
#include <fmt/format.h>

#include <unordered_set>

#include "runtime/explain/explain.h"
#include "runtime/explain/explained_trace.h"

namespace regel::rt {
namespace {

std::string decisionLine(const Decision& d) {
  std::string s = outcomeName(d.outcome);
  if (d.hasAmount) s += " med " + formatMoney(d.amount);
  return s;
}

struct TreePrinter {
  const Program& program;
  const ExplainedTrace& trace;
  std::string out;

  std::string location(const ExplainedNode& n) const {
    if (n.span.line == 0) return "";
    return fmt::format("{}:{}:{}", n.file, n.span.line, n.span.column);
  }

  void line(const std::string& prefix, const std::string& text) { out += prefix + text + "\n"; }

  void node(uint32_t id, const std::string& indent, bool last) {
    const ExplainedNode& n = trace.nodes[id];
    std::string branch = indent + (last ? "└─ " : "├─ ");
    std::string inner = indent + (last ? "   " : "│  ");
    const std::string head = nodeHeadline(program, n);
    std::string where = location(n);
    line(id == 0 ? "" : branch, fmt::format("[{}] {}{}", id, head, where.empty() ? "" : "   (" + where + ")"));
    std::string detail = id == 0 ? "   " : inner;
    for (const auto& l : n.lagrum) line(detail, "lagrum: " + l);
    if (n.kind == TraceKind::Parameter) {
      if (!n.period.empty()) line(detail, "version: " + n.period);
      if (!n.source.empty()) line(detail, "källa: " + n.source);
      if (!n.rowText.empty()) line(detail, "rad: " + n.rowText);
    } else if (!n.period.empty() && n.kind != TraceKind::Decision) {
      line(detail, "version: " + n.period);
    }
    if (!n.justification.empty()) line(detail, "motivering: " + n.justification);
    for (const auto& r : n.reasons) line(detail, "skäl: " + r);
    std::unordered_set<std::string> shown;
    for (const auto& r : n.reads) {
      // A value computed elsewhere in the tree is referenced by its node number; a value read
      // twice (e.g. in a filter and a body) is shown once.
      bool child = r.node != kNoNode && r.node < trace.nodes.size() && trace.nodes[r.node].parent == id;
      if (child) continue;
      if (!shown.insert(r.name + '\0' + r.text).second) continue;
      std::string ref = r.node != kNoNode ? fmt::format(" (se [{}])", r.node) : "";
      line(detail, fmt::format("läste: {} = {}{}", r.name, r.text, ref));
    }
    for (size_t i = 0; i < n.children.size(); ++i) {
      node(n.children[i], detail, i + 1 == n.children.size());
    }
  }
};

}  // namespace

std::string renderDecisionText(const Program& program, const Decision& d, const std::string& caseId) {
  std::string out;
  out += fmt::format("Ärende {} · {} {} · beslutsdatum {}\n", caseId.empty() ? "(utan id)" : caseId,
                     program.name, program.version, d.hasDate ? formatDate(d.date) : "saknas");
  if (d.error) {
    out += "Fel: " + renderError(*d.error) + "\n";
    out += "Inget beslut har fattats.\n";
    return out;
  }
  out += "Beslut: " + decisionLine(d) + "\n";
  if (!d.missing.empty()) {
    out += "Uppgifter som behövs:\n";
    for (const auto& m : d.missing) {
      std::string by;
      for (const auto& n : m.neededBy) by += (by.empty() ? "" : ", ") + n;
      out += fmt::format("  • {}{}\n", m.path, by.empty() ? "" : " (behövs för " + by + ")");
    }
  }
  if (!d.unknown.empty()) {
    out += "Värden som regelverket saknar:\n";
    for (const auto& u : d.unknown) {
      out += fmt::format("  • {} ({}): {}\n", u.parameter, u.period, u.reason);
    }
  }
  // Missing facts and unknown figures are the reasons themselves, listed above.
  if (d.missing.empty() && d.unknown.empty()) {
    if (!d.reasons.empty()) out += "Skäl:\n";
    for (const auto& r : d.reasons) out += "  • " + r + "\n";
  }
  if (d.stickprov) out += "Stickprov: ärendet är utvalt för kontroll i efterhand.\n";
  return out;
}

std::string renderExplanationText(const Program& program, const Decision& d, const CaseData& data) {
  if (d.trace.empty()) return {};
  const ExplainedTrace trace = explainTrace(program, d, data);
  TreePrinter p{program, trace, {}};
  p.out += "Motivering, regel för regel:\n";
  p.node(0, "", true);
  return p.out;
}

}  // namespace regel::rt
