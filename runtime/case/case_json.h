// One case from JSON into CaseData, checked against the input record's schema (parsed by simdjson).
//
// Two document shapes are accepted:
//   an envelope  {"id": "...", "datum": "2023-03-01", "indata": {...}}  (id and datum optional), or
//   the bare input object {...}.
// A document is an envelope exactly when its top-level object has the key "indata" and the input
// record has no field of that name.
//
// How each type is written (numbers are never converted to floating point; they are read exactly
// from the JSON text):
//   heltal    a JSON integer (3); 3.0, 3.5 and 1e3 are refused (R0604)
//   tal       a JSON number (0.25, 1e3) or a text with a decimal comma ("0,25", "1 234,5")
//   procent   a JSON number in percent (25 means 25 % == 1/4) or a text ("25 %", "2,5 %", "25")
//   belopp    a JSON number in kronor (6500, 6500.5, 6500.50; not 6500.505) or a text
//             ("6 500 kr", "6 500,50 kr", "6500"); stored as öre
//   datum     "YYYY-MM-DD";  månad "YYYY-MM"
//   text      a JSON string (stored in CaseData::texts, Value{index, 1})
//   ja/nej    true / false
//   enum      a string naming one of the values (Value::integer(ordinal))
//   post      an object (a new RecordInstance; Value::integer(record index))
//   lista     an array (CaseData::lists; Value::integer(list index))
// A field that is absent or null is not present (CaseData::has is false); that is not an error here, the
// VM decides whether the fact is needed. Unknown fields are errors.
//
// Paths: CaseError::path is the JSON path in Swedish notation with 0-based list indices, e.g.
// "vuxna[1].ålder" (the second adult); in an envelope it starts with "indata." ("indata.vuxna[1]"),
// and the envelope's own fields are "id" and "datum". A record's path (CaseData::path) is relative to the input
// record either way ("vuxna[1]"; "" for the input record itself).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/case/case_data.h"
#include "runtime/base/suggest.h"
#include "runtime/base/types.h"
#include "runtime/base/value.h"

namespace regel::rt {

// Larger documents are refused before parsing (R0607).
constexpr size_t kMaxCaseJsonBytes = 16 * 1024 * 1024;
// Objects and arrays nested deeper than this are refused (R0608); the top-level object is level 1.
constexpr int kMaxCaseJsonDepth = 64;
// More problems than this in one case are not reported: they would only repeat themselves.
constexpr size_t kMaxCaseErrors = 100;

enum class CaseErrorKind : uint8_t {
#define REGEL_CASE_ERROR(name, code, text) name,
#include "runtime/base/codes.def"
#undef REGEL_CASE_ERROR
};

std::string_view caseErrorCode(CaseErrorKind kind);      // "R0603"
std::string_view caseErrorTemplate(CaseErrorKind kind);  // the Swedish template with {0}, {1}, …
std::vector<CaseErrorKind> allCaseErrorKinds();           // in declaration order

struct CaseError {                 // one problem in the case, with where it is
  std::string code;                // stable: R0601…
  std::string path;                // JSON path in Swedish notation: "vuxna[1].ålder", "" for the root
  std::string message;             // Swedish: "fältet 'ålder' ska vara ett heltal (t.ex. 3) men är en text (\"tre\")"
  std::vector<std::string> args;   // the arguments `message` was filled from, for other renderers
  uint32_t line = 0, column = 0;   // 1-based position in the JSON text when known (0 if not);
                                   // the column counts code points, not bytes
};

// A CaseError of `kind` with its message filled from `args` (for callers with problems of their
// own, such as R0600 for a case file that cannot be read).
CaseError makeCaseError(CaseErrorKind kind, std::string path, const std::vector<std::string>& args,
                        uint32_t line = 0, uint32_t column = 0);

struct DecodedCase {
  CaseData data;                   // records[0] is the input record; partial when errors is not empty
  std::optional<Date> date;        // from an envelope "datum" field, if any
  std::vector<CaseError> errors;   // empty on success; every problem found, in document order
};

// `json` is the whole document (a leading UTF-8 byte order mark is ignored). Never throws on any
// input and never recurses deeper than kMaxCaseJsonDepth. After malformed JSON (R0601, R0611) or
// too deep nesting (R0608) decoding stops: the errors found before it are kept and that error is
// last. At most kMaxCaseErrors are reported (the one that stopped decoding always among them).
// `inputRecord` must index types.records.
DecodedCase decodeCase(std::string_view json, const TypeTable& types, uint32_t inputRecord);

// Decodes one line of JSONL the same way (for batch): identical semantics. A trailing "\n" or
// "\r\n" is ignored; error lines are reported as `lineNumber` (the line's number in the batch file).
DecodedCase decodeCaseLine(std::string_view line, const TypeTable& types, uint32_t inputRecord,
                           uint32_t lineNumber = 1);

namespace case_json_decoder {
struct DecoderBuffers;
}

// A reusable decoder for one thread (not shareable): it keeps the JSON parser, a padded copy of
// the text and the records, lists and texts of earlier cases, so that decoding case after case
// into the same DecodedCase does not allocate once its buffers have grown. Same semantics,
// errors and positions as decodeCase / decodeCaseLine.
class CaseDecoder {
 public:
  CaseDecoder(const TypeTable& types, uint32_t inputRecord);
  ~CaseDecoder();
  CaseDecoder(const CaseDecoder&) = delete;
  CaseDecoder& operator=(const CaseDecoder&) = delete;
  // Decodes `json` into `out`, replacing what `out` held and reusing its buffers.
  void decode(std::string_view json, DecodedCase& out);
  // Decodes one JSON Lines line into `out` like decodeCaseLine.
  void decodeLine(std::string_view line, uint32_t lineNumber, DecodedCase& out);

