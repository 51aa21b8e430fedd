// Unit tests for runtime/case/case_json.h: one case from JSON into CaseData, exact values, every error code.
#include "runtime/case/case_json.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <set>
#include <string>
#include <vector>

namespace regel::rt {
namespace {

using case_json::JsonNumber;
using case_json::Problem;

// The schema of the tests, built by hand as the compiler would:
//   Vuxen  { ålder: heltal, nettoinkomst: belopp, hinder: valfri ja/nej }
//   Indata { månad: månad, vuxna: lista av Vuxen, boende: belopp, andel: procent,
//            form: Boendeform, anteckning: text }
//   Övrigt { tal: tal, datum: datum, exakt: oavrundat belopp, make: Vuxen, matris: lista av lista av heltal }
//   MedIndata { indata: text, id: text }
struct Schema {
  TypeTable t;
  uint32_t vuxen = 0, input = 0, ovrigt = 0, medIndata = 0;
  Schema() {
    const TypeId tInt = t.intern({TypeKind::Integer});
    const TypeId tMoney = t.intern({TypeKind::Money});
    const TypeId tBool = t.intern({TypeKind::Bool});
    const TypeId tMonth = t.intern({TypeKind::Month});
    const TypeId tPercent = t.intern({TypeKind::Percent});
    const TypeId tText = t.intern({TypeKind::Text});
    const TypeId tDecimal = t.intern({TypeKind::Decimal});
    const TypeId tDate = t.intern({TypeKind::Date});
    const TypeId tExact = t.intern({TypeKind::ExactMoney});
    t.enums.push_back({"Boendeform", {"hyresrätt", "bostadsrätt", "villa"}});
    const TypeId tEnum = t.intern({TypeKind::Enum, 0});
    vuxen = 0;
    t.records.push_back({"Vuxen", {{"ålder", tInt}, {"nettoinkomst", tMoney}, {"hinder", tBool, true}}});
    const TypeId tVuxen = t.intern({TypeKind::Record, vuxen});
    const TypeId tVuxna = t.intern({TypeKind::List, tVuxen});
    input = 1;
    t.records.push_back({"Indata",
                         {{"månad", tMonth},
                          {"vuxna", tVuxna},
                          {"boende", tMoney},
                          {"andel", tPercent},
                          {"form", tEnum},
                          {"anteckning", tText}}});
    const TypeId tInts = t.intern({TypeKind::List, tInt});
    const TypeId tMatrix = t.intern({TypeKind::List, tInts});
    ovrigt = 2;
    t.records.push_back({"Övrigt",
                         {{"tal", tDecimal},
                          {"datum", tDate},
                          {"exakt", tExact},
                          {"make", tVuxen},
                          {"matris", tMatrix}}});
    medIndata = 3;
    t.records.push_back({"MedIndata", {{"indata", tText}, {"id", tText}}});
  }
};

const Schema& schema() {
  static const Schema s;
  return s;
}

// Field indices, for readability.
enum InputField : size_t { kManad, kVuxna, kBoende, kAndel, kForm, kAnteckning };
enum VuxenField : size_t { kAlder, kNetto, kHinder };
enum OvrigtField : size_t { kTal, kDatum, kExakt, kMake, kMatris };

DecodedCase decode(std::string_view json) { return decodeCase(json, schema().t, schema().input); }
DecodedCase decodeOther(std::string_view json) {
  return decodeCase(json, schema().t, schema().ovrigt);
}

std::string dump(const DecodedCase& d) {
  std::string out;
  for (const CaseError& e : d.errors) {
    out += e.code + " [" + e.path + "] " + std::to_string(e.line) + ":" +
           std::to_string(e.column) + " " + e.message + "\n";
  }
  return out;
}

// Decodes a document that must have no errors.
DecodedCase ok(std::string_view json, bool other = false) {
  DecodedCase d = other ? decodeOther(json) : decode(json);
  EXPECT_TRUE(d.errors.empty()) << json << "\n" << dump(d);
  return d;
}

// Decodes a document that must have exactly one error, and returns it.
CaseError onlyError(std::string_view json, bool other = false) {
  DecodedCase d = other ? decodeOther(json) : decode(json);
  EXPECT_EQ(d.errors.size(), 1u) << json << "\n" << dump(d);
  return d.errors.empty() ? CaseError{} : d.errors.front();
}

Rational R(int64_t num, int64_t den = 1) {
  Rational r;
  EXPECT_EQ(makeRational(num, den, r), ArithError::None);
  return r;
}

const Value& field(const DecodedCase& d, size_t record, size_t i) {
  EXPECT_LT(i, d.data.records.at(record).fieldCount);
  return d.data.field(record, i);
}
bool present(const DecodedCase& d, size_t record, size_t i) {
  EXPECT_LT(i, d.data.records.at(record).fieldCount);
  return d.data.has(record, i);
}
// A record's fields and their presence flags, as vectors.
std::vector<Value> fieldsOf(const CaseData& c, size_t record) {
  const RecordInstance& r = c.records.at(record);
  return {c.slots.begin() + r.first, c.slots.begin() + r.first + r.fieldCount};
}
std::vector<uint8_t> presenceOf(const CaseData& c, size_t record) {
  const RecordInstance& r = c.records.at(record);
  return {c.present.begin() + r.first, c.present.begin() + r.first + r.fieldCount};
}

int64_t moneyOf(std::string_view jsonValue) {
  DecodedCase d = ok("{\"boende\": " + std::string(jsonValue) + "}");
  EXPECT_TRUE(present(d, 0, kBoende)) << jsonValue;
  return field(d, 0, kBoende).a;
}

Rational percentOf(std::string_view jsonValue) {
  DecodedCase d = ok("{\"andel\": " + std::string(jsonValue) + "}");
  EXPECT_TRUE(present(d, 0, kAndel)) << jsonValue;
  return field(d, 0, kAndel).asRational();
}

Rational decimalOf(std::string_view jsonValue) {
  DecodedCase d = ok("{\"tal\": " + std::string(jsonValue) + "}", true);
  EXPECT_TRUE(present(d, 0, kTal)) << jsonValue;
  return field(d, 0, kTal).asRational();
}

int64_t integerOf(std::string_view jsonValue) {
  DecodedCase d = ok("{\"vuxna\": [{\"ålder\": " + std::string(jsonValue) + "}]}");
  EXPECT_EQ(d.data.records.size(), 2u);
  EXPECT_TRUE(present(d, 1, kAlder)) << jsonValue;
  return field(d, 1, kAlder).a;
}

// ---- a whole valid case ----------------------------------------------------------------------------

TEST(CaseJson, DecodesEveryFieldOfAValidCase) {
  DecodedCase d = ok(R"({
    "månad": "2023-03",
    "vuxna": [
      {"ålder": 34, "nettoinkomst": 6500.50},
      {"ålder": 31, "nettoinkomst": "6 500,50 kr", "hinder": true}
    ],
    "boende": 5200,
    "andel": 25,
    "form": "bostadsrätt",
    "anteckning": "Ansökan inkom \"sent\"\u00e5"
  })");
  ASSERT_EQ(d.data.records.size(), 3u);
  EXPECT_EQ(d.data.caseId, "");
  EXPECT_FALSE(d.date.has_value());

  EXPECT_EQ(d.data.records[0].recordType, schema().input);
  EXPECT_EQ(d.data.path(0), "");
  EXPECT_EQ(presenceOf(d.data, 0), (std::vector<uint8_t>{1, 1, 1, 1, 1, 1}));
  EXPECT_EQ(field(d, 0, kManad), Value::month(*makeMonth(2023, 3)));
  EXPECT_EQ(field(d, 0, kBoende), Value::money(Money{520000}));
  EXPECT_EQ(field(d, 0, kAndel), Value::rational(R(1, 4)));
  EXPECT_EQ(field(d, 0, kForm), Value::integer(1));
  ASSERT_EQ(d.data.texts.size(), 1u);
  EXPECT_EQ(field(d, 0, kAnteckning), (Value{0, 1}));
  EXPECT_EQ(d.data.texts[0], "Ansökan inkom \"sent\"å");

  ASSERT_EQ(d.data.lists.size(), 1u);
  EXPECT_EQ(field(d, 0, kVuxna), Value::integer(0));
  EXPECT_EQ(d.data.lists[0], (std::vector<Value>{Value::integer(1), Value::integer(2)}));

  EXPECT_EQ(d.data.records[1].recordType, schema().vuxen);
  EXPECT_EQ(d.data.path(1), "vuxna[0]");
  EXPECT_EQ(field(d, 1, kAlder), Value::integer(34));
  EXPECT_EQ(field(d, 1, kNetto), Value::money(Money{650050}));
  EXPECT_EQ(presenceOf(d.data, 1), (std::vector<uint8_t>{1, 1, 0}));

