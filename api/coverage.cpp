// Coverage of a ruleset by its exempel: which rule versions, exceptions, decision branches and
// table rows the traces of the exempel show were used.
#include <fmt/format.h>

#include "api/coverage.h"

namespace regel {

size_t Coverage::covered(CoverageItem::Kind k) const {
  size_t n = 0;
  for (const auto& i : items) n += i.kind == k && i.covered;
  return n;
}

size_t Coverage::total(CoverageItem::Kind k) const {
  size_t n = 0;
  for (const auto& i : items) n += i.kind == k;
  return n;
}

size_t Coverage::covered() const {
  size_t n = 0;
  for (const auto& i : items) n += i.covered;
  return n;
}

namespace api {
namespace {

SourceLocation locate(const rt::Program& p, const rt::SourceSpan& s) {
  return {p.sourcePath(s), s.line, s.column, s.begin, s.end};
}

std::string period(const std::optional<rt::Date>& from, const std::optional<rt::Date>& to) {
  if (!from && !to) return "";
  return " (" + rt::periodText(from, to) + ")";
}

}  // namespace

CoverageTracker::CoverageTracker(const rt::Program& program) : program_(program) {
  using K = CoverageItem::Kind;
  const auto& p = program;
  for (uint32_t r = 0; r < p.rules.size(); ++r) {
    const auto& rule = p.rules[r];
    const char* word = rule.kind == rt::RuleKind::Condition ? "villkor" : "värde";
    for (uint32_t v = 0; v < rule.versions.size(); ++v) {
      const auto& ver = rule.versions[v];
      rules_[{r, v}] = add(K::Rule, fmt::format("{} {}{}", word, rule.name, period(ver.from, ver.to)), ver.span);
      for (uint32_t e = 0; e < ver.exceptions.size(); ++e) {
        const auto& ex = ver.exceptions[e];
        std::string name = ex.name.empty() ? fmt::format("{}", e + 1) : ex.name;
        exceptions_[{r, v, e}] =
            add(K::Exception, fmt::format("undantag {} i {}{}", name, rule.name, period(ver.from, ver.to)), ex.span);
      }
    }
  }
  for (uint32_t b = 0; b < p.decision.size(); ++b) {
    branches_.push_back(add(K::Branch, fmt::format("beslutsgren {}: {}", b + 1, rt::outcomeName(p.decision[b].outcome)),
                            p.decision[b].span));
  }
  for (uint32_t q = 0; q < p.params.size(); ++q) {
    const auto& param = p.params[q];
    for (uint32_t v = 0; v < param.versions.size(); ++v) {
      const auto& ver = param.versions[v];
      std::string per = " (" + rt::periodText(ver.from, ver.to) + ")";
      if (!ver.isTable) {
        rows_[{q, v, -1}] = add(K::TableRow, fmt::format("parameter {}{}", param.name, per), ver.span);
        continue;
      }
      for (uint32_t row = 0; row < ver.rows.size(); ++row) {
        std::string keys;
        for (size_t k = 0; k < ver.rows[row].keys.size() && k < param.args.size(); ++k) {
          keys += (keys.empty() ? "" : ", ") + rt::formatKey(p, param.args[k].type, ver.rows[row].keys[k]);
        }
        rows_[{q, v, int32_t(row)}] =
            add(K::TableRow, fmt::format("tabellrad {}({}){}", param.name, keys, per), ver.rows[row].span);
      }
    }
  }
}

size_t CoverageTracker::add(CoverageItem::Kind kind, std::string description, const rt::SourceSpan& span) {
  coverage_.items.push_back({kind, std::move(description), locate(program_, span), false});
  return coverage_.items.size() - 1;
}

void CoverageTracker::mark(const std::map<std::tuple<uint32_t, uint32_t, int32_t>, size_t>& m, uint32_t a,
                           uint32_t b, int32_t c) {
  if (auto it = m.find({a, b, c}); it != m.end()) coverage_.items[it->second].covered = true;
}

void CoverageTracker::record(const rt::Decision& d) {
  if (d.branch >= 0 && size_t(d.branch) < branches_.size()) coverage_.items[branches_[d.branch]].covered = true;
  for (const auto& n : d.trace.nodes) {
    switch (n.kind) {
      case rt::TraceKind::Value:
      case rt::TraceKind::Condition:
        if (n.state != rt::TraceState::NotEvaluated) {
          if (auto it = rules_.find({n.ref, n.version}); it != rules_.end()) coverage_.items[it->second].covered = true;
        }
        break;
      case rt::TraceKind::Exception:
        if (n.chosen) {
          if (auto it = exceptions_.find({n.ref, n.version, n.exception}); it != exceptions_.end()) {
            coverage_.items[it->second].covered = true;
          }
        }
        break;
      case rt::TraceKind::Parameter:
        if (n.state == rt::TraceState::Value || n.state == rt::TraceState::Unknown) mark(rows_, n.ref, n.version, n.row);
        break;
      default: break;
    }
  }
}

}  // namespace api

std::string renderCoverage(const Coverage& c) {
  using K = CoverageItem::Kind;
  std::string out = "Täckning:\n";
  auto line = [&](const char* what, K k) {
    size_t total = c.total(k), covered = c.covered(k);
    if (total == 0) return;
    out += fmt::format("  {:<14} {:>4} av {:<4} ({} %)\n", what, covered, total, covered * 100 / total);
  };
  line("regler", K::Rule);
  line("undantag", K::Exception);
  line("beslutsgrenar", K::Branch);
  line("tabellrader", K::TableRow);
  if (c.total() > 0) {
    out += fmt::format("  {:<14} {:>4} av {:<4} ({} %)\n", "totalt", c.covered(), c.total(), c.covered() * 100 / c.total());
  }
  bool header = false;
  for (const auto& i : c.items) {
    if (i.covered) continue;
    if (!header) out += "Inte prövat av något exempel:\n";
    header = true;
    out += fmt::format("  {}:{}:{}: {}\n", i.location.file, i.location.line, i.location.column, i.description);
  }
  return out;
}

}  // namespace regel
