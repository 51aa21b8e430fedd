// Whole-ruleset checks over the dependency graph: cycles, what the decision reaches, unused
// inputs/definitions/parameters, missing lagrum, exception priorities and provable conflicts.
#include <fmt/format.h>

#include <algorithm>
#include <functional>

#include "compiler/sema/conditions.h"
#include "compiler/sema/context.h"

namespace regel::sema {
namespace {

void reportCycles(Context& cx) {
  size_t n = cx.module.rules.size();
  std::vector<uint8_t> state(n, 0);
  std::vector<ir::RuleId> path;
  std::set<ir::RuleId> reported;
  std::function<void(ir::RuleId)> visit = [&](ir::RuleId r) {
    state[r] = 1;
    path.push_back(r);
    for (ir::RuleId d : cx.ruleRuleDeps[r]) {
      if (state[d] == 1) {
        auto start = std::find(path.begin(), path.end(), d);
        // Each cycle is reported once, at its first member.
        bool seen = false;
        for (auto it = start; it != path.end(); ++it) seen |= reported.count(*it) > 0;
        if (seen) continue;
        std::string text;
        for (auto it = start; it != path.end(); ++it) {
          text += cx.module.rules[*it].name + " → ";
          reported.insert(*it);
        }
        text += cx.module.rules[d].name;
        auto& cycle = cx.report(Kind::DefinitionCycle, cx.module.rules[d].span, {text});
        // Every other member at its own line, with the step it takes.
        for (auto it = start + 1; it != path.end(); ++it) {
          const ir::RuleId next = it + 1 != path.end() ? *(it + 1) : d;
          cycle.notes.push_back({cx.module.rules[*it].span, fmt::format("'{}' beror på '{}'", cx.module.rules[*it].name,
                                                                       cx.module.rules[next].name)});
        }
      } else if (state[d] == 0) {
        visit(d);
      }
    }
    path.pop_back();
    state[r] = 2;
  };
  for (ir::RuleId r = 0; r < n; ++r) {
    if (state[r] == 0) visit(r);
  }
}

// Rules reached from the decision through dependencies.
std::vector<bool> reachableRules(const Context& cx) {
  std::vector<bool> reached(cx.module.rules.size(), false);
  std::vector<ir::RuleId> work(cx.decisionRuleDeps.begin(), cx.decisionRuleDeps.end());
  while (!work.empty()) {
    ir::RuleId r = work.back();
    work.pop_back();
    if (reached[r]) continue;
    reached[r] = true;
    for (ir::RuleId d : cx.ruleRuleDeps[r]) work.push_back(d);
    for (ir::RuleId d : cx.ruleTextDeps[r]) work.push_back(d);
  }
  return reached;
}

void checkPriorityCycles(Context& cx, const ir::RuleVersion& v) {
  size_t n = v.exceptions.size();
  std::vector<uint8_t> state(n, 0);
  std::function<bool(uint32_t, std::vector<uint32_t>&)> visit = [&](uint32_t e, std::vector<uint32_t>& path) {
    state[e] = 1;
    path.push_back(e);
    for (uint32_t o : v.exceptions[e].overrides) {
      if (state[o] == 1) {
        std::string text;
        for (auto it = std::find(path.begin(), path.end(), o); it != path.end(); ++it) {
          text += v.exceptions[*it].name + " → ";
        }
        text += v.exceptions[o].name;
        cx.report(Kind::ExceptionPriorityCycle, v.exceptions[o].span, {text});
        return true;
      }
      if (state[o] == 0 && visit(o, path)) return true;
    }
    path.pop_back();
    state[e] = 2;
    return false;
  };
  for (uint32_t e = 0; e < n; ++e) {
    std::vector<uint32_t> path;
    if (state[e] == 0 && visit(e, path)) return;
  }
}

bool overrides(const ir::RuleVersion& v, uint32_t a, uint32_t b) {
  std::vector<uint32_t> work = {a};
  std::set<uint32_t> seen;
  while (!work.empty()) {
    uint32_t e = work.back();
    work.pop_back();
    if (!seen.insert(e).second) continue;
    for (uint32_t o : v.exceptions[e].overrides) {
      if (o == b) return true;
      work.push_back(o);
    }
  }
  return false;
}

void checkConflicts(Context& cx, const ir::RuleVersion& v) {
  for (uint32_t i = 0; i < v.exceptions.size(); ++i) {
    for (uint32_t j = i + 1; j < v.exceptions.size(); ++j) {
      const auto& a = v.exceptions[i];
      const auto& b = v.exceptions[j];
      if (a.condition == ir::kNone || b.condition == ir::kNone) continue;
      if (overrides(v, i, j) || overrides(v, j, i)) continue;
      // An exception to an exception (`från`) holds only where the one it refines holds too.
      std::vector<std::pair<ir::ExprId, bool>> conditions;
      for (uint32_t k : {i, j}) {
        for (uint32_t at = k, steps = 0; at != ir::kNone && steps <= v.exceptions.size(); at = v.exceptions[at].refines, ++steps) {
          conditions.push_back({v.exceptions[at].condition, false});
        }
      }
      std::string witness;
      if (satisfiable(cx, conditions, &witness) != true) continue;
      auto name = [](const ir::Exception& e, uint32_t k) {
        return e.name.empty() ? fmt::format("undantag {}", k + 1) : e.name;
      };
      cx.report(Kind::ExceptionConflict, b.span, {name(a, i), name(b, j)}).hint =
          diag::Hint{diag::HintKind::BothHold, {witness}};
    }
  }
}

}  // namespace

void checkGraph(Context& cx) {
  reportCycles(cx);
  for (const auto& rule : cx.module.rules) {
    for (const auto& v : rule.versions) {
      checkPriorityCycles(cx, v);
      checkConflicts(cx, v);
    }
  }
  // Without a decision "unused" means nothing yet, and after an error a failed reference would
  // make its target look unused: those warnings wait until the errors are fixed.
  if (cx.module.decision.empty() || cx.sink.hasErrors()) return;
  std::vector<bool> reached = reachableRules(cx);
  for (ir::RuleId r = 0; r < cx.module.rules.size(); ++r) {
    const ir::Rule& rule = cx.module.rules[r];
    if (!reached[r]) {
      cx.report(Kind::UnusedDefinition, rule.span, {rule.name});
      continue;
    }
    bool hasLagrum = false;
    for (const auto& v : rule.versions) hasLagrum |= !v.lagrum.empty();
    if (!hasLagrum && cx.decisionDirectRules.count(r)) {
      cx.report(Kind::MissingLagrum, rule.span, {rule.name});
    }
  }
  const auto& fields = cx.inputRecord().fields;
  for (uint32_t i = 0; i < fields.size(); ++i) {
    if (cx.inputsUsed.count(i)) continue;
    Span span = cx.symbols.count(fields[i].name) ? cx.symbols.at(fields[i].name).span : Span{};
    cx.report(Kind::UnusedInput, span, {fields[i].name});
  }
  for (ir::ParamId p = 0; p < cx.module.params.size(); ++p) {
    if (!cx.paramsUsed.count(p)) {
      cx.report(Kind::UnusedParameter, cx.pendingParams[p].decl->nameSpan, {cx.module.params[p].name});
    }
  }
}

}  // namespace regel::sema