  EXPECT_EQ(d.data.path(2), "vuxna[1]");
  EXPECT_EQ(field(d, 2, kAlder), Value::integer(31));
  EXPECT_EQ(field(d, 2, kNetto), Value::money(Money{650050}));
  EXPECT_EQ(field(d, 2, kHinder), Value::boolean(true));
  EXPECT_EQ(presenceOf(d.data, 2), (std::vector<uint8_t>{1, 1, 1}));
  // The records' fields lie one after another in one array, the input record's first.
  EXPECT_EQ(d.data.records[0].first, 0u);
  EXPECT_EQ(d.data.records[1].first, 6u);
  EXPECT_EQ(d.data.records[2].first, 9u);
  EXPECT_EQ(d.data.slots.size(), 12u);
}

TEST(CaseJson, AbsentAndNullFieldsAreNotPresentAndNotErrors) {
  DecodedCase d = ok(R"({"boende": null, "vuxna": [{"hinder": null}]})");
  EXPECT_EQ(presenceOf(d.data, 0), (std::vector<uint8_t>{0, 1, 0, 0, 0, 0}));
  EXPECT_EQ(presenceOf(d.data, 1), (std::vector<uint8_t>(3, 0)));
  EXPECT_EQ(d.data.path(1), "vuxna[0]");

  DecodedCase empty = ok("{}");
  ASSERT_EQ(empty.data.records.size(), 1u);
  EXPECT_EQ(presenceOf(empty.data, 0), (std::vector<uint8_t>(6, 0)));
  EXPECT_EQ(empty.data.records[0].fieldCount, 6u);
}

TEST(CaseJson, EmptyListAndNestedRecordsAndLists) {
  DecodedCase d = ok(R"({"vuxna": []})");
  ASSERT_EQ(d.data.lists.size(), 1u);
  EXPECT_TRUE(d.data.lists[0].empty());
  EXPECT_TRUE(present(d, 0, kVuxna));

  DecodedCase o = ok(R"({"make": {"ålder": 40}, "matris": [[1, 2], [], [3]]})", true);
  ASSERT_EQ(o.data.records.size(), 2u);
  EXPECT_EQ(o.data.path(1), "make");
  EXPECT_EQ(field(o, 0, kMake), Value::integer(1));
  EXPECT_EQ(field(o, 1, kAlder), Value::integer(40));
  const auto& outer = o.data.lists.at(static_cast<size_t>(field(o, 0, kMatris).a));
  ASSERT_EQ(outer.size(), 3u);
  EXPECT_EQ(o.data.lists.at(static_cast<size_t>(outer[0].a)),
            (std::vector<Value>{Value::integer(1), Value::integer(2)}));
  EXPECT_TRUE(o.data.lists.at(static_cast<size_t>(outer[1].a)).empty());
  EXPECT_EQ(o.data.lists.at(static_cast<size_t>(outer[2].a)), (std::vector<Value>{Value::integer(3)}));
}

TEST(CaseJson, WhitespaceAroundTheDocumentIsAllowed) {
  DecodedCase d = ok(" \n\t{\"boende\" : 1 }\r\n  \n");
  EXPECT_EQ(field(d, 0, kBoende).a, 100);
}

// A key, an enum value and a text written decomposed (a + U+030A for å, as some systems save it)
// are the composed ones: the same field, the same value.
TEST(CaseJson, DecomposedUnicodeIsComposed) {
  DecodedCase d = ok("{\"ma\\u030Anad\": \"2023-03\", \"form\": \"hyresra\u0308tt\", \"anteckning\": \"Malmo\u0308\"}");
  EXPECT_EQ(field(d, 0, kManad), Value::month(*makeMonth(2023, 3)));
  EXPECT_EQ(field(d, 0, kForm), Value::integer(0));
  EXPECT_EQ(d.data.texts.at(static_cast<size_t>(field(d, 0, kAnteckning).a)), "Malmö");
  // The key above is a JSON escape (\u030A); the same mark written directly in UTF-8:
  DecodedCase raw = ok("{\"ma\xCC\x8Anad\": \"2023-04\"}");
  EXPECT_EQ(field(raw, 0, kManad), Value::month(*makeMonth(2023, 4)));
}

TEST(CaseJson, ALeadingByteOrderMarkIsIgnored) {
  DecodedCase d = ok("\xEF\xBB\xBF{\"boende\": 2}");
  EXPECT_EQ(field(d, 0, kBoende).a, 200);
  CaseError e = onlyError("\xEF\xBB\xBF{\"boende\": x}");
  EXPECT_EQ(e.code, "R0601");
  EXPECT_EQ(e.column, 12u);  // counted as the editor shows it, without the mark
}

// ---- exact values ------------------------------------------------------------------------------------

TEST(CaseJson, MoneyIsStoredExactlyInOre) {
  EXPECT_EQ(moneyOf("6500"), 650000);
  EXPECT_EQ(moneyOf("6500.5"), 650050);
  EXPECT_EQ(moneyOf("6500.50"), 650050);
  EXPECT_EQ(moneyOf("6500.500"), 650050);  // trailing zeros are not öre fractions
  EXPECT_EQ(moneyOf("0.1"), 10);
  EXPECT_EQ(moneyOf("0.29"), 29);           // 0.29 is not 28.999… here
  EXPECT_EQ(moneyOf("-12.25"), -1225);
  EXPECT_EQ(moneyOf("0"), 0);
  EXPECT_EQ(moneyOf("-0"), 0);
  EXPECT_EQ(moneyOf("1e3"), 100000);
  EXPECT_EQ(moneyOf("1.5E2"), 15000);
  EXPECT_EQ(moneyOf("12345e-2"), 12345);
  EXPECT_EQ(moneyOf("92233720368547758.07"), std::numeric_limits<int64_t>::max());
  EXPECT_EQ(moneyOf("\"6 500 kr\""), 650000);
  EXPECT_EQ(moneyOf("\"6 500,50 kr\""), 650050);
  EXPECT_EQ(moneyOf("\"6500\""), 650000);
  EXPECT_EQ(moneyOf("\"6500kr\""), 650000);
  EXPECT_EQ(moneyOf("\"6500.50\""), 650050);
  EXPECT_EQ(moneyOf("\"-250 kr\""), -25000);
  EXPECT_EQ(moneyOf("\"6\\u00a0500\\u00a0kr\""), 650000);  // no-break spaces
  EXPECT_EQ(moneyOf("\"1 234 567,89 kr\""), 123456789);
}

TEST(CaseJson, PercentIsAFractionOfOneHundred) {
  EXPECT_EQ(percentOf("25"), R(1, 4));
  EXPECT_EQ(percentOf("2.5"), R(1, 40));
  EXPECT_EQ(percentOf("0.1"), R(1, 1000));
  EXPECT_EQ(percentOf("100"), R(1));
  EXPECT_EQ(percentOf("\"25 %\""), R(1, 4));
  EXPECT_EQ(percentOf("\"2,5 %\""), R(1, 40));
  EXPECT_EQ(percentOf("\"25%\""), R(1, 4));
  EXPECT_EQ(percentOf("\"25\""), R(1, 4));
  EXPECT_EQ(percentOf("-5"), R(-1, 20));
}

TEST(CaseJson, DecimalsAreExactRationals) {
  EXPECT_EQ(decimalOf("0.1"), R(1, 10));
  EXPECT_EQ(decimalOf("0.25"), R(1, 4));
  EXPECT_EQ(decimalOf("\"0,25\""), R(1, 4));
  EXPECT_EQ(decimalOf("\"1 234,5\""), R(2469, 2));
  EXPECT_EQ(decimalOf("1e3"), R(1000));
  EXPECT_EQ(decimalOf("1E-2"), R(1, 100));
  EXPECT_EQ(decimalOf("-0.5"), R(-1, 2));
  EXPECT_EQ(decimalOf("3"), R(3));
  EXPECT_EQ(decimalOf("0.000000000000000001"), R(1, 1'000'000'000'000'000'000));
  EXPECT_EQ(decimalOf("0e999999999999999999999"), R(0));
}

TEST(CaseJson, IntegersAreExactInt64) {
  EXPECT_EQ(integerOf("3"), 3);
  EXPECT_EQ(integerOf("-3"), -3);
  EXPECT_EQ(integerOf("0"), 0);
  EXPECT_EQ(integerOf("9223372036854775807"), std::numeric_limits<int64_t>::max());
  EXPECT_EQ(integerOf("-9223372036854775808"), std::numeric_limits<int64_t>::min());
}

TEST(CaseJson, DatesMonthsTextsEnumsAndBooleans) {
  DecodedCase d = ok(R"({"datum": "2024-02-29", "tal": 1})", true);
  EXPECT_EQ(field(d, 0, kDatum), Value::date(*makeDate(2024, 2, 29)));

  DecodedCase e = ok(R"({"form": "villa", "månad": "0001-01", "anteckning": ""})");
  EXPECT_EQ(field(e, 0, kForm), Value::integer(2));
  EXPECT_EQ(field(e, 0, kManad), Value::month(*makeMonth(1, 1)));
  EXPECT_EQ(e.data.texts, (std::vector<std::string>{""}));

  DecodedCase f = ok(R"({"vuxna": [{"hinder": false}, {"hinder": true}]})");
  EXPECT_EQ(field(f, 1, kHinder), Value::boolean(false));
  EXPECT_EQ(field(f, 2, kHinder), Value::boolean(true));

}

TEST(CaseJson, UnroundedMoneyKeepsFractionsOfAnOre) {
  DecodedCase d = ok(R"({"exakt": 0.005})", true);
  EXPECT_EQ(field(d, 0, kExakt).asRational(), R(1, 2));
  DecodedCase e = ok(R"({"exakt": "6 500,505 kr"})", true);
  EXPECT_EQ(field(e, 0, kExakt).asRational(), R(1300101, 2));
}

TEST(CaseJson, TextsAreCaseTextsWithEscapesResolved) {
  // A line break, though an escape, is refused (TextsThatWouldActInsteadOfShowAreRefused); a tab is not.
  DecodedCase d = ok(R"({"anteckning": "rad 1\trad 2 \u00e5\ud83d\ude00 \/ \"x\" \\"})");
  EXPECT_EQ(field(d, 0, kAnteckning), (Value{0, 1}));  // b == 1: the case's own texts
  EXPECT_EQ(d.data.texts, (std::vector<std::string>{"rad 1\trad 2 \xC3\xA5\xF0\x9F\x98\x80 / \"x\" \\"}));
}

