// The equality check: generated households decided by the hand-written code, by the VM and (where
// built) by the JIT, from their JSON, untraced and traced, must get the same outcome and amount.
//   regel_bench_check [COUNT] [SEED]      (default 10000 cases, seed 2023)
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>

#include "bench/stod_cases.h"
#include "bench/stod_handwritten.h"
#include "bench/stod_ruleset.h"
#include "regel/compile.h"
#include "runtime/case/case_json.h"
#include "runtime/vm/decide.h"
#include "runtime/program/program.h"

using namespace regel;

namespace {

rt::Outcome expected(bench::HwOutcome o) {
  switch (o) {
    case bench::HwOutcome::Bifall: return rt::Outcome::Bifall;
    case bench::HwOutcome::Avslag: return rt::Outcome::Avslag;
    case bench::HwOutcome::ManuellProvning: return rt::Outcome::ManuellProvning;
  }
  return rt::Outcome::ManuellProvning;
}

// Empty when the VM's decision matches the hand-written one.
std::string compare(const bench::HwDecision& hw, const rt::Decision& d) {
  std::string why;
  if (d.error) why += " runtime error: " + d.error->message + ";";
  if (!d.missing.empty()) why += " missing facts, e.g. " + d.missing.front().path + ";";
  if (d.outcome != expected(hw.outcome)) {
    why += std::string(" outcome ") + rt::outcomeName(d.outcome) + ", hand-written " +
           rt::outcomeName(expected(hw.outcome)) + ";";
  }
  bool hwAmount = hw.outcome == bench::HwOutcome::Bifall;
  if (d.hasAmount != hwAmount || (hwAmount && d.amount.ore != hw.amountOre)) {
    why += " amount " + (d.hasAmount ? std::to_string(d.amount.ore) : std::string("none")) + " öre, hand-written " +
           (hwAmount ? std::to_string(hw.amountOre) : std::string("none")) + ";";
  }
  return why;
}

}  // namespace

int main(int argc, char** argv) {
  size_t count = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 10'000;
  uint64_t seed = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 2023;
  auto ruleset = bench::compileStod();
  const rt::Program& program = ruleset->program();
  rt::Decider untraced(program), traced(program);
  std::shared_ptr<const Ruleset> native;
  if (jitAvailable()) {
    NativeResult r = compileNative(*ruleset);
    if (!r.ruleset) {
      std::fprintf(stderr, "the JIT failed: %s\n", r.message.c_str());
      return 2;
    }
    native = r.ruleset;
  }
  rt::Decider jitUntraced(program, native ? native->native() : nullptr);
  rt::Decider jitTraced(program, native ? native->native() : nullptr);
  rt::DecisionOptions tracedOptions;
  tracedOptions.trace = true;

  auto households = bench::generateHouseholds(count, seed);
  size_t passed = 0, failed = 0, reasons = 0;
  std::map<std::string, size_t> outcomes;
  for (const auto& h : households) {
    bench::HwDecision hw = bench::decideHandwritten(h);
    std::string json = bench::toJson(h);
    rt::DecodedCase decoded = rt::decodeCase(json, program.types, program.inputRecord);
    std::string why;
    if (!decoded.errors.empty()) {
      why = " case refused: " + decoded.errors.front().code + " " + decoded.errors.front().message;
    } else {
      rt::Decision a = untraced.decide(decoded.data);
      rt::Decision b = traced.decide(decoded.data, tracedOptions);
      std::string wa = compare(hw, a), wb = compare(hw, b);
      if (!wa.empty()) why += " untraced:" + wa;
      if (!wb.empty()) why += " traced:" + wb;
      if (native) {
        std::string wj = compare(hw, jitUntraced.decide(decoded.data));
        std::string wt = compare(hw, jitTraced.decide(decoded.data, tracedOptions));
        if (!wj.empty()) why += " JIT untraced:" + wj;
        if (!wt.empty()) why += " JIT traced:" + wt;
      }
      if (b.trace.empty()) why += " traced: empty trace;";
      if (a.reasons != b.reasons) why += " reasons differ between untraced and traced;";
      reasons += a.reasons.size();
      std::string key = rt::outcomeName(a.outcome);
      if (a.outcome == rt::Outcome::ManuellProvning && !a.unknown.empty()) key += " (okänt belopp)";
      ++outcomes[key];
    }
    if (why.empty()) {
      ++passed;
    } else if (++failed <= 10) {
      std::printf("MISMATCH %s:%s\n  %s\n", h.id.c_str(), why.c_str(), json.c_str());
    }
  }
  std::printf("%zu cases (seed %llu, %s), ruleset %s:\n", households.size(), static_cast<unsigned long long>(seed), native ? "VM and JIT" : "VM only",
              bench::stodPath().c_str());
  for (const auto& [name, n] : outcomes) std::printf("  %-32s %6zu\n", name.c_str(), n);
  std::printf("  reasons rendered: %zu\n", reasons);
  std::printf("%zu passed, %zu failed\n", passed, failed);
  return failed == 0 ? 0 : 1;
}
