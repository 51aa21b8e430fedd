// Benchmarks of deciding försörjningsstöd cases (bench/stod.regel) against a hand-written C++
// baseline, all in one run so their ratios are meaningful. See bench/README.md.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "bench/stod_cases.h"
#include "bench/stod_handwritten.h"
#include "bench/stod_ruleset.h"
#include "regel/batch.h"
#include "regel/decide.h"
#include "regel/session.h"
#include "runtime/case/case_json.h"
#include "runtime/explain/explain.h"
#include "runtime/vm/decide.h"
#include "runtime/program/program.h"

using namespace regel;

namespace {

constexpr size_t kCases = 1000;
constexpr uint64_t kSeed = 2023;

// Everything prepared outside the timing loops, shared read-only by all threads.
struct Fixture {
  std::shared_ptr<const Ruleset> ruleset;
  std::shared_ptr<const Ruleset> native;  // the same ruleset compiled by the JIT (null without it)
  std::string source;
  std::vector<bench::Household> households;
  std::vector<std::string> json;
  std::vector<rt::CaseData> cases;
  std::vector<rt::CaseData> casesOneMonth;  // the same households, all applying for 2023-03

  Fixture() {
    source = bench::readStodSource();
    ruleset = bench::compileStod();
    if (jitAvailable()) {
      NativeResult r = compileNative(*ruleset);
      if (!r.ruleset) {
        std::fprintf(stderr, "the JIT failed: %s\n", r.message.c_str());
        std::exit(2);
      }
      native = r.ruleset;
    }
    households = bench::generateHouseholds(kCases, kSeed);
    for (const auto& h : households) {
      json.push_back(bench::toJson(h));
      cases.push_back(decode(h, json.back()));
      bench::Household march = h;
      march.month = 3;
      casesOneMonth.push_back(decode(march, bench::toJson(march)));
    }
    // Chunks compile on their first run: run every case once, untraced and traced, so that no
    // benchmark times the compiler.
    if (native) {
      rt::Decider warm(ruleset->program(), native->native());
      rt::DecisionOptions traced;
      traced.trace = true;
      for (const auto& c : cases) {
        warm.decide(c);
        warm.decide(c, traced);
      }
    }
  }