// ---- R0601 malformed JSON -----------------------------------------------------------------------------

TEST(CaseJsonErrors, MalformedJsonGivesLineAndColumn) {
  CaseError e = onlyError("{\n  \"boende\": 1\n  \"andel\": 2\n}");
  EXPECT_EQ(e.code, "R0601");
  EXPECT_EQ(e.path, "");
  EXPECT_EQ(e.line, 3u);
  EXPECT_EQ(e.column, 3u);
  EXPECT_EQ(e.message,
            "JSON-texten är felaktig på rad 3, kolumn 3: oväntat tecken; kontrollera kommatecken, "
            "kolon, citattecken och klamrar");
}

TEST(CaseJsonErrors, ColumnsCountCodePointsNotBytes) {
  // "å" is two bytes but one column; the missing comma is at column 16.
  CaseError e = onlyError("{\"anteckning\":\"å\" \"boende\": 1}");
  EXPECT_EQ(e.code, "R0601");
  EXPECT_EQ(e.line, 1u);
  EXPECT_EQ(e.column, 19u);
}

TEST(CaseJsonErrors, EverySyntaxErrorIsR0601) {
  struct Case {
    const char* json;
    uint32_t line, column;
    const char* what;  // a piece of the message
  };
  const Case cases[] = {
      {R"({"boende": 1,})", 1, 14, "oväntat tecken"},
      {R"({"vuxna": [{},]})", 1, 15, "oväntat tecken"},
      {R"({"vuxna": [{"ålder": 1)", 1, 23, "avslutas aldrig"},
      {R"({"boende" 1})", 1, 11, "oväntat tecken"},
      {R"({"boende": 01})", 1, 12, "ogiltigt tal"},
      {R"({"boende": 1.})", 1, 12, "ogiltigt tal"},
      {R"({"boende": -})", 1, 12, "ogiltigt tal"},
      {R"({"boende": 1x})", 1, 12, "ogiltigt tal"},
      {R"({"boende": .5})", 1, 12, "oväntat tecken"},
      {R"({"vuxna": [{"hinder": tru}]})", 1, 23, "ogiltigt värde"},
      {R"({"boende": nul})", 1, 12, "ogiltigt värde"},
      // An escape simdjson cannot read is named, at its backslash.
      {R"({"anteckning": "a\qb"})", 1, 18, "den ogiltiga escape-sekvensen \\q (tillåtna är"},
      {R"({"anteckning": "a\u00g5"})", 1, 18, "\\u ska följas av fyra hexadecimala siffror (t.ex. \\u00e5 för å)"},
      {R"({"anteckning": "ok \u00e5 \ud83dx"})", 1, 27,
       "\\uD83D är den första halvan av ett surrogatpar, men den andra (\\uDC00–\\uDFFF) följer inte; skriv tecknet "
       "som det är (UTF-8) eller som ett helt par, t.ex. \\uD83D\\uDE00"},
      {R"({"anteckning": "\ud83d\u0041"})", 1, 17, "\\uD83D är den första halvan"},
      {R"({"anteckning": "\ude00"})", 1, 17, "\\uDE00 är den andra halvan av ett surrogatpar, men den första saknas"},
      {R"({"a\ud800": 1})", 1, 4, "\\uD800 är den första halvan"},
      {"{\"anteckning\": \"abc", 1, 16, "saknar avslutande citattecken"},
      {"{\"anteckning\": \"a\tb\"}", 1, 18, "styrtecken"},
      {R"({"boende": 1} x)", 1, 16, "avslutas aldrig"},
      {R"({"boende": 1}{"andel": 2})", 1, 14, "oväntat tecken"},
      {"", 1, 1, "texten är tom"},
      {"   \n ", 1, 1, "texten är tom"},
  };
  for (const Case& c : cases) {
    CaseError e = onlyError(c.json);
    EXPECT_EQ(e.code, "R0601") << c.json;
    EXPECT_EQ(e.path, "") << c.json;
    EXPECT_EQ(e.line, c.line) << c.json;
    EXPECT_EQ(e.column, c.column) << c.json;
    EXPECT_NE(e.message.find(c.what), std::string::npos) << c.json << ": " << e.message;
    EXPECT_TRUE(e.message.starts_with("JSON-texten är felaktig på rad " + std::to_string(c.line) +
                                      ", kolumn " + std::to_string(c.column) + ": "))
        << e.message;
  }
}

TEST(CaseJsonErrors, SyntaxErrorsInsideIgnoredValuesAreFound) {
  // An unknown field's value and a wrongly typed value are still read to the end.
  DecodedCase d = decode(R"({"okänt": {"a": [1, {"b": nul}]}})");
  ASSERT_EQ(d.errors.size(), 2u) << dump(d);
  EXPECT_EQ(d.errors[0].code, "R0602");
  EXPECT_EQ(d.errors[1].code, "R0601");
  EXPECT_EQ(d.errors[1].column, 27u);

  DecodedCase w = decode(R"({"boende": [1, 2,]})");
  ASSERT_EQ(w.errors.size(), 2u) << dump(w);
  EXPECT_EQ(w.errors[0].code, "R0603");
  EXPECT_EQ(w.errors[1].code, "R0601");
}

TEST(CaseJsonErrors, ErrorsBeforeASyntaxErrorAreKept) {
  DecodedCase d = decode(R"({"boende": "x", "andel": 1 "form": 2})");
  ASSERT_EQ(d.errors.size(), 2u) << dump(d);
  EXPECT_EQ(d.errors[0].code, "R0603");
  EXPECT_EQ(d.errors[0].path, "boende");
  EXPECT_EQ(d.errors[1].code, "R0601");
}

TEST(CaseJsonErrors, TenMegabytesOfGarbageAreOneSyntaxError) {
  const std::string garbage(10 * 1024 * 1024, 'x');
  DecodedCase d = decode(garbage);
  ASSERT_EQ(d.errors.size(), 1u) << dump(d);
  EXPECT_EQ(d.errors[0].code, "R0601");

  // Garbage inside an object: found where it starts.
  std::string inside = "{\"boende\": " + std::string(10 * 1024 * 1024, '#') + "}";
  CaseError e = onlyError(inside);
  EXPECT_EQ(e.code, "R0601");
  EXPECT_EQ(e.column, 12u);
}

// ---- R0602 unknown field ------------------------------------------------------------------------------

TEST(CaseJsonErrors, UnknownFieldSuggestsTheClosestName) {
  CaseError e = onlyError(R"({"vuxna": [{"ålder": 3}, {"åldr": 4}]})");
  EXPECT_EQ(e.code, "R0602");
  EXPECT_EQ(e.path, "vuxna[1].åldr");
  EXPECT_EQ(e.line, 1u);
  EXPECT_EQ(e.column, 27u);
  EXPECT_EQ(e.message, "fältet 'åldr' finns inte i posten Vuxen; menade du 'ålder'?");

  CaseError m = onlyError(R"({"manad": "2023-03"})");
  EXPECT_EQ(m.message, "fältet 'manad' finns inte i indata; menade du 'månad'?");
}

