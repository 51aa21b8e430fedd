// Golden tests: diagnostics of tests/golden/sema/*.regel and outputs of tests/golden/run/*.
// Expected files are reviewed by a person; REGEL_UPDATE_GOLDEN=1 rewrites them for that review.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "compiler/diagnostics/diagnostic.h"
#include "regel/compile.h"
#include "regel/decide.h"
#include "tests/golden_files.h"

namespace fs = std::filesystem;

using regel::golden::expectGolden;
using regel::golden::filesIn;
using regel::golden::readText;

// Each file's rendered diagnostics; a `fail_` file must have errors, any other must have none.
TEST(GoldenDiagnostics, SemaFiles) {
  auto files = filesIn("sema", ".regel");
  ASSERT_FALSE(files.empty());
  for (const auto& file : files) {
    SCOPED_TRACE(file.string());
    std::string rel = fs::relative(file, REGEL_SOURCE_DIR).string();
    regel::CompileResult r = regel::compileFile(rel);
    bool expectFail = file.filename().string().rfind("fail_", 0) == 0;
    EXPECT_EQ(expectFail, r.errors > 0) << r.rendered;
    fs::path expected = file;
    expected.replace_extension(".expected");
    expectGolden(expected, r.rendered);
  }
}

// `regel run` output: tests/golden/run/<name>.regel decides every <name>*.json beside it; the text
// (with the explanation tree) and the JSON (with the trace) are compared with reviewed files.
TEST(GoldenRun, DecisionsAndTraces) {
  auto rulesets = filesIn("run", ".regel");
  ASSERT_FALSE(rulesets.empty());
  size_t cases = 0;
  for (const auto& rules : rulesets) {
    std::string relRules = fs::relative(rules, REGEL_SOURCE_DIR).string();
    regel::RulesetInput in = regel::openRuleset(relRules);
    ASSERT_TRUE(in.ok) << in.rendered;
    std::string stem = rules.stem().string();
    for (const auto& json : filesIn("run", ".json")) {
      if (json.stem().string().rfind(stem + "-", 0) != 0) continue;
      SCOPED_TRACE(json.string());
      ++cases;
      std::string rel = fs::relative(json, REGEL_SOURCE_DIR).string();
      regel::DecideOptions options;
      options.trace = true;
      regel::CaseOutcome outcome = regel::decideFile(*in.ruleset, rel, options);
      fs::path textPath = json, jsonPath = json;
      textPath.replace_extension(".text.expected");
      jsonPath.replace_extension(".json.expected");
      expectGolden(textPath, regel::renderText(*in.ruleset, outcome, rel, true));
      expectGolden(jsonPath, regel::renderJson(*in.ruleset, outcome, rel));
    }
  }
  EXPECT_GT(cases, 0u);
}

// Every compiler diagnostic code appears in at least one reviewed golden file.
TEST(GoldenDiagnostics, EveryCodeIsCovered) {
  std::set<std::string> seen;
  std::regex code(R"(\[(R\d{4})\])");
  for (const auto& e : fs::recursive_directory_iterator(fs::path(REGEL_SOURCE_DIR) / "tests" / "golden")) {
    if (e.path().extension() != ".expected") continue;
    std::string text = readText(e.path());
    for (std::sregex_iterator it(text.begin(), text.end(), code), end; it != end; ++it) seen.insert((*it)[1]);
  }
  // R0000 (an unreadable file) has no source to show, R0007 (a file over 32 MiB) and R0318 (a
  // bytecode limit) need files of megabytes; unit tests cover them instead.
  std::vector<std::string> missing;
  for (auto kind : regel::diag::allKinds()) {
    std::string c(regel::diag::codeOf(kind));
    if (!seen.count(c) && c != "R0000" && c != "R0007" && c != "R0318") missing.push_back(c);
  }
  std::string list;
  for (const auto& m : missing) list += m + " ";
  EXPECT_TRUE(missing.empty()) << "koder utan golden-test: " << list;
}
