// The value-by-value check behind a komplettering (deciding_facts.h).
#include "runtime/vm/deciding_facts.h"

#include <algorithm>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

namespace regel::rt::vm {
namespace {

// A missing fact whose values can all be tried: its place in the komplettering, its field, how
// many values it has, and its digit's weight in the number of a combination.
struct Choice {
  size_t missing = 0;
  uint32_t record = 0;
  uint32_t field = 0;
  uint32_t values = 0;
  uint32_t stride = 1;
};

// How many values the missing fact can take: 2 for ja/nej, an enumeration's count; 0 for any
// other type (those cannot be tried value by value).
uint32_t valueCount(const Program& p, const CaseData& data, const MissingFact& m) {
  if (m.record >= data.records.size()) return 0;
  const RecordInstance& r = data.records[m.record];
  if (r.recordType >= p.types.records.size() || m.field >= r.fieldCount || !data.wellFormed(m.record)) return 0;
  const std::vector<FieldInfo>& fields = p.types.records[r.recordType].fields;
  if (m.field >= fields.size() || fields[m.field].type >= p.types.types.size()) return 0;
  const TypeNode& t = p.types[fields[m.field].type];
  if (t.kind == TypeKind::Bool) return 2;
  if (t.kind == TypeKind::Enum && t.ref < p.types.enums.size()) return static_cast<uint32_t>(p.types.enums[t.ref].values.size());
  return 0;
}

// A combination's decision needs no more facts.
bool decided(const Decision& d) { return d.missing.empty(); }

bool sameError(const std::optional<RuntimeError>& a, const std::optional<RuntimeError>& b) {
  if (a.has_value() != b.has_value()) return false;
  return !a || (a->code == b->code && a->message == b->message && a->span == b->span);
}

bool sameUnknown(const std::vector<UnknownFigure>& a, const std::vector<UnknownFigure>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const UnknownFigure& x, const UnknownFigure& y) {
    return x.parameter == y.parameter && x.reason == y.reason && x.period == y.period && x.span == y.span;
  });
}

// The same decision, grounds included: a fact that changes only what the reasons say still
// changes the decision the applicant reads.
bool sameDecision(const Decision& a, const Decision& b) {
  return a.outcome == b.outcome && a.hasAmount == b.hasAmount && a.amount == b.amount && a.branch == b.branch &&
         a.reasons == b.reasons && sameUnknown(a.unknown, b.unknown) && sameError(a.error, b.error);
}

// Whether changing choice `c` alone changes some combination's decision, or leaves one undecided.
bool canChange(const Choice& c, const std::vector<Decision>& results) {
  const size_t count = results.size();
  for (size_t n = 0; n < count; ++n) {
    if ((n / c.stride) % c.values != 0) continue;  // each group of `values` combinations once
    for (uint32_t v = 1; v < c.values; ++v) {
      const Decision& a = results[n];
      const Decision& b = results[n + size_t{v} * c.stride];
      if (!decided(a) || !decided(b) || !sameDecision(a, b)) return true;
    }
  }
  return false;
}

// The paths of a list of facts, for lookups in constant time: a komplettering of a large case can
// list very many facts.
using PathSet = std::unordered_set<std::string_view>;

PathSet pathsOf(const std::vector<MissingFact>& facts) {
  PathSet paths;
  for (const MissingFact& m : facts) paths.insert(m.path);
  return paths;
}

// How many variants of the case the check may decide: fewer the larger the case.
uint64_t variantBudget(const CaseData& data) {
  uint64_t size = data.records.size();
  for (const auto& list : data.lists) size += list.size();
  return std::min<uint64_t>(kMaxFactVariants, kMaxFactWork / std::max<uint64_t>(size, 1));
}

// The facts of `facts` that can be tried value by value, each with its digit's weight. False when
// there are none, or more combinations of their values than kMaxFactCombinations or `budget`.
bool choicesFor(const Program& p, const CaseData& data, const std::vector<MissingFact>& facts, uint64_t budget,
                std::vector<Choice>& out) {
  const uint64_t most = std::min<uint64_t>(kMaxFactCombinations, budget);
  uint64_t combinations = 1;
  for (size_t i = 0; i < facts.size(); ++i) {
    const uint32_t values = valueCount(p, data, facts[i]);
    if (values == 0) continue;
    out.push_back({i, facts[i].record, facts[i].field, values, static_cast<uint32_t>(combinations)});
    combinations *= values;
    if (combinations > most) return false;
  }
  return !out.empty();
}

