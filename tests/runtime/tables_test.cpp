// Parameter tables: the direct index arrays find the same first matching row as a scan of the
// rows, for overlapping rows, catch-all keys, extreme values and several arguments.
#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <vector>

#include "runtime/vm/tables.h"

namespace regel::rt::vm {
namespace {

TableKey exact(int64_t v) { return {KeyKind::Exact, Value::integer(v), {}}; }
TableKey range(int64_t lo, int64_t hi) { return {KeyKind::Range, Value::integer(lo), Value::integer(hi)}; }
TableKey atLeast(int64_t v) { return {KeyKind::AtLeast, Value::integer(v), {}}; }
TableKey any() { return {KeyKind::Any, {}, {}}; }

ParamVersionInfo table(std::vector<std::vector<TableKey>> rows) {
  ParamVersionInfo v;
  v.isTable = true;
  for (auto& keys : rows) {
    TableRow row;
    row.keys = std::move(keys);
    v.rows.push_back(std::move(row));
  }
  return v;
}

int32_t scan(const ParamVersionInfo& v, const std::vector<Value>& args) {
  const std::vector<uint8_t> rat(args.size(), 0);
  return findRow(v, DirectTable{}, args.data(), rat.data(), static_cast<uint32_t>(args.size()));
}

int32_t direct(const ParamVersionInfo& v, const std::vector<Value>& args) {
  const std::vector<uint8_t> rat(args.size(), 0);
  DirectTable t;
  buildDirectTable(v, rat.data(), static_cast<uint32_t>(args.size()), t);
  EXPECT_TRUE(t.built);
  return findRow(v, t, args.data(), rat.data(), static_cast<uint32_t>(args.size()));
}

TEST(Tables, FirstMatchingRowWins) {
  // 0: 2 420 kr; 1 till 2; 3; 4 till 6; från 7 — and a catch-all that only the gaps reach.
  ParamVersionInfo v = table({{exact(0)}, {range(1, 2)}, {range(2, 3)}, {range(4, 6)}, {atLeast(7)}, {any()}});
  const std::vector<std::pair<int64_t, int32_t>> expect = {
      {INT64_MIN, 5}, {-1, 5}, {0, 0}, {1, 1}, {2, 1}, {3, 2}, {4, 3}, {6, 3}, {7, 4}, {INT64_MAX, 4}};
  for (const auto& [x, row] : expect) {
    EXPECT_EQ(direct(v, {Value::integer(x)}), row) << x;
    EXPECT_EQ(scan(v, {Value::integer(x)}), row) << x;
  }
}

TEST(Tables, NoRowIsMinusOne) {
  ParamVersionInfo v = table({{exact(1), exact(0)}, {range(2, 4), any()}});
  EXPECT_EQ(direct(v, {Value::integer(1), Value::integer(1)}), -1);
  EXPECT_EQ(direct(v, {Value::integer(5), Value::integer(0)}), -1);
  EXPECT_EQ(direct(v, {Value::integer(1), Value::integer(0)}), 0);
  EXPECT_EQ(direct(v, {Value::integer(3), Value::integer(INT64_MIN)}), 1);
}

TEST(Tables, ExtremeKeysDoNotOverflow) {
  ParamVersionInfo v = table({{exact(INT64_MAX)}, {range(INT64_MIN, -1)}, {atLeast(INT64_MAX)}});
  EXPECT_EQ(direct(v, {Value::integer(INT64_MAX)}), 0);
  EXPECT_EQ(direct(v, {Value::integer(INT64_MIN)}), 1);
  EXPECT_EQ(direct(v, {Value::integer(0)}), -1);
}

// Random tables of one to three arguments: every lookup agrees with the scan.
TEST(Tables, DirectAgreesWithTheScanOnRandomTables) {
  std::mt19937_64 rng(2023);
  auto pick = [&](int64_t lo, int64_t hi) { return std::uniform_int_distribution<int64_t>(lo, hi)(rng); };
  for (int round = 0; round < 300; ++round) {
    const uint32_t arity = static_cast<uint32_t>(pick(1, 3));
    std::vector<std::vector<TableKey>> rows(static_cast<size_t>(pick(1, 12)));
    for (auto& keys : rows) {
      for (uint32_t k = 0; k < arity; ++k) {
        const int64_t a = pick(-3, 12), b = a + pick(0, 5);
        switch (pick(0, 3)) {
          case 0: keys.push_back(exact(a)); break;
          case 1: keys.push_back(range(a, b)); break;
          case 2: keys.push_back(atLeast(a)); break;
          default: keys.push_back(any()); break;
        }
      }
    }
    ParamVersionInfo v = table(rows);
    const std::vector<uint8_t> rat(arity, 0);
    DirectTable t;
    buildDirectTable(v, rat.data(), arity, t);
    ASSERT_TRUE(t.built);
    for (int probe = 0; probe < 200; ++probe) {
      std::vector<Value> args;
      for (uint32_t k = 0; k < arity; ++k) args.push_back(Value::integer(pick(-6, 20)));
      ASSERT_EQ(findRow(v, t, args.data(), rat.data(), arity), scan(v, args)) << "round " << round;
    }
  }
}

// Rational arguments are compared exactly: such tables are scanned, not indexed.
TEST(Tables, RationalArgumentsAreScanned) {
  ParamVersionInfo v = table({{{KeyKind::AtLeast, Value::rational({1, 2}), {}}}, {any()}});
  const uint8_t rat[] = {1};
  DirectTable t;
  buildDirectTable(v, rat, 1, t);
  EXPECT_FALSE(t.built);
  const Value third = Value::rational({1, 3}), twoThirds = Value::rational({2, 3});
  EXPECT_EQ(findRow(v, t, &third, rat, 1), 1);
  EXPECT_EQ(findRow(v, t, &twoThirds, rat, 1), 0);
}

}  // namespace
}  // namespace regel::rt::vm
