// Checks the header, the ordered decision block and the stickprov declaration.
#include <fmt/format.h>

#include <unordered_map>

#include "compiler/sema/conditions.h"
#include "compiler/sema/context.h"

namespace regel::sema {
namespace {

// Villkor named directly in a branch condition (possibly under inte/och/eller) are cited.
void collectCited(const Context& cx, ir::ExprId id, std::vector<ir::CitedCondition>& out) {
  if (id == ir::kNone) return;
  const ir::Expr& e = cx.module.exprs[id];
  switch (e.op) {
    case ir::ExprOp::Rule:
      if (cx.module.rules[e.imm].kind == ir::RuleKind::Condition) out.push_back({e.imm});
      break;
    case ir::ExprOp::Not: collectCited(cx, e.a, out); break;
    case ir::ExprOp::And:
    case ir::ExprOp::Or:
      collectCited(cx, e.a, out);
      collectCited(cx, e.b, out);
      break;
    default: break;
  }
}

void collectDirectRules(const Context& cx, ir::ExprId id, std::set<ir::RuleId>& out) {
  if (id == ir::kNone) return;
  const ir::Expr& e = cx.module.exprs[id];
  if (e.op == ir::ExprOp::Rule) {
    out.insert(e.imm);
    return;
  }
  for (ir::ExprId c : {e.a, e.b, e.c}) collectDirectRules(cx, c, out);
  for (ir::ExprId c : e.args) collectDirectRules(cx, c, out);
}

// Structural equality of two IR expressions (same operation on the same operands).
bool sameExpr(const Context& cx, ir::ExprId x, ir::ExprId y) {
  if (x == y) return true;
  if (x == ir::kNone || y == ir::kNone) return false;
  const ir::Expr& a = cx.module.exprs[x];
  const ir::Expr& b = cx.module.exprs[y];
  if (a.op != b.op || a.type != b.type || a.sub != b.sub || a.imm != b.imm || a.args.size() != b.args.size()) {
    return false;
  }
  for (size_t i = 0; i < a.args.size(); ++i) {
    if (!sameExpr(cx, a.args[i], b.args[i])) return false;
  }
  return sameExpr(cx, a.a, b.a) && sameExpr(cx, a.b, b.b) && sameExpr(cx, a.c, b.c);
}

// A hash consistent with sameExpr, so that each branch is compared only with earlier branches
// that may be equal: comparing every pair made a decision of 40 000 branches take seconds and one
// of 150 000 (a file under the size limit) minutes.
size_t exprHash(const Context& cx, ir::ExprId id) {
  if (id == ir::kNone) return 0x9e3779b9u;
  const ir::Expr& e = cx.module.exprs[id];
  size_t h = std::hash<uint64_t>{}((uint64_t(e.op) << 48) ^ (uint64_t(e.sub) << 40) ^ (uint64_t(e.type) << 20) ^ e.imm);
  auto mix = [&h](size_t v) { h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2); };
  for (ir::ExprId a : e.args) mix(exprHash(cx, a));
  mix(exprHash(cx, e.a));
  mix(exprHash(cx, e.b));
  mix(exprHash(cx, e.c));
  return h;
}

bool isConstBool(const Context& cx, ir::ExprId id, bool value) {
  if (id == ir::kNone) return false;
  const ir::Expr& e = cx.module.exprs[id];
  return e.op == ir::ExprOp::Const && e.type == cx.tBool && cx.module.constants[e.imm].value.a == (value ? 1 : 0);
}

// Whether `condition` is proved unable to hold when every earlier branch's condition fails. Only
// the nearest kProofReach earlier branches take part: fewer constraints can only prove less, never
// wrongly, and a decision of thousands of branches stays linear to check.
constexpr size_t kProofReach = 32;
bool provedUnreachable(const Context& cx, ir::ExprId condition) {
  std::vector<std::pair<ir::ExprId, bool>> conditions{{condition, false}};
  const auto& earlier = cx.module.decision;
  for (size_t i = earlier.size(); i-- > 0 && conditions.size() <= kProofReach;) {
    if (earlier[i].condition != ir::kNone) conditions.push_back({earlier[i].condition, true});
  }
  return satisfiable(cx, conditions) == false;
}

}  // namespace

