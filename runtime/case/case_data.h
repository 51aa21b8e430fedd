// One case's input as the VM reads it: records with field slots, lists of values, texts.
// Built from JSON (runtime/case_json) or from an `exempel` block; read-only during a decision.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "runtime/base/types.h"
#include "runtime/base/value.h"

namespace regel::rt {

// A value in a register or a field slot; its meaning is fixed by the static type:
// Integer/Money/Date/Month/Bool/Enum use `a` (int64, öre, days, month index, 0/1, ordinal);
// Decimal/Percent/ExactMoney use a/b as a normalised Rational; Text: `a` indexes the text pool
// (b == 0: the program's constant texts, b == 1: the case's texts); Record: `a` indexes CaseData::records;
// List: `a` indexes CaseData::lists.
struct Value {
  int64_t a = 0;
  int64_t b = 0;
  static Value integer(int64_t v) { return {v, 0}; }
  static Value money(Money m) { return {m.ore, 0}; }
  static Value rational(Rational r) { return {r.num, r.den}; }
  static Value date(Date d) { return {d.days, 0}; }
  static Value month(Month m) { return {m.index, 0}; }
  static Value boolean(bool v) { return {v ? 1 : 0, 0}; }
  Rational asRational() const { return {a, b}; }
  friend bool operator==(const Value&, const Value&) = default;
};

struct RecordInstance {
  uint32_t recordType = 0;  // index into TypeTable::records
  std::string path;         // where it sits in the case, for messages: "vuxna[1]" ("" for the root)
  std::vector<Value> fields;
  std::vector<uint8_t> present;  // 0 = the case does not give this field
};

struct CaseData {
  std::string caseId;          // "" when the case has none
  std::vector<RecordInstance> records;  // records[0] is the input record
  std::vector<std::vector<Value>> lists;
  std::vector<std::string> texts;       // the case's texts (Text values with b == 1)
};

}  // namespace regel::rt