// The decision of every combination of the choices' values (the first choice varying fastest).
std::vector<Decision> decideEach(const CaseData& data, const std::vector<Choice>& choices,
                                 const DecideVariant& decideVariant) {
  size_t combinations = 1;
  for (const Choice& c : choices) combinations *= c.values;
  CaseData variant = data;
  std::vector<Decision> results(combinations);
  for (size_t n = 0; n < combinations; ++n) {
    for (const Choice& c : choices) {
      variant.set(c.record, c.field, Value::integer(static_cast<int64_t>((n / c.stride) % c.values)));
    }
    decideVariant(variant, results[n]);
  }
  return results;
}

// The paths of the facts any combination needs.
PathSet neededByAny(const std::vector<Decision>& results) {
  PathSet paths;
  for (const Decision& r : results) {
    for (const MissingFact& m : r.missing) paths.insert(m.path);
  }
  return paths;
}

// The facts some combination needs that `listed` does not hold, in the order they were found, each
// with the rules of every combination that needed it.
std::vector<MissingFact> factsNotListed(const std::vector<Decision>& results, const std::vector<MissingFact>& listed) {
  const PathSet known = pathsOf(listed);
  std::vector<MissingFact> added;
  std::unordered_map<std::string_view, size_t> at;  // path → its entry in `added`
  for (const Decision& r : results) {
    for (const MissingFact& m : r.missing) {
      if (known.count(m.path) != 0) continue;
      const auto [it, fresh] = at.try_emplace(m.path, added.size());
      if (fresh) {
        added.push_back(m);
        continue;
      }
      std::vector<std::string>& by = added[it->second].neededBy;
      for (const std::string& rule : m.neededBy) {
        if (std::find(by.begin(), by.end(), rule) == by.end()) by.push_back(rule);
      }
    }
  }
  return added;
}

}  // namespace

FactCheck keepFactsThatDecide(const Program& program, const CaseData& data, const DecideVariant& decideVariant,
                              Decision& d, std::vector<MissingFact>& unneeded) {
  // A combination can need a fact the komplettering did not list: one that the case's missing
  // facts hid (a `första(…)` or `plats(…)` whose keys are missing ends its chunk). Asked for now,
  // it spares the applicant a second round; a ja/nej or enumeration fact found so is tried too.
  std::vector<MissingFact> facts = d.missing;
  std::vector<Choice> choices;
  std::vector<Decision> results;
  uint64_t budget = variantBudget(data);
  for (;;) {
    std::vector<Choice> next;
    if (!choicesFor(program, data, facts, budget, next)) break;
    results = decideEach(data, next, decideVariant);
    budget -= results.size();
    choices = std::move(next);
    const std::vector<MissingFact> added = factsNotListed(results, facts);
    facts.insert(facts.end(), added.begin(), added.end());
    const bool more = std::any_of(added.begin(), added.end(),
                                  [&](const MissingFact& m) { return valueCount(program, data, m) != 0; });
    if (!more) break;
  }
  if (results.empty()) return FactCheck::Unchanged;

  // The facts that can change the decision, in the order they were found.
  const PathSet needed = neededByAny(results);
  std::vector<MissingFact> kept;
  for (size_t i = 0; i < facts.size(); ++i) {
    const auto choice = std::find_if(choices.begin(), choices.end(), [&](const Choice& c) { return c.missing == i; });
    const bool keep = choice != choices.end() ? canChange(*choice, results) : needed.count(facts[i].path) != 0;
    (keep ? kept : unneeded).push_back(facts[i]);
  }
  if (!kept.empty()) {
    unneeded.clear();
    const bool same = kept.size() == d.missing.size() &&
                      std::equal(kept.begin(), kept.end(), d.missing.begin(),
                                 [](const MissingFact& a, const MissingFact& b) { return a.path == b.path; });
    if (same) return FactCheck::Unchanged;
    d.missing = std::move(kept);
    return FactCheck::Narrowed;
  }
  // No fact can change the decision: every combination decided it alike.
  const Decision& all = results.front();
  d.outcome = all.outcome;
  d.hasAmount = all.hasAmount;
  d.amount = all.amount;
  d.branch = all.branch;
  d.reasons = all.reasons;
  d.amountReason = all.amountReason;
  d.unknown = all.unknown;
  d.error = all.error;
  d.missing.clear();
  return FactCheck::Decided;
}

}  // namespace regel::rt::vm
