// The JSON case decoder, part 2: records, lists and scalar values checked against their types.
#include <algorithm>
#include <limits>
#include <utility>

#include "runtime/case/case_json_decoder.h"

namespace regel::rt::case_json_decoder {

bool Decoder::record(od::object obj, uint32_t recordType, size_t index,
                     const std::string& relative, int depth) {
  const RecordInfo& info = types_.records[recordType];
  std::vector<size_t> firstSeen(info.fields.size(), kNoOffset);
  for (auto result : obj) {
    od::field f;
    if (simdjson::error_code e = std::move(result).get(f)) return syntaxError(e);
    const size_t keyAt = offsetOf(f.key().raw()) - 1;  // at the opening quote
    std::string_view key;
    if (simdjson::error_code e = f.unescaped_key().get(key)) return syntaxError(e, keyAt);
    size_t i = 0;
    while (i < info.fields.size() && info.fields[i].name != key) ++i;
    if (i == info.fields.size()) {
      std::vector<std::string> names;
      for (const FieldInfo& field : info.fields) names.push_back(field.name);
      const std::optional<std::string> s = closestName(key, names);
      const Where w{relative, key};
      const std::string where = index == 0 ? std::string("indata") : "posten " + info.name;
      report(CaseErrorKind::UnknownField, jsonPath(w.relative()), keyAt,
             {std::string(key), where,
              s ? "; menade du '" + *s + "'?"
                : names.empty() ? " (posten har inga fält)" : " (kända fält: " + listOf(names, false) + ")"});
      if (!skip(f.value(), depth + 1)) return false;
      continue;
    }
    const Where w{relative, info.fields[i].name};
    if (firstSeen[i] != kNoOffset) {
      auto [line, column] = lineColumn(firstSeen[i]);
      report(CaseErrorKind::DuplicateKey, jsonPath(w.relative()), keyAt,
             {info.fields[i].name, std::to_string(line), std::to_string(column)});
      if (!skip(f.value(), depth + 1)) return false;
      continue;
    }
    firstSeen[i] = keyAt;
    std::optional<Value> v;
    if (!value(f.value(), info.fields[i].type, w, depth + 1, true, v)) return false;
    if (v) {
      RecordInstance& r = out_.data.records[index];  // re-fetched: nested records grow the vector
      r.fields[i] = *v;
      r.present[i] = 1;
    }
  }
  return true;
}

bool Decoder::value(od::value v, TypeId type, const Where& w, int depth, bool nullAllowed,
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
      od::object obj;
      if (simdjson::error_code e = v.get_object().get(obj)) return syntaxError(e);
      const RecordInfo& info = types_.records[t.ref];
      std::string relative = w.relative();
      const size_t index = out_.data.records.size();
      out_.data.records.push_back({t.ref, relative, std::vector<Value>(info.fields.size()),
                                   std::vector<uint8_t>(info.fields.size(), 0)});
      if (!record(obj, t.ref, index, relative, depth)) return false;
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
        wrongType(w, type, at, b ? "ja/nej-värdet true" : "ja/nej-värdet false");
      } else {
        out = Value::boolean(b);
      }
      return true;
    }
  }
  return syntaxError(simdjson::TAPE_ERROR, at);
}

bool Decoder::list(od::value v, TypeId elementType, const Where& w, int depth,
                   std::optional<Value>& out) {
  if (!enterContainer(depth, tokenOffset(v))) return false;
  od::array arr;
  if (simdjson::error_code e = v.get_array().get(arr)) return syntaxError(e);
  const std::string relative = w.relative();
  std::vector<Value> items;
  size_t i = 0;
  for (auto result : arr) {
    od::value element;
    if (simdjson::error_code e = std::move(result).get(element)) return syntaxError(e);
    std::optional<Value> item;
    if (!value(element, elementType, Where{relative, {}, i, true}, depth + 1, false, item)) {
      return false;
    }
    if (item) items.push_back(*item);
    ++i;
  }
  out_.data.lists.push_back(std::move(items));
  out = Value::integer(static_cast<int64_t>(out_.data.lists.size() - 1));
  return true;
}

bool Decoder::scalarFromNumber(od::value v, TypeId type, const Where& w,
                               std::optional<Value>& out) {
  const std::string_view raw = v.raw_json_token();
  const size_t at = offsetOf(raw.data());
  const std::optional<JsonNumber> n = splitJsonNumber(raw);
  if (!n) return syntaxError(simdjson::NUMBER_ERROR, at);
  const std::string token = trimToken(raw);
  Problem p = Problem::None;
  switch (types_[type].kind) {
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
      wrongType(w, type, at, "ett tal (" + token + ")");
      return true;
  }
  if (p != Problem::None) unusable(w, at, token, p, type);
  return true;
}

bool Decoder::scalarFromString(od::value v, TypeId type, const Where& w,
                               std::optional<Value>& out) {
  const size_t at = tokenOffset(v);
  std::string_view s;
  if (simdjson::error_code e = v.get_string().get(s)) return syntaxError(e, at);
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
               {subject(w), q.substr(1, q.size() - 2),
                isDate ? "ett giltigt datum (ÅÅÅÅ-MM-DD)" : "en giltig månad (ÅÅÅÅ-MM)"});
      }
      return true;
    }
    case TypeKind::Text:
      out_.data.texts.emplace_back(s);
      out = Value{static_cast<int64_t>(out_.data.texts.size() - 1), 1};
      return true;
    case TypeKind::Enum: {
      const EnumInfo& info = types_.enums[t.ref];
      const auto it = std::find(info.values.begin(), info.values.end(), s);
      if (it != info.values.end()) {
        out = Value::integer(static_cast<int64_t>(it - info.values.begin()));
        return true;
      }
      const std::optional<std::string> suggestion = closestName(s, info.values);
      const std::string q = quoteShort(s);
      report(CaseErrorKind::UnknownEnumValue, jsonPath(w.relative()), at,
             {subject(w), q.substr(1, q.size() - 2), info.name, listOf(info.values, false, 50),
              suggestion ? "; menade du '" + *suggestion + "'?" : ""});
      return true;
    }
    default:
      wrongType(w, type, at, "en text (" + quoteShort(s) + ")");
      return true;
  }
  if (p == Problem::Malformed) {
    wrongType(w, type, at, "en text (" + quoteShort(s) + ")");
  } else if (p != Problem::None) {
    unusable(w, at, quoteShort(s), p, type);
  }
  return true;
}

bool Decoder::skip(od::value v, int depth) {
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
