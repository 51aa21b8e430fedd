// The checker's driver: runs the passes in order over the files of one ruleset.
#include "compiler/sema/check.h"

#include "compiler/sema/context.h"

namespace regel::sema {

ir::Module checkRuleset(const std::vector<syntax::Ast>& files, const diag::SourceSet& sources,
                        diag::DiagnosticSink& sink) {
  Context cx(sources, sink);
  for (const auto& ast : files) {
    if (ast.file < sources.size()) cx.module.sources.push_back({sources.file(ast.file).path, ""});
  }
  declareTypes(cx, files);
  declareValues(cx, files);
  checkParameterSignatures(cx);
  checkParameters(cx);
  checkRules(cx);
  checkDecision(cx, files);
  checkGraph(cx);
  checkExamples(cx, files);
  return std::move(cx.module);
}

}  // namespace regel::sema
