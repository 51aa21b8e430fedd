// Checks a ruleset body (after a fixed header) and returns its diagnostics' codes and messages.
#pragma once

#include <string>
#include <vector>

#include "compiler/sema/check.h"
#include "compiler/syntax/parse.h"

namespace regel::testing {

struct CheckResult {
  std::vector<std::string> errors;    // codes of errors, in order
  std::vector<std::string> warnings;  // codes of warnings, in order
  std::vector<std::string> firstArgs; // each diagnostic's first argument ("" if none), in order
  ir::Module module;
};

inline CheckResult checkBody(const std::string& body) {
  diag::SourceSet sources;
  diag::DiagnosticSink sink;
  uint32_t id = sources.add("t.regel", "regelverk T version \"1\"\n" + body);
  std::vector<syntax::Ast> asts;
  asts.push_back(syntax::parseFile(sources, id, sink));
  CheckResult r;
  if (!sink.hasErrors()) r.module = sema::checkRuleset(asts, sources, sink);
  for (const auto& d : sink.all()) {
    auto& list = diag::severityOf(d.kind) == diag::Severity::Error ? r.errors : r.warnings;
    list.emplace_back(diag::codeOf(d.kind));
    r.firstArgs.push_back(d.args.empty() ? "" : d.args[0]);
  }
  return r;
}

}  // namespace regel::testing
