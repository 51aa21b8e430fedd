// Whole-ruleset checks over the dependency graph: cycles, what the decision reaches, unused
// inputs/definitions/parameters, missing lagrum, exception priorities and provable conflicts.
#include <fmt/format.h>

#include <algorithm>
#include <functional>

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

// One `x op constant` comparison, as an interval of x's values in the Rat-comparable order.
struct Atom {
  ir::ExprId subject;
  rt::Rational lo, hi;
  bool loOpen = false, hiOpen = false, hasLo = false, hasHi = false;
};

std::optional<rt::Rational> constantValue(const Context& cx, ir::ExprId id) {
  const ir::Expr& e = cx.module.exprs[id];
  if (e.op == ir::ExprOp::IntToRat || e.op == ir::ExprOp::MoneyToRat) {
    auto v = constantValue(cx, e.a);
    return v;
  }
  if (e.op != ir::ExprOp::Const) return std::nullopt;
  rt::Value v = cx.module.constants[e.imm].value;
  if (e.domain == ir::Domain::Rat) return v.asRational();
  return rt::fromInt(v.a);
}

ir::ExprId stripConversion(const Context& cx, ir::ExprId id) {
  const ir::Expr& e = cx.module.exprs[id];
  if (e.op == ir::ExprOp::IntToRat || e.op == ir::ExprOp::MoneyToRat) return e.a;
  return id;
}

// Splits a condition into comparisons of a subject with a constant joined by `och`.
bool atomsOf(const Context& cx, ir::ExprId id, std::vector<Atom>& out) {
  const ir::Expr& e = cx.module.exprs[id];
  if (e.op == ir::ExprOp::And) return atomsOf(cx, e.a, out) && atomsOf(cx, e.b, out);
  if (e.op != ir::ExprOp::Compare) return false;
  auto op = static_cast<ir::CompareOp>(e.sub);
  if (op == ir::CompareOp::Ne || e.domain == ir::Domain::Text) return false;
  ir::ExprId subject = stripConversion(cx, e.a);
  auto c = constantValue(cx, e.b);
  if (!c) {
    subject = stripConversion(cx, e.b);
    c = constantValue(cx, e.a);
    if (!c) return false;
    // Mirror the operator so the subject is on the left.
    switch (op) {
      case ir::CompareOp::Lt: op = ir::CompareOp::Gt; break;
      case ir::CompareOp::Le: op = ir::CompareOp::Ge; break;
      case ir::CompareOp::Gt: op = ir::CompareOp::Lt; break;
      case ir::CompareOp::Ge: op = ir::CompareOp::Le; break;
      default: break;
    }
  }
  const ir::Expr& s = cx.module.exprs[subject];
  if (s.op != ir::ExprOp::Input && s.op != ir::ExprOp::Rule) return false;
  Atom a{subject, *c, *c};
  a.hasLo = op == ir::CompareOp::Eq || op == ir::CompareOp::Gt || op == ir::CompareOp::Ge;
  a.hasHi = op == ir::CompareOp::Eq || op == ir::CompareOp::Lt || op == ir::CompareOp::Le;
  a.loOpen = op == ir::CompareOp::Gt;
  a.hiOpen = op == ir::CompareOp::Lt;
  out.push_back(a);
  return true;
}

bool sameSubject(const Context& cx, ir::ExprId x, ir::ExprId y) {
  const ir::Expr& a = cx.module.exprs[x];
  const ir::Expr& b = cx.module.exprs[y];
  return a.op == b.op && a.imm == b.imm;
}

// True when some values of the subjects satisfy every atom at once (intervals intersect; an
// integer subject needs an integer inside the intersection).
bool satisfiable(const Context& cx, const std::vector<Atom>& atoms) {
  for (size_t i = 0; i < atoms.size(); ++i) {
    Atom acc = atoms[i];
    for (size_t j = 0; j < atoms.size(); ++j) {
      if (i == j || !sameSubject(cx, atoms[i].subject, atoms[j].subject)) continue;
      const Atom& b = atoms[j];
      if (b.hasLo && (!acc.hasLo || rt::compareRat(b.lo, acc.lo) > 0 ||
                      (rt::compareRat(b.lo, acc.lo) == 0 && b.loOpen))) {
        acc.lo = b.lo, acc.loOpen = b.loOpen, acc.hasLo = true;
      }
      if (b.hasHi && (!acc.hasHi || rt::compareRat(b.hi, acc.hi) < 0 ||
                      (rt::compareRat(b.hi, acc.hi) == 0 && b.hiOpen))) {
        acc.hi = b.hi, acc.hiOpen = b.hiOpen, acc.hasHi = true;
      }
    }
    if (!acc.hasLo || !acc.hasHi) continue;
    int c = rt::compareRat(acc.lo, acc.hi);
    if (c > 0 || (c == 0 && (acc.loOpen || acc.hiOpen))) return false;
    bool integral = cx.module.exprs[atoms[i].subject].domain != ir::Domain::Rat;
    if (integral) {
      int64_t lo = 0, hi = 0;
      rt::roundRat(acc.lo, rt::RoundDirection::Up, lo);
      rt::roundRat(acc.hi, rt::RoundDirection::Down, hi);
      if (acc.loOpen && rt::compareRat(rt::fromInt(lo), acc.lo) == 0) ++lo;
      if (acc.hiOpen && rt::compareRat(rt::fromInt(hi), acc.hi) == 0) --hi;
      if (lo > hi) return false;
    }
  }
  return true;
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
      std::vector<Atom> atoms;
      bool known = true;
      for (uint32_t k : {i, j}) {
        for (uint32_t at = k, steps = 0; at != ir::kNone && steps <= v.exceptions.size(); at = v.exceptions[at].refines, ++steps) {
          known = known && v.exceptions[at].condition != ir::kNone && atomsOf(cx, v.exceptions[at].condition, atoms);
        }
      }
      if (!known) continue;
      if (!satisfiable(cx, atoms)) continue;
      auto name = [](const ir::Exception& e, uint32_t k) {
        return e.name.empty() ? fmt::format("undantag {}", k + 1) : e.name;
      };
      cx.report(Kind::ExceptionConflict, b.span, {name(a, i), name(b, j)});
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
