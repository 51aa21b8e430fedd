// Facts set in place of a case's own: each value is decoded by the case decoder itself, as the
// one field of a record of its type, so that it means exactly what it would in the case's JSON.
#include "api/facts.h"

#include <algorithm>

#include "runtime/base/json_writer.h"
#include "runtime/base/suggest.h"

namespace regel {
namespace {

// The value as a JSON literal: a number, true/false (also written ja/nej) or a quoted text as
// given; anything else becomes a text ("6 500 kr", "sambor"). For a text field every value is a
// text: `ort=12` is the text "12".
std::string jsonLiteral(const std::string& value, bool text) {
  if (!value.empty() && value.front() == '"') return value;
  if (text) {
    std::string out;
    rt::appendJsonString(out, value);
    return out;
  }
  if (value == "ja" || value == "true") return "true";
  if (value == "nej" || value == "false") return "false";
  if (rt::case_json::splitJsonNumber(value)) return value;
  std::string out;
  rt::appendJsonString(out, value);
  return out;
}

// The record instance and field `path` names, or an error.
bool findFact(const rt::Program& program, const rt::CaseData& data, const std::string& path, uint32_t& record,
              uint32_t& field, std::vector<rt::CaseError>& errors) {
  const size_t dot = path.rfind('.');
  const std::string where = dot == std::string::npos ? std::string() : path.substr(0, dot);
  const std::string name = dot == std::string::npos ? path : path.substr(dot + 1);
  size_t rec = 0;
  while (rec < data.records.size() && data.path(rec) != where) ++rec;
  std::vector<std::string> names;
  if (rec < data.records.size()) {
    const auto& fields = program.types.records[data.records[rec].recordType].fields;
    for (uint32_t f = 0; f < fields.size(); ++f) {
      if (fields[f].name == name) {
        record = static_cast<uint32_t>(rec);
        field = f;
        return true;
      }
      names.push_back(fields[f].name);
    }
  }
  const auto suggestion = rt::closestName(name, names);
  const std::string hint = suggestion ? "; menade du '" + (where.empty() ? "" : where + ".") + *suggestion + "'?" : "";
  errors.push_back(rt::makeCaseError(rt::CaseErrorKind::UnknownFact, path, {path, hint}));
  return false;
}

void applyFact(const rt::Program& program, const FactOverride& fact, rt::CaseData& data, std::vector<rt::CaseError>& errors) {
  uint32_t record = 0, field = 0;
  if (!findFact(program, data, fact.path, record, field, errors)) return;
  const uint32_t recordType = data.records[record].recordType;
  const rt::FieldInfo& info = program.types.records[recordType].fields[field];
  const rt::TypeKind kind = program.types[info.type].kind;
  if (kind == rt::TypeKind::List || kind == rt::TypeKind::Record) {
    errors.push_back(rt::makeCaseError(rt::CaseErrorKind::FactNotSettable, fact.path, {fact.path, program.types.nameOf(info.type)}));
    return;
  }
  std::string json = "{";
  rt::appendJsonString(json, info.name);
  json += ": " + jsonLiteral(fact.value, kind == rt::TypeKind::Text) + "}";
  rt::DecodedCase one = rt::decodeCase(json, program.types, recordType);
  if (!one.errors.empty()) {
    for (rt::CaseError& e : one.errors) {
      e.path = fact.path;
      e.line = e.column = 0;  // a position in the made-up document would mislead
      errors.push_back(std::move(e));
    }
    return;
  }
  rt::Value value = one.data.field(0, field);
  // The decoded text lies in the made-up document's pool: it moves to the case's.
  if (kind == rt::TypeKind::Text) {
    data.texts.push_back(one.data.texts[static_cast<size_t>(value.a)]);
    value = rt::Value{static_cast<int64_t>(data.texts.size() - 1), 1};
  }
  data.set(record, field, value);
}

}  // namespace

void applyFacts(const rt::Program& program, const std::vector<FactOverride>& facts, rt::CaseData& data,
                std::vector<rt::CaseError>& errors) {
  for (const FactOverride& fact : facts) applyFact(program, fact, data, errors);
}

}  // namespace regel
