// Decodes one case from JSON with simdjson's On Demand API, checked against the input schema:
// the document, the envelope, positions and messages. Records and values: case_json_fields.cpp.
// Every value is visited (so every syntax error is found) with an explicit depth limit; numbers
// are taken as raw tokens and read exactly, never through floating point.
#include "runtime/case/case_json.h"

#include <algorithm>
#include <limits>
#include <utility>

#include "runtime/base/controls.h"
#include "runtime/case/case_json_decoder.h"

namespace regel::rt {
namespace case_json_decoder {

bool isContinuationByte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

std::string cutShort(std::string_view s) {
  size_t end = 0;
  size_t points = 0;
  while (end < s.size() && points < kMaxShownCodePoints) {
    ++end;
    while (end < s.size() && isContinuationByte(s[end])) ++end;
    ++points;
  }
  // A value quoted from the case is shown, never acted on: an escape sequence in it must not
  // reach the terminal that prints the message.
  std::string out = showControls(s.substr(0, end));
  if (end < s.size()) out += "\xE2\x80\xA6";
  return out;
}

std::string quoteShort(std::string_view s) { return "\"" + cutShort(s) + "\""; }

std::string hexByte(unsigned char b) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  return {kHex[b >> 4], kHex[b & 15]};
}

// A number token as written, without the whitespace simdjson includes, cut with "…" when long.
std::string trimToken(std::string_view t) {
  while (!t.empty() && (t.back() == ' ' || t.back() == '\t' || t.back() == '\n' || t.back() == '\r')) {
    t.remove_suffix(1);
  }
  return t.size() > 64 ? std::string(t.substr(0, 64)) + "\xE2\x80\xA6" : std::string(t);
}

// What a JSON value is, for "men är …".
const char* jsonKindWord(od::json_type t) {
  switch (t) {
    case od::json_type::array: return "en lista";
    case od::json_type::object: return "ett objekt";
    case od::json_type::number: return "ett tal";
    case od::json_type::string: return "en text";
    case od::json_type::boolean: return "ett ja/nej-värde";
    case od::json_type::null: return "null (inget värde)";
  }
  return "ett okänt värde";
}

// "\"a\", \"b\" eller \"c\"" (or joined by ", " only).
std::string listOf(const std::vector<std::string>& items, bool withEller, size_t max) {
  std::string out;
  const size_t n = std::min(items.size(), max);
  for (size_t i = 0; i < n; ++i) {
    if (i != 0) out += (withEller && i + 1 == n && n == items.size()) ? " eller " : ", ";
    out += quoteShort(items[i]);
  }
  if (n < items.size()) out += ", \xE2\x80\xA6";
  return out;
}

std::pair<uint32_t, uint32_t> Decoder::lineColumn(size_t offset) {
  offset = std::min(offset, text_.size());
  if (offset < cursorOffset_) {
    // Restart from the beginning of the line that holds `offset`.
    if (lineStarts_.empty()) {
      lineStarts_.push_back(0);
      for (size_t i = 0; i < text_.size(); ++i) {
        if (text_[i] == '\n') lineStarts_.push_back(i + 1);
      }
    }
    auto it = std::upper_bound(lineStarts_.begin(), lineStarts_.end(), offset);
    cursorLine_ = static_cast<uint32_t>(it - lineStarts_.begin());
    cursorOffset_ = lineStarts_[cursorLine_ - 1];
    cursorColumn_ = 1;
  }
  for (; cursorOffset_ < offset; ++cursorOffset_) {
    const char c = text_[cursorOffset_];
    if (c == '\n') {
      ++cursorLine_;
      cursorColumn_ = 1;
    } else if (!isContinuationByte(c)) {
      ++cursorColumn_;
    }
  }
  return {cursorLine_ + firstLine_ - 1, cursorColumn_};
}

void Decoder::report(CaseErrorKind kind, std::string path, size_t offset,
                     std::vector<std::string> args) {
  if (out_.errors.size() >= kMaxCaseErrors) return;
  uint32_t line = 0, column = 0;
  if (offset != kNoOffset) std::tie(line, column) = lineColumn(offset);
  out_.errors.push_back(makeCaseError(kind, std::move(path), args, line, column));
}

bool Decoder::syntaxError(simdjson::error_code e, size_t offset) {
  if (offset == kNoOffset) {
    const char* at = nullptr;
    offset = doc_ != nullptr && doc_->current_location().get(at) == simdjson::SUCCESS
                 ? offsetOf(at)
                 : text_.size();
  }
  std::string description = describeSyntaxError(e);
  // An escape simdjson cannot read is named, and placed at its backslash rather than at the
  // string's opening quote.
  if (e == simdjson::STRING_ERROR) {
    if (std::optional<EscapeProblem> p = findEscapeProblem(text_, offset)) {
      offset = p->offset;
      description = std::move(p->description);
    }
  }
  auto [line, column] = lineColumn(offset);
  // The syntax error is always kept, even past the error limit: it explains why decoding stopped.
  if (out_.errors.size() >= kMaxCaseErrors) out_.errors.pop_back();
  report(CaseErrorKind::MalformedJson, "", offset, {std::to_string(line), std::to_string(column), std::move(description)});
  return false;
}

bool Decoder::enterContainer(int depth, size_t offset) {
  if (depth <= kMaxCaseJsonDepth) return true;
  if (out_.errors.size() >= kMaxCaseErrors) out_.errors.pop_back();
  report(CaseErrorKind::NestingTooDeep, "", offset, {std::to_string(kMaxCaseJsonDepth)});
  return false;
}

// ---- messages -----------------------------------------------------------------------------------

std::string Decoder::expected(TypeId type) const {
  const TypeNode& t = types_[type];
  switch (t.kind) {
    case TypeKind::Integer: return "ett heltal (t.ex. 3)";
    case TypeKind::Decimal: return "ett tal (t.ex. 0.25, eller en text som \"0,25\")";
    case TypeKind::Money:
      return "belopp (ett tal i kronor, t.ex. 6500 eller 6500.50, eller en text som \"6 500 kr\")";
    case TypeKind::ExactMoney:
      return "oavrundat belopp (ett tal i kronor, t.ex. 6500.505, eller en text som "
             "\"6 500,505 kr\")";
    case TypeKind::Percent:
      return "procent (ett tal, t.ex. 25 för 25 %, eller en text som \"2,5 %\")";
    case TypeKind::Date: return "ett datum (en text som \"2023-03-01\")";
    case TypeKind::Month: return "en månad (en text som \"2023-03\")";
    case TypeKind::Text: return "en text";
    case TypeKind::Bool: return "ja/nej (true eller false)";
    case TypeKind::Enum:
      return "ett av värdena " + listOf(types_.enums[t.ref].values, true) + " (" +
             types_.nameOf(type) + ")";
    case TypeKind::Record: return "ett objekt (" + types_.nameOf(type) + ")";
    case TypeKind::List: return "en lista (" + types_.nameOf(type) + ")";
  }
  return types_.nameOf(type);
}

std::string Decoder::shown(const Where& w, std::string text) {
  return w.personal ? std::string("(en personuppgift, visas inte)") : text;
}

void Decoder::wrongType(const Where& w, TypeId type, size_t offset, std::string actual) {
  report(CaseErrorKind::WrongType, jsonPath(w.relative()), offset,
         {subject(w), expected(type), std::move(actual)});
}

void Decoder::unusable(const Where& w, size_t offset, std::string written, Problem p,
                       TypeId type) {
  const TypeKind kind = types_[type].kind;
  std::string why;
  switch (p) {
    case Problem::NotInteger:
      why = "ett heltal skrivs utan decimaler och exponent (t.ex. 3, inte 3.0 eller 3e0)";
      break;
    case Problem::TooPrecise:
      why = "ett belopp kan inte ha fler än två decimaler (hela ören)";
      break;
    case Problem::AmbiguousPoint:
      why = "punkten kan vara decimaltecken eller skilja tusental; skriv ett JSON-tal (1500 eller 1.5) eller en "
            "text med decimalkomma (\"1 500\" eller \"1,5\")";
      break;
    default:
      why = kind == TypeKind::Integer
                ? "talet är för stort för ett heltal"
                : "talet är för stort eller har för många decimaler för att räknas exakt";
      break;
  }
  report(CaseErrorKind::ValueOutOfRange, jsonPath(w.relative()), offset,
         {subject(w), shown(w, std::move(written)), std::move(why)});
}

// ---- the document -------------------------------------------------------------------------------

void Decoder::run(uint32_t inputRecord) {
  buf_.recycle(out_);
  buf_.path.clear();
  buf_.seen.clear();
  newRecord(inputRecord);

  if (text_.size() > kMaxCaseJsonBytes) {
    report(CaseErrorKind::DocumentTooLarge, "", kNoOffset,
           {std::to_string(text_.size()), std::to_string(kMaxCaseJsonBytes)});
    return;
  }
  // The padded copy is reused from case to case; simdjson reads up to SIMDJSON_PADDING bytes past
  // the text, which are zeros here.
  std::string& padded = buf_.padded;
  if (padded.size() < text_.size() + simdjson::SIMDJSON_PADDING) {
    padded.resize(text_.size() + simdjson::SIMDJSON_PADDING);
  }
  std::copy(text_.begin(), text_.end(), padded.begin());
  std::fill_n(padded.begin() + static_cast<std::ptrdiff_t>(text_.size()), simdjson::SIMDJSON_PADDING, '\0');
  const simdjson::padded_string_view buf(padded.data(), text_.size(), padded.size());
  base_ = padded.data();
  od::parser& parser = buf_.parser;
  od::document doc;
  if (simdjson::error_code e = parser.iterate(buf).get(doc)) {
    if (e == simdjson::UTF8_ERROR) {
      const size_t at = firstInvalidUtf8(text_).value_or(text_.size());
      const auto byte = at < text_.size() ? static_cast<unsigned char>(text_[at]) : 0;
      auto [line, column] = lineColumn(at);
      report(CaseErrorKind::InvalidUtf8, "", at,
             {hexByte(byte), std::to_string(line),
              std::to_string(column)});
      return;
    }
    if (e == simdjson::UNCLOSED_STRING || e == simdjson::UNESCAPED_CHARS) {
      syntaxError(e, locateStringProblem(text_, e));
    } else {
      syntaxError(e, e == simdjson::EMPTY ? 0 : text_.size());
    }
    return;
  }
  doc_ = &doc;

  od::json_type type;
  if (simdjson::error_code e = doc.type().get(type)) {
    syntaxError(e);
    return;
  }
  if (type != od::json_type::object) {
    const char* p = nullptr;
    const size_t at = doc.current_location().get(p) == simdjson::SUCCESS ? offsetOf(p) : 0;
    report(CaseErrorKind::NotAnObject, "", at, {jsonKindWord(type)});
    return;
  }

  const bool isEnvelope = hasEnvelope(inputRecord);
  if (!doc_) {
    // The envelope check ran into malformed JSON: start over so that the error is found in order.
    if (parser.iterate(buf).get(doc) != simdjson::SUCCESS) return;
    doc_ = &doc;
  }
  od::object root;
  if (simdjson::error_code e = doc.get_object().get(root)) {
    syntaxError(e, e == simdjson::INCOMPLETE_ARRAY_OR_OBJECT ? text_.size() : kNoOffset);
    return;
  }
  if (isEnvelope) {
    if (!envelope(root)) return;
  } else if (!record(root, inputRecord, 0, 1)) {
    return;
  }
  // Anything after the top-level object is an error (simdjson stops at the object's end).
  const char* rest = nullptr;
  if (doc.current_location().get(rest) == simdjson::SUCCESS) {
    syntaxError(simdjson::TAPE_ERROR, offsetOf(rest));
  }
}

bool Decoder::hasEnvelope(uint32_t inputRecord) {
  for (const FieldInfo& f : types_.records[inputRecord].fields) {
    if (f.name == "indata") return false;  // the input itself has such a field: never an envelope
  }
  bool found = false;
  bool clean = true;
  bool onlyEnvelopeKeys = true;  // every key seen is "id" or "datum"
  size_t keys = 0;
  od::object root;
  if (doc_->get_object().get(root) != simdjson::SUCCESS) {
    clean = false;
  } else {
    for (auto result : root) {
      od::field f;
      std::string_view key;
      if (std::move(result).get(f) != simdjson::SUCCESS ||
          f.unescaped_key().get(key) != simdjson::SUCCESS) {
        clean = false;
        break;
      }
      if (key == "indata") {
        found = true;
        break;
      }
      ++keys;
      onlyEnvelopeKeys = onlyEnvelopeKeys && (key == "id" || key == "datum");
    }
  }
  if (clean) {
    doc_->rewind();
    return found;
  }
  doc_ = nullptr;  // run() iterates the document afresh
  // Malformed JSON hid whether "indata" follows: keys that only an envelope has decide it, so
  // that the syntax error is not preceded by misleading "unknown field" errors.
  if (found || keys == 0 || !onlyEnvelopeKeys) return found;
  for (const FieldInfo& f : types_.records[inputRecord].fields) {
    if (f.name == "id" || f.name == "datum") return false;
  }
  return true;
}

bool Decoder::envelope(od::object root) {
  size_t seen[3] = {kNoOffset, kNoOffset, kNoOffset};  // id, datum, indata
  static const std::vector<std::string> kNames = {"id", "datum", "indata"};
  for (auto result : root) {
    // Used in place, not copied out: see Decoder::record.
    if (simdjson::error_code e = result.error()) return syntaxError(e);
    od::field&& f = std::move(result).value_unsafe();
    const size_t keyAt = offsetOf(f.key().raw()) - 1;  // at the opening quote
    std::string_view key;
    if (simdjson::error_code e = f.unescaped_key().get(key)) return syntaxError(e, keyAt);
    const auto slot = static_cast<size_t>(std::find(kNames.begin(), kNames.end(), key) - kNames.begin());
    if (slot == kNames.size()) {
      if (!atErrorLimit()) {
        const std::optional<std::string> s = closestName(key, kNames);
        report(CaseErrorKind::UnknownField, cutShort(key), keyAt,
               {cutShort(key), "ärendet (utanför indata)",
                s ? "; menade du '" + *s + "'?" : " (tillåtna fält: id, datum och indata)"});
      }
      if (!skip(f.value(), 2)) return false;
      continue;
    }
    if (seen[slot] != kNoOffset) {
      auto [line, column] = lineColumn(seen[slot]);
      report(CaseErrorKind::DuplicateKey, kNames[slot], keyAt,
             {kNames[slot], std::to_string(line), std::to_string(column)});
      if (!skip(f.value(), 2)) return false;
      continue;
    }
    seen[slot] = keyAt;
    od::value& v = f.value();
    if (slot == 0) {
      if (!envelopeId(v)) return false;
    } else if (slot == 1) {
      if (!envelopeDate(v)) return false;
    } else {
      od::json_type type;
      if (simdjson::error_code e = v.type().get(type)) return syntaxError(e);
      if (type != od::json_type::object) {
        report(CaseErrorKind::EnvelopeFieldType, "indata", tokenOffset(v),
               {"fältet 'indata'", "ett objekt med ärendets uppgifter", jsonKindWord(type)});
        if (!skip(v, 2)) return false;
        continue;
      }
      od::object obj;
      if (simdjson::error_code e = v.get_object().get(obj)) return syntaxError(e);
      prefix_ = "indata";
      const bool ok = record(obj, out_.data.records[0].recordType, 0, 2);
      prefix_.clear();
      if (!ok) return false;
    }
  }
  return true;
}

bool Decoder::envelopeId(od::value& v) {
  od::json_type type;
  if (simdjson::error_code e = v.type().get(type)) return syntaxError(e);
  const size_t at = tokenOffset(v);
  switch (type) {
    case od::json_type::null: {
      bool isNull = false;
      if (v.is_null().get(isNull) != simdjson::SUCCESS || !isNull) {
        return syntaxError(simdjson::N_ATOM_ERROR, at);
      }
      return true;
    }
    case od::json_type::string: {
      std::string_view s;
      if (simdjson::error_code e = v.get_string().get(s)) return syntaxError(e, at);
      // The id heads every explanation and letter: a control character in it (an escape sequence
      // for the terminal, a line break that starts a line of its own) would act, not show, and a
      // bidirectional control would reorder the line it is on.
      if (const std::optional<FoundControl> control = findControl(s, false)) {
        report(CaseErrorKind::EnvelopeFieldType, "id", at,
               {"fältet 'id'", "en text utan styrtecken",
                (control->kind == ControlKind::Bidi ? "en text med riktningstecknet " : "en text med styrtecknet ") +
                    codePointName(control->codePoint)});
        return true;
      }
      out_.data.caseId.assign(s);
      return true;
    }
    case od::json_type::number: {
      const std::optional<JsonNumber> n = splitJsonNumber(v.raw_json_token());
      if (!n) return syntaxError(simdjson::NUMBER_ERROR, at);
      if (n->hasFraction || n->hasExponent) {
        report(CaseErrorKind::EnvelopeFieldType, "id", at,
               {"fältet 'id'", "en text eller ett heltal", "talet " + trimToken(v.raw_json_token())});
        return true;
      }
      out_.data.caseId.assign(trimToken(v.raw_json_token()));
      return true;
    }
    default: {
      report(CaseErrorKind::EnvelopeFieldType, "id", at,
             {"fältet 'id'", "en text eller ett heltal", jsonKindWord(type)});
      return skip(v, 2);
    }
  }
}

bool Decoder::envelopeDate(od::value& v) {
  od::json_type type;
  if (simdjson::error_code e = v.type().get(type)) return syntaxError(e);
  const size_t at = tokenOffset(v);
  if (type == od::json_type::null) {
    bool isNull = false;
    if (v.is_null().get(isNull) != simdjson::SUCCESS || !isNull) {
      return syntaxError(simdjson::N_ATOM_ERROR, at);
    }
    return true;
  }
  if (type == od::json_type::string) {
    std::string_view s;
    if (simdjson::error_code e = v.get_string().get(s)) return syntaxError(e, at);
    if (std::optional<Date> d = parseDate(s)) {
      out_.date = d;
    } else {
      report(CaseErrorKind::InvalidDate, "datum", at,
             {"fältet 'datum'", quoteShort(s).substr(1, quoteShort(s).size() - 2),
              "ett giltigt datum (ÅÅÅÅ-MM-DD)"});
    }
    return true;
  }
  std::string actual = jsonKindWord(type);
  if (type == od::json_type::number) actual += " (" + trimToken(v.raw_json_token()) + ")";
  report(CaseErrorKind::EnvelopeFieldType, "datum", at,
         {"fältet 'datum'", "ett datum (en text som \"2023-03-01\")", actual});
  return skip(v, 2);
}


}  // namespace case_json_decoder