// Keys are matched against field names where they stand in the text, a word of bytes at a time:
// one byte off anywhere in a long name, a name's prefix or a name with more after it is another key.
TEST(CaseJsonErrors, AKeyIsAFieldOnlyWhenEveryByteMatches) {
  EXPECT_EQ(field(ok(R"({"vuxna": [{"nettoinkomst": 5}]})"), 1, kNetto), Value::money(Money{500}));
  for (const char* key : {"nettoinkomsT", "nettOinkomst", "Nettoinkomst", "nettoinkoms", "nettoinkomstt", "ålde"}) {
    const std::string json = std::string(R"({"vuxna": [{")") + key + R"(": 5}]})";
    CaseError e = onlyError(json);
    EXPECT_EQ(e.code, "R0602") << key;
    EXPECT_EQ(e.path, std::string("vuxna[0].") + key);
  }
}

TEST(CaseJsonErrors, UnknownFieldWithoutSuggestionListsTheFields) {
  CaseError e = onlyError(R"({"helt_annat": 1})");
  EXPECT_EQ(e.code, "R0602");
  EXPECT_EQ(e.path, "helt_annat");
  EXPECT_EQ(e.message,
            "fältet 'helt_annat' finns inte i indata (kända fält: \"månad\", \"vuxna\", \"boende\", "
            "\"andel\", \"form\", \"anteckning\")");
}

// ---- R0603 wrong type -----------------------------------------------------------------------------------

TEST(CaseJsonErrors, WrongTypesNameWhatIsExpectedAndWhatWasFound) {
  CaseError e = onlyError(R"({"vuxna": [{"ålder": "tre"}]})");
  EXPECT_EQ(e.code, "R0603");
  EXPECT_EQ(e.path, "vuxna[0].ålder");
  EXPECT_EQ(e.message, "fältet 'ålder' ska vara ett heltal (t.ex. 3) men är en text (\"tre\")");

  CaseError m = onlyError(R"({"boende": "sex tusen"})");
  EXPECT_EQ(m.path, "boende");
  EXPECT_EQ(m.message,
            "fältet 'boende' ska vara belopp (ett tal i kronor, t.ex. 6500 eller 6500.50, eller en "
            "text som \"6 500 kr\") men är en text (\"sex tusen\")");

  EXPECT_EQ(onlyError(R"({"boende": true})").message.substr(0, 23), "fältet 'boende' ska va");
  EXPECT_NE(onlyError(R"({"boende": true})").message.find("men är ja/nej-värdet true"),
            std::string::npos);

  CaseError el = onlyError(R"({"vuxna": [{}, 5]})");
  EXPECT_EQ(el.path, "vuxna[1]");
  EXPECT_EQ(el.message, "elementet 'vuxna[1]' ska vara ett objekt (Vuxen) men är ett tal (5)");

  CaseError n = onlyError(R"({"vuxna": [null]})");
  EXPECT_EQ(n.message, "elementet 'vuxna[0]' ska vara ett objekt (Vuxen) men är null (inget värde)");

  CaseError l = onlyError(R"({"vuxna": {"ålder": 3}})");
  EXPECT_EQ(l.message, "fältet 'vuxna' ska vara en lista (lista av Vuxen) men är ett objekt");

  CaseError b = onlyError(R"({"vuxna": [{"hinder": "ja"}]})");
  EXPECT_EQ(b.message, "fältet 'hinder' ska vara ja/nej (true eller false) men är en text (\"ja\")");

  CaseError t = onlyError(R"({"anteckning": 12})");
  EXPECT_EQ(t.message, "fältet 'anteckning' ska vara en text men är ett tal (12)");

  CaseError en = onlyError(R"({"form": 1})");
  EXPECT_EQ(en.message,
            "fältet 'form' ska vara ett av värdena \"hyresrätt\", \"bostadsrätt\" eller \"villa\" "
            "(Boendeform) men är ett tal (1)");

  CaseError p = onlyError(R"({"andel": [25]})");
  EXPECT_EQ(p.message,
            "fältet 'andel' ska vara procent (ett tal, t.ex. 25 för 25 %, eller en text som "
            "\"2,5 %\") men är en lista");

  CaseError d = onlyError(R"({"datum": 20230301})", true);
  EXPECT_EQ(d.message, "fältet 'datum' ska vara ett datum (en text som \"2023-03-01\") men är ett tal (20230301)");

  CaseError mo = onlyError(R"({"månad": {}})");
  EXPECT_EQ(mo.message, "fältet 'månad' ska vara en månad (en text som \"2023-03\") men är ett objekt");

  CaseError ta = onlyError(R"({"tal": "ett"})", true);
  EXPECT_EQ(ta.message,
            "fältet 'tal' ska vara ett tal (t.ex. 0.25, eller en text som \"0,25\") men är en text (\"ett\")");
}

TEST(CaseJsonErrors, LongNumbersAreCutInMessages) {
  CaseError e = onlyError("{\"anteckning\": " + std::string(100, '9') + "}");
  EXPECT_EQ(e.message, "fältet 'anteckning' ska vara en text men är ett tal (" + std::string(64, '9') +
                           "\xE2\x80\xA6)");
}

// A text is quoted in reasons, explanations and letters: one with a control character (an escape
// sequence that would clear the caseworker's terminal, a line break that would start a line of its
// own) or a bidirectional control (which would reorder the line) is refused, and the message shows
// the character instead of sending it on. A tab is only space.
TEST(CaseJsonErrors, TextsThatWouldActInsteadOfShowAreRefused) {
  const std::pair<const char*, const char*> cases[] = {
      {R"({"anteckning": "a\u001b[2Jb"})",
       "fältet 'anteckning' har värdet \"a\u241B[2Jb\", som inte går att använda: en text får inte innehålla "
       "styrtecken (här U+001B)"},
      {R"({"anteckning": "rad 1\nBeslut: bifall"})",
       "fältet 'anteckning' har värdet \"rad 1\u240ABeslut: bifall\", som inte går att använda: en text får inte "
       "innehålla styrtecken (här U+000A)"},
      {R"({"anteckning": "C1 \u009b31m"})",
       "fältet 'anteckning' har värdet \"C1 \uFFFD31m\", som inte går att använda: en text får inte innehålla "
       "styrtecken (här U+009B)"},
      {R"({"anteckning": "abc\u202Edef"})",
       "fältet 'anteckning' har värdet \"abc\uFFFDdef\", som inte går att använda: en text får inte innehålla "
       "tecken som vänder textens riktning (här U+202E)"},
  };
  for (const auto& [json, message] : cases) {
    CaseError e = onlyError(json);
    EXPECT_EQ(e.code, "R0604") << json;
    EXPECT_EQ(e.path, "anteckning") << json;
    EXPECT_EQ(e.message, message) << json;
  }
  DecodedCase tab = decode(R"({"anteckning": "a\tb"})");
  EXPECT_TRUE(tab.errors.empty()) << dump(tab);
  DecodedCase swedish = decode(R"({"anteckning": "hyresrätt i Malmö – ”2 rum”"})");
  EXPECT_TRUE(swedish.errors.empty()) << dump(swedish);
}

// Any value quoted in a message from the case (a key, an enumeration value, a date) shows its
// control characters as their pictures: the message is read on a terminal.
TEST(CaseJsonErrors, MessagesShowControlCharactersOfTheCase) {
  CaseError key = onlyError(R"({"x\u001b[2J": 1})");
  EXPECT_EQ(key.code, "R0602");
  EXPECT_NE(key.message.find("'x\u241B[2J'"), std::string::npos) << key.message;
  EXPECT_EQ(key.message.find('\x1b'), std::string::npos) << key.message;
  CaseError form = onlyError(R"({"form": "villa\r\nBeslut: bifall"})");
  EXPECT_EQ(form.code, "R0606");
  EXPECT_NE(form.message.find("\"villa\u240D\u240ABeslut: bifall\""), std::string::npos) << form.message;
}

TEST(CaseJsonErrors, LongTextsAreCutInMessages) {
  CaseError e = onlyError("{\"boende\": \"" + std::string(100, 'a') + "\"}");
  EXPECT_NE(e.message.find("\"" + std::string(40, 'a') + "\xE2\x80\xA6\""), std::string::npos)
      << e.message;
}

// ---- R0604 out of range, too precise, not integral -----------------------------------------------------

TEST(CaseJsonErrors, NumbersThatCannotBeUsedExactly) {
  struct Case {
    const char* json;
    bool other;
    const char* path;
    const char* message;
  };
  const Case cases[] = {
      {R"({"boende": 1e400})", false, "boende",
       "fältet 'boende' har värdet 1e400, som inte går att använda: talet är för stort eller har för "
       "många decimaler för att räknas exakt"},
      {R"({"boende": 99999999999999999999})", false, "boende",
       "fältet 'boende' har värdet 99999999999999999999, som inte går att använda: talet är för "
       "stort eller har för många decimaler för att räknas exakt"},
      {R"({"boende": 92233720368547758.08})", false, "boende", nullptr},
      {R"({"boende": 0.001})", false, "boende",
       "fältet 'boende' har värdet 0.001, som inte går att använda: ett belopp kan inte ha fler än "
       "två decimaler (hela ören)"},
      {R"({"boende": 6500.505})", false, "boende", nullptr},
      {R"({"boende": "6 500,505 kr"})", false, "boende",
       "fältet 'boende' har värdet \"6 500,505 kr\", som inte går att använda: ett belopp kan inte "
       "ha fler än två decimaler (hela ören)"},
      {R"({"boende": "99 999 999 999 999 999 999 kr"})", false, "boende", nullptr},
      {R"({"vuxna": [{"ålder": 99999999999999999999}]})", false, "vuxna[0].ålder",
       "fältet 'ålder' har värdet 99999999999999999999, som inte går att använda: talet är för "
       "stort för ett heltal"},
      {R"({"vuxna": [{"ålder": 9223372036854775808}]})", false, "vuxna[0].ålder", nullptr},
      {R"({"vuxna": [{"ålder": 3.0}]})", false, "vuxna[0].ålder",
       "fältet 'ålder' har värdet 3.0, som inte går att använda: ett heltal skrivs utan decimaler "
       "och exponent (t.ex. 3, inte 3.0 eller 3e0)"},
      {R"({"vuxna": [{"ålder": 3.5}]})", false, "vuxna[0].ålder", nullptr},
      {R"({"vuxna": [{"ålder": 1e3}]})", false, "vuxna[0].ålder", nullptr},
      {R"({"andel": 1e400})", false, "andel", nullptr},
      {R"({"tal": 1e-400})", true, "tal", nullptr},
      {R"({"tal": 1e999999999999999999999999})", true, "tal", nullptr},
      {R"({"tal": 0.1234567890123456789012345678901234567890123})", true, "tal", nullptr},
      {R"({"exakt": 1e30})", true, "exakt", nullptr},
      // "1.500" may mean 1,5 or 1 500: refused, never read as 1,50 kr.
      {R"({"boende": "1.500"})", false, "boende",
       "fältet 'boende' har värdet \"1.500\", som inte går att använda: punkten kan vara decimaltecken "
       "eller skilja tusental; skriv ett JSON-tal (1500 eller 1.5) eller en text med decimalkomma "
       "(\"1 500\" eller \"1,5\")"},
      {R"({"boende": "12.000 kr"})", false, "boende", nullptr},
      {R"({"andel": "2.500 %"})", false, "andel", nullptr},
  };
  for (const Case& c : cases) {
    CaseError e = onlyError(c.json, c.other);
    EXPECT_EQ(e.code, "R0604") << c.json;
    EXPECT_EQ(e.path, c.path) << c.json;
    EXPECT_EQ(e.line, 1u);
    if (c.message) {
      EXPECT_EQ(e.message, c.message) << c.json;
    }
  }
}

// ---- R0605 invalid date or month -----------------------------------------------------------------------

TEST(CaseJsonErrors, InvalidDatesAndMonths) {
  CaseError d = onlyError(R"({"datum": "2023-02-30"})", true);
  EXPECT_EQ(d.code, "R0605");
  EXPECT_EQ(d.path, "datum");
  EXPECT_EQ(d.column, 11u);
  EXPECT_EQ(d.message,
            "fältet 'datum' har värdet \"2023-02-30\", som inte är ett giltigt datum (ÅÅÅÅ-MM-DD)");
  EXPECT_EQ(onlyError(R"({"datum": "1 mars 2023"})", true).code, "R0605");
  EXPECT_EQ(onlyError(R"({"datum": "2023-3-1"})", true).code, "R0605");

  CaseError m = onlyError(R"({"månad": "2023-13"})");
  EXPECT_EQ(m.code, "R0605");
  EXPECT_EQ(m.path, "månad");
  EXPECT_EQ(m.message, "fältet 'månad' har värdet \"2023-13\", som inte är en giltig månad (ÅÅÅÅ-MM)");
  EXPECT_EQ(onlyError(R"({"månad": "2023-03-01"})").code, "R0605");
}

// ---- R0606 unknown enum value --------------------------------------------------------------------------

TEST(CaseJsonErrors, UnknownEnumValueListsTheAllowedValues) {
  CaseError e = onlyError(R"({"form": "hyresratt"})");
  EXPECT_EQ(e.code, "R0606");
  EXPECT_EQ(e.path, "form");
  EXPECT_EQ(e.message,
            "fältet 'form' har värdet \"hyresratt\", som inte finns i uppräkningen Boendeform "
            "(tillåtna värden: \"hyresrätt\", \"bostadsrätt\", \"villa\"); menade du 'hyresrätt'?");
  CaseError f = onlyError(R"({"form": "slott"})");
  EXPECT_EQ(f.message,
            "fältet 'form' har värdet \"slott\", som inte finns i uppräkningen Boendeform "
            "(tillåtna värden: \"hyresrätt\", \"bostadsrätt\", \"villa\")");
  EXPECT_EQ(onlyError(R"({"form": "Villa"})").code, "R0606");  // exact, case-sensitive
}

// ---- R0607 too large -----------------------------------------------------------------------------------

TEST(CaseJsonErrors, DocumentsOverSixteenMebibytesAreRefusedBeforeParsing) {
  std::string big = "{\"anteckning\": \"" + std::string(kMaxCaseJsonBytes, 'a') + "\"}";
  CaseError e = onlyError(big);
  EXPECT_EQ(e.code, "R0607");
  EXPECT_EQ(e.path, "");
  EXPECT_EQ(e.line, 0u);
  EXPECT_EQ(e.message, "JSON-texten är för stor (" + std::to_string(big.size()) +
                           " byte; högst 16777216 byte)");

  // Just below the limit is read normally.
  std::string fits = "{\"anteckning\": \"" + std::string(kMaxCaseJsonBytes - 20, 'a') + "\"}";
  DecodedCase d = ok(fits);
  EXPECT_EQ(d.data.texts.at(0).size(), kMaxCaseJsonBytes - 20);
}

// ---- R0608 nesting -------------------------------------------------------------------------------------

std::string nested(size_t depth, char open, char close, std::string_view inner = "") {
  return std::string(depth, open) + std::string(inner) + std::string(depth, close);
}

TEST(CaseJsonErrors, DeepNestingIsRefusedWithoutRecursingFurther) {
  // 10 000 levels inside an unknown field, inside a wrongly typed field and inside a list.
  for (const std::string& json :
       {"{\"okänt\": " + nested(10000, '[', ']') + "}",
        "{\"boende\": " + nested(10000, '[', ']') + "}",
        "{\"vuxna\": " + nested(10000, '[', ']') + "}"}) {
    DecodedCase d = decode(json);
    ASSERT_FALSE(d.errors.empty());
    const CaseError& e = d.errors.back();
    EXPECT_EQ(e.code, "R0608") << dump(d);
    EXPECT_EQ(e.message, "JSON-texten är för djupt nästlad (mer än 64 nivåer)");
    EXPECT_EQ(e.line, 1u);
  }
  // Objects nest the same way.
  std::string objects = "{\"okänt\": ";
  for (int i = 0; i < 10000; ++i) objects += "{\"a\": ";
  objects += "1" + std::string(10000, '}') + "}";
  EXPECT_EQ(decode(objects).errors.back().code, "R0608");
  // A top level that nests 10 000 arrays is simply not an object.
  EXPECT_EQ(onlyError(nested(10000, '[', ']')).code, "R0609");
  // Unbalanced nesting is not a crash either.
  EXPECT_FALSE(decode("{\"a\": " + std::string(100000, '[')).errors.empty());
}

TEST(CaseJsonErrors, SixtyFourLevelsAreAllowed) {
  // The top-level object is level 1; the unknown field's arrays are levels 2…64.
  DecodedCase ok64 = decode("{\"okänt\": " + nested(63, '[', ']') + "}");
  ASSERT_EQ(ok64.errors.size(), 1u) << dump(ok64);
  EXPECT_EQ(ok64.errors[0].code, "R0602");
  DecodedCase deep65 = decode("{\"okänt\": " + nested(64, '[', ']') + "}");
  ASSERT_EQ(deep65.errors.size(), 2u) << dump(deep65);
  EXPECT_EQ(deep65.errors[1].code, "R0608");
  EXPECT_EQ(deep65.errors[1].column, 10u + 64u);
}

// ---- R0616 too many fields -----------------------------------------------------------------------------

// Every record has a slot for each field of its type, given or not: `{}` costs its type's fields.
// A list of empty objects of a wide record type is refused where its fields pass kMaxCaseSlots,
// instead of taking memory out of all proportion to the text.
TEST(CaseJsonErrors, RecordsWhoseFieldsPassTheBoundAreRefused) {
  TypeTable t;
  const TypeId tInt = t.intern({TypeKind::Integer});
  std::vector<FieldInfo> wide;
  for (int i = 0; i < 1000; ++i) wide.push_back({"f" + std::to_string(i), tInt});
  t.records.push_back({"Bred", wide});
  const TypeId tBreda = t.intern({TypeKind::List, t.intern({TypeKind::Record, 0})});
  t.records.push_back({"Indata", {{"breda", tBreda}}});
  // The input record's one slot, then 1 000 per element: element 4 194 is the first past the bound
  // (so the 4 194 before it fit).
  auto list = [](size_t n) {
    std::string json = "{\"breda\": [";
    for (size_t i = 0; i < n; ++i) json += i ? ", {}" : "{}";
    return json + "]}";
  };
  ASSERT_EQ(kMaxCaseSlots, 4194304u);
  const DecodedCase over = decodeCase(list(4195), t, 1);
  ASSERT_EQ(over.errors.size(), 1u) << dump(over);
  const CaseError& e = over.errors[0];
  EXPECT_EQ(e.code, "R0616");
  EXPECT_EQ(e.path, "breda[4194]");
  EXPECT_EQ(e.message, "ärendet har för många poster: deras fält blir tillsammans fler än 4 194 304");
  EXPECT_EQ(e.line, 1u);
  EXPECT_EQ(e.column, 12u + 4194u * 4u);  // at the element's opening brace
  EXPECT_EQ(over.data.slots.size(), 1u + 4194u * 1000u);
}

// ---- R0609 top level -----------------------------------------------------------------------------------

TEST(CaseJsonErrors, TheTopLevelMustBeAnObject) {
  const std::pair<const char*, const char*> cases[] = {
      {"[1, 2]", "en lista"}, {"42", "ett tal"},         {"\"text\"", "en text"},
      {"true", "ett ja/nej-värde"}, {"null", "null (inget värde)"}, {"  [ ]", "en lista"},
  };
  for (const auto& [json, what] : cases) {
    CaseError e = onlyError(json);
    EXPECT_EQ(e.code, "R0609") << json;
    EXPECT_EQ(e.path, "");
    EXPECT_EQ(e.line, 1u);
    EXPECT_EQ(e.message,
              std::string("JSON-texten ska vara ett objekt ({…}) med ärendets uppgifter men är ") + what);
  }
  EXPECT_EQ(onlyError("  [ ]").column, 3u);
}

// ---- R0610 duplicate keys ------------------------------------------------------------------------------

TEST(CaseJsonErrors, DuplicateKeysAreReportedAndTheFirstValueKept) {
  DecodedCase d = decode("{\"boende\": 1,\n \"boende\": 2}");
  ASSERT_EQ(d.errors.size(), 1u) << dump(d);
  const CaseError& e = d.errors[0];
  EXPECT_EQ(e.code, "R0610");
  EXPECT_EQ(e.path, "boende");
  EXPECT_EQ(e.line, 2u);
  EXPECT_EQ(e.column, 2u);
  EXPECT_EQ(e.message, "fältet 'boende' förekommer mer än en gång (första gången på rad 1, kolumn 2)");
  EXPECT_EQ(field(d, 0, kBoende).a, 100);

  CaseError n = onlyError(R"({"vuxna": [{"ålder": 1, "\u00e5lder": 2}]})");  // same key, escaped
  EXPECT_EQ(n.code, "R0610");
  EXPECT_EQ(n.path, "vuxna[0].ålder");

  CaseError env = onlyError(R"({"id": "a", "indata": {}, "id": "b"})");
  EXPECT_EQ(env.code, "R0610");
  EXPECT_EQ(env.path, "id");
}

// ---- R0611 UTF-8 ---------------------------------------------------------------------------------------

TEST(CaseJsonErrors, InvalidUtf8IsFoundWithItsPosition) {
  CaseError e = onlyError("{\n \"anteckning\": \"abc\xC3\x28\"}");
  EXPECT_EQ(e.code, "R0611");
  EXPECT_EQ(e.path, "");
  EXPECT_EQ(e.line, 2u);
  EXPECT_EQ(e.column, 20u);
  EXPECT_EQ(e.message, "JSON-texten är inte giltig UTF-8 (felaktig byte 0xC3 på rad 2, kolumn 20)");
  EXPECT_EQ(onlyError("{\"anteckning\": \"\xED\xA0\x80\"}").code, "R0611");   // a surrogate
  EXPECT_EQ(onlyError("{\"anteckning\": \"\xC0\xAF\"}").code, "R0611");       // overlong
  EXPECT_EQ(onlyError("{\"anteckning\": \"\xF4\x90\x80\x80\"}").code, "R0611");  // > U+10FFFF
  EXPECT_EQ(onlyError("{\"\xFF\": 1}").code, "R0611");

  std::string randomBytes(10 * 1024 * 1024, '\0');
  uint32_t x = 12345;
  for (char& c : randomBytes) {
    x = x * 1103515245 + 12345;
    c = static_cast<char>(x >> 24);
  }
  DecodedCase d = decode(randomBytes);
  ASSERT_EQ(d.errors.size(), 1u);
  EXPECT_TRUE(d.errors[0].code == "R0611" || d.errors[0].code == "R0601") << dump(d);
}

// ---- the envelope and R0612 ----------------------------------------------------------------------------

TEST(CaseJsonEnvelope, IdDateAndInputAreRead) {
  DecodedCase d = ok(R"({"id": "ärende-17", "datum": "2023-03-01",
                         "indata": {"boende": 100, "vuxna": [{"ålder": 3}]}})");
  EXPECT_EQ(d.data.caseId, "ärende-17");
  ASSERT_TRUE(d.date.has_value());
  EXPECT_EQ(*d.date, *makeDate(2023, 3, 1));
  EXPECT_EQ(field(d, 0, kBoende).a, 10000);
  EXPECT_EQ(d.data.path(1), "vuxna[0]");  // relative to the input, not to the envelope

  DecodedCase order = ok(R"({"indata": {}, "id": 4711})");
  EXPECT_EQ(order.data.caseId, "4711");
  EXPECT_FALSE(order.date.has_value());

  DecodedCase only = ok(R"({"indata": {"form": "villa"}})");
  EXPECT_EQ(field(only, 0, kForm).a, 2);
  EXPECT_EQ(only.data.caseId, "");

  DecodedCase nulls = ok(R"({"id": null, "datum": null, "indata": {}})");
  EXPECT_EQ(nulls.data.caseId, "");
  EXPECT_FALSE(nulls.date.has_value());
}

TEST(CaseJsonEnvelope, ErrorsInsideTheInputHaveIndataInTheirPath) {
  DecodedCase d = decode(R"({"indata": {"vuxna": [{"ålder": "x"}], "boende": 0.001}})");
  ASSERT_EQ(d.errors.size(), 2u) << dump(d);
  EXPECT_EQ(d.errors[0].path, "indata.vuxna[0].ålder");
  EXPECT_EQ(d.errors[1].path, "indata.boende");
  CaseError e = onlyError(R"({"indata": {"vuxna": [7]}})");
  EXPECT_EQ(e.message, "elementet 'indata.vuxna[0]' ska vara ett objekt (Vuxen) men är ett tal (7)");
}

TEST(CaseJsonEnvelope, WrongEnvelopeFieldsAreR0612) {
  const std::pair<const char*, const char*> cases[] = {
      {R"({"id": 1.5, "indata": {}})", "fältet 'id' ska vara en text eller ett heltal men är talet 1.5"},
      {R"({"id": {"x": 1}, "indata": {}})", "fältet 'id' ska vara en text eller ett heltal men är ett objekt"},
      {R"({"id": true, "indata": {}})", "fältet 'id' ska vara en text eller ett heltal men är ett ja/nej-värde"},
      // A control character would act on the terminal or start a line of its own in a letter.
      {R"({"id": "a\u001b[2Jb", "indata": {}})",
       "fältet 'id' ska vara en text utan styrtecken men är en text med styrtecknet U+001B"},
      {R"({"id": "2023-1\nBeslut: bifall", "indata": {}})",
       "fältet 'id' ska vara en text utan styrtecken men är en text med styrtecknet U+000A"},
      {R"({"id": "2023-1\u202E", "indata": {}})",
       "fältet 'id' ska vara en text utan styrtecken men är en text med riktningstecknet U+202E"},
      {R"({"datum": 20230301, "indata": {}})",
       "fältet 'datum' ska vara ett datum (en text som \"2023-03-01\") men är ett tal (20230301)"},
      {R"({"datum": ["2023-03-01"], "indata": {}})",
       "fältet 'datum' ska vara ett datum (en text som \"2023-03-01\") men är en lista"},
      {R"({"indata": [{"boende": 1}]})",
       "fältet 'indata' ska vara ett objekt med ärendets uppgifter men är en lista"},
      {R"({"indata": null})",
       "fältet 'indata' ska vara ett objekt med ärendets uppgifter men är null (inget värde)"},
  };
  for (const auto& [json, message] : cases) {
    CaseError e = onlyError(json);
    EXPECT_EQ(e.code, "R0612") << json;
    EXPECT_EQ(e.message, message) << json;
    const size_t open = e.message.find('\'') + 1;
    EXPECT_EQ(e.path, e.message.substr(open, e.message.find('\'', open) - open)) << json;
  }
}

TEST(CaseJsonEnvelope, InvalidEnvelopeDateAndUnknownEnvelopeFields) {
  CaseError d = onlyError(R"({"datum": "2023-02-30", "indata": {}})");
  EXPECT_EQ(d.code, "R0605");
  EXPECT_EQ(d.path, "datum");
  EXPECT_EQ(d.message,
            "fältet 'datum' har värdet \"2023-02-30\", som inte är ett giltigt datum (ÅÅÅÅ-MM-DD)");

  CaseError u = onlyError(R"({"idd": "a", "indata": {}})");
  EXPECT_EQ(u.code, "R0602");
  EXPECT_EQ(u.path, "idd");
  EXPECT_EQ(u.message, "fältet 'idd' finns inte i ärendet (utanför indata); menade du 'id'?");

  // Input fields beside "indata" belong inside it.
  CaseError b = onlyError(R"({"indata": {}, "boende": 1})");
  EXPECT_EQ(b.code, "R0602");
  EXPECT_EQ(b.message,
            "fältet 'boende' finns inte i ärendet (utanför indata) (tillåtna fält: id, datum och indata)");
}

TEST(CaseJsonEnvelope, WithoutIndataTheDocumentIsTheBareInput) {
  // "id" is then an unknown input field.
  CaseError e = onlyError(R"({"id": "a", "boende": 1})");
  EXPECT_EQ(e.code, "R0602");
  EXPECT_EQ(e.path, "id");
  EXPECT_TRUE(e.message.starts_with("fältet 'id' finns inte i indata (kända fält: ")) << e.message;

  // An input record that has a field called "indata" is never read as an envelope.
  DecodedCase d = decodeCase(R"({"indata": "x", "id": "y"})", schema().t, schema().medIndata);
  EXPECT_TRUE(d.errors.empty()) << dump(d);
  EXPECT_EQ(d.data.texts, (std::vector<std::string>{"x", "y"}));
  EXPECT_EQ(d.data.caseId, "");
}

TEST(CaseJsonEnvelope, MalformedJsonBeforeIndataIsStillFound) {
  CaseError e = onlyError(R"({"id": "a" "indata": {}})");
  EXPECT_EQ(e.code, "R0601");
  EXPECT_EQ(e.column, 12u);
}

// ---- reporting every problem ---------------------------------------------------------------------------

TEST(CaseJsonErrors, AllProblemsAreReportedInDocumentOrder) {
  DecodedCase d = decode(R"({
  "månad": "2023-13",
  "vuxna": [{"ålder": 3.5, "nettoinkomst": "mycket"}, {"ålder": 30, "okänt": 1}],
  "boende": 0.001,
  "andel": "hälften",
  "form": "slott",
  "anteckning": 5,
  "boende": 2
})");
  std::vector<std::string> codes, paths;
  std::vector<uint32_t> lines;
  for (const CaseError& e : d.errors) {
    codes.push_back(e.code);
    paths.push_back(e.path);
    lines.push_back(e.line);
  }
  EXPECT_EQ(codes, (std::vector<std::string>{"R0605", "R0604", "R0603", "R0602", "R0604", "R0603",
                                             "R0606", "R0603", "R0610"}))
      << dump(d);
  EXPECT_EQ(paths, (std::vector<std::string>{"månad", "vuxna[0].ålder", "vuxna[0].nettoinkomst",
                                             "vuxna[1].okänt", "boende", "andel", "form",
                                             "anteckning", "boende"}));
  EXPECT_EQ(lines, (std::vector<uint32_t>{2, 3, 3, 3, 4, 5, 6, 7, 8}));
  // Values that were fine are still there.
  EXPECT_EQ(field(d, 2, kAlder).a, 30);
}

TEST(CaseJsonErrors, TheNumberOfReportedErrorsIsBounded) {
  std::string json = "{";
  for (int i = 0; i < 1000; ++i) json += "\"x" + std::to_string(i) + "\": 1, ";
  json += "\"boende\": 1}";
  DecodedCase d = decode(json);
  EXPECT_EQ(d.errors.size(), kMaxCaseErrors);
  EXPECT_EQ(field(d, 0, kBoende).a, 100);  // decoding went on
  // A syntax error past the limit is still reported (it explains why decoding stopped).
  DecodedCase s = decode(json.substr(0, json.size() - 1) + " \"y\": 2}");
  EXPECT_EQ(s.errors.size(), kMaxCaseErrors);
  EXPECT_EQ(s.errors.back().code, "R0601");
}

// Unknown keys of a megabyte: refused at once, echoed cut in the message and the path, and no
// suggestion is looked for once the error limit is reached.
TEST(CaseJsonErrors, HugeUnknownKeysAreEchoedCut) {
  std::string json = "{";
  for (int i = 0; i < 15; ++i) json += "\"" + std::string(1 << 20, static_cast<char>('a' + i)) + "\": 1, ";
  json += "\"boendee\": 1}";
  DecodedCase d = decode(json);
  ASSERT_EQ(d.errors.size(), 16u);
  for (size_t i = 0; i < 15; ++i) {
    EXPECT_EQ(d.errors[i].code, "R0602");
    EXPECT_LT(d.errors[i].message.size(), 400u);
    EXPECT_LT(d.errors[i].path.size(), 100u);
    EXPECT_NE(d.errors[i].message.find("'" + std::string(40, static_cast<char>('a' + i)) + "…'"),
              std::string::npos) << d.errors[i].message;
    EXPECT_EQ(d.errors[i].message.find("menade du"), std::string::npos);
  }
  EXPECT_NE(d.errors[15].message.find("menade du 'boende'?"), std::string::npos) << d.errors[15].message;
}

TEST(CaseJsonErrors, NoSuggestionPastTheErrorLimit) {
  std::string json = "{";
  for (size_t i = 0; i < kMaxCaseErrors; ++i) json += "\"x" + std::to_string(i) + "\": 1, ";
  json += "\"boendee\": 1, \"form\": \"villla\"}";
  DecodedCase d = decode(json);
  ASSERT_EQ(d.errors.size(), kMaxCaseErrors);
  for (const auto& e : d.errors) EXPECT_EQ(e.message.find("menade du"), std::string::npos) << e.message;
  // Below the limit both get theirs.
  DecodedCase few = decode("{\"boendee\": 1, \"form\": \"villla\"}");
  ASSERT_EQ(few.errors.size(), 2u);
  EXPECT_NE(few.errors[0].message.find("menade du 'boende'?"), std::string::npos) << few.errors[0].message;
  EXPECT_NE(few.errors[1].message.find("menade du 'villa'?"), std::string::npos) << few.errors[1].message;
}

// ---- JSONL ---------------------------------------------------------------------------------------------

TEST(CaseJsonLines, LinesDecodeLikeDocumentsWithTheirLineNumber) {
  DecodedCase d = decodeCaseLine("{\"id\": 1, \"indata\": {\"boende\": 5}}\r\n", schema().t,
                                 schema().input, 7);
  EXPECT_TRUE(d.errors.empty()) << dump(d);
  EXPECT_EQ(d.data.caseId, "1");
  EXPECT_EQ(field(d, 0, kBoende).a, 500);

  DecodedCase e = decodeCaseLine("{\"boende\": \"x\"}\n", schema().t, schema().input, 42);
  ASSERT_EQ(e.errors.size(), 1u);
  EXPECT_EQ(e.errors[0].line, 42u);
  EXPECT_EQ(e.errors[0].column, 12u);

  DecodedCase s = decodeCaseLine("{\"boende\" 1}", schema().t, schema().input, 3);
  ASSERT_EQ(s.errors.size(), 1u);
  EXPECT_TRUE(s.errors[0].message.starts_with("JSON-texten är felaktig på rad 3, kolumn 11: "))
      << s.errors[0].message;
  EXPECT_EQ(s.errors[0].line, 3u);

  // The same text decodes the same way as a document.
  const std::string line = R"({"vuxna": [{"ålder": 3}], "andel": "2,5 %"})";
  DecodedCase a = decodeCaseLine(line, schema().t, schema().input);
  DecodedCase b = decode(line);
  EXPECT_EQ(a.data.records.size(), b.data.records.size());
  EXPECT_EQ(fieldsOf(a.data, 0), fieldsOf(b.data, 0));
  EXPECT_EQ(a.data.lists, b.data.lists);
}

// Everything a decoded case holds, for comparing two decodings.
std::string full(const DecodedCase& d) {
  std::string out = dump(d) + "id=" + d.data.caseId + " date=" +
                    (d.date ? std::to_string(d.date->days) : "-") + "\n";
  for (size_t r = 0; r < d.data.records.size(); ++r) {
    out += std::to_string(d.data.records[r].recordType) + " '" + std::string(d.data.path(r)) + "':";
    for (size_t i = 0; i < d.data.records[r].fieldCount; ++i) {
      out += " " + std::to_string(d.data.has(r, i)) + "/" + std::to_string(d.data.field(r, i).a) + "/" +
             std::to_string(d.data.field(r, i).b);
    }
    out += "\n";
  }
  for (const auto& l : d.data.lists) {
    out += "[";
    for (const Value& v : l) out += " " + std::to_string(v.a) + "/" + std::to_string(v.b);
    out += " ]\n";
  }
  for (const std::string& t : d.data.texts) out += "'" + t + "'\n";
  return out;
}

TEST(CaseJsonReuse, AReusedDecoderDecodesEveryCaseLikeAFreshOne) {
  const std::vector<std::string> docs = {
      R"({"id": "a", "datum": "2023-03-01", "indata": {"vuxna": [{"ålder": 3}, {"ålder": 40,
         "nettoinkomst": 100.5}], "boende": 5, "anteckning": "en text"}})",
      R"({"boende": "x", "vuxna": [{"ålder": "tre"}], "okänt": 1})",
      R"({"vuxna": [], "boende": 6500.50, "andel": 25})",
      R"({"boende" 1})",
      R"({"vuxna": [{"ålder": 1}, {"ålder": 2}, {"ålder": 3}], "anteckning": "a", "boende": 1})",
      R"({"vuxna": [{"ålder": 1, "ålder": 2}], "boende": 1e3})",
      R"([1, 2])",
      R"({"id": 7, "indata": {"boende": 12345678901234.56}})",
  };
  CaseDecoder decoder(schema().t, schema().input);
  DecodedCase reused;
  for (int round = 0; round < 3; ++round) {
    for (size_t i = 0; i < docs.size(); ++i) {
      decoder.decode(docs[i], reused);
      EXPECT_EQ(full(reused), full(decode(docs[i]))) << docs[i];
      decoder.decodeLine(docs[i] + "\n", uint32_t(i + 5), reused);
      EXPECT_EQ(full(reused),
                full(decodeCaseLine(docs[i], schema().t, schema().input, uint32_t(i + 5))));
    }
  }
}

