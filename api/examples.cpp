// Library API: runs `exempel` blocks against the compiled ruleset and compares the outcome, the
// amount and the named values with what the example expects.
#include "regel/examples.h"

#include <fmt/format.h>

#include <algorithm>

#include "api/coverage.h"
#include "api/pipeline.h"
#include "compiler/bytecode/codegen.h"
#include "runtime/vm/decide.h"
#include "runtime/explain/explain.h"

namespace regel {
namespace {

ExampleResult runOne(const ir::Example& ex, const Ruleset& ruleset, const api::FrontEnd& fe,
                     api::CoverageTracker& coverage) {
  const rt::Program& program = ruleset.program();
  ExampleResult r;
  r.title = ex.title;
  if (ex.span.file < fe.sources.size()) {
    const auto& f = fe.sources.file(ex.span.file);
    auto lc = f.position(ex.span.begin);
    r.location = {f.path, lc.line, lc.column, ex.span.begin, ex.span.end};
  }
  rt::DecisionOptions opts;
  opts.trace = true;
  opts.ruleValues = true;
  opts.date = ex.date;
  rt::Decision d = rt::Decider(program, ruleset.native()).decide(ex.input, opts);
  coverage.record(d);
  r.decisionText = rt::renderDecisionText(program, d, "");
  if (!ex.expectedError.empty()) {
    if (!d.error) {
      r.mismatches.push_back(fmt::format("förväntat fel {}, men beslutet blev {}", ex.expectedError,
                                         rt::outcomeName(d.outcome)));
    } else if (d.error->code != ex.expectedError) {
      r.mismatches.push_back(fmt::format("förväntat fel {}, fick {}", ex.expectedError, rt::renderError(*d.error)));
    }
  } else if (d.error) {
    r.mismatches.push_back("körfel: " + rt::renderError(*d.error));
  } else {
    if (d.outcome != ex.outcome) {
      r.mismatches.push_back(fmt::format("beslut: förväntat {}, fick {}",
                                         rt::outcomeName(ex.outcome),
                                         rt::outcomeName(d.outcome)));
    }
    if (ex.hasAmount && (!d.hasAmount || d.amount != ex.amount)) {
      r.mismatches.push_back(fmt::format("belopp: förväntat {}, fick {}", rt::formatMoney(ex.amount),
                                         d.hasAmount ? rt::formatMoney(d.amount) : "inget belopp"));
    }
  }
  // Missing facts, reasons and named values are checked whatever stopped the decision: values
  // computed before an expected error are part of what the example specifies.
  {
    if (!ex.expectedMissing.empty()) {
      std::vector<std::string> actual;
      for (const auto& m : d.missing) actual.push_back(m.path);
      std::vector<std::string> want = ex.expectedMissing;
      std::sort(actual.begin(), actual.end());
      std::sort(want.begin(), want.end());
      if (actual != want) {
        auto join = [](const std::vector<std::string>& v) {
          std::string s;
          for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
          return s.empty() ? std::string("inga") : s;
        };
        r.mismatches.push_back(fmt::format("saknade uppgifter: förväntat {}, fick {}", join(want), join(actual)));
      }
    }
    for (const auto& reason : ex.expectedReasons) {
      if (std::find(d.reasons.begin(), d.reasons.end(), reason) == d.reasons.end()) {
        r.mismatches.push_back(fmt::format("skäl: förväntat \"{}\" bland skälen", reason));
      }
    }
    for (const auto& v : ex.values) {
      std::string expected = rt::formatValue(program, &ex.input, v.type, v.value);
      const rt::RuleValue* actual = v.rule < d.ruleValues.size() ? &d.ruleValues[v.rule] : nullptr;
      if (actual == nullptr || actual->state != rt::RuleState::Value) {
        const char* why = actual == nullptr || actual->state == rt::RuleState::NotEvaluated
                              ? "beräknades inte för beslutet"
                              : actual->state == rt::RuleState::Missing ? "kunde inte beräknas (uppgift saknas)"
                                                                        : "gav fel";
        r.mismatches.push_back(fmt::format("{}: förväntat {}, men värdet {}", v.name, expected, why));
        continue;
      }
      if (!rt::sameValue(program, &ex.input, v.type, actual->value, v.value)) {
        r.mismatches.push_back(fmt::format("{}: förväntat {}, fick {}", v.name, expected,
                                           rt::formatValue(program, &ex.input, v.type, actual->value)));
      }
    }
  }
  r.passed = r.mismatches.empty();
  if (!r.passed) r.explanation = rt::renderExplanationText(program, d, ex.input);
  return r;
}

}  // namespace

ExampleReport runExamples(const std::string& path, const CompileOptions& options) {
  auto text = api::readFile(path);
  if (!text) {
    ExampleReport report;
    api::FrontEnd fe;
    fe.sink.report(diag::Kind::UnreadableFile, diag::Span{UINT32_MAX, 0, 0}, {path});
    api::finishDiagnostics(report.compile, fe, options);
    return report;
  }
  return runExamplesSource(path, std::move(*text), options);
}

ExampleReport runExamplesSource(const std::string& path, std::string text, const CompileOptions& options) {
  ExampleReport report;
  api::FrontEnd fe;
  api::runFrontEnd(fe, path, std::move(text), true);
  std::shared_ptr<const rt::Program> program;
  if (!fe.sink.hasErrors()) program = api::generate(fe);
  api::finishDiagnostics(report.compile, fe, options);
  if (!program) return report;
  // Examples are to exercise native code: chunks compile as they first run, not in the background.
  CompileOptions foreground = options;
  foreground.jitInBackground = false;
  auto ruleset = api::nativeIfAsked(std::make_shared<const Ruleset>(program), path, foreground, report.compile.rendered);
  if (!ruleset) {
    ++report.compile.errors;
    return report;
  }
  api::CoverageTracker coverage(*program);
  for (const auto& ex : fe.module.examples) {
    report.results.push_back(runOne(ex, *ruleset, fe, coverage));
    (report.results.back().passed ? report.passed : report.failed)++;
  }
  report.coverage = coverage.take();
  return report;
}

}  // namespace regel
