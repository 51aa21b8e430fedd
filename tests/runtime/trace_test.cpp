// rt::sameValue: equality of two values of one static type within one case (what `regel test`
// needs to compare a `förväntat` value with the computed one).
#include <gtest/gtest.h>

#include "runtime/program/program.h"
#include "runtime/trace/trace.h"
#include "tests/support/case_records.h"

namespace {

using namespace regel::rt;

// Regression: `förväntat t = "abc"` failed with "förväntat abc, fick abc" because the expected
// text lives in the case's pool and the computed one in the program's (or at another index).
TEST(SameValue, TextsCompareByContentAcrossPools) {
  Program p;
  TypeId text = p.types.intern({TypeKind::Text});
  p.texts = {"abc"};
  CaseData data;
  data.texts = {"abc", "xyz", "abc"};
  EXPECT_TRUE(sameValue(p, &data, text, Value{0, 0}, Value{0, 1}));  // program "abc" = case "abc"
  EXPECT_TRUE(sameValue(p, &data, text, Value{0, 1}, Value{2, 1}));  // two case copies
  EXPECT_FALSE(sameValue(p, &data, text, Value{0, 0}, Value{1, 1}));
  // Out-of-range indices are never equal to a real text, nor to another bad index.
  EXPECT_FALSE(sameValue(p, &data, text, Value{7, 1}, Value{8, 1}));
  EXPECT_FALSE(sameValue(p, &data, text, Value{7, 1}, Value{0, 1}));
}

// Regression: `förväntat l = [...]` for a list-valued definition compared list indices.
TEST(SameValue, ListsAndRecordsCompareStructurally) {
  Program p;
  TypeId integer = p.types.intern({TypeKind::Integer});
  p.types.records.push_back({"P", {{"n", integer, false}, {"m", integer, true}}});
  TypeId rec = p.types.intern({TypeKind::Record, 0});
  TypeId list = p.types.intern({TypeKind::List, rec});
  CaseData data;
  regel::test::addRecord(data, 0, "", {Value::integer(1), Value::integer(0)}, {1, 0});
  regel::test::addRecord(data, 0, "a", {Value::integer(1), Value::integer(9)}, {1, 0});  // m absent
  regel::test::addRecord(data, 0, "b", {Value::integer(2), Value::integer(0)}, {1, 0});
  regel::test::addRecord(data, 0, "c", {Value::integer(1), Value::integer(0)}, {1, 1});  // m present
  data.lists = {{Value::integer(0)}, {Value::integer(1)}, {Value::integer(2)}, {}};
  EXPECT_TRUE(sameValue(p, &data, rec, Value::integer(0), Value::integer(1)));   // absent ignores slot
  EXPECT_FALSE(sameValue(p, &data, rec, Value::integer(0), Value::integer(2)));
  EXPECT_FALSE(sameValue(p, &data, rec, Value::integer(0), Value::integer(3)));  // presence differs
  EXPECT_TRUE(sameValue(p, &data, list, Value::integer(0), Value::integer(1)));
  EXPECT_FALSE(sameValue(p, &data, list, Value::integer(0), Value::integer(2)));
  EXPECT_FALSE(sameValue(p, &data, list, Value::integer(0), Value::integer(3)));  // lengths differ
  EXPECT_FALSE(sameValue(p, &data, list, Value::integer(0), Value::integer(99)));  // bad index
  EXPECT_FALSE(sameValue(p, nullptr, list, Value::integer(0), Value::integer(1)));
  EXPECT_TRUE(sameValue(p, &data, integer, Value::integer(5), Value::integer(5)));
}

}  // namespace
