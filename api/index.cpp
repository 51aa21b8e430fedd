// Library API: the semantic index (regel/index.h): the checker's index with spans as lines and
// columns, looked up by position, and rendered as JSON (schema regel-index/1).
#include "regel/index.h"

#include <algorithm>

#include "api/pipeline.h"
#include "runtime/base/json_writer.h"

namespace regel {
namespace {

const char* kindWord(sema::NameKind k) {
  switch (k) {
    case sema::NameKind::Definition: return "definition";
    case sema::NameKind::Condition: return "villkor";
    case sema::NameKind::Parameter: return "parameter";
    case sema::NameKind::Argument: return "argument";
    case sema::NameKind::Record: return "post";
    case sema::NameKind::Enum: return "uppräkning";
    case sema::NameKind::EnumValue: return "uppräkningsvärde";
    case sema::NameKind::Field: return "fält";
    case sema::NameKind::Local: return "lokal";
    case sema::NameKind::Exception: return "undantag";
  }
  return "namn";
}

void writeLocation(rt::JsonWriter& w, const SourceLocation& l) {
  w.field("rad", int64_t{l.line}).field("kolumn", int64_t{l.column});
  w.field("slutrad", int64_t{l.endLine}).field("slutkolumn", int64_t{l.endColumn});
  w.field("start", int64_t{l.byteBegin}).field("slut", int64_t{l.byteEnd});
}

}  // namespace

namespace api {

SemanticIndex toPublic(const sema::SemanticIndex& index, const diag::SourceSet& sources) {
  SemanticIndex out;
  for (const auto& n : index.names) {
    out.names.push_back({kindWord(n.kind), n.name, api::locationOf(n.span, sources), n.type, n.container, n.comment, n.lagrum});
  }
  for (const auto& r : index.references) out.references.push_back({api::locationOf(r.span, sources), r.name});
  return out;
}

}  // namespace api

const IndexedName* SemanticIndex::at(uint32_t offset) const {
  const auto covers = [&](const SourceLocation& l) { return l.byteBegin <= offset && offset < l.byteEnd; };
  for (const auto& r : references) {
    if (covers(r.location) && r.name < names.size()) return &names[r.name];
  }
  for (const auto& n : names) {
    if (covers(n.location)) return &n;
  }
  return nullptr;
}

std::string renderIndexJson(const SemanticIndex& index, bool pretty) {
  rt::JsonWriter w(pretty);
  w.beginObject().field("schema", "regel-index/1");
  w.key("namn").beginArray();
  for (const auto& n : index.names) {
    w.beginObject().field("art", n.kind).field("namn", n.name);
    writeLocation(w, n.location);
    if (!n.type.empty()) w.field("typ", n.type);
    if (!n.container.empty()) w.field("i", n.container);
    if (!n.comment.empty()) w.field("kommentar", n.comment);
    if (!n.lagrum.empty()) {
      w.key("lagrum").beginArray();
      for (const auto& l : n.lagrum) w.string(l);
      w.endArray();
    }
    w.endObject();
  }
  w.endArray();
  w.key("referenser").beginArray();
  for (const auto& r : index.references) {
    w.beginObject();
    writeLocation(w, r.location);
    w.field("namn", int64_t(r.name));
    w.endObject();
  }
  w.endArray();
  w.endObject();
  std::string out = w.take();
  out += '\n';
  return out;
}

}  // namespace regel