TEST(CaseJsonParts, FastAndGeneralNumberReadingsAgree) {
  using namespace case_json;
  for (const char* token : {"0", "-0", "6500", "6500.5", "6500.50", "-12.34", "0.001", "123456789012345678",
                            "1234567890123456789", "999999999999999.99", "0.25", "-0.000000000000000001"}) {
    const std::optional<JsonNumber> n = splitJsonNumber(token);
    ASSERT_TRUE(n) << token;
    Rational fast, general;
    const Problem p = exactNumber(*n, fast);
    JsonNumber withExponent = *n;  // an exponent of 0 takes the general path
    withExponent.hasExponent = true;
    EXPECT_EQ(p, exactNumber(withExponent, general)) << token;
    if (p == Problem::None) {
      EXPECT_EQ(fast, general) << token;
    }
    Money m1, m2;
    const Problem q = moneyFromNumber(*n, m1);
    EXPECT_EQ(q, moneyFromNumber(withExponent, m2)) << token;
    if (q == Problem::None) {
      EXPECT_EQ(m1.ore, m2.ore) << token;
    }
  }
}

// ---- the error catalogue -------------------------------------------------------------------------------

TEST(CaseJsonCatalogue, CodesAreUniqueAndNumberedFromR0600) {
  std::set<std::string_view> seen;
  int expected = 600;
  for (CaseErrorKind k : allCaseErrorKinds()) {
    EXPECT_TRUE(seen.insert(caseErrorCode(k)).second) << caseErrorCode(k);
    EXPECT_EQ(caseErrorCode(k), "R0" + std::to_string(expected++));
    EXPECT_FALSE(caseErrorTemplate(k).empty());
  }
  EXPECT_EQ(seen.size(), 17u);
  EXPECT_EQ(caseErrorCode(CaseErrorKind::MalformedJson), "R0601");
  EXPECT_EQ(caseErrorCode(CaseErrorKind::EnvelopeFieldType), "R0612");
  EXPECT_EQ(caseErrorCode(CaseErrorKind::OutsideLimits), "R0613");
  EXPECT_EQ(caseErrorCode(CaseErrorKind::TooManyFields), "R0616");
}