void checkDecision(Context& cx, const std::vector<syntax::Ast>& files) {
  // Header: the decision-date field.
  for (const auto& ast : files) {
    const auto& h = ast.header;
    if (!h.present) continue;
    if (cx.module.name.empty()) {
      cx.module.name = h.name.text;
      cx.module.version = h.version.text;
      cx.module.appeal = h.appeal.text;
      for (const auto& l : h.lagrum) cx.module.lagrum.push_back(l.text);
    }
    if (h.decisionDate.text.empty()) continue;
    const auto& fields = cx.inputRecord().fields;
    bool found = false;
    for (uint32_t i = 0; i < fields.size(); ++i) {
      TypeKind k = cx.kindOf(fields[i].type);
      if (fields[i].name == h.decisionDate.text && (k == TypeKind::Date || k == TypeKind::Month)) {
        cx.module.decisionDateField = i;
        cx.inputsUsed.insert(i);
        if (auto at = cx.fieldSpans.find({cx.module.inputRecord, i}); at != cx.fieldSpans.end()) {
          cx.referenceTo(h.decisionDate.span, at->second);
        }
        found = true;
      }
    }
    if (!found) cx.report(Kind::UnknownDecisionDate, h.decisionDate.span, {h.decisionDate.text});
  }

  const syntax::DecisionDecl* decision = nullptr;
  const syntax::Ast* decisionAst = nullptr;
  for (const auto& ast : files) {
    for (const auto& d : ast.decisions) {
      if (decision) {
        cx.report(Kind::DuplicateDecision, d.span).notes.push_back({decision->span, "först här"});
        continue;
      }
      decision = &d;
      decisionAst = &ast;
      cx.module.allGrounds = d.allGrounds;
    }
    for (const auto& s : ast.stickprov) {
      if (cx.module.stickprov) {
        cx.report(Kind::DuplicateStickprov, s.span);
        continue;
      }
      if (s.rate.num < 0 || s.rate.num > s.rate.den) {
        cx.report(Kind::InvalidSampleRate, s.span);
        continue;
      }
      cx.module.stickprov = ir::Stickprov{s.rate, s.outcome};
    }
  }
  if (!decision) {
    Span at{files.empty() ? 0u : files[0].file, 0, 0};
    cx.report(Kind::MissingDecision, at);
    return;
  }
  uint32_t localCount = 0;
  bool sawOtherwise = false;
  std::unordered_multimap<size_t, size_t> conditionsByHash;  // branch conditions seen so far
  for (const auto& b : decision->branches) {
    Scope scope;
    scope.localCount = &localCount;
    scope.ruleDeps = &cx.decisionRuleDeps;
    scope.inputDeps = &cx.decisionInputDeps;
    scope.paramDeps = &cx.decisionParamDeps;
    ir::Branch out;
    out.outcome = b.outcome;
    out.span = b.span;
    if (b.amount == syntax::kNoExpr && b.outcome == syntax::Outcome::Faststallt) {
      cx.report(Kind::FixedAmountNeedsAmount, b.outcomeSpan);
    }
    if (b.amount != syntax::kNoExpr) {
      if (b.outcome != syntax::Outcome::Bifall && b.outcome != syntax::Outcome::Faststallt) {
        cx.report(Kind::AmountOnlyForApproval, b.outcomeSpan);
      }
      Typed amount = checkExpr(cx, *decisionAst, b.amount, scope);
      if (amount.ok && amount.type != cx.tMoney) {
        Span span = decisionAst->expr(b.amount).span;
        if (cx.kindOf(amount.type) == TypeKind::ExactMoney) {
          cx.report(Kind::NeedsRounding, span, {"beloppet"});
        } else {
          cx.report(Kind::AmountType, span, {cx.typeName(amount.type)});
        }
      } else {
        out.amount = amount.id;
      }
    }
    if (!b.otherwise) {
      out.condition = checkCondition(cx, *decisionAst, b.condition, scope, "beslutsgrenens villkor").id;
      collectCited(cx, out.condition, out.cited);
    }
    for (const auto& r : b.reasons) out.reasons.push_back(checkTemplate(cx, r, scope));
    collectDirectRules(cx, out.condition, cx.decisionDirectRules);
    collectDirectRules(cx, out.amount, cx.decisionDirectRules);
    // A branch after `annars`, after a condition that always holds, or repeating an earlier
    // condition can never be taken.
    if (sawOtherwise) {
      cx.report(Kind::UnreachableBranch, b.span, {"en tidigare gren 'annars' tar alla fall"});
    } else if (isConstBool(cx, out.condition, false)) {
      cx.report(Kind::UnreachableBranch, b.span, {"villkoret är alltid nej"});
    } else if (out.condition != ir::kNone) {
      bool reported = false;
      auto [from, to] = conditionsByHash.equal_range(exprHash(cx, out.condition));
      for (auto it = from; it != to && !reported; ++it) {
        if (sameExpr(cx, cx.module.decision[it->second].condition, out.condition)) {
          cx.report(Kind::UnreachableBranch, b.span, {"samma villkor prövas i en tidigare gren"});
          reported = true;
        }
      }
      // Proved: the condition cannot hold where every earlier branch's condition fails.
      if (!reported && provedUnreachable(cx, out.condition)) {
        cx.report(Kind::UnreachableBranch, b.span, {"villkoret kan inte gälla när de tidigare grenarnas villkor inte gäller"});
      }
    }
    if (out.condition != ir::kNone) {
      conditionsByHash.emplace(exprHash(cx, out.condition), cx.module.decision.size());
    }
    sawOtherwise |= b.otherwise || isConstBool(cx, out.condition, true);
    cx.module.decision.push_back(std::move(out));
  }
  // A decision without branches is what the parser leaves of one it could not read.
  if (!sawOtherwise) {
    cx.report(Kind::DecisionNotExhaustive, decision->branches.empty() ? decision->span : decision->branches.back().span);
  }
  // Aggregates written directly in a branch need local slots of their own.
  cx.module.decisionLocalCount = localCount;
}

}  // namespace regel::sema
