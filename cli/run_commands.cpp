// `regel run` (decide cases) and `regel test` (run exempel).
#include <fmt/format.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>

#include "cli/commands.h"
#include "regel/compile.h"
#include "regel/decide.h"
#include "regel/examples.h"

namespace regel::cli {

bool decideOptionsFromArgs(const std::string& date, const std::string& stickprovKeyFile, DecideOptions& options) {
  if (!date.empty()) {
    if (!validDecisionDate(date)) {
      std::cerr << fmt::format("fel: --datum '{}' är inget giltigt datum (ÅÅÅÅ-MM-DD)\n", date);
      return false;
    }
    options.date = date;
  }
  // The key comes from a file (never the command line, where other users could read it) or the
  // environment.
  if (!stickprovKeyFile.empty()) {
    std::ifstream in(stickprovKeyFile, std::ios::binary);
    std::string key((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    while (!key.empty() && (key.back() == '\n' || key.back() == '\r')) key.pop_back();
    if (key.empty()) {
      std::cerr << "fel: nyckelfilen för stickprov är tom\n";
      return false;
    }
    options.stickprovKey = key;
  } else if (const char* env = std::getenv("REGEL_STICKPROV_NYCKEL"); env != nullptr && *env != '\0') {
    options.stickprovKey = std::string(env);
  }
  return true;
}

int runRun(const RunArgs& args, bool color) {
  DecideOptions options;
  if (!decideOptionsFromArgs(args.date, args.stickprovKeyFile, options)) return 2;
  // The trace also gives an approval its reason in the short text; deciding one case from the
  // command line can afford it.
  options.trace = true;
  RulesetInput rules = openRuleset(args.rules, {.color = color, .jit = args.jit});
  std::cerr << rules.rendered;
  if (!rules.ok) return 1;
  bool anyFailed = false;
  bool first = true;
  for (const auto& path : args.cases) {
    CaseOutcome outcome = decideFile(*rules.ruleset, path, options);
    anyFailed |= outcome.failed();
    if (auto own = outcome.replacedCaseDate()) {
      std::cerr << fmt::format("varning: {} anger beslutsdatum {}, men --datum {} används\n", path, *own, args.date);
    }
    if (args.trace == "json") {
      // One case: an indented document; several: JSON Lines, one document per line.
      std::cout << renderJson(*rules.ruleset, outcome, path, args.cases.size() == 1);
      continue;
    }
    if (!first) std::cout << "\n" << std::string(72, '-') << "\n\n";
    first = false;
    if (!outcome.decided()) {
      std::cerr << renderText(*rules.ruleset, outcome, path, args.explain);
      continue;
    }
    std::cout << path << "\n" << renderText(*rules.ruleset, outcome, path, args.explain);
  }
  return anyFailed ? 1 : 0;
}

int runTest(const TestArgs& args, bool color) {
  size_t passed = 0, failed = 0;
  bool compileErrors = false;
  bool coverageShort = false;
  for (const auto& file : args.files) {
    ExampleReport report = runExamples(file, {.color = color, .jit = args.jit});
    std::cerr << report.compile.rendered;
    if (report.compile.errors > 0) {
      compileErrors = true;
      continue;
    }
    for (const auto& r : report.results) {
      std::string where = fmt::format("{}:{}:{}", r.location.file, r.location.line, r.location.column);
      if (r.passed) {
        if (args.verbose) std::cout << fmt::format("ok      {} \"{}\"\n", where, r.title);
        continue;
      }
      std::cout << fmt::format("MISSLYCKADES {} \"{}\"\n", where, r.title);
      for (const auto& m : r.mismatches) std::cout << "  " << m << "\n";
      std::cout << "\n" << r.decisionText << "\n" << r.explanation << "\n";
    }
    passed += report.passed;
    failed += report.failed;
    std::cout << fmt::format("{}: {} av {} exempel stämmer\n", file, report.passed,
                             report.passed + report.failed);
    if (args.coverage || args.minCoverage >= 0) std::cout << renderCoverage(report.coverage);
    const auto& c = report.coverage;
    if (args.minCoverage >= 0 && c.total() > 0 && c.covered() * 100 < size_t(args.minCoverage) * c.total()) {
      std::cout << fmt::format("{}: täckningen är under {} %\n", file, args.minCoverage);
      coverageShort = true;
    }
  }
  std::cout << fmt::format("{} passed, {} failed\n", passed, failed);
  return (failed > 0 || compileErrors || coverageShort) ? 1 : 0;
}

}  // namespace regel::cli
