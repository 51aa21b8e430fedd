#include "fuzz/fuzz_support.h"

#include <cstdio>
#include <cstdlib>

#include "regel/batch.h"
#include "regel/decide.h"
#include "regel/what_if.h"

namespace regel::fuzz {

void fail(const char* what, std::string_view detail) {
  std::fprintf(stderr, "\n==== fuzz invariant broken: %s\n%.*s\n", what, static_cast<int>(detail.size()),
               detail.data());
  std::abort();
}

const std::vector<Ruleset>& bundledRulesets() {
  static const std::vector<Ruleset> rulesets = [] {
    std::vector<Ruleset> out;
    for (const char* rel : {"rulesets/forsorjningsstod/forsorjningsstod.regel",
                            "rulesets/hemtjanstavgift/hemtjanstavgift.regel"}) {
      CompileResult compiled = compileFile(std::string(REGEL_SOURCE_DIR) + "/" + rel);
      if (!compiled.ruleset) fail("a bundled ruleset does not compile", compiled.rendered);
      out.push_back(*compiled.ruleset);
    }
    return out;
  }();
  return rulesets;
}

namespace {

// `regel batch` over the case as its one line writes what the one-call API's outcome gives: the
// batch cuts lines out of blocks it reads and decodes them with a session of its own.
void batchAgrees(const Ruleset& ruleset, std::string_view json, const DecideOptions& options,
                 const CaseOutcome& outcome) {
  // A batch reads lines: one that holds a line end, or nothing but blanks, is another input.
  if (json.find_first_of("\n\r") != std::string_view::npos) return;
  if (json.find_first_not_of(" \t") == std::string_view::npos) return;
  BatchOptions batch;
  if (json.size() > batch.maxLineBytes) return;  // refused by its size, unread
  batch.decide = options;
  StringInput in{std::string(json)};
  StringOutput out;
  runBatch(ruleset, in, out, batch);
  std::string expected;
  appendBatchLine(expected, ruleset, outcome, 1, options.trace);
  if (out.text != expected) fail("a batch line differs from the decision", "---- batch\n" + out.text + "\n---- decision\n" + expected);
}

// Everything a user or a program can be shown of one case, in one string.
std::string renderEveryWay(const Ruleset& ruleset, std::string_view json) {
  std::string all;
  for (bool trace : {false, true}) {
    DecideOptions options;
    options.trace = trace;
    CaseOutcome outcome = decideJson(ruleset, json, options);
    all += renderText(ruleset, outcome, "fuzz", false);
    if (trace) {
      all += renderText(ruleset, outcome, "fuzz", true);
      all += renderJson(ruleset, outcome, "fuzz", true);
      if (outcome.decided()) {
        // The search decides the case again with facts moved to the ends of their ranges; within
        // a small budget, so that one input stays far below the fuzzer's timeout.
        const WhatIfOptions search{.maxDecisions = 300};
        all += renderLetter(ruleset, outcome, "fuzz", search);
        all += renderHtml(ruleset, outcome);
        all += renderWhatIf(whatWouldChange(ruleset, outcome, search));
      }
    }
    appendBatchLine(all, ruleset, outcome, 1, trace);
    batchAgrees(ruleset, json, options, outcome);
  }
  return all;
}

}  // namespace

void decideEveryWay(const Ruleset& ruleset, std::string_view json, const Ruleset* native) {
  std::string vm = renderEveryWay(ruleset, json);
  if (!native) return;
  std::string jit = renderEveryWay(*native, json);
  if (vm != jit) fail("the VM and the JIT differ", "---- VM\n" + vm + "\n---- JIT\n" + jit);
}

}  // namespace regel::fuzz
