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

// Parses sources.file(fileId). Errors go to `sink`; the AST holds every declaration that could be
// built. Never throws and never aborts, whatever the bytes.
Ast parseFile(const diag::SourceSet& sources, uint32_t fileId, diag::DiagnosticSink& sink);

}  // namespace regel::syntax
