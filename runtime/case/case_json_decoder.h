// Internal to runtime/: the JSON case decoder's class, shared by its two source files
// (case_json.cpp: the document, envelope and messages; case_json_fields.cpp: records and values).
#pragma once

#include <simdjson.h>

#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "runtime/case/case_json.h"

namespace regel::rt::case_json_decoder {

namespace od = simdjson::ondemand;
using namespace case_json;

// Values shown inside messages are cut after this many code points.
constexpr size_t kMaxShownCodePoints = 40;

constexpr size_t kNoOffset = std::numeric_limits<size_t>::max();

bool isContinuationByte(char c);
// "sex tusen", cut with "…" after kMaxShownCodePoints.
std::string cutShort(std::string_view s);
// "\"sex tusen\"", cut with "…" when long.
std::string quoteShort(std::string_view s);
// "1B": a byte as two hexadecimal digits, for messages that name one.
std::string hexByte(unsigned char b);
std::string trimToken(std::string_view t);
const char* jsonKindWord(od::json_type t);
std::string listOf(const std::vector<std::string>& items, bool withEller, size_t max = 12);
std::string describeSyntaxError(simdjson::error_code e);
size_t locateStringProblem(std::string_view s, simdjson::error_code e);
// The first escape in the JSON string whose opening quote is text[quoteAt] that simdjson cannot
// read (an unknown escape, \\u without four hexadecimal digits, half a surrogate pair): where it
// starts and what is wrong with it. Nothing when the string has no such escape.
struct EscapeProblem {
  size_t offset = 0;
  std::string description;
};
std::optional<EscapeProblem> findEscapeProblem(std::string_view text, size_t quoteAt);

// What a decoder keeps from case to case so that decoding in the steady state does not allocate:
// the parser, a padded copy of the text, and records, lists and texts of earlier cases to reuse.
struct DecoderBuffers {
  od::parser parser;
  std::string padded;  // the text plus simdjson's padding
  std::vector<std::vector<Value>> spareLists;
  std::vector<std::string> spareTexts;
  std::vector<size_t> seen;  // per open record: where each field was first seen (a stack)
  std::string path;          // the relative path of the record or list being decoded
  std::string composedKey;   // a key or text written decomposed, in NFC (runtime/base/unicode.h)

  // Moves everything `out` holds into the spares and leaves `out` empty.
  void recycle(DecodedCase& out);
  // Drops buffers grown by one unusually large document, so a thread does not keep them.
  void trim();
};

// Where a value sits, built into a path string only when it is needed.
struct Where {
  const std::string& parent;    // relative path of the enclosing record or list
  std::string_view field;       // the field's name, or
  size_t index = 0;             // the list index when isIndex
  bool isIndex = false;
  bool personal = false;        // a `personuppgift` field: its value is never shown in a message

  std::string relative() const {
    if (isIndex) return parent + "[" + std::to_string(index) + "]";
    return parent.empty() ? std::string(field) : parent + "." + std::string(field);
  }
};

class Decoder {
 public:
  Decoder(std::string_view text, const TypeTable& types, DecodedCase& out, uint32_t firstLine,
          DecoderBuffers& buffers)
      : text_(text), types_(types), out_(out), firstLine_(firstLine), buf_(buffers) {}

  void run(uint32_t inputRecord);

 private:
  // ---- positions and reporting ----------------------------------------------------------------
  std::pair<uint32_t, uint32_t> lineColumn(size_t offset);
  size_t offsetOf(const char* p) const {
    if (p < base_ || p > base_ + text_.size()) return text_.size();
    return static_cast<size_t>(p - base_);
  }
  size_t tokenOffset(od::value& v) { return offsetOf(v.raw_json_token().data()); }
  void report(CaseErrorKind kind, std::string path, size_t offset, std::vector<std::string> args);
  // Past the error limit nothing more is reported, so nothing need be looked for ("menade du").
  bool atErrorLimit() const { return out_.errors.size() >= kMaxCaseErrors; }
  // Reports malformed JSON at `offset` (or where simdjson stopped) and returns false: decoding ends.
  bool syntaxError(simdjson::error_code e, size_t offset = kNoOffset);
  std::string jsonPath(const std::string& relative) const {
    if (prefix_.empty()) return relative;
    return relative.empty() ? prefix_ : prefix_ + "." + relative;
  }
  std::string subject(const Where& w) const {
    if (w.isIndex) return "elementet '" + jsonPath(w.relative()) + "'";
    return "fältet '" + std::string(w.field) + "'";
  }

  // ---- the document ---------------------------------------------------------------------------
  bool hasEnvelope(uint32_t inputRecord);
  bool envelope(od::object root);
  bool envelopeId(od::value& v);
  bool envelopeDate(od::value& v);
  // Decodes the fields of records[index]; its relative path is buf_.path.
  bool record(od::object obj, uint32_t recordType, size_t index, int depth);
  size_t findField(const RecordInfo& info, std::string_view key, size_t hint) const;
  size_t findRawKey(const RecordInfo& info, const char* raw, size_t hint) const;
  void unknownField(const RecordInfo& info, std::string_view key, size_t index, size_t keyAt);
  // Appends a new record (reusing a spare one) with buf_.path as its path; returns its index.
  size_t newRecord(uint32_t recordType);
  // Whether a record of `recordType` fits the case (kMaxCaseSlots); reports R0616 when not, and
  // decoding stops.
  bool roomForRecord(uint32_t recordType, const Where& w, size_t offset);
  // Extends buf_.path by the segment `w` adds to it (w.parent is buf_.path).
  void enter(const Where& w);
  // A plain integer or ja/nej for a field without limits, read at once into the value's `a` (its
  // `b` is 0); false: use value(). Not a Value, which the caller would copy as one 16-byte load of
  // two 8-byte stores: a stall (see loadValue).
  bool quickScalar(od::value& v, const FieldInfo& field, int64_t& a);
  // Decodes one value of `type`. Returns false only when decoding must stop (malformed JSON);
  // a value with a problem is reported and leaves `out` empty, as does null when nullAllowed.
  bool value(od::value& v, TypeId type, const Where& w, int depth, bool nullAllowed,
             std::optional<Value>& out);
  bool list(od::value& v, TypeId elementType, const Where& w, int depth, std::optional<Value>& out);
  bool scalarFromNumber(od::value& v, TypeId type, const Where& w, std::optional<Value>& out);
  bool scalarFromString(od::value& v, TypeId type, const Where& w, std::optional<Value>& out);
  // Visits a value that is not used (unknown field, wrong type) so that its syntax is still checked.
  bool skip(od::value& v, int depth);
  bool enterContainer(int depth, size_t offset);

  // ---- messages -------------------------------------------------------------------------------
  std::string expected(TypeId type) const;
  // `text` (a value from the case) as a message may show it: not at all for a personal field.
  static std::string shown(const Where& w, std::string text);
  void wrongType(const Where& w, TypeId type, size_t offset, std::string actual);
  void unusable(const Where& w, size_t offset, std::string written, Problem p, TypeId type);

  std::string_view text_;
  const TypeTable& types_;
  DecodedCase& out_;
  uint32_t firstLine_;
  DecoderBuffers& buf_;
  const char* base_ = nullptr;
  od::document* doc_ = nullptr;
  std::string prefix_;  // "indata" inside an envelope
  // Line/column cursor: errors mostly come in document order, so positions are counted onwards.
  std::vector<size_t> lineStarts_;
  size_t cursorOffset_ = 0;
  uint32_t cursorLine_ = 1, cursorColumn_ = 1;
};


}  // namespace regel::rt::case_json_decoder
