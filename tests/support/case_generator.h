// A seeded, deterministic generator of random cases for any compiled ruleset, driven only by the
// program's input schema (rt::TypeTable, Program::inputRecord). It writes the case JSON that
// `regel run`, `regel batch` and regel::Session accept (docs/json.md): an envelope
// {"id", "datum", "indata"} around an object with one member per input field.
//
// Values are plausible for Swedish benefit rulesets, so that every outcome occurs: integers mostly
// 0–80 (ages, hours, months) with a bias to small numbers (and, where the caller names a field,
// its own plausible range), money 0–40 000 kr with a bias to small amounts and some öre, months and
// dates 2012–2027 with a bias to recent years, lists of 0–4 elements with a bias to one or two.
// Each case has a "means" level drawn first: in a third of the cases most amounts are 0 kr (a
// household with little income), in another third few are; otherwise a real household's amounts,
// which are mostly not all large, would rarely be generated and bifall would be rare. About 3 % of the fields are left out (or null), which
// exercises komplettering; optional (`valfri`) fields are left out more often. Occasionally a
// value is absurd (huge money, negative numbers, dates at the ends of the calendar) to exercise
// runtime errors such as overflow. Every case is well formed: the generator never writes a value
// the case decoder refuses, except by the rare absurd values that are out of its range.
//
// Case number k depends only on (seed, k): caseAt(k) regenerates any case on its own, so a
// failure is reproducible from its number. The random source is std::mt19937_64 with its output
// mapped by hand (not by std::uniform_*_distribution), so the cases are the same with every
// standard library.
#pragma once

#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "runtime/program/program.h"

namespace regel::testing {

struct CaseGeneratorOptions {
  uint64_t seed = 20260101;
  double missingRate = 0.03;          // a required field left out (or null)
  double optionalMissingRate = 0.5;   // a `valfri` field left out
  double absurdRate = 0.004;          // a scalar replaced by an absurd value
  int minYear = 2012;                 // months and dates
  int maxYear = 2027;
  int recentMinYear = 2019;           // half the months and dates fall in recentMinYear..recentMaxYear
  int recentMaxYear = 2026;
  int64_t maxInteger = 80;            // heltal: 0..maxInteger, mostly small
  int64_t maxMoneyKronor = 40'000;    // belopp: 0..maxMoneyKronor kr, mostly small
  uint32_t maxListLength = 4;
  double idRate = 0.9;                // the envelope has an "id"
  double dateOverrideRate = 0.05;     // the envelope has a "datum" that overrides the ruleset's field
  int maxDepth = 8;                   // nested records deeper than this are left out
  // Plausible ranges for particular integer fields, by "Record.field" (e.g. "Vuxen.ålder"): such
  // a field is drawn uniformly from its range nine times in ten, otherwise like any heltal.
  struct Range {
    int64_t lo = 0;
    int64_t hi = 0;
  };
  std::map<std::string, Range> integerRanges;
};

class CaseGenerator {
 public:
  // `program` must outlive the generator.
  explicit CaseGenerator(const rt::Program& program, CaseGeneratorOptions options = {});

  // Case number `index` as JSON text (one line).
  std::string caseAt(uint64_t index);
  // The same, written into `out` (cleared first), reusing its buffer.
  void caseAt(uint64_t index, std::string& out);

  const CaseGeneratorOptions& options() const { return options_; }

 private:
  uint64_t below(uint64_t n);            // uniform in [0, n)
  int64_t between(int64_t lo, int64_t hi);  // uniform in [lo, hi]
  bool chance(double p);

  void writeRecord(uint32_t record, int depth, std::string& out);
  // `field` and `record`: the field the value is for (null for a list element of a list field).
  void writeValue(rt::TypeId type, const rt::FieldInfo* field, uint32_t record, int depth, std::string& out);
  void writeScalar(const rt::TypeNode& node, const rt::FieldInfo* field, uint32_t record, std::string& out);
  void writeAbsurd(const rt::TypeNode& node, std::string& out);
  int year();
  void writeInteger(const rt::FieldInfo* field, uint32_t record, std::string& out);
  void writeMoney(std::string& out);
  void writeDecimal(std::string& out, bool percent);
  void writeDate(std::string& out, int year);
  void writeMonth(std::string& out, int year);
  void writeText(std::string& out);

  const rt::Program& program_;
  CaseGeneratorOptions options_;
  std::mt19937_64 rng_;
  bool envelope_ = true;  // false when the input record has a field named "indata"
  double zeroMoneyRate_ = 0.25;  // this case's chance that an amount is 0 kr
  // Per record, per field: the range from integerRanges, or null.
  std::vector<std::vector<const CaseGeneratorOptions::Range*>> ranges_;
};

}  // namespace regel::testing