TEST(CaseJsonCatalogue, MakeCaseErrorFillsTheTemplate) {
  CaseError e = makeCaseError(CaseErrorKind::UnreadableFile, "", {"filen finns inte"});
  EXPECT_EQ(e.code, "R0600");
  EXPECT_EQ(e.message, "ärendefilen kan inte läsas: filen finns inte");
  EXPECT_EQ(e.line, 0u);
  CaseError w = makeCaseError(CaseErrorKind::WrongType, "a.b", {"fältet 'b'", "en text", "ett tal (1)"}, 3, 4);
  EXPECT_EQ(w.message, "fältet 'b' ska vara en text men är ett tal (1)");
  EXPECT_EQ(w.path, "a.b");
  EXPECT_EQ(w.line, 3u);
  EXPECT_EQ(w.column, 4u);
}

// ---- building blocks -----------------------------------------------------------------------------------

TEST(CaseJsonParts, SplitJsonNumberFollowsTheJsonGrammar) {
  std::optional<JsonNumber> n = case_json::splitJsonNumber("-12.50e+3 ");
  ASSERT_TRUE(n.has_value());
  EXPECT_TRUE(n->negative);
  EXPECT_EQ(n->intDigits, "12");
  EXPECT_EQ(n->fracDigits, "50");
  EXPECT_TRUE(n->hasFraction);
  EXPECT_TRUE(n->hasExponent);
  EXPECT_EQ(n->exponent, 3);
  for (const char* bad : {"", "-", "01", "1.", ".5", "1e", "1e+", "+1", "1x", "0x10", "1.5.5", "--1",
                          "Infinity", "NaN", "1 2"}) {
    EXPECT_FALSE(case_json::splitJsonNumber(bad).has_value()) << bad;
  }
  for (const char* good : {"0", "-0", "0.0", "1E5", "1e-5", "123456789012345678901234567890"}) {
    EXPECT_TRUE(case_json::splitJsonNumber(good).has_value()) << good;
  }
}