using case_json_decoder::Decoder;

namespace {

// RFC 8259 lets a reader ignore a byte order mark; editors on Windows still write one.
std::string_view withoutBom(std::string_view s) {
  return s.starts_with("\xEF\xBB\xBF") ? s.substr(3) : s;
}

// The one-call decoders share one set of buffers per thread (its parser above all).
case_json_decoder::DecoderBuffers& threadBuffers() {
  thread_local case_json_decoder::DecoderBuffers buffers;
  return buffers;
}

// A JSON Lines line without its line end and byte order mark.
std::string_view lineText(std::string_view line) {
  if (line.ends_with('\n')) line.remove_suffix(1);
  if (line.ends_with('\r')) line.remove_suffix(1);
  return withoutBom(line);
}

}  // namespace

DecodedCase decodeCase(std::string_view json, const TypeTable& types, uint32_t inputRecord) {
  DecodedCase out;
  case_json_decoder::DecoderBuffers& buffers = threadBuffers();
  Decoder(withoutBom(json), types, out, 1, buffers).run(inputRecord);
  buffers.trim();
  return out;
}

DecodedCase decodeCaseLine(std::string_view line, const TypeTable& types, uint32_t inputRecord,
                           uint32_t lineNumber) {
  DecodedCase out;
  case_json_decoder::DecoderBuffers& buffers = threadBuffers();
  Decoder(lineText(line), types, out, lineNumber == 0 ? 1 : lineNumber, buffers).run(inputRecord);
  buffers.trim();
  return out;
}

CaseDecoder::CaseDecoder(const TypeTable& types, uint32_t inputRecord)
    : types_(types), inputRecord_(inputRecord),
      buffers_(std::make_unique<case_json_decoder::DecoderBuffers>()) {}

CaseDecoder::~CaseDecoder() = default;

void CaseDecoder::decode(std::string_view json, DecodedCase& out) {
  Decoder(withoutBom(json), types_, out, 1, *buffers_).run(inputRecord_);
  buffers_->trim();
}

void CaseDecoder::decodeLine(std::string_view line, uint32_t lineNumber, DecodedCase& out) {
  Decoder(lineText(line), types_, out, lineNumber == 0 ? 1 : lineNumber, *buffers_).run(inputRecord_);
  buffers_->trim();
}

}  // namespace regel::rt
