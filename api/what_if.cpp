// Library API: what would change a decision — single facts changed one at a time, each case
// decided again by the engine (regel/what_if.h).
#include "regel/what_if.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <utility>

#include "api/outcome_internal.h"
#include "runtime/base/value.h"
#include "runtime/explain/explain.h"
#include "runtime/trace/trace.h"

namespace regel {
namespace {

using rt::TypeKind;

// How far a number is moved from its value at most, in steps: 2^40 öre is eleven billion kronor.
constexpr int64_t kReach = int64_t{1} << 40;
// The steps a tal and a procent are moved by at least: hundredths, and hundredths of a percent
// (10^-4 as a fraction). A value written with more decimals is moved by its last one, up to 10^-6
// of a tal and 10^-6 of a percent.
constexpr int kDecimalDigits = 2;
constexpr int kPercentDigits = 4;
constexpr int kMostDigitsOverBase = 4;

// A fact the decision read: a field of one record instance of the case.
struct Fact {
  uint32_t record = 0;
  uint32_t field = 0;
  rt::TypeId type = 0;
  TypeKind kind = TypeKind::Integer;
};

bool movable(TypeKind k) {
  return k == TypeKind::Integer || k == TypeKind::Money || k == TypeKind::Decimal || k == TypeKind::Percent ||
         k == TypeKind::Date || k == TypeKind::Month;
}

// A moved fact's values as whole steps: a position p is the value p / unit (unit 1 for a heltal, a
// belopp in öre, a datum in days and a månad in months). The search moves down from `downFrom`
// and up from `upFrom`: the value's own position, or for a value between two steps the step
// above it and the step below it.
struct NumberLine {
  int64_t unit = 1;
  int64_t downFrom = 0;
  int64_t upFrom = 0;
  int64_t least = INT64_MIN;
  int64_t most = INT64_MAX;
};

__int128 floorDiv(__int128 n, __int128 d) {
  if (d < 0) n = -n, d = -d;
  return n >= 0 ? n / d : -((-n + d - 1) / d);
}

bool fitsInt64(__int128 v) { return v >= INT64_MIN && v <= INT64_MAX; }

// The decimal digits a rational is written with (1/8 has three); -1 when it has no end (1/3).
int decimalDigits(int64_t den) {
  int twos = 0, fives = 0;
  uint64_t d = den < 0 ? 0 - static_cast<uint64_t>(den) : static_cast<uint64_t>(den);
  while (d % 2 == 0) d /= 2, ++twos;
  while (d % 5 == 0) d /= 5, ++fives;
  return d == 1 ? std::max(twos, fives) : -1;
}

int64_t powerOfTen(int digits) {
  int64_t p = 1;
  for (int i = 0; i < digits; ++i) p *= 10;
  return p;
}

// One decision of the search: its outcome and the values of the rules.
struct Trial {
  bool error = false;
  rt::Outcome outcome = rt::Outcome::ManuellProvning;
  bool hasAmount = false;
  rt::Money amount;
  std::vector<rt::RuleValue> rules;
};

class Search {
 public:
  Search(const Ruleset& ruleset, const CaseOutcome::Internal& outcome, const WhatIfOptions& options)
      : program_(ruleset.program()), decider_(program_, ruleset.native()), data_(outcome.data),
        original_(outcome.decision), budget_(options.maxDecisions) {
    if (original_.hasDate) decideOptions_.date = original_.date;
    decideOptions_.ruleValues = true;
  }

  WhatIf run();

 private:
  // The facts the search changes; the paths of the others go to out_.notSearched.
  std::vector<Fact> readFacts();
  rt::Value& slot(const Fact& f) { return data_.field(f.record, f.field); }
  // The case decided with the fact set to `v` (and then set back); nullopt when the budget is spent.
  std::optional<Trial> decideWith(const Fact& f, rt::Value v);
  // A change counts when it gives another decided outcome: komplettering and manuell prövning
  // say what is missing, not what would be decided.
  bool changes(const Trial& t) const {
    const bool decided = t.outcome == rt::Outcome::Bifall || t.outcome == rt::Outcome::Avslag ||
                         t.outcome == rt::Outcome::Faststallt;
    return !t.error && decided && t.outcome != baseline_.outcome;
  }
  std::optional<NumberLine> numberLine(const Fact& f) const;
  rt::Value valueAt(const Fact& f, const NumberLine& line, int64_t position) const;
  void searchNumber(const Fact& f, bool lower);
  void searchChoices(const Fact& f);
  void searchTexts(const Fact& f);
  // `otherText`: `to` is the text unlike every other, which stands for any text not named.
  void add(const Fact& f, rt::Value to, bool lower, const Trial& t, bool otherText = false);
  std::vector<std::string> turnedConditions(const Trial& t) const;

