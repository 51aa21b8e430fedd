// The random case generator: see case_generator.h for the distributions and why.
#include "tests/support/case_generator.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <limits>

#include "runtime/base/json_writer.h"

namespace regel::testing {
namespace {

// SplitMix64: spreads (seed, index) over the whole seed space of the per-case generator.
uint64_t splitmix(uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

void appendInt(std::string& out, int64_t v) {
  char buf[32];
  const int n = std::snprintf(buf, sizeof buf, "%" PRId64, v);
  out.append(buf, static_cast<size_t>(n));
}

// Kronor and öre as a JSON number: 4150, 4150.5, 4150.05 (never more than two decimals).
void appendKronorNumber(std::string& out, int64_t ore) {
  const bool negative = ore < 0;
  const uint64_t magnitude = negative ? 0 - static_cast<uint64_t>(ore) : static_cast<uint64_t>(ore);
  char buf[48];
  int n;
  if (magnitude % 100 == 0) {
    n = std::snprintf(buf, sizeof buf, "%s%" PRIu64, negative ? "-" : "", magnitude / 100);
  } else if (magnitude % 10 == 0) {
    n = std::snprintf(buf, sizeof buf, "%s%" PRIu64 ".%" PRIu64, negative ? "-" : "", magnitude / 100,
                      magnitude % 100 / 10);
  } else {
    n = std::snprintf(buf, sizeof buf, "%s%" PRIu64 ".%02" PRIu64, negative ? "-" : "", magnitude / 100,
                      magnitude % 100);
  }
  out.append(buf, static_cast<size_t>(n));
}

// Kronor and öre as Swedish text: "4 150 kr", "4 150,05 kr", "-25 kr".
void appendKronorText(std::string& out, int64_t ore) {
  const bool negative = ore < 0;
  const uint64_t magnitude = negative ? 0 - static_cast<uint64_t>(ore) : static_cast<uint64_t>(ore);
  std::string digits = std::to_string(magnitude / 100);
  std::string grouped;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) grouped += ' ';
    grouped += digits[i];
  }
  out += '"';
  if (negative) out += '-';
  out += grouped;
  if (magnitude % 100 != 0) {
    char buf[8];
    std::snprintf(buf, sizeof buf, ",%02" PRIu64, magnitude % 100);
    out += buf;
  }
  out += " kr\"";
}

constexpr const char* kTexts[] = {"",  "Malmö", "hyresrätt i Göteborg", "bostadsrätt", "Ärende \"B\" – åter",
                                  "a\\b", "x",  "inneboende",           "ÅÄÖ åäö",     "kolumn 1\tkolumn 2"};

}  // namespace

CaseGenerator::CaseGenerator(const rt::Program& program, CaseGeneratorOptions options)
    : program_(program), options_(options) {
  for (const auto& f : program_.types.records[program_.inputRecord].fields) {
    if (f.name == "indata") envelope_ = false;
  }
  ranges_.resize(program_.types.records.size());
  for (size_t r = 0; r < program_.types.records.size(); ++r) {
    const rt::RecordInfo& record = program_.types.records[r];
    for (const rt::FieldInfo& f : record.fields) {
      auto it = options_.integerRanges.find(record.name + "." + f.name);
      ranges_[r].push_back(it == options_.integerRanges.end() ? nullptr : &it->second);
    }
  }
}

uint64_t CaseGenerator::below(uint64_t n) {
  if (n <= 1) return 0;
  // Rejection sampling: exactly uniform, and the same with every standard library.
  const uint64_t limit = std::numeric_limits<uint64_t>::max() - std::numeric_limits<uint64_t>::max() % n;
  uint64_t x;
  do {
    x = rng_();
  } while (x >= limit);
  return x % n;
}

int64_t CaseGenerator::between(int64_t lo, int64_t hi) {
  return lo + static_cast<int64_t>(below(static_cast<uint64_t>(hi - lo) + 1));
}

bool CaseGenerator::chance(double p) {
  // 53 random bits as a double in [0, 1).
  return static_cast<double>(rng_() >> 11) * 0x1.0p-53 < p;
}

std::string CaseGenerator::caseAt(uint64_t index) {
  std::string out;
  caseAt(index, out);
  return out;
}