// The fast path takes only what the JSON grammar reads as that same integer; the rest is left to
// splitJsonNumber, which decides.
TEST(CaseJsonParts, PlainJsonIntegerTakesOnlyPlainIntegers) {
  int64_t v = -1;
  EXPECT_TRUE(case_json::plainJsonInteger("6500", v));
  EXPECT_EQ(v, 6500);
  EXPECT_TRUE(case_json::plainJsonInteger("0 \t\r\n", v));
  EXPECT_EQ(v, 0);
  EXPECT_TRUE(case_json::plainJsonInteger("999999999999999", v));
  EXPECT_EQ(v, 999999999999999);
  for (const char* other : {"", "-1", "01", "1.5", "1e3", "1 2", "1x", "1000000000000000", "+1", "0x10",
                            "123456789012345678901234567890"}) {
    EXPECT_FALSE(case_json::plainJsonInteger(other, v)) << other;
  }
}

// Through the decoder: plain and general readings give the same values, limits and errors.
TEST(CaseJsonParts, PlainAndGeneralNumbersDecodeAlike) {
  EXPECT_EQ(moneyOf("6500"), 650000);
  EXPECT_EQ(moneyOf("6500.00"), 650000);
  EXPECT_EQ(moneyOf("65e2"), 650000);
  EXPECT_EQ(moneyOf("999999999999999"), 99999999999999900);
}

