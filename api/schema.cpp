// Library API: a ruleset's case input as JSON Schema (regel/schema.h).
#include "regel/schema.h"

#include <cstdlib>

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

const char* languageTypeName(TypeKind kind) {
  switch (kind) {
    case TypeKind::Integer: return "heltal";
    case TypeKind::Decimal: return "tal";
    case TypeKind::Money: return "belopp";
    case TypeKind::ExactMoney: return "oavrundat belopp";
    case TypeKind::Percent: return "procent";
    case TypeKind::Date: return "datum";
    case TypeKind::Month: return "månad";
    case TypeKind::Text: return "text";
    case TypeKind::Bool: return "ja/nej";
    case TypeKind::Enum: return "uppräkning";
    case TypeKind::Record: return "post";
    case TypeKind::List: return "lista";
  }
  return "text";
}

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

  // The properties, "required" and "additionalProperties" of one record.
  void recordBody(uint32_t record) {
    const rt::RecordInfo& info = types_.records[record];
    w_.field("type", "object");
    w_.key("properties").beginObject();
    for (const FieldInfo& field : info.fields) {
      w_.key(field.name);
      fieldSchema(field);
    }
    w_.endObject();
    w_.key("required").beginArray();
    for (const FieldInfo& field : info.fields) {
      if (!field.optional) w_.string(field.name);
    }
    w_.endArray();
    w_.fieldBool("additionalProperties", false);
  }

 private:
  void fieldSchema(const FieldInfo& field) {
    w_.beginObject().field("title", field.name);
    const TypeKind kind = types_[field.type].kind;
    if (const std::string limits = rt::limitsText(kind, field); !limits.empty()) w_.field("description", limits);
    if (field.personal) w_.fieldBool("x-regel-personuppgift", true);
    if (kind == TypeKind::Integer || kind == TypeKind::Money) {
      if (field.least) w_.key("minimum").raw(boundNumber(kind, *field.least));
      if (field.most) w_.key("maximum").raw(boundNumber(kind, *field.most));
    }
    typeBody(field.type);
    w_.endObject();
  }

  // The members that say what values of `type` the case reader takes (docs/json.md).
  void typeBody(TypeId type) {
    const rt::TypeNode node = types_[type];
    w_.field("x-regel-typ", languageTypeName(node.kind));
    switch (node.kind) {
      case TypeKind::Integer: w_.field("type", "integer"); break;
      case TypeKind::Decimal:
      case TypeKind::Money:
      case TypeKind::ExactMoney:
      case TypeKind::Percent: w_.key("type").beginArray().string("number").string("string").endArray(); break;
      case TypeKind::Date: w_.field("type", "string").field("format", "date"); break;
      case TypeKind::Month: w_.field("type", "string").field("pattern", "^[0-9]{4}-[0-9]{2}$"); break;
      case TypeKind::Text: w_.field("type", "string"); break;
      case TypeKind::Bool: w_.field("type", "boolean"); break;
      case TypeKind::Enum: {
        w_.field("type", "string").key("enum").beginArray();
        for (const auto& value : types_.enums[node.ref].values) w_.string(value);
        w_.endArray();
        break;
      }
      case TypeKind::Record: recordBody(node.ref); break;
      case TypeKind::List: {
        w_.field("type", "array").key("items").beginObject();
        typeBody(node.ref);
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
  SchemaWriter(program.types, w).recordBody(program.inputRecord);
  w.endObject();
  return w.take();
}

}  // namespace regel