 private:
  const TypeTable& types_;
  uint32_t inputRecord_;
  std::unique_ptr<case_json_decoder::DecoderBuffers> buffers_;
};

// ---- building blocks, shared by the case_json*.cpp files and tested directly ---------------------
namespace case_json {

// The parts of a JSON number token ("-12.50e3"), or nullopt when the token is not a JSON number.
struct JsonNumber {
  bool negative = false;
  std::string_view intDigits;   // "12"
  std::string_view fracDigits;  // "50" ("" without a fraction)
  bool hasFraction = false;
  bool hasExponent = false;
  int64_t exponent = 0;         // saturated at ±10^15
};
std::optional<JsonNumber> splitJsonNumber(std::string_view token);
// The value of a token that is a plain non-negative integer of at most 15 digits ("6500", "0",
// whitespace after it allowed), which is most of what a case holds; false for any other token,
// which then goes through splitJsonNumber.
// Inline: it runs for most values of every case.
inline bool plainJsonInteger(std::string_view token, int64_t& value) {
  constexpr size_t kMaxPlainDigits = 15;  // öre of it still fit an int64
  size_t n = 0;
  int64_t v = 0;
  // At most one digit past the limit is read, so that the value cannot overflow.
  while (n < token.size() && n <= kMaxPlainDigits && token[n] >= '0' && token[n] <= '9') {
    v = v * 10 + (token[n++] - '0');
  }
  if (n == 0 || n > kMaxPlainDigits || (token[0] == '0' && n > 1)) return false;
  for (size_t i = n; i < token.size(); ++i) {
    const char c = token[i];
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return false;
  }
  value = v;
  return true;
}

// Why a written value cannot be used as the type it should be.
enum class Problem : uint8_t {
  None,
  Malformed,    // not written like that type at all ("sex tusen" as belopp)
  OutOfRange,   // well formed but too large or too precise to represent exactly
  TooPrecise,   // belopp with more than two decimals (fractions of an öre)
  AmbiguousPoint,  // a text such as "1.500": a decimal point, or a thousands separator as many write it
  NotInteger,   // heltal written with a fraction or an exponent
};

// The exact value of a JSON number. OutOfRange when it does not fit a Rational.
Problem exactNumber(const JsonNumber& n, Rational& out);
// Money from a JSON number in kronor (öre must be whole) or from a text ("6 500,50 kr").
Problem moneyFromNumber(const JsonNumber& n, Money& out);
Problem moneyFromText(std::string_view s, Money& out);
// Unrounded money (a Rational number of öre), any number of decimals.
Problem exactMoneyFromNumber(const JsonNumber& n, Rational& ore);
Problem exactMoneyFromText(std::string_view s, Rational& ore);
// Percent: the number 25 and the texts "25 %", "2,5 %", "25" are 1/4 and 1/40 and 1/4.
Problem percentFromNumber(const JsonNumber& n, Rational& out);
Problem percentFromText(std::string_view s, Rational& out);
// tal from a text: "0,25", "1 234,5", "0.25".
Problem decimalFromText(std::string_view s, Rational& out);
// heltal: an integer token only.
Problem integerFromNumber(const JsonNumber& n, int64_t& out);

// The byte offset of the first invalid UTF-8 sequence, or nullopt if `s` is valid.
std::optional<size_t> firstInvalidUtf8(std::string_view s);
// Fills {0}, {1}, … in a template.
std::string fillTemplate(std::string_view tmpl, const std::vector<std::string>& args);

}  // namespace case_json
}  // namespace regel::rt
