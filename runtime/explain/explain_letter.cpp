// The decision as a letter to the applicant (beslutsbrev): the decision in plain words, its
// reasons, how the amount was reckoned (the motiveringar the policy writers wrote, in the order
// the rules were applied), the provisions it rests on, and how to appeal (förvaltningslagen 32–33 §§).
#include <fmt/format.h>

#include <algorithm>
#include <string_view>
#include <unordered_set>

#include "runtime/explain/explain.h"
#include "runtime/explain/explained_trace.h"

namespace regel::rt {
namespace {

std::string decisionSentence(const Decision& d) {
  if (d.error) return "Beslutet kunde inte fattas automatiskt. En handläggare prövar din ansökan.";
  switch (d.outcome) {
    case Outcome::Bifall: return d.hasAmount ? "Du beviljas " + formatMoney(d.amount) + "." : "Din ansökan beviljas.";
    case Outcome::Avslag: return "Din ansökan avslås.";
    case Outcome::Faststallt: return "Beloppet är fastställt till " + formatMoney(d.amount) + ".";
    case Outcome::Komplettering: return "Vi behöver fler uppgifter från dig innan vi kan fatta beslut.";
    case Outcome::ManuellProvning: return "En handläggare prövar din ansökan.";
  }
  return "";
}

// The nodes under the branch that decided, depth first: what the decision rests on.
void collect(const ExplainedTrace& trace, uint32_t id, std::vector<uint32_t>& out) {
  out.push_back(id);
  for (uint32_t c : trace.nodes[id].children) collect(trace, c, out);
}

// A definition per element (or its exception) whose text a list text above already shows — in the
// reasons or the reckoning (`{kostnad(b) för varje b i barn}`) — is not repeated on its own. The
// list shows an element's text without its closing full stop (appendListElement).
bool shownWithin(const ExplainedTrace& trace, const std::vector<std::string>& reasons,
                 const std::vector<std::string>& reckoned, const ExplainedNode& n) {
  const bool exception = n.kind == TraceKind::Exception && n.parent < trace.nodes.size();
  if ((exception ? trace.nodes[n.parent] : n).element.empty()) return false;
  std::string_view text = n.justification;
  if (!text.empty() && text.back() == '.') text.remove_suffix(1);
  const auto shows = [&](const std::string& t) { return t.find(text) != std::string::npos; };
  return std::any_of(reasons.begin(), reasons.end(), shows) || std::any_of(reckoned.begin(), reckoned.end(), shows);
}

// factSubject at the start of a sentence: "Uppgiften om lön efter skatt".
std::string sentenceSubject(const Program& program, const std::string& path) {
  std::string subject = factSubject(program, path);
  subject[0] = 'U';
  return subject;
}

void section(std::string& out, const char* heading, const std::vector<std::string>& items) {
  if (items.empty()) return;
  out += fmt::format("\n{}\n", heading);
  for (const auto& i : items) out += "  • " + i + "\n";
}

}  // namespace

std::string renderDecisionLetter(const Program& program, const Decision& d, const CaseData& data, const std::string& caseId,
                                 const std::string& whatIf) {
  std::string out = fmt::format("BESLUT – {}\n", program.name);
  out += fmt::format("Ärende {} · beslutsdatum {}\n\n", caseId.empty() ? "utan nummer" : caseId,
                     d.hasDate ? formatDate(d.date) : "saknas");
  out += decisionSentence(d) + "\n";
  const ExplainedTrace trace = d.trace.empty() ? ExplainedTrace{} : explainTrace(program, d, data);
  std::vector<std::string> reasons;
  if (!d.error) {
    // The branch's own reasons (for an amount whose branch gives none, how the amount came
    // about), then the facts it did not need, named for the applicant.
    const size_t own = d.reasons.size() - std::min(d.reasons.size(), d.unneeded.size());
    reasons.insert(reasons.end(), d.reasons.begin(), d.reasons.begin() + static_cast<ptrdiff_t>(own));
    for (const auto& m : d.unneeded) {
      reasons.push_back(sentenceSubject(program, m.path) + std::string(kUnneededFactEnding));
    }
  }
  std::vector<std::string> missing;
  for (const auto& m : d.missing) missing.push_back(sentenceSubject(program, m.path) + " saknas.");
  if (d.missing.empty()) section(out, "Skäl för beslutet", reasons);
  section(out, "Uppgifter vi behöver", missing);
  // What the decision rests on: the branches tried before the one that decided (why they did not
  // apply: an avslag after `bifall om v` rests on v), that branch, and the further grounds of
  // `beslut alla skäl` that held. A rule computed for an earlier branch and used again later has
  // its node under the earlier one.
  std::vector<uint32_t> used;
  for (uint32_t id = 0; id < trace.nodes.size() && d.branch >= 0; ++id) {
    const ExplainedNode& n = trace.nodes[id];
    if (n.kind != TraceKind::Branch) continue;
    const bool ground = int32_t(n.ref) > d.branch && n.state == TraceState::Value && n.value.a != 0;
    if (int32_t(n.ref) <= d.branch || ground) collect(trace, id, used);
  }
  // Every motivering there, once, except the reasons already given.
  std::unordered_set<std::string> seen(reasons.begin(), reasons.end());
  std::vector<std::string> reckoned, provisions;
  std::unordered_set<std::string> cited;
  for (uint32_t id : used) {
    const ExplainedNode& n = trace.nodes[id];
    if (n.state == TraceState::Value && !n.justification.empty() && !shownWithin(trace, reasons, reckoned, n) &&
        seen.insert(n.justification).second) {
      reckoned.push_back(n.justification);
    }
    for (const auto& l : n.lagrum) {
      if (cited.insert(l).second) provisions.push_back(l);
    }
  }
  // The provisions of the rules applied; the ruleset's own when they name none.
  if (provisions.empty()) provisions = program.lagrum;
  section(out, "Så har vi kommit fram till beslutet", reckoned);
  section(out, "Beslutet grundar sig på", provisions);
  if (!whatIf.empty()) out += "\n" + whatIf;
  // Only a decision can be appealed: not a request for more facts, nor a case sent to review.
  const bool decided = !d.error && (d.outcome == Outcome::Bifall || d.outcome == Outcome::Avslag ||
                                    d.outcome == Outcome::Faststallt);
  if (decided && !program.appeal.empty()) out += "\nSå överklagar du\n  " + program.appeal + "\n";
  return out;
}

}  // namespace regel::rt
