// The public library API, part 3: run a ruleset's `exempel` blocks as tests.
#pragma once

#include <string>
#include <vector>

#include "regel/compile.h"

namespace regel {

struct ExampleResult {
  std::string title;
  SourceLocation location;
  bool passed = false;
  std::vector<std::string> mismatches;  // Swedish: "beslut: förväntat bifall, fick avslag"
  std::string decisionText;             // the decision as rendered for people
  std::string explanation;              // the whole trace, for failures
};

struct ExampleReport {
  CompileResult compile;  // diagnostics; no examples run when it has errors
  std::vector<ExampleResult> results;
  size_t passed = 0;
  size_t failed = 0;
};

ExampleReport runExamples(const std::string& path, const CompileOptions& options = {});

}  // namespace regel
