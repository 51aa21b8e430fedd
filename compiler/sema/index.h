// The semantic index: what tools (the playground's hover, a language server, a formatter, `regel
// index`) need to know about a ruleset's names: every declared name with its type, comment and
// lagrum, and every reference the checker resolved to it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "compiler/diagnostics/source.h"

namespace regel::sema {

enum class NameKind : uint8_t {
  Definition,  // värde
  Condition,   // villkor
  Parameter,
  Argument,    // of a parameter or of a definition per element
  Record,      // post
  Enum,        // uppräkning
  EnumValue,
  Field,       // of a record, or of the input
  Local,       // bound by an aggregate (`summa … för varje b i barn`)
  Exception,   // a named exception of a definition (`undantag jobbstimulans om …`)
};

struct IndexedName {
  NameKind kind = NameKind::Definition;
  std::string name;
  diag::Span span;         // the name where it is declared
  std::string type;        // as the language writes it ("belopp", "lista av Vuxen"); "" when none
  std::string container;   // Field: its record ("indata"…); Argument: its definition or parameter;
                           // EnumValue: its enumeration; Exception: its definition
  std::string comment;     // the comment lines right above the declaration, or at the end of its line
  std::vector<std::string> lagrum;  // Definition, Condition, Parameter: as declared first
};

struct IndexedReference {
  diag::Span span;  // where the name is written
  uint32_t name = 0;  // index into SemanticIndex::names
};

struct SemanticIndex {
  std::vector<IndexedName> names;             // in source order
  std::vector<IndexedReference> references;  // in source order
};

}  // namespace regel::sema