  rt::CaseData decode(const bench::Household& h, const std::string& text) const {
    const rt::Program& p = ruleset->program();
    rt::DecodedCase d = rt::decodeCase(text, p.types, p.inputRecord);
    if (!d.errors.empty()) {
      std::fprintf(stderr, "generated case %s refused: %s\n", h.id.c_str(), d.errors.front().message.c_str());
      std::exit(2);
    }
    return std::move(d.data);
  }
};

const Fixture& fixture() {
  static const Fixture f;
  return f;
}

// Each thread starts at its own place in the cycle.
size_t startIndex(const benchmark::State& state) { return (size_t(state.thread_index()) * 397) % kCases; }

void BM_Handwritten(benchmark::State& state) {
  const Fixture& f = fixture();
  size_t i = startIndex(state);
  for (auto _ : state) {
    bench::HwDecision d = bench::decideHandwritten(f.households[i]);
    benchmark::DoNotOptimize(d);
    if (++i == kCases) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
}

// Decides the generated cases with a reused Decider, on the VM or (jit) on native code.
void engineDecide(benchmark::State& state, bool trace, bool jit, bool oneMonth = false) {
  const Fixture& f = fixture();
  const std::vector<rt::CaseData>& cases = oneMonth ? f.casesOneMonth : f.cases;
  if (jit && !f.native) {
    state.SkipWithError("built without the JIT");
    return;
  }
  // Reused for every case this thread decides.
  rt::Decider decider(f.ruleset->program(), jit ? f.native->native() : nullptr);
  rt::DecisionOptions options;
  options.trace = trace;
  rt::Decision d;  // reused: its buffers, the trace's among them, stay allocated
  size_t i = startIndex(state);
  for (auto _ : state) {
    decider.decide(cases[i], options, d);
    benchmark::DoNotOptimize(d.amount);
    if (++i == kCases) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
}

// A traced decision rendered as the JSON of `--trace json` (schema regel-beslut/1).
void BM_VmTracedJson(benchmark::State& state) {
  const Fixture& f = fixture();
  rt::Decider decider(f.ruleset->program());
  rt::DecisionOptions options;
  options.trace = true;
  rt::Decision d;
  size_t i = startIndex(state);
  for (auto _ : state) {
    decider.decide(f.cases[i], options, d);
    std::string json = rt::renderDecisionJson(f.ruleset->program(), d, f.cases[i], f.cases[i].caseId, false);
    benchmark::DoNotOptimize(json.data());
    if (++i == kCases) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_VmUntraced(benchmark::State& state) { engineDecide(state, false, false); }
void BM_VmTraced(benchmark::State& state) { engineDecide(state, true, false); }
// All cases in one month: the Decider keeps parameter and rule versions resolved between cases.
void BM_VmUntracedOneMonth(benchmark::State& state) { engineDecide(state, false, false, true); }
void BM_JitUntraced(benchmark::State& state) { engineDecide(state, false, true); }
void BM_JitTraced(benchmark::State& state) { engineDecide(state, true, true); }

// The batch path: JSON text → rt::decodeCase → decide, with a reused Decider.
void BM_DecodeAndDecide(benchmark::State& state) {
  const Fixture& f = fixture();
  const rt::Program& p = f.ruleset->program();
  rt::Decider decider(p);
  rt::DecisionOptions options;
  size_t i = startIndex(state);
  int64_t bytes = 0;
  for (auto _ : state) {
    rt::DecodedCase c = rt::decodeCase(f.json[i], p.types, p.inputRecord);
    options.date = c.date;
    rt::Decision d = decider.decide(c.data, options);
    benchmark::DoNotOptimize(d.amount);
    bytes += int64_t(f.json[i].size());
    if (++i == kCases) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(bytes);
}

// Only JSON text → rt::decodeCase: the decoding part of BM_DecodeAndDecide.
void BM_Decode(benchmark::State& state) {
  const Fixture& f = fixture();
  const rt::Program& p = f.ruleset->program();
  size_t i = startIndex(state);
  int64_t bytes = 0;
  for (auto _ : state) {
    rt::DecodedCase c = rt::decodeCase(f.json[i], p.types, p.inputRecord);
    benchmark::DoNotOptimize(c.data.records.data());
    bytes += int64_t(f.json[i].size());
    if (++i == kCases) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(bytes);
}

// The public one-call API (regel::decideJson): decodes and builds a fresh Decider per case.
void BM_DecideJsonApi(benchmark::State& state) {
  const Fixture& f = fixture();
  size_t i = startIndex(state);
  for (auto _ : state) {
    CaseOutcome o = decideJson(*f.ruleset, f.json[i]);
    benchmark::DoNotOptimize(o.amountOre());
    if (++i == kCases) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
}

// The public Session: JSON text → decision with the decoder and Decider reused.
void BM_SessionDecide(benchmark::State& state) {
  const Fixture& f = fixture();
  Session session(*f.ruleset);
  size_t i = startIndex(state);
  for (auto _ : state) {
    const CaseOutcome& o = session.decide(f.json[i]);
    benchmark::DoNotOptimize(o.amountOre());
    if (++i == kCases) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
}

// The generated cases as JSON Lines, read from memory.
class MemoryInput final : public BatchInput {
 public:
  explicit MemoryInput(const std::string& s) : s_(s) {}
  long read(char* buffer, size_t size) override {
    const size_t n = std::min(size, s_.size() - pos_);
    s_.copy(buffer, n, pos_);
    pos_ += n;
    return static_cast<long>(n);
  }

 private:
  const std::string& s_;
  size_t pos_ = 0;
};
// Counts the output and keeps its last block, as a sink that costs next to nothing.
class CountingOutput final : public BatchOutput {
 public:
  bool write(std::string_view bytes) override {
    bytes_ += bytes.size();
    benchmark::DoNotOptimize(bytes.data());
    return true;
  }
  size_t bytes_ = 0;
};

// regel batch end to end (JSON Lines in, result lines out) on state.range(0) worker threads;
// one iteration is a batch of 100 000 cases, so that what a batch does once (starting its workers
// and their sessions, the last chunk decided while the other workers wait) weighs as little as it
// does in a real batch run. Real time: the workers are not the timing thread.
constexpr int kBatchRepeats = 100;  // times the generated cases are repeated in one batch
void batch(benchmark::State& state, bool jit) {
  const Fixture& f = fixture();
  if (jit && !f.native) {
    state.SkipWithError("built without the JIT");
    return;
  }
  static const std::string jsonl = [&] {
    std::string s;
    for (int r = 0; r < kBatchRepeats; ++r) {
      for (const auto& j : f.json) s += j + "\n";
    }
    return s;
  }();
  BatchOptions options;
  options.threads = static_cast<unsigned>(state.range(0));
  size_t outBytes = 0;
  for (auto _ : state) {
    MemoryInput in(jsonl);
    CountingOutput out;
    BatchSummary s = runBatch(jit ? *f.native : *f.ruleset, in, out, options);
    if (s.refused != 0) state.SkipWithError("a generated case was refused");
    outBytes += out.bytes_;
  }
  state.SetItemsProcessed(state.iterations() * kBatchRepeats * int64_t(kCases));
  state.SetBytesProcessed(int64_t(state.iterations()) * int64_t(jsonl.size()));
  state.counters["out_bytes_per_case"] = double(outBytes) / double(state.iterations() * kBatchRepeats * kCases);
}
void BM_Batch(benchmark::State& state) { batch(state, false); }
void BM_BatchJit(benchmark::State& state) { batch(state, true); }

// Compiling bench/stod.regel from source (parse, check, bytecode): the cost of a recompile per
// keystroke in an editor.
void BM_Compile(benchmark::State& state) {
  const Fixture& f = fixture();
  for (auto _ : state) {
    CompileResult r = compileSource(bench::stodPath(), f.source);
    if (!r.ruleset) state.SkipWithError("stod.regel does not compile");
    benchmark::DoNotOptimize(r.ruleset);
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(int64_t(state.iterations()) * int64_t(f.source.size()));
}

}  // namespace

BENCHMARK(BM_Handwritten);
BENCHMARK(BM_VmUntraced);
BENCHMARK(BM_VmTraced);
BENCHMARK(BM_VmUntracedOneMonth);
BENCHMARK(BM_JitUntraced);
BENCHMARK(BM_JitTraced);
BENCHMARK(BM_VmTracedJson);
BENCHMARK(BM_Decode);
BENCHMARK(BM_DecodeAndDecide);
BENCHMARK(BM_DecideJsonApi);
BENCHMARK(BM_SessionDecide);
// At least a second per repetition whatever --benchmark_min_time says: one iteration is a batch
// of 100 000 cases (0.1–0.25 s), so a shorter repetition is one or two batches, and the
// two-worker figure, which anything else running on the second core lowers at once, varies more.
BENCHMARK(BM_Batch)->Arg(1)->Arg(2)->UseRealTime()->MeasureProcessCPUTime()->MinTime(1.0)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_BatchJit)->Arg(1)->Arg(2)->UseRealTime()->MeasureProcessCPUTime()->MinTime(1.0)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Compile)->Unit(benchmark::kMicrosecond);
