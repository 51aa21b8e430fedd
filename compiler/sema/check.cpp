// The checker's driver: runs the passes in order over the files of one ruleset.
#include "compiler/sema/check.h"

#include "compiler/sema/context.h"
#include "compiler/syntax/parse.h"

namespace regel::sema {
namespace {

// The checker and the code generator recurse over expressions. A long chain such as a sum of
// thousands of terms nests as deep as it is long, so depth is measured here without recursion
// and a file whose expressions are too deep is refused before any recursive pass sees it.
constexpr uint32_t kMaxExpressionDepth = 1000;

bool checkDepth(const syntax::Ast& ast, diag::DiagnosticSink& sink) {
  const auto& exprs = ast.exprs;
  std::vector<uint32_t> depth(exprs.size(), 0);
  std::vector<std::pair<syntax::ExprId, bool>> stack;
  for (syntax::ExprId root = 0; root < exprs.size(); ++root) {
    if (depth[root] != 0) continue;
    stack.push_back({root, false});
    while (!stack.empty()) {
      auto [id, expanded] = stack.back();
      stack.pop_back();
      const syntax::Expr& e = exprs[id];
      std::vector<syntax::ExprId> kids = {e.a, e.b, e.c};
      kids.insert(kids.end(), e.args.begin(), e.args.end());
      if (!expanded) {
        stack.push_back({id, true});
        for (auto k : kids) {
          if (k != syntax::kNoExpr && k < exprs.size() && depth[k] == 0) stack.push_back({k, false});
        }
        continue;
      }
      uint32_t d = 1;
      for (auto k : kids) {
        if (k != syntax::kNoExpr && k < exprs.size()) d = std::max(d, depth[k] + 1);
      }
      depth[id] = d;
      if (d > kMaxExpressionDepth) {
        sink.report(diag::Kind::NestingTooDeep, e.span, {std::to_string(kMaxExpressionDepth)});
        return false;
      }
    }
  }
  return true;
}

}  // namespace

ir::Module checkRuleset(const std::vector<syntax::Ast>& files, const diag::SourceSet& sources,
                        diag::DiagnosticSink& sink, SemanticIndex* index) {
  for (const auto& ast : files) {
    if (!checkDepth(ast, sink)) return {};
  }
  Context cx(sources, sink);
  cx.indexing = index != nullptr;
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
  if (index != nullptr) *index = buildIndex(cx, files);
  return std::move(cx.module);
}

}  // namespace regel::sema
