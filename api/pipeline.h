// Internal to api/: the front end (parse and check) shared by compiling, dumping and testing.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "compiler/diagnostics/source.h"
#include "compiler/ir/ir.h"
#include "compiler/sema/index.h"
#include "compiler/syntax/ast.h"
#include "regel/compile.h"
#include "regel/index.h"
#include "runtime/program/program.h"

namespace regel::api {

struct FrontEnd {
  diag::SourceSet sources;
  diag::DiagnosticSink sink;
  std::vector<syntax::Ast> asts;
  ir::Module module;
  std::optional<sema::SemanticIndex> index;  // when asked for
};

// Parses `text` and, when `check` is set, checks it into `fe.module` (after a syntax error, only
// to report what cannot follow from it: see checkAfterSyntaxErrors). With `index`, fills fe.index.
void runFrontEnd(FrontEnd& fe, const std::string& path, std::string text, bool check, bool index = false);
// Where a span is, as the public API says it: path, lines and columns, bytes ({} outside the files).
SourceLocation locationOf(diag::Span span, const diag::SourceSet& sources);
// The public form of the checker's index: spans as lines and columns.
SemanticIndex toPublic(const sema::SemanticIndex& index, const diag::SourceSet& sources);
// After a syntax error: checks what could be read, and reports only what cannot follow from the
// error (problems inside declarations it did not touch, of kinds lost code cannot cause).
void checkAfterSyntaxErrors(FrontEnd& fe, bool index);
// Fills a CompileResult's diagnostics and rendering from the front end's sink.
void finishDiagnostics(CompileResult& result, const FrontEnd& fe, const CompileOptions& options);
std::optional<std::string> readFile(const std::string& path);
// Generates bytecode for a checked module; a limit exceeded is reported to the sink (null result).
std::shared_ptr<const rt::Program> generate(FrontEnd& fe);
// With options.jit, the ruleset's native version (compiled in the background with
// options.jitInBackground); otherwise the ruleset itself. Null when the JIT fails: `rendered`
// then gets why, for people, as "fel: PATH: …".
std::shared_ptr<const Ruleset> nativeIfAsked(std::shared_ptr<const Ruleset> ruleset, const std::string& path,
                                             const CompileOptions& options, std::string& rendered);

}  // namespace regel::api
