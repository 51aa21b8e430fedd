// Internal to api/: the checker after a syntax error (checkAfterSyntaxErrors in pipeline.h).
//
// The parser recovers from a syntax error and the AST builder leaves out what it could not read,
// so a declaration near the error may be incomplete in ways a correct file never is. Only the
// declarations no error touched are checked; they are what a correct parse would have built.
#include <algorithm>
#include <set>

#include "api/pipeline.h"
#include "compiler/sema/check.h"

namespace regel::api {
namespace {

// Calls `f` with every top-level declaration list of the AST.
template <class F>
void forEachDeclarationList(syntax::Ast& ast, F&& f) {
  f(ast.records);
  f(ast.enums);
  f(ast.inputs);
  f(ast.parameters);
  f(ast.definitions);
  f(ast.decisions);
  f(ast.stickprov);
  f(ast.examples);
}

std::vector<diag::Span> declarationSpans(syntax::Ast& ast) {
  std::vector<diag::Span> out;
  forEachDeclarationList(ast, [&](const auto& list) {
    for (const auto& d : list) out.push_back(d.span);
  });
  std::sort(out.begin(), out.end());
  return out;
}

// The declarations a syntax error touched: one lies inside the declaration, or after it but
// before the next declaration begins (a declaration the error cut short ends before the error).
std::set<diag::Span> touchedDeclarations(syntax::Ast& ast, const std::vector<diag::Span>& errors) {
  const std::vector<diag::Span> spans = declarationSpans(ast);
  std::set<diag::Span> touched;
  for (size_t i = 0; i < spans.size(); ++i) {
    const uint32_t regionEnd = i + 1 < spans.size() ? spans[i + 1].begin : UINT32_MAX;
    const bool hit = std::any_of(errors.begin(), errors.end(), [&](const diag::Span& e) {
      return e.file == ast.file && e.end >= spans[i].begin && e.begin < std::max(regionEnd, spans[i].end + 1);
    });
    if (hit) touched.insert(spans[i]);
  }
  return touched;
}

// Problems a syntax error can cause in code that is itself correct: a name, type, field or
// exception declared where the error is, a declaration lost (the decision, the input, the
// header), and anything unused or unreachable because of what was lost.
bool mayFollowFromLostCode(diag::Kind k) {
  using diag::Kind;
  switch (k) {
    case Kind::UnknownName: case Kind::UnknownType: case Kind::UnknownField: case Kind::UnknownFunction:
    case Kind::UnknownException: case Kind::UnknownDecisionDate: case Kind::UnknownTemplateName:
    case Kind::UnknownExampleField: case Kind::UnknownExpectedName: case Kind::MissingDecision:
    case Kind::DecisionNotExhaustive: case Kind::MissingInput: case Kind::MissingHeader:
    case Kind::ExampleNeedsDecision:
      return true;
    default:
      return diag::severityOf(k) != diag::Severity::Error;  // the warnings
  }
}

}  // namespace

void checkAfterSyntaxErrors(FrontEnd& fe, bool index) {
  std::vector<diag::Span> errors;
  for (const auto& d : fe.sink.all()) errors.push_back(d.span);
  std::vector<syntax::Ast> readable = fe.asts;
  std::vector<diag::Span> kept;
  for (syntax::Ast& ast : readable) {
    const std::set<diag::Span> touched = touchedDeclarations(ast, errors);
    forEachDeclarationList(ast, [&](auto& list) {
      std::erase_if(list, [&](const auto& d) { return touched.count(d.span) > 0; });
      for (const auto& d : list) kept.push_back(d.span);
    });
  }
  diag::DiagnosticSink scratch;
  sema::SemanticIndex built;
  sema::checkRuleset(readable, fe.sources, scratch, index ? &built : nullptr);
  if (index) fe.index = std::move(built);
  for (diag::Diagnostic& d : scratch.take()) {
    if (mayFollowFromLostCode(d.kind)) continue;
    const bool inside = std::any_of(kept.begin(), kept.end(), [&](const diag::Span& decl) {
      return d.span.file == decl.file && d.span.begin >= decl.begin && d.span.end <= decl.end;
    });
    if (inside) fe.sink.add(std::move(d));
  }
}

}  // namespace regel::api