  const rt::Program& program_;
  rt::Decider decider_;
  rt::CaseData data_;
  const rt::Decision& original_;
  rt::DecisionOptions decideOptions_;
  rt::Decision scratch_;
  Trial baseline_;
  uint64_t budget_;
  WhatIf out_;
};

std::vector<Fact> Search::readFacts() {
  std::vector<Fact> facts;
  for (const rt::TraceRead& r : original_.trace.reads) {
    if (r.kind != rt::TraceRead::Kind::Input || r.poisoned || r.ref >= data_.records.size()) continue;
    const rt::RecordInstance& rec = data_.records[r.ref];
    if (r.field >= rec.fieldCount || !data_.has(r.ref, r.field)) continue;
    const rt::FieldInfo& info = program_.types.records[rec.recordType].fields[r.field];
    const TypeKind kind = program_.types[info.type].kind;
    // Lists and records are not facts of their own: their elements' fields are. The decision date
    // is when the case is decided, not a fact to change.
    const bool decisionDate = r.ref == 0 && program_.decisionDateField && *program_.decisionDateField == r.field;
    if (kind == TypeKind::List || kind == TypeKind::Record || decisionDate) continue;
    // A personuppgift identifies the person: another one is another applicant, not a changed fact.
    if (info.personal) {
      std::string path = data_.fieldPath(r.ref, info.name);
      if (std::find(out_.notSearched.begin(), out_.notSearched.end(), path) == out_.notSearched.end()) {
        out_.notSearched.push_back(std::move(path));
      }
      continue;
    }
    const bool seen = std::any_of(facts.begin(), facts.end(),
                                  [&](const Fact& f) { return f.record == r.ref && f.field == r.field; });
    if (!seen) facts.push_back({r.ref, r.field, info.type, kind});
  }
  return facts;
}

std::optional<Trial> Search::decideWith(const Fact& f, rt::Value v) {
  if (out_.decisions >= budget_) {
    out_.complete = false;
    return std::nullopt;
  }
  ++out_.decisions;
  const rt::Value kept = slot(f);
  slot(f) = v;
  decider_.decide(data_, decideOptions_, scratch_);
  slot(f) = kept;
  Trial t;
  t.error = scratch_.error.has_value();
  t.outcome = scratch_.outcome;
  t.hasAmount = scratch_.hasAmount;
  t.amount = scratch_.amount;
  t.rules = scratch_.ruleValues;
  return t;
}

// The steps of a number in the case: its value's neighbours and its limits as positions. A date
// and a month stay within the years 1–9999; a number that is not negative is not moved below zero
// without a declared lower limit: a negative one would be no answer to give an applicant. nullopt
// when the value's steps do not fit in 64 bits.
std::optional<NumberLine> Search::numberLine(const Fact& f) const {
  const rt::FieldInfo& info = program_.types.records[data_.records[f.record].recordType].fields[f.field];
  const rt::Value now = data_.field(f.record, f.field);
  const bool rational = f.kind == TypeKind::Decimal || f.kind == TypeKind::Percent;
  NumberLine line;
  if (rational) {
    if (now.b <= 0) return std::nullopt;
    const int base = f.kind == TypeKind::Percent ? kPercentDigits : kDecimalDigits;
    line.unit = powerOfTen(std::clamp(decimalDigits(now.b), base, base + kMostDigitsOverBase));
  }
  // A bound (or the value) as a position: rounded up for the least one, down for the most.
  const auto position = [&](rt::FieldBound b, bool up) -> __int128 {
    if (!rational || b.b <= 0) return b.a;
    const __int128 scaled = static_cast<__int128>(b.a) * line.unit;
    return up ? -floorDiv(-scaled, b.b) : floorDiv(scaled, b.b);
  };
  const __int128 down = position({now.a, now.b}, true), up = position({now.a, now.b}, false);
  if (!fitsInt64(down) || !fitsInt64(up)) return std::nullopt;
  line.downFrom = static_cast<int64_t>(down);
  line.upFrom = static_cast<int64_t>(up);
  const auto clamp = [](__int128 v) { return static_cast<int64_t>(std::clamp<__int128>(v, INT64_MIN, INT64_MAX)); };
  if (info.least) line.least = clamp(position(*info.least, true));
  if (info.most) line.most = clamp(position(*info.most, false));
  if (f.kind == TypeKind::Date) {
    line.least = std::max<int64_t>(line.least, rt::makeDate(1, 1, 1)->days);
    line.most = std::min<int64_t>(line.most, rt::makeDate(9999, 12, 31)->days);
  } else if (f.kind == TypeKind::Month) {
    line.least = std::max<int64_t>(line.least, rt::makeMonth(1, 1)->index);
    line.most = std::min<int64_t>(line.most, rt::makeMonth(9999, 12)->index);
  } else if (!info.least && now.a >= 0) {
    line.least = 0;
  }
  return line;
}

rt::Value Search::valueAt(const Fact& f, const NumberLine& line, int64_t position) const {
  if (f.kind != TypeKind::Decimal && f.kind != TypeKind::Percent) return rt::Value{position, 0};
  rt::Rational r;
  // position / unit with a power of ten as unit always fits: the reduced parts only shrink.
  (void)rt::makeRational(position, line.unit, r);
  return rt::Value::rational(r);
}

// Moves the number away from its value by doubling steps until the outcome changes, then bisects
// to the value nearest to it that still changes it. A run-time error ends the direction: a value
// the rules cannot compute with is no answer.
void Search::searchNumber(const Fact& f, bool lower) {
  const std::optional<NumberLine> line = numberLine(f);
  if (!line) return;
  // The search starts from the value itself; a value between two steps (a tal of 1/3) starts from
  // the step beyond it, which is never tried: every step tried lies on the searched side.
  const int64_t from = lower ? line->downFrom : line->upFrom;
  const int64_t least = std::max(line->least, from > INT64_MIN + kReach ? from - kReach : INT64_MIN);
  const int64_t most = std::min(line->most, from < INT64_MAX - kReach ? from + kReach : INT64_MAX);
  if (lower ? least > from : most < from) return;  // a value outside its limits has no neighbours to try
  int64_t same = from;
  std::optional<Trial> found;
  int64_t different = from;
  for (int64_t step = 1; step <= kReach; step *= 2) {
    // Compared before subtracting: `from` may lie near the ends of int64.
    const int64_t probe = lower ? (from - least > step ? from - step : least) : (most - from > step ? from + step : most);
    if (probe == same) return;  // the declared limit is reached
    const std::optional<Trial> t = decideWith(f, valueAt(f, *line, probe));
    if (!t || t->error) return;
    if (changes(*t)) {
      found = t;
      different = probe;
      break;
    }
    same = probe;
  }
  if (!found) return;
  while (different - same > 1 || same - different > 1) {
    const int64_t middle = same + (different - same) / 2;
    const std::optional<Trial> t = decideWith(f, valueAt(f, *line, middle));
    if (!t) return;
    if (changes(*t)) {
      found = t;
      different = middle;
    } else {
      same = middle;
    }
  }
  add(f, valueAt(f, *line, different), lower, *found);
}

// A ja/nej flipped; every other value of an uppräkning.
void Search::searchChoices(const Fact& f) {
  const int64_t now = slot(f).a;
  const int64_t count = f.kind == TypeKind::Bool ? 2 : static_cast<int64_t>(program_.types.enums[program_.types[f.type].ref].values.size());
  for (int64_t v = 0; v < count; ++v) {
    if (v == now) continue;
    const std::optional<Trial> t = decideWith(f, rt::Value{v, 0});
    if (!t) return;
    if (changes(*t)) add(f, rt::Value{v, 0}, false, *t);
  }
}

// Texts are only compared, with = and ≠: a text read changes the outcome only by becoming equal
// to another text or unequal to all. Every such change is tried: one text unlike all the others,
// then each of the rules' own texts and each of the case's. A named text is given only when it
// decides otherwise than the unlike one, which stands for every text not named.
void Search::searchTexts(const Fact& f) {
  std::vector<std::string> named{rt::formatValue(program_, &data_, f.type, slot(f))};
  const size_t caseTexts = data_.texts.size();
  for (uint32_t pool = 0; pool < 2; ++pool) {
    const std::vector<std::string>& texts = pool == 0 ? program_.texts : data_.texts;
    for (size_t i = 0; i < (pool == 0 ? texts.size() : caseTexts); ++i) {
      if (std::find(named.begin(), named.end(), texts[i]) == named.end()) named.push_back(texts[i]);
    }
  }
  // Each text tried is the case's text after its own, taken back after the trial.
  const rt::Value tried{static_cast<int64_t>(caseTexts), 1};
  std::string unlike = "annan text";
  while (std::find(named.begin(), named.end(), unlike) != named.end()) unlike += "…";
  data_.texts.push_back(unlike);
  const std::optional<Trial> other = decideWith(f, tried);
  if (other && changes(*other)) add(f, tried, false, *other, true);
  data_.texts.pop_back();
  if (!other) return;
  for (size_t n = 1; n < named.size(); ++n) {
    data_.texts.push_back(named[n]);
    const std::optional<Trial> t = decideWith(f, tried);
    const bool asOther = t && !other->error && t->outcome == other->outcome && t->hasAmount == other->hasAmount &&
                         t->amount == other->amount;
    if (t && changes(*t) && !asOther) add(f, tried, false, *t);
    data_.texts.pop_back();
    if (!t) return;
  }
}

// The conditions named in the decision whose value the change turns; any condition when none of
// those turns.
std::vector<std::string> Search::turnedConditions(const Trial& t) const {
  std::vector<uint32_t> cited;
  for (const auto& b : program_.decision) cited.insert(cited.end(), b.cited.begin(), b.cited.end());
  std::vector<std::string> named, other;
  for (uint32_t r = 0; r < program_.rules.size() && r < t.rules.size() && r < baseline_.rules.size(); ++r) {
    if (program_.rules[r].kind != rt::RuleKind::Condition) continue;
    const rt::RuleValue& was = baseline_.rules[r];
    const rt::RuleValue& now = t.rules[r];
    if (was.state != rt::RuleState::Value || now.state != rt::RuleState::Value || was.value.a == now.value.a) continue;
    std::string text = program_.rules[r].name + (now.value.a != 0 ? " blir uppfyllt" : " blir inte uppfyllt");
    const bool isCited = std::find(cited.begin(), cited.end(), r) != cited.end();
    (isCited ? named : other).push_back(std::move(text));
  }
  return named.empty() ? other : named;
}

void Search::add(const Fact& f, rt::Value to, bool lower, const Trial& t, bool otherText) {
  FactChange c;
  c.field = data_.fieldPath(f.record, program_.types.records[data_.records[f.record].recordType].fields[f.field].name);
  // A text is quoted, so that it reads as a text among the words around it.
  const auto shown = [&](rt::Value v) {
    const std::string text = rt::formatValue(program_, &data_, f.type, v);
    return f.kind == TypeKind::Text ? "”" + text + "”" : text;
  };
  c.now = shown(slot(f));
  c.changed = otherText ? "en annan text" : shown(to);
  c.otherText = otherText;
  c.number = movable(f.kind);
  c.calendar = f.kind == TypeKind::Date || f.kind == TypeKind::Month;
  c.lower = lower;
  c.outcome = static_cast<Outcome>(t.outcome);
  if (t.hasAmount) c.amountOre = t.amount.ore;
  c.conditions = turnedConditions(t);
  out_.changes.push_back(std::move(c));
}

WhatIf Search::run() {
  if (original_.error || original_.trace.empty()) return out_;
  const std::vector<Fact> facts = readFacts();
  if (facts.empty()) return out_;
  const std::optional<Trial> baseline = decideWith(facts[0], slot(facts[0]));
  if (!baseline || baseline->error) return out_;
  baseline_ = *baseline;
  for (const Fact& f : facts) {
    if (movable(f.kind)) {
      searchNumber(f, true);
      searchNumber(f, false);
    } else if (f.kind == TypeKind::Text) {
      searchTexts(f);
    } else if (f.kind == TypeKind::Bool || f.kind == TypeKind::Enum) {
      searchChoices(f);
    }
    if (!out_.complete) break;
  }
  return out_;
}

}  // namespace

WhatIf whatWouldChange(const Ruleset& ruleset, const CaseOutcome& outcome, const WhatIfOptions& options) {
  if (!outcome.decided()) return {};
  Search search(ruleset, outcome.internal(), options);
  return search.run();
}

namespace {

// The outcomes the caseworker and the applicant ask about: an avslag or a manuell prövning, not
// one stopped by a run-time error.
bool asksWhatWouldChange(const CaseOutcome& outcome) {
  return outcome.decided() && !outcome.error() &&
         (outcome.outcome() == Outcome::Avslag || outcome.outcome() == Outcome::ManuellProvning);
}

// "du beviljats 8 840 kr", "din ansökan avslagits": what the applicant would have been told.
std::string applicantResult(const FactChange& c) {
  const std::string amount = c.amountOre ? rt::formatMoney(rt::Money{*c.amountOre}) : std::string();
  switch (c.outcome) {
    case Outcome::Bifall: return c.amountOre ? "du beviljats " + amount : "din ansökan beviljats";
    case Outcome::Avslag: return "din ansökan avslagits";
    case Outcome::Faststallt: return "beloppet fastställts till " + amount;
    case Outcome::Komplettering:
    case Outcome::ManuellProvning: break;
  }
  return std::string("beslutet blivit ") + outcomeName(c.outcome);
}

}  // namespace

std::string whatWouldChangeText(const Ruleset& ruleset, const CaseOutcome& outcome) {
  return asksWhatWouldChange(outcome) ? renderWhatIf(whatWouldChange(ruleset, outcome)) : std::string();
}

std::string whatWouldChangeLetterText(const Ruleset& ruleset, const CaseOutcome& outcome, const WhatIfOptions& options) {
  if (!asksWhatWouldChange(outcome)) return {};
  const WhatIf w = whatWouldChange(ruleset, outcome, options);
  // The applicant asks what would have granted the application: a change that would have refused
  // a case now sent to a caseworker is for the caseworker's views.
  std::vector<const FactChange*> granting;
  for (const FactChange& c : w.changes) {
    if (c.outcome == Outcome::Bifall || c.outcome == Outcome::Faststallt) granting.push_back(&c);
  }
  if (granting.empty()) return {};
  std::string out =
      "Vad som hade ändrat beslutet\n"
      "  Om en av de här uppgifterna hade varit en annan, och allt annat detsamma, hade beslutet blivit ett annat:\n";
  for (const FactChange* change : granting) {
    const FactChange& c = *change;
    const std::string value = c.otherText ? "något annat än " + c.now : c.changed + " i stället för " + c.now;
    out += fmt::format("  • Om {} hade varit {}, hade {}.\n", rt::factSubject(ruleset.program(), c.field), value,
                       applicantResult(c));
  }
  if (!w.complete) out += "  Alla uppgifter har inte prövats, så även andra ändringar kan ändra beslutet.\n";
  return out;
}

std::string renderWhatIf(const WhatIf& w) {
  std::string out = "Vad skulle ändra beslutet (en uppgift i taget):\n";
  if (w.changes.empty()) {
    out += w.notSearched.empty() ? "  Ingen enskild uppgift ändrar utfallet.\n"
                                 : "  Ingen enskild ändring av de uppgifter som prövades ändrar utfallet.\n";
  }
  for (const FactChange& c : w.changes) {
    const char* moved = c.calendar ? (c.lower ? "tidigarelagd" : "senarelagd") : (c.lower ? "sänkt" : "höjd");
    std::string change = c.number ? fmt::format("{} {} till {} (i dag {})", c.field, moved, c.changed, c.now)
                                : fmt::format("{} {} (i dag {})", c.field, c.changed, c.now);
    std::string result = outcomeName(c.outcome);
    if (c.amountOre) result += " med " + rt::formatMoney(rt::Money{*c.amountOre});
    std::string why;
    for (const auto& cond : c.conditions) why += (why.empty() ? "; " : ", ") + cond;
    out += fmt::format("  • {}: {}{}\n", change, result, why);
  }
  if (!w.notSearched.empty()) {
    std::string names;
    for (const std::string& n : w.notSearched) names += (names.empty() ? "" : ", ") + n;
    out += "  Prövas inte (personuppgifter ändras inte): " + names + ".\n";
  }
  if (!w.complete) {
    out += fmt::format("  Sökningen stannade efter {} beslut; alla uppgifter har inte prövats.\n", w.decisions);
  }
  return out;
}

}  // namespace regel