void CaseGenerator::caseAt(uint64_t index, std::string& out) {
  rng_.seed(splitmix(options_.seed ^ splitmix(index)));
  out.clear();
  static constexpr double kZeroMoneyRates[] = {0.15, 0.4, 0.8};
  zeroMoneyRate_ = kZeroMoneyRates[below(std::size(kZeroMoneyRates))];
  if (!envelope_) {
    writeRecord(program_.inputRecord, 0, out);
    return;
  }
  out += '{';
  bool first = true;
  if (chance(options_.idRate)) {
    first = false;
    out += "\"id\":";
    if (chance(0.8)) {
      char buf[40];
      std::snprintf(buf, sizeof buf, "\"G-%06" PRIu64 "\"", index);
      out += buf;
    } else {
      appendInt(out, static_cast<int64_t>(index));
    }
  }
  if (chance(options_.dateOverrideRate)) {
    out += first ? "" : ",";
    first = false;
    out += "\"datum\":";
    writeDate(out, year());
  }
  out += first ? "" : ",";
  out += "\"indata\":";
  writeRecord(program_.inputRecord, 0, out);
  out += '}';
}

void CaseGenerator::writeRecord(uint32_t record, int depth, std::string& out) {
  out += '{';
  bool first = true;
  const auto& fields = program_.types.records[record].fields;
  for (size_t f = 0; f < fields.size(); ++f) {
    const rt::FieldInfo& field = fields[f];
    if (chance(field.optional ? options_.optionalMissingRate : options_.missingRate)) {
      // Left out, or (a third of the time) null: both are a fact the case does not give.
      if (!chance(1.0 / 3)) continue;
      out += first ? "" : ",";
      first = false;
      rt::appendJsonString(out, field.name);
      out += ":null";
      continue;
    }
    const rt::TypeNode& node = program_.types[field.type];
    if (depth >= options_.maxDepth && (node.kind == rt::TypeKind::Record || node.kind == rt::TypeKind::List)) continue;
    out += first ? "" : ",";
    first = false;
    rt::appendJsonString(out, field.name);
    out += ':';
    writeValue(field.type, &field, record, depth, out);
  }
  out += '}';
}

void CaseGenerator::writeValue(rt::TypeId type, const rt::FieldInfo* field, uint32_t record, int depth,
                               std::string& out) {
  const rt::TypeNode& node = program_.types[type];
  switch (node.kind) {
    case rt::TypeKind::Record: writeRecord(node.ref, depth + 1, out); return;
    case rt::TypeKind::List: {
      // Mostly one or two elements; sometimes none, three or four; rarely (absurd) more.
      static constexpr uint32_t kLengths[] = {0, 1, 1, 1, 1, 2, 2, 2, 3, 4};
      uint32_t n = std::min(kLengths[below(std::size(kLengths))], options_.maxListLength);
      if (chance(options_.absurdRate)) n = static_cast<uint32_t>(between(5, 12));
      out += '[';
      for (uint32_t i = 0; i < n; ++i) {
        if (i > 0) out += ',';
        writeValue(node.ref, field, record, depth + 1, out);
      }
      out += ']';
      return;
    }
    default:
      if (chance(options_.absurdRate)) {
        writeAbsurd(node, out);
      } else {
        writeScalar(node, field, record, out);
      }
      return;
  }
}

int CaseGenerator::year() {
  return chance(0.5) ? static_cast<int>(between(options_.minYear, options_.maxYear))
                     : static_cast<int>(between(options_.recentMinYear, options_.recentMaxYear));
}

void CaseGenerator::writeInteger(const rt::FieldInfo* field, uint32_t record, std::string& out) {
  if (field != nullptr) {
    const size_t f = static_cast<size_t>(field - program_.types.records[record].fields.data());
    const CaseGeneratorOptions::Range* range = ranges_[record][f];
    if (range != nullptr && below(10) < 9) {
      appendInt(out, between(range->lo, range->hi));
      return;
    }
  }
  const uint64_t r = below(10);
  const int64_t hi = r < 4 ? options_.maxInteger : r < 8 ? std::min<int64_t>(20, options_.maxInteger)
                                                          : std::min<int64_t>(6, options_.maxInteger);
  appendInt(out, between(0, hi));
}

