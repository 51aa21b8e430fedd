// The JSON case decoder, part 2: records, lists and scalar values checked against their types.
#include <algorithm>
#include <charconv>
#include <cstring>
#include <limits>
#include <utility>

#include "runtime/base/controls.h"
#include "runtime/base/field_limits.h"
#include "runtime/base/unicode.h"
#include "runtime/case/case_json_decoder.h"

namespace regel::rt::case_json_decoder {

// A document this large leaves its buffers behind only once: larger ones are given back.
constexpr size_t kKeptPaddedBytes = 1 << 20;

void DecoderBuffers::recycle(DecodedCase& out) {
  for (std::vector<Value>& l : out.data.lists) spareLists.push_back(std::move(l));
  for (std::string& t : out.data.texts) spareTexts.push_back(std::move(t));
  out.data.records.clear();
  out.data.slots.clear();
  out.data.present.clear();
  out.data.paths.clear();
  out.data.lists.clear();
  out.data.texts.clear();
  out.data.caseId.clear();
  out.date.reset();
  out.errors.clear();
}

void DecoderBuffers::trim() {
  if (padded.size() > kKeptPaddedBytes) std::string().swap(padded);
}

size_t Decoder::newRecord(uint32_t recordType) {
  const auto fields = static_cast<uint32_t>(types_.records[recordType].fields.size());
  return out_.data.addRecord(recordType, fields, buf_.path);
}

bool Decoder::roomForRecord(uint32_t recordType, const Where& w, size_t offset) {
  if (out_.data.roomFor(static_cast<uint32_t>(types_.records[recordType].fields.size()))) return true;
  // Decoding stops here, as at too deep nesting: this error is always among those shown.
  if (out_.errors.size() >= kMaxCaseErrors) out_.errors.pop_back();
  report(CaseErrorKind::TooManyFields, jsonPath(w.relative()), offset,
         {formatInt(static_cast<int64_t>(kMaxCaseSlots))});
  return false;
}

void Decoder::enter(const Where& w) {
  std::string& p = buf_.path;
  if (w.isIndex) {
    char digits[24];
    const auto [end, ec] = std::to_chars(digits, digits + sizeof digits, w.index);
    p += '[';
    p.append(digits, end);
    p += ']';
  } else {
    if (!p.empty()) p += '.';
    p.append(w.field);
  }
}

namespace {

// Whether a[0, n) == b[0, n): eight bytes at a time (the last eight overlapping the ones before),
// since field names are short and a call to memcmp costs more than comparing them.
inline bool sameBytes(const char* a, const char* b, size_t n) {
  auto word = [](const char* p) {
    uint64_t w;
    std::memcpy(&w, p, sizeof w);
    return w;
  };
  if (n < 8) {
    for (size_t i = 0; i < n; ++i) {
      if (a[i] != b[i]) return false;
    }
    return true;
  }
  for (size_t i = 0; i + 8 < n; i += 8) {
    if (word(a + i) != word(b + i)) return false;
  }
  return word(a + n - 8) == word(b + n - 8);
}

// Whether the key at `raw` (after its opening quote, `room` bytes before the text ends) is `name`
// exactly as written: a name has no quote or escape, so the name followed by the closing quote.
inline bool rawKeyIs(const std::string& name, const char* raw, size_t room) {
  return name.size() < room && raw[name.size()] == '"' && sameBytes(raw, name.data(), name.size());
}

// The index of the first field whose name `matches`, or info.fields.size(). The callers first try
// the field after the previous match (fields mostly come in declaration order), inline.
template <class Matches>
size_t firstFieldWhere(const RecordInfo& info, Matches matches) {
  size_t i = 0;
  while (i < info.fields.size() && !matches(info.fields[i].name)) ++i;
  return i;
}

}  // namespace

size_t Decoder::findField(const RecordInfo& info, std::string_view key, size_t hint) const {
  if (hint < info.fields.size() && info.fields[hint].name == key) return hint;
  return firstFieldWhere(info, [&](const std::string& name) { return name == key; });
}

// The field whose name is the key at `raw` (after its opening quote) exactly as written, or
// info.fields.size() (see rawKeyIs).
size_t Decoder::findRawKey(const RecordInfo& info, const char* raw, size_t hint) const {
  const size_t room = static_cast<size_t>(base_ + text_.size() - raw);
  if (hint < info.fields.size() && rawKeyIs(info.fields[hint].name, raw, room)) return hint;
  return firstFieldWhere(info, [&](const std::string& name) { return rawKeyIs(name, raw, room); });
}

// Reports an unknown key with the closest field name, or the known fields when none is close.
// A key of megabytes is echoed cut, in the message and in the path.
void Decoder::unknownField(const RecordInfo& info, std::string_view key, size_t index, size_t keyAt) {
  if (atErrorLimit()) return;
  std::vector<std::string> names;
  for (const FieldInfo& field : info.fields) names.push_back(field.name);
  const std::optional<std::string> s = closestName(key, names);
  const std::string shown = cutShort(key);
  const Where w{buf_.path, shown};
  const std::string where = index == 0 ? std::string("indata") : "posten " + info.name;
  report(CaseErrorKind::UnknownField, jsonPath(w.relative()), keyAt,
         {shown, where,
          s ? "; menade du '" + *s + "'?"
            : names.empty() ? " (posten har inga fält)" : " (kända fält: " + listOf(names, false) + ")"});
}

bool Decoder::record(od::object obj, uint32_t recordType, size_t index, int depth) {
  const RecordInfo& info = types_.records[recordType];
  // Where each field was first seen, on a stack shared by the nested records (by index: nested
  // records grow it).
  const size_t seenBase = buf_.seen.size();
  buf_.seen.resize(seenBase + info.fields.size(), kNoOffset);
  size_t hint = 0;
  for (auto result : obj) {
    // The field is used where the iterator made it, not copied out: a copy of simdjson's small
    // structs is one 16-byte load of members just stored one by one, which the processor cannot
    // forward from those stores (a stall per field; bench/README.md, "Stalls").
    if (simdjson::error_code e = result.error()) return syntaxError(e);
    od::field&& f = std::move(result).value_unsafe();
    const char* const rawKey = f.key().raw();
    const size_t keyAt = offsetOf(rawKey) - 1;  // at the opening quote
    // Most keys name a field exactly as written: they are matched where they stand in the text.
    // Only other keys are unescaped and composed (NFC) first.
    size_t i = findRawKey(info, rawKey, hint);
    std::string_view key;
    if (i == info.fields.size()) {
      if (simdjson::error_code e = f.unescaped_key().get(key)) return syntaxError(e, keyAt);
      // A key written decomposed (a + U+030A for å) names the same field.
      if (hasCombiningMark(key)) {
        buf_.composedKey = toNfc(key);
        key = buf_.composedKey;
      }
      i = findField(info, key, hint);
    }
    if (i == info.fields.size()) {
      unknownField(info, key, index, keyAt);
      if (!skip(f.value(), depth + 1)) return false;
      continue;
    }
    hint = i + 1;
    const FieldInfo& field = info.fields[i];
    if (buf_.seen[seenBase + i] != kNoOffset) {
      const Where w{buf_.path, field.name, 0, false, field.personal};
      auto [line, column] = lineColumn(buf_.seen[seenBase + i]);
      report(CaseErrorKind::DuplicateKey, jsonPath(w.relative()), keyAt,
             {field.name, std::to_string(line), std::to_string(column)});
      if (!skip(f.value(), depth + 1)) return false;
      continue;
    }
    buf_.seen[seenBase + i] = keyAt;
    od::value& fieldValue = f.value();
    if (int64_t quick = 0; quickScalar(fieldValue, field, quick)) {
      out_.data.set(index, i, Value{quick, 0});
      continue;
    }
    const Where w{buf_.path, field.name, 0, false, field.personal};
    std::optional<Value> v;
    if (!value(fieldValue, field.type, w, depth + 1, true, v)) return false;
    if (v && (field.least || field.most)) {
      const TypeKind kind = types_[field.type].kind;
      if (!withinLimits(kind, field, FieldBound{v->a, v->b})) {
        report(CaseErrorKind::OutsideLimits, jsonPath(w.relative()), keyAt,
               {subject(w), shown(w, boundText(kind, FieldBound{v->a, v->b})), limitsText(kind, field)});
        v.reset();
      }
    }
    if (v) out_.data.set(index, i, loadValue(*v));
  }
  buf_.seen.resize(seenBase);
  return true;
}

// Most fields of a case are a plain integer for a heltal or belopp, or true or false for a
// ja/nej: read at once, without value()'s checks, when the field has no limits. Anything else,
// including every problem, is left to value(), so that messages are made in one place.
bool Decoder::quickScalar(od::value& v, const FieldInfo& field, int64_t& a) {
  if (field.least || field.most) return false;
  const TypeKind kind = types_[field.type].kind;
  od::json_type jt;
  if (v.type().get(jt) != simdjson::SUCCESS) return false;
  if (jt == od::json_type::number && (kind == TypeKind::Integer || kind == TypeKind::Money)) {
    int64_t plain = 0;
    if (!plainJsonInteger(v.raw_json_token(), plain)) return false;
    a = kind == TypeKind::Integer ? plain : plain * 100;  // heltal, or kronor in öre
    return true;
  }
  if (jt == od::json_type::boolean && kind == TypeKind::Bool) {
    bool b = false;
    if (v.get_bool().get(b) != simdjson::SUCCESS) return false;  // not consumed: value() reports it
    a = b ? 1 : 0;
    return true;
  }
  return false;
}

bool Decoder::value(od::value& v, TypeId type, const Where& w, int depth, bool nullAllowed,
                    std::optional<Value>& out) {
  od::json_type jt;
  if (simdjson::error_code e = v.type().get(jt)) return syntaxError(e);
  const size_t at = tokenOffset(v);
  const TypeNode& t = types_[type];
  switch (jt) {
    case od::json_type::null: {
      bool isNull = false;
      if (v.is_null().get(isNull) != simdjson::SUCCESS || !isNull) {
        return syntaxError(simdjson::N_ATOM_ERROR, at);
      }
      if (!nullAllowed) wrongType(w, type, at, "null (inget värde)");
      return true;
    }
    case od::json_type::object: {
      if (t.kind != TypeKind::Record) {
        wrongType(w, type, at, "ett objekt");
        return skip(v, depth);
      }
      if (!enterContainer(depth, at)) return false;
      if (!roomForRecord(t.ref, w, at)) return false;
      od::object obj;
      if (simdjson::error_code e = v.get_object().get(obj)) return syntaxError(e);
      const size_t mark = buf_.path.size();
      enter(w);
      const size_t index = newRecord(t.ref);
      if (!record(obj, t.ref, index, depth)) return false;
      buf_.path.resize(mark);
      out = Value::integer(static_cast<int64_t>(index));
      return true;
    }
    case od::json_type::array:
      if (t.kind != TypeKind::List) {
        wrongType(w, type, at, "en lista");
        return skip(v, depth);
      }
      return list(v, t.ref, w, depth, out);
    case od::json_type::number:
      return scalarFromNumber(v, type, w, out);
    case od::json_type::string:
      return scalarFromString(v, type, w, out);
    case od::json_type::boolean: {
      bool b = false;
      if (v.get_bool().get(b) != simdjson::SUCCESS) return syntaxError(simdjson::T_ATOM_ERROR, at);
      if (t.kind != TypeKind::Bool) {
        wrongType(w, type, at, w.personal ? "ett ja/nej-värde" : b ? "ja/nej-värdet true" : "ja/nej-värdet false");
      } else {
        out = Value::boolean(b);
      }
      return true;
    }
  }
  return syntaxError(simdjson::TAPE_ERROR, at);
}

bool Decoder::list(od::value& v, TypeId elementType, const Where& w, int depth,
                   std::optional<Value>& out) {
  if (!enterContainer(depth, tokenOffset(v))) return false;
  od::array arr;
  if (simdjson::error_code e = v.get_array().get(arr)) return syntaxError(e);
  const size_t mark = buf_.path.size();
  enter(w);
  std::vector<Value> items;
  if (!buf_.spareLists.empty()) {
    items = std::move(buf_.spareLists.back());
    buf_.spareLists.pop_back();
    items.clear();
  }
  size_t i = 0;
  for (auto result : arr) {
    // Used in place, not copied out: see record().
    if (simdjson::error_code e = result.error()) return syntaxError(e);
    od::value&& element = std::move(result).value_unsafe();
    std::optional<Value> item;
    if (!value(element, elementType, Where{buf_.path, {}, i, true}, depth + 1, false, item)) {
      return false;
    }
    if (item) items.push_back(loadValue(*item));
    ++i;
  }
  buf_.path.resize(mark);
  out_.data.lists.push_back(std::move(items));
  out = Value::integer(static_cast<int64_t>(out_.data.lists.size() - 1));
  return true;
}

bool Decoder::scalarFromNumber(od::value& v, TypeId type, const Where& w,
                               std::optional<Value>& out) {
  const std::string_view raw = v.raw_json_token();
  const size_t at = offsetOf(raw.data());
  const TypeKind kind = types_[type].kind;
  if (int64_t plain = 0; (kind == TypeKind::Integer || kind == TypeKind::Money) && plainJsonInteger(raw, plain)) {
    out = kind == TypeKind::Integer ? Value::integer(plain) : Value::money(Money{plain * 100});
    return true;
  }
  const std::optional<JsonNumber> n = splitJsonNumber(raw);
  if (!n) return syntaxError(simdjson::NUMBER_ERROR, at);
  Problem p = Problem::None;
  switch (kind) {
    case TypeKind::Integer: {
      int64_t i = 0;
      if ((p = integerFromNumber(*n, i)) == Problem::None) out = Value::integer(i);
      break;
    }
    case TypeKind::Decimal: {
      Rational r;
      if ((p = exactNumber(*n, r)) == Problem::None) out = Value::rational(r);
      break;
    }
    case TypeKind::Money: {
      Money m;
      if ((p = moneyFromNumber(*n, m)) == Problem::None) out = Value::money(m);
      break;
    }
    case TypeKind::ExactMoney: {
      Rational ore;
      if ((p = exactMoneyFromNumber(*n, ore)) == Problem::None) out = Value::rational(ore);
      break;
    }
    case TypeKind::Percent: {
      Rational r;
      if ((p = percentFromNumber(*n, r)) == Problem::None) out = Value::rational(r);
      break;
    }
    default:
      wrongType(w, type, at, "ett tal " + shown(w, "(" + trimToken(raw) + ")"));
      return true;
  }
  if (p != Problem::None) unusable(w, at, trimToken(raw), p, type);
  return true;
}

bool Decoder::scalarFromString(od::value& v, TypeId type, const Where& w,
                               std::optional<Value>& out) {
  const size_t at = tokenOffset(v);
  std::string_view s;
  if (simdjson::error_code e = v.get_string().get(s)) return syntaxError(e, at);
  // Texts and enum values written decomposed compare equal to the rules' own (NFC) texts.
  if (hasCombiningMark(s)) {
    buf_.composedKey = toNfc(s);
    s = buf_.composedKey;
  }
  const TypeNode& t = types_[type];
  Problem p = Problem::None;
  switch (t.kind) {
    case TypeKind::Decimal: {
      Rational r;
      if ((p = decimalFromText(s, r)) == Problem::None) out = Value::rational(r);
      break;
    }
    case TypeKind::Money: {
      Money m;
      if ((p = moneyFromText(s, m)) == Problem::None) out = Value::money(m);
      break;
    }
    case TypeKind::ExactMoney: {
      Rational ore;
      if ((p = exactMoneyFromText(s, ore)) == Problem::None) out = Value::rational(ore);
      break;
    }
    case TypeKind::Percent: {
      Rational r;
      if ((p = percentFromText(s, r)) == Problem::None) out = Value::rational(r);
      break;
    }
    case TypeKind::Date:
    case TypeKind::Month: {
      const bool isDate = t.kind == TypeKind::Date;
      if (isDate) {
        if (std::optional<Date> d = parseDate(s)) out = Value::date(*d);
      } else if (std::optional<Month> m = parseMonth(s)) {
        out = Value::month(*m);
      }
      if (!out) {
        const std::string q = quoteShort(s);
        report(CaseErrorKind::InvalidDate, jsonPath(w.relative()), at,
               {subject(w), shown(w, q.substr(1, q.size() - 2)),
                isDate ? "ett giltigt datum (ÅÅÅÅ-MM-DD)" : "en giltig månad (ÅÅÅÅ-MM)"});
      }
      return true;
    }
    case TypeKind::Text:
      // A text is quoted in reasons, explanations and letters: a control character in it (an
      // escape sequence, a line break that would start a line of its own) would act there, not
      // show, and a bidirectional control would reorder the line. A tab is only space.
      if (const std::optional<FoundControl> control = findControl(s, true)) {
        report(CaseErrorKind::ValueOutOfRange, jsonPath(w.relative()), at,
               {subject(w), shown(w, quoteShort(s)),
                (control->kind == ControlKind::Bidi ? "en text får inte innehålla tecken som vänder textens riktning (här "
                                                    : "en text får inte innehålla styrtecken (här ") +
                    codePointName(control->codePoint) + ")"});
        return true;
      }
      if (buf_.spareTexts.empty()) {
        out_.data.texts.emplace_back(s);
      } else {
        out_.data.texts.push_back(std::move(buf_.spareTexts.back()));
        buf_.spareTexts.pop_back();
        out_.data.texts.back().assign(s);
      }
      out = Value{static_cast<int64_t>(out_.data.texts.size() - 1), 1};
      return true;
    case TypeKind::Enum: {
      const EnumInfo& info = types_.enums[t.ref];
      const auto it = std::find(info.values.begin(), info.values.end(), s);
      if (it != info.values.end()) {
        out = Value::integer(static_cast<int64_t>(it - info.values.begin()));
        return true;
      }
      std::optional<std::string> suggestion;
      if (!atErrorLimit()) suggestion = closestName(s, info.values);
      const std::string q = quoteShort(s);
      report(CaseErrorKind::UnknownEnumValue, jsonPath(w.relative()), at,
             {subject(w), shown(w, q.substr(1, q.size() - 2)), info.name, listOf(info.values, false, 50),
              suggestion && !w.personal ? "; menade du '" + *suggestion + "'?" : ""});
      return true;
    }
    default:
      wrongType(w, type, at, "en text " + shown(w, "(" + quoteShort(s) + ")"));
      return true;
  }
  if (p == Problem::Malformed) {
    wrongType(w, type, at, "en text " + shown(w, "(" + quoteShort(s) + ")"));
  } else if (p != Problem::None) {
    unusable(w, at, quoteShort(s), p, type);
  }
  return true;
}

bool Decoder::skip(od::value& v, int depth) {
  od::json_type jt;
  if (simdjson::error_code e = v.type().get(jt)) return syntaxError(e);
  const size_t at = tokenOffset(v);
  switch (jt) {
    case od::json_type::object: {
      if (!enterContainer(depth, at)) return false;
      od::object obj;
      if (simdjson::error_code e = v.get_object().get(obj)) return syntaxError(e);
      for (auto result : obj) {
        od::field f;
        if (simdjson::error_code e = std::move(result).get(f)) return syntaxError(e);
        const size_t keyAt = offsetOf(f.key().raw()) - 1;
        std::string_view key;
        if (simdjson::error_code e = f.unescaped_key().get(key)) return syntaxError(e, keyAt);
        if (!skip(f.value(), depth + 1)) return false;
      }
      return true;
    }
    case od::json_type::array: {
      if (!enterContainer(depth, at)) return false;
      od::array arr;
      if (simdjson::error_code e = v.get_array().get(arr)) return syntaxError(e);
      for (auto result : arr) {
        od::value element;
        if (simdjson::error_code e = std::move(result).get(element)) return syntaxError(e);
        if (!skip(element, depth + 1)) return false;
      }
      return true;
    }
    case od::json_type::number:
      return splitJsonNumber(v.raw_json_token()) ? true : syntaxError(simdjson::NUMBER_ERROR, at);
    case od::json_type::string: {
      std::string_view s;
      return v.get_string().get(s) == simdjson::SUCCESS ? true
                                                          : syntaxError(simdjson::STRING_ERROR, at);
    }
    case od::json_type::boolean: {
      bool b = false;
      return v.get_bool().get(b) == simdjson::SUCCESS ? true : syntaxError(simdjson::T_ATOM_ERROR, at);
    }
    case od::json_type::null: {
      bool isNull = false;
      return v.is_null().get(isNull) == simdjson::SUCCESS && isNull
                 ? true
                 : syntaxError(simdjson::N_ATOM_ERROR, at);
    }
  }
  return syntaxError(simdjson::TAPE_ERROR, at);
}


}  // namespace regel::rt::case_json_decoder