TEST(CaseJsonParts, ExactNumberNeverRounds) {
  Rational r;
  auto num = [](const char* s) { return *case_json::splitJsonNumber(s); };
  EXPECT_EQ(case_json::exactNumber(num("0.1"), r), Problem::None);
  EXPECT_EQ(r, R(1, 10));
  EXPECT_EQ(case_json::exactNumber(num("123.456e1"), r), Problem::None);
  EXPECT_EQ(r, R(154320, 125));
  EXPECT_EQ(case_json::exactNumber(num("-2.5e-1"), r), Problem::None);
  EXPECT_EQ(r, R(-1, 4));
  EXPECT_EQ(case_json::exactNumber(num("100e-2"), r), Problem::None);
  EXPECT_EQ(r, R(1));
  EXPECT_EQ(case_json::exactNumber(num("9223372036854775807"), r), Problem::None);
  EXPECT_EQ(case_json::exactNumber(num("9223372036854775808"), r), Problem::OutOfRange);
  EXPECT_EQ(case_json::exactNumber(num("1e19"), r), Problem::OutOfRange);
  EXPECT_EQ(case_json::exactNumber(num("1e-18"), r), Problem::None);
  EXPECT_EQ(case_json::exactNumber(num("1e-19"), r), Problem::OutOfRange);
}

TEST(CaseJsonParts, MoneyAndPercentTexts) {
  Money m;
  EXPECT_EQ(case_json::moneyFromText("6 500,50 kr", m), Problem::None);
  EXPECT_EQ(m.ore, 650050);
  EXPECT_EQ(case_json::moneyFromText(" 12 kr ", m), Problem::None);
  EXPECT_EQ(m.ore, 1200);
  EXPECT_EQ(case_json::moneyFromText("6 500,505 kr", m), Problem::TooPrecise);
  EXPECT_EQ(case_json::moneyFromText("65 00 kr", m), Problem::Malformed);
  EXPECT_EQ(case_json::moneyFromText("kr", m), Problem::Malformed);
  EXPECT_EQ(case_json::moneyFromText("", m), Problem::Malformed);
  EXPECT_EQ(case_json::moneyFromText("1e3", m), Problem::Malformed);
  EXPECT_EQ(case_json::moneyFromText("99999999999999999999 kr", m), Problem::OutOfRange);
  Rational r;
  EXPECT_EQ(case_json::percentFromText("2,5\xE2\x80\xAF%", r), Problem::None);  // narrow no-break space
  EXPECT_EQ(r, R(1, 40));
  EXPECT_EQ(case_json::percentFromText("%", r), Problem::Malformed);
  EXPECT_EQ(case_json::decimalFromText("0,25", r), Problem::None);
  EXPECT_EQ(r, R(1, 4));
  EXPECT_EQ(case_json::decimalFromText("0,25 %", r), Problem::Malformed);
}

TEST(CaseJsonParts, IntegerFromNumber) {
  int64_t v = 0;
  auto num = [](const char* s) { return *case_json::splitJsonNumber(s); };
  EXPECT_EQ(case_json::integerFromNumber(num("-9223372036854775808"), v), Problem::None);
  EXPECT_EQ(v, std::numeric_limits<int64_t>::min());
  EXPECT_EQ(case_json::integerFromNumber(num("-9223372036854775809"), v), Problem::OutOfRange);
  EXPECT_EQ(case_json::integerFromNumber(num("3.0"), v), Problem::NotInteger);
  EXPECT_EQ(case_json::integerFromNumber(num("3e0"), v), Problem::NotInteger);
}

TEST(CaseJsonParts, Utf8SuggestionsAndTemplates) {
  EXPECT_EQ(case_json::firstInvalidUtf8("abc åäö \xE2\x80\xAF \xF0\x9F\x98\x80"), std::nullopt);
  EXPECT_EQ(case_json::firstInvalidUtf8("ab\x80"), 2u);
  EXPECT_EQ(case_json::firstInvalidUtf8("å\xC3"), 2u);          // cut short
  EXPECT_EQ(case_json::firstInvalidUtf8("\xE0\x80\x80"), 0u);   // overlong
  EXPECT_EQ(closestName("åldr", {"ålder", "nettoinkomst"}), "ålder");
  EXPECT_EQ(closestName("xyz", {"ålder", "nettoinkomst"}), std::nullopt);
  EXPECT_EQ(case_json::fillTemplate("{1} och {0}, {…} {2}", {"a", "b"}), "b och a, {…} {2}");
}

}  // namespace
}  // namespace regel::rt
