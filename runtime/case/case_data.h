// One case's input as the VM reads it: records whose fields lie in one flat array, lists of
// values, texts. Built from JSON (runtime/case_json) or from an `exempel` block; read-only during
// a decision.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/base/types.h"
#include "runtime/base/value.h"

namespace regel::rt {

// The fields of all of a case's records together. Each record has a slot for every field of its
// type, given or not, so `[{}, {}, …]` of a record type with many fields would need far more
// memory than its text: 16 MiB of it, for a type of 100 fields, about 14 GB. This bound (about
// 70 MB of slots) leaves room for every real case — 100 000 applicants of 40 fields each.
constexpr size_t kMaxCaseSlots = size_t{1} << 22;

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

// A value read as two 8-byte loads, for a copy of one that was just written. Values are mostly
// written as two 8-byte stores; g++ copies a Value as one 16-byte load, which the processor
// cannot forward from two narrower stores and so waits until they reach the cache
// (bench/README.md, "Stalls").
inline Value loadValue(const Value& v) {
  // Relaxed atomic loads are plain 8-byte loads that the compiler never fuses into a wider one
  // (an empty asm on the halves is not enough: g++ then loads 16 bytes and splits them).
  return Value{__atomic_load_n(&v.a, __ATOMIC_RELAXED), __atomic_load_n(&v.b, __ATOMIC_RELAXED)};
}

// One record of the case. Its fields are the slots CaseData::slots[first, first + fieldCount), in
// the order its type declares them: field f of a record is always at first + f. Plain data, so
// that a case is a few arrays, reused from case to case without a move per record.
struct RecordInstance {
  uint32_t recordType = 0;  // index into TypeTable::records
  uint32_t first = 0;       // its first field's slot
  uint32_t fieldCount = 0;  // the type's number of fields
  uint32_t pathBegin = 0;   // where it sits in the case, for messages ("vuxna[1]", "" for the root):
  uint32_t pathSize = 0;    // CaseData::paths[pathBegin, + pathSize)
};

struct CaseData {
  std::string caseId;                   // "" when the case has none
  std::vector<RecordInstance> records;  // records[0] is the input record, its fields slots 0…
  std::vector<Value> slots;             // every record's fields, record after record
  std::vector<uint8_t> present;         // per slot: 0 = the case does not give this field
  std::string paths;                    // every record's path, one after another
  std::vector<std::vector<Value>> lists;
  std::vector<std::string> texts;       // the case's texts (Text values with b == 1)

  // Whether a record of `fieldCount` more fields keeps the case within kMaxCaseSlots.
  bool roomFor(uint32_t fieldCount) const { return slots.size() + fieldCount <= kMaxCaseSlots; }
  // Appends a record of `fieldCount` fields, none given, at `path`; returns its index.
  uint32_t addRecord(uint32_t recordType, uint32_t fieldCount, std::string_view path) {
    records.push_back({recordType, static_cast<uint32_t>(slots.size()), fieldCount,
                       static_cast<uint32_t>(paths.size()), static_cast<uint32_t>(path.size())});
    slots.resize(slots.size() + fieldCount);
    present.resize(present.size() + fieldCount, 0);
    paths.append(path);
    return static_cast<uint32_t>(records.size() - 1);
  }
  // Field f of record r: the caller has checked that r is a record and f one of its fields.
  const Value& field(size_t r, size_t f) const { return slots[records[r].first + f]; }
  Value& field(size_t r, size_t f) { return slots[records[r].first + f]; }
  bool has(size_t r, size_t f) const { return present[records[r].first + f] != 0; }
  void set(size_t r, size_t f, Value v) {
    slots[records[r].first + f] = v;
    present[records[r].first + f] = 1;
  }
  std::string_view path(size_t r) const {
    const RecordInstance& rec = records[r];
    if (rec.pathBegin > paths.size()) return {};
    return std::string_view(paths).substr(rec.pathBegin, rec.pathSize);
  }
  // Field `name` of record r as people read it: "vuxna[1].ålder", or "ålder" in the input record.
  std::string fieldPath(size_t r, std::string_view name) const {
    const std::string_view at = path(r);
    return at.empty() ? std::string(name) : std::string(at) + "." + std::string(name);
  }
  // Whether record r's slots lie inside the arrays (a case built by hand may be wrong; a path
  // outside `paths` reads as empty).
  bool wellFormed(size_t r) const {
    return uint64_t{records[r].first} + records[r].fieldCount <= slots.size() && slots.size() == present.size();
  }
};

}  // namespace regel::rt