void CaseGenerator::writeMoney(std::string& out) {
  const int64_t maxOre = options_.maxMoneyKronor * 100;
  const uint64_t r = below(20);
  int64_t ore = 0;
  if (chance(zeroMoneyRate_)) {
    ore = 0;
  } else if (r < 10) {
    ore = between(0, std::min<int64_t>(5'000 * 100, maxOre));
  } else if (r < 17) {
    ore = between(0, std::min<int64_t>(15'000 * 100, maxOre));
  } else {
    ore = between(0, maxOre);
  }
  // Mostly whole kronor; sometimes öre.
  const uint64_t cents = below(10);
  if (cents < 7) {
    ore -= ore % 100;
  } else if (cents < 8) {
    ore -= ore % 100;
    ore += ore >= 50 ? -50 : 50;
  }
  if (chance(0.1)) {
    appendKronorText(out, ore);
  } else {
    appendKronorNumber(out, ore);
  }
}

void CaseGenerator::writeDecimal(std::string& out, bool percent) {
  // tal: 0–10 with up to two decimals; procent: 0–100 % with at most one decimal.
  const int64_t hundredths = percent ? between(0, 1000) * 10 : between(0, 1000);
  const int64_t whole = hundredths / 100, frac = hundredths % 100;
  char buf[48];
  if (chance(0.2)) {
    // As text with a decimal comma (and for procent a % sign).
    std::snprintf(buf, sizeof buf, "\"%" PRId64 ",%02" PRId64 "%s\"", whole, frac, percent ? " %" : "");
  } else if (frac == 0) {
    std::snprintf(buf, sizeof buf, "%" PRId64, whole);
  } else {
    std::snprintf(buf, sizeof buf, "%" PRId64 ".%02" PRId64, whole, frac);
  }
  out += buf;
}

void CaseGenerator::writeDate(std::string& out, int y) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const int m = static_cast<int>(between(1, 12));
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  const int d = static_cast<int>(between(1, kDays[m - 1] + (m == 2 && leap ? 1 : 0)));
  char buf[24];
  std::snprintf(buf, sizeof buf, "\"%04d-%02d-%02d\"", y, m, d);
  out += buf;
}

void CaseGenerator::writeMonth(std::string& out, int y) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "\"%04d-%02d\"", y, static_cast<int>(between(1, 12)));
  out += buf;
}

void CaseGenerator::writeText(std::string& out) { rt::appendJsonString(out, kTexts[below(std::size(kTexts))]); }

void CaseGenerator::writeScalar(const rt::TypeNode& node, const rt::FieldInfo* field, uint32_t record,
                                std::string& out) {
  switch (node.kind) {
    case rt::TypeKind::Integer: writeInteger(field, record, out); return;
    case rt::TypeKind::Decimal: writeDecimal(out, false); return;
    case rt::TypeKind::Money:
    case rt::TypeKind::ExactMoney: writeMoney(out); return;
    case rt::TypeKind::Percent: writeDecimal(out, true); return;
    case rt::TypeKind::Date: writeDate(out, year()); return;
    case rt::TypeKind::Month: writeMonth(out, year()); return;
    case rt::TypeKind::Text: writeText(out); return;
    case rt::TypeKind::Bool: out += chance(0.6) ? "true" : "false"; return;
    case rt::TypeKind::Enum: {
      const auto& values = program_.types.enums[node.ref].values;
      if (values.empty()) {
        out += "null";
      } else {
        rt::appendJsonString(out, values[below(values.size())]);
      }
      return;
    }
    case rt::TypeKind::Record:
    case rt::TypeKind::List: out += "null"; return;  // not scalars: writeValue handles them
  }
}

// Values a real case would not have but the decoder accepts: overflow, negative amounts and
// counts, the ends of the calendar.
void CaseGenerator::writeAbsurd(const rt::TypeNode& node, std::string& out) {
  switch (node.kind) {
    case rt::TypeKind::Integer: {
      static constexpr int64_t kValues[] = {-1,
                                            -7,
                                            -80,
                                            1'000'000,
                                            int64_t{1} << 31,
                                            int64_t{1} << 62,
                                            std::numeric_limits<int64_t>::max(),
                                            std::numeric_limits<int64_t>::min()};
      appendInt(out, kValues[below(std::size(kValues))]);
      return;
    }
    case rt::TypeKind::Money:
    case rt::TypeKind::ExactMoney: {
      // In öre. The largest are a few kronor from INT64_MAX öre, so that adding almost any other
      // amount overflows; half of INT64_MAX overflows when doubled.
      static constexpr int64_t kValues[] = {-100,
                                            -500'000,
                                            -4'000'000,
                                            9'223'372'036'854'775'000,
                                            9'223'372'036'854'775'000,
                                            4'611'686'018'427'387'900,
                                            -9'223'372'036'854'775'000,
                                            100'000'000'000'000,
                                            1};
      appendKronorNumber(out, kValues[below(std::size(kValues))]);
      return;
    }
    case rt::TypeKind::Decimal:
    case rt::TypeKind::Percent: {
      static constexpr const char* kValues[] = {"-3", "-0.5", "1000000000000", "\"-2,5\"", "9223372036854775807",
                                                "0.000001"};
      out += kValues[below(std::size(kValues))];
      return;
    }
    case rt::TypeKind::Date: writeDate(out, chance(0.5) ? 1 : 9999); return;
    case rt::TypeKind::Month: writeMonth(out, chance(0.5) ? 1 : 9999); return;
    default: writeScalar(node, nullptr, 0, out); return;
  }
}

}  // namespace regel::testing
