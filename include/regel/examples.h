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

// One thing the exempel should exercise: a rule version, an exception, a decision branch, or a
// parameter's table row (a version without a table counts as one row).
struct CoverageItem {
  enum class Kind { Rule, Exception, Branch, TableRow };
  Kind kind;
  std::string description;  // Swedish: "värde riksnorm (2023-01-01 – 2023-12-31)"
  SourceLocation location;
  bool covered = false;
};

struct Coverage {
  std::vector<CoverageItem> items;
  size_t covered(CoverageItem::Kind k) const;
  size_t total(CoverageItem::Kind k) const;
  size_t covered() const;
  size_t total() const { return items.size(); }
};

struct ExampleReport {
  CompileResult compile;  // diagnostics; no examples run when it has errors
  std::vector<ExampleResult> results;
  size_t passed = 0;
  size_t failed = 0;
  Coverage coverage;  // what the exempel exercised together
};

ExampleReport runExamples(const std::string& path, const CompileOptions& options = {});
// The same for source text not read from a file (the playground's editor); `path` names it in
// messages.
ExampleReport runExamplesSource(const std::string& path, std::string text, const CompileOptions& options = {});
// "regler 40 av 40 (100 %)" lines and every item not covered, for people.
std::string renderCoverage(const Coverage& coverage);

}  // namespace regel
