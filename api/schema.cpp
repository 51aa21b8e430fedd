// Library API: a ruleset's case input as JSON Schema (regel/schema.h).
#include "regel/schema.h"

#include <initializer_list>

#include "runtime/base/field_limits.h"
#include "runtime/base/json_writer.h"
#include "runtime/base/value.h"
#include "runtime/program/program.h"

namespace regel {
namespace {

using rt::FieldBound;
using rt::FieldInfo;
using rt::JsonWriter;
using rt::TypeId;
using rt::TypeKind;
using rt::TypeTable;

// A bound as a JSON number in the unit the case gives the field in: an integer, or kronor for a
// belopp (öre / 100, exactly: "-12.05").
std::string boundNumber(TypeKind kind, FieldBound bound) {
  if (kind != TypeKind::Money) return std::to_string(bound.a);
  const int64_t ore = bound.a;
  const uint64_t magnitude = ore < 0 ? 0 - static_cast<uint64_t>(ore) : static_cast<uint64_t>(ore);
  std::string text = ore < 0 ? "-" : "";
  text += std::to_string(magnitude / 100);
  if (magnitude % 100 != 0) {
    const uint64_t cents = magnitude % 100;
    text += cents < 10 ? ".0" + std::to_string(cents) : "." + std::to_string(cents);
  }
  return text;
}

class SchemaWriter {
 public:
  SchemaWriter(const TypeTable& types, JsonWriter& w) : types_(types), w_(w) {}

  // The properties and "additionalProperties" of one record. Nothing is "required": a field that
  // is left out is a fact that is missing, which gives komplettering when a decision needs it.
  void recordBody(uint32_t record) {
    const rt::RecordInfo& info = types_.records[record];
    w_.key("properties").beginObject();
    for (const FieldInfo& field : info.fields) {
      w_.key(field.name);
      fieldSchema(field);
    }
    w_.endObject();
    w_.fieldBool("additionalProperties", false);
  }

 private:
  void fieldSchema(const FieldInfo& field) {
    w_.beginObject().field("title", field.label.empty() ? field.name : field.label);
    const TypeKind kind = types_[field.type].kind;
    if (const std::string limits = rt::limitsText(kind, field); !limits.empty()) w_.field("description", limits);
    if (field.optional) w_.fieldBool("x-regel-valfri", true);
    if (field.personal) w_.fieldBool("x-regel-personuppgift", true);
    if (kind == TypeKind::Integer || kind == TypeKind::Money) {
      if (field.least) w_.key("minimum").raw(boundNumber(kind, *field.least));
      if (field.most) w_.key("maximum").raw(boundNumber(kind, *field.most));
    }
    typeBody(field.type, true);
    w_.endObject();
  }

  // "type": the JSON types, and null where a field's value may be null (a missing fact).
  void types(std::initializer_list<const char*> names, bool nullable) {
    w_.key("type").beginArray();
    for (const char* name : names) w_.string(name);
    if (nullable) w_.string("null");
    w_.endArray();
  }

  // The members that say what values of `type` the case reader takes (docs/json.md). A field's
  // value (`nullable`) may also be null, which the reader takes as a fact that is missing.
  void typeBody(TypeId type, bool nullable) {
    const rt::TypeNode node = types_[type];
    w_.field("x-regel-typ", rt::kindName(node.kind));
    switch (node.kind) {
      case TypeKind::Integer: types({"integer"}, nullable); break;
      case TypeKind::Decimal:
      case TypeKind::Money:
      case TypeKind::ExactMoney:
      case TypeKind::Percent: types({"number", "string"}, nullable); break;
      case TypeKind::Date:
        types({"string"}, nullable);
        w_.field("format", "date");
        break;
      case TypeKind::Month:
        types({"string"}, nullable);
        w_.field("pattern", "^[0-9]{4}-[0-9]{2}$");
        break;
      case TypeKind::Text: types({"string"}, nullable); break;
      case TypeKind::Bool: types({"boolean"}, nullable); break;
      case TypeKind::Enum: {
        types({"string"}, nullable);
        w_.key("enum").beginArray();
        for (const auto& value : types_.enums[node.ref].values) w_.string(value);
        if (nullable) w_.null();
        w_.endArray();
        break;
      }
      case TypeKind::Record:
        types({"object"}, nullable);
        recordBody(node.ref);
        break;
      case TypeKind::List: {
        types({"array"}, nullable);
        w_.key("items").beginObject();
        typeBody(node.ref, false);
        w_.endObject();
        break;
      }
    }
  }

  const TypeTable& types_;
  JsonWriter& w_;
};

}  // namespace

std::string inputJsonSchema(const Ruleset& ruleset, bool pretty) {
  const rt::Program& program = ruleset.program();
  JsonWriter w(pretty);
  w.beginObject();
  w.field("$schema", "https://json-schema.org/draft/2020-12/schema");
  w.field("title", program.name);
  if (!program.version.empty()) w.field("x-regel-version", program.version);
  w.field("type", "object");
  SchemaWriter(program.types, w).recordBody(program.inputRecord);
  w.endObject();
  return w.take();
}

}  // namespace regel
