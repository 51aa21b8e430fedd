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
#include "regel/what_if.h"
#include "runtime/base/controls.h"

namespace regel::cli {

// The key comes from a file (never the command line, where other users could read it) or the
// environment.
bool readKey(const std::string& file, const char* env, const char* what, std::optional<std::string>& key) {
  if (!file.empty()) {
    std::ifstream in(file, std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
    if (text.empty()) {
      std::cerr << fmt::format("fel: nyckelfilen för {} är tom\n", what);
      return false;
    }
    key = std::move(text);
  } else if (const char* value = std::getenv(env); value != nullptr && *value != '\0') {
    key = std::string(value);
  }
  return true;
}

bool decideOptionsFromArgs(const std::string& date, const std::string& stickprovKeyFile, DecideOptions& options) {
  // A date given is valid: the option's check (cli/arguments.cpp) refused any other.
  if (!date.empty()) options.date = date;
  std::optional<std::string> key;
  if (!readKey(stickprovKeyFile, "REGEL_STICKPROV_NYCKEL", "stickprov", key)) return false;
  options.stickprovKey = key;
  return true;
}

namespace {

// The case file's text; false when it cannot be read (decideFile then says why).
bool readCaseFile(const std::string& path, std::string& text) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return !in.bad();
}

bool logDecision(AuditLog& log, const Ruleset& ruleset, const CaseOutcome& outcome, const std::string& text,
                 const DecideOptions& options) {
  auto record = makeDecisionRecord(ruleset, outcome, text, options);
  if (!record) return true;  // a refused case is no decision
  std::vector<DecisionRecord> records;
  records.push_back(std::move(*record));
  AuditProblem error;
  if (log.append(records, error)) return true;
  printCodedError(error.code, error.message);
  return false;
}

// `--sätt FÄLT=VÄRDE` as facts; false (after saying why) when one has no '='.
bool factsFromArgs(const std::vector<std::string>& given, DecideOptions& options) {
  for (const std::string& g : given) {
    const size_t eq = g.find('=');
    if (eq == std::string::npos || eq == 0) {
      std::cerr << fmt::format("fel: --sätt '{}' ska skrivas FÄLT=VÄRDE, t.ex. vuxna[0].lön=12000\n", g);
      return false;
    }
    options.facts.push_back({g.substr(0, eq), g.substr(eq + 1)});
  }
  return true;
}

}  // namespace

int runRun(const RunArgs& args, bool color) {
  DecideOptions options;
  if (!decideOptionsFromArgs(args.date, args.stickprovKeyFile, options)) return 2;
  if (!factsFromArgs(args.facts, options)) return 2;
  if (args.trace == "html" && args.cases.size() != 1) {
    std::cerr << "fel: --trace html ger en sida för ett ärende; ange ett ärende i taget\n";
    return 2;
  }
  // The trace also gives an approval its reason in the short text; deciding one case from the
  // command line can afford it.
  options.trace = true;
  RulesetInput rules = openRuleset(args.rules, {.color = color, .jit = args.jit});
  std::cerr << rules.rendered;
  if (!rules.ok) return 1;
  bool logFailed = false;
  std::unique_ptr<AuditLog> log = openDecisionLog(args.audit, *rules.ruleset, logFailed);
  if (logFailed) return 1;
  bool anyFailed = false;
  bool first = true;
  for (const auto& path : args.cases) {
    std::string text;
    CaseOutcome outcome = readCaseFile(path, text) ? decideJson(*rules.ruleset, text, options)
                                                   : decideFile(*rules.ruleset, path, options);
    // A decision the log cannot keep is not given: the run stops before it is shown.
    if (log && !logDecision(*log, *rules.ruleset, outcome, text, options)) return 1;
    anyFailed |= outcome.failed();
    // A file's name is shown, never acted on: one made by someone else (an upload) may hold an
    // escape sequence for the terminal.
    const std::string shown = rt::showControls(path);
    if (!options.facts.empty() && outcome.decided()) {
      std::string set;
      for (const auto& f : options.facts) set += (set.empty() ? "" : ", ") + f.path + " = " + f.value;
      std::cerr << fmt::format("obs: {} prövat med ändrade uppgifter ({}); beslutet gäller inte ärendet som det är\n", shown, set);
    }
    if (auto own = outcome.replacedCaseDate()) {
      std::cerr << fmt::format("varning: {} anger beslutsdatum {}, men --datum {} används\n", shown, *own, args.date);
    }
    if (args.trace == "html") {
      // A refused case has no decision to report: its problems go to stderr, as without --trace,
      // so that the page redirected to a file is never something other than a page.
      if (outcome.decided()) {
        std::cout << renderHtml(*rules.ruleset, outcome, {{"Ärendefil", shown}}, whatWouldChangeText(*rules.ruleset, outcome));
      } else {
        std::cerr << renderText(*rules.ruleset, outcome, shown, false);
      }
      continue;
    }
    if (args.trace == "json") {
      // One case: an indented document; several: JSON Lines, one document per line.
      std::cout << renderJson(*rules.ruleset, outcome, path, args.cases.size() == 1);
      continue;
    }
    if (!first) std::cout << "\n" << std::string(72, '-') << "\n\n";
    if (args.letter && outcome.decided()) {
      first = false;
      std::cout << renderLetter(*rules.ruleset, outcome, shown);
      continue;
    }
    first = false;
    if (!outcome.decided()) {
      std::cerr << renderText(*rules.ruleset, outcome, shown, args.explain);
      continue;
    }
    std::cout << shown << "\n" << renderText(*rules.ruleset, outcome, shown, args.explain);
    // For a refusal or a manual review the caseworker sees what single fact would change it.
    if (args.explain) {
      if (const std::string whatIf = whatWouldChangeText(*rules.ruleset, outcome); !whatIf.empty()) std::cout << "\n" << whatIf;
    }
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
  std::cout << fmt::format("Totalt: {} exempel stämmer, {} stämmer inte\n", passed, failed);
  return (failed > 0 || compileErrors || coverageShort) ? 1 : 0;
}

}  // namespace regel::cli
