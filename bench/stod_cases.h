// Generated försörjningsstöd cases for the benchmarks and the equality check: plain structs that
// the hand-written implementation reads directly, and the same case as regel's JSON input.
// Deterministic: the same seed gives the same cases on every machine.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace bench {

struct Adult {
  int64_t lon = 0;          // öre
  int64_t ovrigInkomst = 0;  // öre
  bool inskriven = false;
  bool godtagbartSkal = false;  // only written to the JSON when !inskriven
};

struct Child {
  int alder = 0;
  bool lunch = false;  // only written to the JSON when alder <= 6
};

struct Household {
  std::string id;
  int year = 2023;
  int month = 1;  // 1..12
  std::vector<Adult> adults;
  std::vector<Child> children;
  int64_t boende = 0, el = 0, resor = 0, forsakring = 0, fack = 0;  // öre
  int64_t barnbidrag = 0, bostadsbidrag = 0, ovrigaInkomster = 0;   // öre
  int64_t tillgangar = 0;                                           // öre
  int manaderIFoljd = 0;        // only written to the JSON when some adult has lön
  int manaderJobbstimulans = 0;  // likewise
};

// `count` households of 1–9 persons (1–2 adults, 0–7 children aged 0–20) with varied incomes,
// costs and assets, all in 2023.
std::vector<Household> generateHouseholds(size_t count, uint64_t seed);

// The case as regel reads it: {"id": "...", "indata": {...}}, amounts in kronor with öre decimals.
std::string toJson(const Household& h);

}  // namespace bench
