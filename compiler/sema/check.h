// Entry point of compiler/sema: ASTs in, the checked IR plus diagnostics out.
#pragma once

#include <vector>

#include "compiler/diagnostics/diagnostic.h"
#include "compiler/diagnostics/source.h"
#include "compiler/ir/ir.h"
#include "compiler/sema/index.h"
#include "compiler/syntax/ast.h"

namespace regel::sema {

// Checks the files of one ruleset (today: one file) and lowers them to IR. Every problem found is
// reported to `sink`; the module is complete only when the sink has no errors.
// With `index`, also fills it with the ruleset's names and references (index.h).
ir::Module checkRuleset(const std::vector<syntax::Ast>& files, const diag::SourceSet& sources,
                        diag::DiagnosticSink& sink, SemanticIndex* index = nullptr);

}  // namespace regel::sema
