// The public library API: the semantic index of a ruleset's source, for tools — hover and "go to
// definition" in the playground or an editor, a formatter, `regel index`. Asked for with
// CompileOptions::index; it is built even when the source has errors, from what could be read.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "regel/compile.h"

namespace regel {

// A declared name.
struct IndexedName {
  // "definition", "villkor", "parameter", "argument", "post", "uppräkning", "uppräkningsvärde",
  // "fält" or "lokal" (a name an aggregate binds: `för varje b i barn`)
  std::string kind;
  std::string name;
  SourceLocation location;  // of the name where it is declared
  std::string type;         // as the language writes it: "belopp", "lista av Vuxen"; "" for a post
                            // or uppräkning
  std::string container;    // fält: its post ("indata"…); argument: its definition or parameter;
                            // uppräkningsvärde: its uppräkning; else ""
  std::string comment;      // the comment lines right above the declaration (without '#'), or the
                            // comment at the end of its line
  std::vector<std::string> lagrum;  // definition, villkor, parameter: as declared (first version)
};

// A use of a declared name that the checker resolved.
struct IndexedReference {
  SourceLocation location;
  size_t name = 0;  // index into SemanticIndex::names
};

struct SemanticIndex {
  std::vector<IndexedName> names;             // in source order
  std::vector<IndexedReference> references;  // in source order
  // The name declared or used at byte `offset` of the source, or null.
  const IndexedName* at(uint32_t offset) const;
};

// The index as JSON, schema "regel-index/1" (docs/json.md); indented unless `pretty` is false.
std::string renderIndexJson(const SemanticIndex& index, bool pretty = true);

}  // namespace regel
