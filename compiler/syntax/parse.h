// Entry point of compiler/syntax: UTF-8 source text in, our own AST plus diagnostics out.
#pragma once

#include <cstddef>

#include "compiler/diagnostics/diagnostic.h"
#include "compiler/diagnostics/source.h"
#include "compiler/syntax/ast.h"

namespace regel::syntax {

// Larger files are refused before parsing (R0007): no ruleset is near this size.
constexpr size_t kMaxSourceBytes = 32 * 1024 * 1024;  // room for 150 000 definitions (~15 MB)
// Deeper nesting of expressions or data values is refused (R0006) instead of recursing further.
constexpr int kMaxNesting = 200;
// Parsing stops reporting after this many syntax errors in one file.
constexpr size_t kMaxSyntaxErrors = 50;

// ANTLR's prediction caches (the DFA states and the context cache that all parsers of the grammar
// share) are dropped when, after a parse, they hold more than this many entries: a process that
// compiles thousands of different files (the service, the playground) keeps its memory flat. The
// bundled rulesets and thousands of generated files stay under 1 000 entries.
constexpr size_t kMaxParserCacheEntries = 200'000;

// Parses sources.file(fileId). Errors go to `sink`; the AST holds every declaration that could be
// built. Never throws and never aborts, whatever the bytes. Safe to call from several threads:
// ANTLR 4.9's C++ runtime shares those caches unguarded, so parses run one at a time (the rest
// of a compilation runs in parallel).
Ast parseFile(const diag::SourceSet& sources, uint32_t fileId, diag::DiagnosticSink& sink);

// The entries in ANTLR's shared prediction caches now (DFA states and cached contexts of the lexer
// and the parser), and the bound in force (kMaxParserCacheEntries unless a test lowers it).
size_t parserCacheEntries();
void setParserCacheBound(size_t entries);

}  // namespace regel::syntax
