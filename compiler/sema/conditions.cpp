// An exact analysis of the conditions the language can write: comparisons of an input field or a
// definition with a constant (=, ≠, <, ≤, >, ≥ on numbers, amounts, dates, months and enums),
// ja/nej fields and definitions, och, eller, inte and the constants ja and nej. A condition is put
// in disjunctive normal form over such literals, and a conjunction is satisfiable when every
// subject has a value left: its interval is not empty and not only excluded points (an enum's
// values are its alternatives, an integer's the integers). Anything else is "cannot say".
// Subjects that are definitions count as free: "cannot hold" is then a proof, "can hold" a
// possibility.
#include "compiler/sema/conditions.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

namespace regel::sema {
namespace {

constexpr size_t kMaxConjuncts = 256;

struct Literal {
  ir::ExprId subject = ir::kNone;
  enum class Kind : uint8_t { Range, NotEqual, Bool } kind = Kind::Range;
  rt::Rational lo, hi;  // Range: bounds that exist; NotEqual: lo is the excluded value
  bool hasLo = false, hasHi = false, loOpen = false, hiOpen = false;
  bool truth = true;    // Bool: the value the subject must have
};
using Conjunct = std::vector<Literal>;
using Dnf = std::vector<Conjunct>;

std::optional<rt::Rational> constantOf(const Context& cx, ir::ExprId id) {
  const ir::Expr& e = cx.module.exprs[id];
  if (e.op == ir::ExprOp::IntToRat || e.op == ir::ExprOp::MoneyToRat) return constantOf(cx, e.a);
  if (e.op != ir::ExprOp::Const) return std::nullopt;
  const rt::Value v = cx.module.constants[e.imm].value;
  if (e.domain == ir::Domain::Rat) return v.asRational();
  return rt::fromInt(v.a);
}

ir::ExprId unconverted(const Context& cx, ir::ExprId id) {
  const ir::Expr& e = cx.module.exprs[id];
  return e.op == ir::ExprOp::IntToRat || e.op == ir::ExprOp::MoneyToRat ? e.a : id;
}

bool isSubject(const Context& cx, ir::ExprId id) {
  const ir::Expr& e = cx.module.exprs[id];
  return e.op == ir::ExprOp::Input || e.op == ir::ExprOp::Rule;
}

bool sameSubject(const Context& cx, ir::ExprId x, ir::ExprId y) {
  const ir::Expr& a = cx.module.exprs[x];
  const ir::Expr& b = cx.module.exprs[y];
  return a.op == b.op && a.imm == b.imm;
}

Dnf both(const Dnf& a, const Dnf& b) {
  Dnf out;
  for (const auto& x : a) {
    for (const auto& y : b) {
      Conjunct c = x;
      c.insert(c.end(), y.begin(), y.end());
      out.push_back(std::move(c));
    }
  }
  return out;
}

std::optional<Dnf> literalOf(const Context& cx, const ir::Expr& e, bool negate) {
  auto op = static_cast<ir::CompareOp>(e.sub);
  if (e.domain == ir::Domain::Text || e.domain == ir::Domain::Bool) return std::nullopt;
  ir::ExprId subject = unconverted(cx, e.a);
  std::optional<rt::Rational> c = constantOf(cx, e.b);
  if (!c) {
    subject = unconverted(cx, e.b);
    c = constantOf(cx, e.a);
    if (!c) return std::nullopt;
    // The subject on the left: c < x is x > c.
    op = op == ir::CompareOp::Lt ? ir::CompareOp::Gt : op == ir::CompareOp::Le ? ir::CompareOp::Ge
       : op == ir::CompareOp::Gt ? ir::CompareOp::Lt : op == ir::CompareOp::Ge ? ir::CompareOp::Le : op;
  }
  if (!isSubject(cx, subject)) return std::nullopt;
  if (negate) {
    op = op == ir::CompareOp::Eq ? ir::CompareOp::Ne : op == ir::CompareOp::Ne ? ir::CompareOp::Eq
       : op == ir::CompareOp::Lt ? ir::CompareOp::Ge : op == ir::CompareOp::Le ? ir::CompareOp::Gt
       : op == ir::CompareOp::Gt ? ir::CompareOp::Le : ir::CompareOp::Lt;
  }
  Literal l;
  l.subject = subject;
  l.lo = l.hi = *c;
  if (op == ir::CompareOp::Ne) {
    l.kind = Literal::Kind::NotEqual;
  } else {
    l.hasLo = op == ir::CompareOp::Eq || op == ir::CompareOp::Gt || op == ir::CompareOp::Ge;
    l.hasHi = op == ir::CompareOp::Eq || op == ir::CompareOp::Lt || op == ir::CompareOp::Le;
    l.loOpen = op == ir::CompareOp::Gt;
    l.hiOpen = op == ir::CompareOp::Lt;
  }
  return Dnf{{l}};
}

std::optional<Dnf> dnfOf(const Context& cx, ir::ExprId id, bool negate) {
  if (id == ir::kNone) return std::nullopt;
  const ir::Expr& e = cx.module.exprs[id];
  switch (e.op) {
    case ir::ExprOp::Not: return dnfOf(cx, e.a, !negate);
    case ir::ExprOp::And:
    case ir::ExprOp::Or: {
      auto a = dnfOf(cx, e.a, negate);
      auto b = dnfOf(cx, e.b, negate);
      if (!a || !b) return std::nullopt;
      // inte (a och b) is (inte a) eller (inte b), and the other way round.
      const bool conjunction = (e.op == ir::ExprOp::And) != negate;
      Dnf out = conjunction ? both(*a, *b) : *a;
      if (!conjunction) out.insert(out.end(), b->begin(), b->end());
      if (out.size() > kMaxConjuncts) return std::nullopt;
      return out;
    }
    case ir::ExprOp::Compare: return literalOf(cx, e, negate);
    case ir::ExprOp::Const: {
      if (e.domain != ir::Domain::Bool) return std::nullopt;
      const bool value = (cx.module.constants[e.imm].value.a != 0) != negate;
      return value ? Dnf{Conjunct{}} : Dnf{};
    }
    case ir::ExprOp::Input:
    case ir::ExprOp::Rule: {
      if (e.domain != ir::Domain::Bool) return std::nullopt;
      Literal l;
      l.subject = id;
      l.kind = Literal::Kind::Bool;
      l.truth = !negate;
      return Dnf{{l}};
    }
    default: return std::nullopt;
  }
}

std::string subjectName(const Context& cx, ir::ExprId id) {
  const ir::Expr& e = cx.module.exprs[id];
  if (e.op == ir::ExprOp::Rule) return cx.module.rules[e.imm].name;
  return cx.inputRecord().fields[e.imm].name;
}

// A value of the subject's type, as the author would write it.
std::string valueText(const Context& cx, ir::ExprId subject, const rt::Rational& v) {
  const ir::Expr& e = cx.module.exprs[subject];
  switch (cx.kindOf(e.type)) {
    case TypeKind::Money: return rt::formatMoney(rt::Money{v.num});
    case TypeKind::Date: return rt::formatDate(rt::Date{static_cast<int32_t>(v.num)});
    case TypeKind::Month: return rt::formatMonth(rt::Month{static_cast<int32_t>(v.num)});
    case TypeKind::Percent: return rt::formatPercent(v);
    case TypeKind::Enum: {
      const auto& values = cx.module.types.enums[cx.module.types[e.type].ref].values;
      return v.num >= 0 && static_cast<size_t>(v.num) < values.size() ? values[v.num] : rt::formatInt(v.num);
    }
    case TypeKind::Integer: return rt::formatInt(v.num);
    default: return rt::formatRational(v);
  }
}

// A value of one subject allowed by every literal about it, or nullopt when there is none.
std::optional<rt::Rational> valueFor(const Context& cx, ir::ExprId subject, const std::vector<const Literal*>& ls) {
  Literal acc;
  std::vector<rt::Rational> excluded;
  const ir::Expr& s = cx.module.exprs[subject];
  if (cx.kindOf(s.type) == TypeKind::Enum) {
    const auto n = static_cast<int64_t>(cx.module.types.enums[cx.module.types[s.type].ref].values.size());
    acc.hasLo = acc.hasHi = true;
    acc.lo = rt::fromInt(0);
    acc.hi = rt::fromInt(n - 1);
  }
  for (const Literal* l : ls) {
    if (l->kind == Literal::Kind::NotEqual) {
      excluded.push_back(l->lo);
      continue;
    }
    if (l->hasLo && (!acc.hasLo || rt::compareRat(l->lo, acc.lo) > 0 || (rt::compareRat(l->lo, acc.lo) == 0 && l->loOpen))) {
      acc.lo = l->lo, acc.loOpen = l->loOpen, acc.hasLo = true;
    }
    if (l->hasHi && (!acc.hasHi || rt::compareRat(l->hi, acc.hi) < 0 || (rt::compareRat(l->hi, acc.hi) == 0 && l->hiOpen))) {
      acc.hi = l->hi, acc.hiOpen = l->hiOpen, acc.hasHi = true;
    }
  }
  auto allowed = [&](const rt::Rational& v) {
    if (acc.hasLo && (rt::compareRat(v, acc.lo) < 0 || (acc.loOpen && rt::compareRat(v, acc.lo) == 0))) return false;
    if (acc.hasHi && (rt::compareRat(v, acc.hi) > 0 || (acc.hiOpen && rt::compareRat(v, acc.hi) == 0))) return false;
    return std::none_of(excluded.begin(), excluded.end(), [&](const rt::Rational& x) { return rt::compareRat(x, v) == 0; });
  };
  // Candidates: the bounds, their neighbours, and each excluded value's neighbours; an integral
  // subject takes integers only. More candidates than excluded values always leave one when the
  // set is not empty.
  const bool integral = s.domain != ir::Domain::Rat;
  std::vector<rt::Rational> candidates;
  auto around = [&](const rt::Rational& v) {
    for (int64_t d : {0, 1, -1, 2, -2}) {
      rt::Rational r;
      if (integral) {
        int64_t base = 0;
        if (rt::roundRat(v, rt::RoundDirection::Down, base) != rt::ArithError::None) continue;
        int64_t x = 0;
        if (__builtin_add_overflow(base, d, &x)) continue;
        candidates.push_back(rt::fromInt(x));
      } else if (rt::addRat(v, rt::Rational{d, 2}, r) == rt::ArithError::None) {
        candidates.push_back(r);
      }
    }
  };
  if (acc.hasLo) around(acc.lo);
  if (acc.hasHi) around(acc.hi);
  if (acc.hasLo && acc.hasHi) {
    rt::Rational sum, mid;
    if (rt::addRat(acc.lo, acc.hi, sum) == rt::ArithError::None && rt::divRat(sum, rt::fromInt(2), mid) == rt::ArithError::None) {
      around(mid);
    }
  }
  for (const auto& x : excluded) around(x);
  around(rt::fromInt(0));
  for (const auto& c : candidates) {
    if (allowed(c)) return c;
  }
  return std::nullopt;
}

// A witness for one conjunct ("boende = hyresrätt, ålder = 18"), or nullopt when it cannot hold.
std::optional<std::string> witnessOf(const Context& cx, const Conjunct& c) {
  std::vector<std::string> parts;
  std::vector<bool> done(c.size(), false);
  for (size_t i = 0; i < c.size(); ++i) {
    if (done[i]) continue;
    std::vector<const Literal*> same;
    for (size_t j = i; j < c.size(); ++j) {
      if (!done[j] && sameSubject(cx, c[i].subject, c[j].subject)) {
        same.push_back(&c[j]);
        done[j] = true;
      }
    }
    const std::string name = subjectName(cx, c[i].subject);
    if (c[i].kind == Literal::Kind::Bool) {
      const bool truth = c[i].truth;
      for (const Literal* l : same) {
        if (l->kind != Literal::Kind::Bool || l->truth != truth) return std::nullopt;
      }
      parts.push_back(name + " = " + (truth ? "ja" : "nej"));
      continue;
    }
    for (const Literal* l : same) {
      if (l->kind == Literal::Kind::Bool) return std::nullopt;
    }
    const auto v = valueFor(cx, c[i].subject, same);
    if (!v) return std::nullopt;
    parts.push_back(name + " = " + valueText(cx, c[i].subject, *v));
  }
  std::string text;
  for (const auto& p : parts) text += (text.empty() ? "" : ", ") + p;
  return text.empty() ? std::string("alltid") : text;
}

}  // namespace

std::optional<bool> satisfiable(const Context& cx, const std::vector<std::pair<ir::ExprId, bool>>& conditions,
                                std::string* witness) {
  Dnf all{Conjunct{}};
  for (const auto& [id, negate] : conditions) {
    auto d = dnfOf(cx, id, negate);
    if (!d) return std::nullopt;
    all = both(all, *d);
    if (all.size() > kMaxConjuncts) return std::nullopt;
  }
  for (const auto& c : all) {
    if (auto w = witnessOf(cx, c)) {
      if (witness != nullptr) *witness = *w;
      return true;
    }
  }
  return false;
}

}  // namespace regel::sema
