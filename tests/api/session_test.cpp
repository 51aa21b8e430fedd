// A reused Session decides and renders every case exactly like a fresh one-call decision, and
// batches give the same bytes whatever the number of threads.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "regel/batch.h"
#include "regel/compile.h"
#include "tests/api/api_fixture.h"
#include "regel/session.h"
#include "api/outcome_internal.h"

namespace {

using namespace regel;

using regel::testing::compiled;
using regel::testing::kRules;

// Varied cases: bifall, avslag, missing facts, unknown figures, runtime errors (a date outside
// every version) and cases that cannot be read.
std::vector<std::string> cases(size_t n) {
  std::vector<std::string> out;
  for (size_t i = 0; i < n; ++i) {
    const size_t adults = 1 + i % 3;
    std::string vuxna;
    for (size_t a = 0; a < adults; ++a) {
      vuxna += a ? ", " : "";
      vuxna += i % 7 == 3 && a == 0 ? R"({"inskriven": true})"
                                    : "{\"lön\": " + std::to_string((i * 37 + a * 11) % 9000) + "." +
                                          std::to_string(10 + i % 90) + ", \"inskriven\": " +
                                          (i % 5 == 4 ? "false" : "true") + "}";
    }
    const std::string month = i % 11 == 10 ? "2024-02" : "2023-0" + std::to_string(1 + i % 9);
    std::string indata = "{\"månad\": \"" + month + "\", \"vuxna\": [" + vuxna + "], \"hyra\": " +
                         std::to_string(1000 + (i * 131) % 8000) + (i % 4 == 0 ? ", \"el\": \"312,40 kr\"" : "") + "}";
    if (i % 13 == 12) indata = "{\"månad\": \"2023-03\", \"hyra\": \"mycket\"}";
    if (i % 17 == 16) indata = "{\"månad\": \"2023-03\", \"hyr\": 1}";
    out.push_back("{\"id\": \"c" + std::to_string(i) + "\", \"indata\": " + indata + "}");
  }
  return out;
}

TEST(Session, ReuseDecidesAndRendersLikeFreshDecisions) {
  auto rs = compiled();
  ASSERT_TRUE(rs);
  for (bool trace : {false, true}) {
    DecideOptions options;
    options.trace = trace;
    Session session(*rs, options);
    size_t decided = 0;
    for (const std::string& json : cases(300)) {
      const CaseOutcome& reused = session.decide(json);
      CaseOutcome fresh = decideJson(*rs, json, options);
      ASSERT_EQ(reused.decided(), fresh.decided()) << json;
      decided += reused.decided();
      EXPECT_EQ(renderJson(*rs, reused, "x", false), renderJson(*rs, fresh, "x", false)) << json;
      EXPECT_EQ(renderText(*rs, reused, "x", trace), renderText(*rs, fresh, "x", trace)) << json;
    }
    EXPECT_GT(decided, 200u);
  }
}

TEST(Session, AnInvalidFixedDateRefusesEveryCase) {
  DecideOptions options;
  options.date = "2023-02-30";
  Session session(*compiled(), options);
  const CaseOutcome& o = session.decide(cases(1)[0]);
  EXPECT_FALSE(o.decided());
  ASSERT_EQ(o.problems().size(), 1u);
  EXPECT_EQ(o.problems()[0].code, "R0605");
}

// Input from a string, in pieces of an awkward size so that lines cross the reads.
std::string batchInput() {
  std::string in;
  const std::vector<std::string> cs = cases(400);
  for (size_t i = 0; i < cs.size(); ++i) {
    in += cs[i] + (i % 50 == 7 ? "\r\n" : "\n");
    if (i % 61 == 5) in += "\n";                                  // a blank line
    if (i % 71 == 9) in += "{\"id\": \"trasig\", \"indata\": {\n";  // malformed JSON
    if (i == 123) in += std::string(3000, ' ') + "{}\n";            // over the limit below
    if (i == 200) in += "{\"x\": \"" + std::string(600000, 'x') + "\"}\n";  // longer than a read block
  }
  return in + cases(1)[0];  // the last line has no line end
}

BatchSummary runOn(const std::string& in, unsigned threads, bool trace, std::string& out) {
  BatchOptions options;
  options.threads = threads;
  options.decide.trace = trace;
  options.maxLineBytes = 2048;
  StringInput input(in, 97);
  StringOutput output;
  BatchSummary s = runBatch(*compiled(), input, output, options);
  out = output.text;
  return s;
}

TEST(Batch, OutputIsTheSameBytesWhateverTheNumberOfThreads) {
  const std::string in = batchInput();
  for (bool trace : {false, true}) {
    std::string one, two, four;
    BatchSummary s1 = runOn(in, 1, trace, one);
    runOn(in, 2, trace, two);
    runOn(in, 4, trace, four);
    EXPECT_EQ(one, two);
    EXPECT_EQ(one, four);
    EXPECT_EQ(s1.cases, 401u + 6u + 2u);  // cases, malformed lines, the long lines
    EXPECT_TRUE(s1.failed());
    // The summary too: every line counted once, whichever thread read it.
    for (unsigned threads : {2u, 4u}) {
      std::string out;
      const BatchSummary s = runOn(in, threads, trace, out);
      EXPECT_EQ(s.lines, s1.lines) << threads << " threads";
      EXPECT_EQ(s.cases, s1.cases) << threads << " threads";
      EXPECT_EQ(s.outcomes, s1.outcomes) << threads << " threads";
      EXPECT_EQ(s.runtimeErrors, s1.runtimeErrors) << threads << " threads";
      EXPECT_EQ(s.refused, s1.refused) << threads << " threads";
    }
  }
}

// An output that takes `room` blocks, then fails every write.
class FailingOutput final : public BatchOutput {
 public:
  explicit FailingOutput(int room) : room_(room) {}
  bool write(std::string_view bytes) override {
    if (room_-- <= 0) return false;
    text.append(bytes);
    return true;
  }
  std::string text;

 private:
  int room_;
};

TEST(Batch, AFailedWriteStopsTheBatchWithWhatWasWrittenIntact) {
  std::string in;
  for (int r = 0; r < 20; ++r) {
    for (const std::string& c : cases(200)) in += c + "\n";  // 4 000 lines: several blocks
  }
  BatchOptions plain;
  StringInput all(in);
  StringOutput allOut;
  runBatch(*compiled(), all, allOut, plain);
  for (unsigned threads : {1u, 2u, 4u}) {
    BatchOptions options;
    options.threads = threads;
    StringInput input(in);
    FailingOutput out(2);
    std::vector<BatchProgress> progress;
    const BatchSummary s =
        runBatch(*compiled(), input, out, options, [&](const BatchProgress& p) { progress.push_back(p); });
    EXPECT_TRUE(s.writeFailed) << threads << " threads";
    EXPECT_TRUE(s.failed());
    // The two blocks written are the first lines of the whole output, in order, and whole lines.
    ASSERT_FALSE(out.text.empty());
    EXPECT_EQ(out.text, allOut.text.substr(0, out.text.size())) << threads << " threads";
    EXPECT_EQ(out.text.back(), '\n');
    EXPECT_LT(out.text.size(), allOut.text.size());
    // Progress is said after each block written, and no more after the failure.
    ASSERT_EQ(progress.size(), 2u) << threads << " threads";
    EXPECT_LT(progress[0].lines, progress[1].lines);
    EXPECT_EQ(progress[1].lines, uint64_t(std::count(out.text.begin(), out.text.end(), '\n')));
  }
}

TEST(Batch, LinesComeInInputOrderWithTheirNumbersAndSessionDecisions) {
  const std::string in = batchInput();
  std::string out;
  BatchSummary s = runOn(in, 2, false, out);
  // Every non-blank input line gives one output line with its own line number, in order.
  std::vector<std::string> inLines, outLines;
  size_t start = 0;
  for (size_t i = 0; i <= in.size(); ++i) {
    if (i == in.size() || in[i] == '\n') {
      inLines.push_back(in.substr(start, i - start));
      start = i + 1;
    }
  }
  start = 0;
  for (size_t i = 0; i < out.size(); ++i) {
    if (out[i] == '\n') {
      outLines.push_back(out.substr(start, i - start));
      start = i + 1;
    }
  }
  Session session(*compiled());
  size_t k = 0;
  uint64_t refused = 0, decided = 0;
  for (size_t n = 0; n < inLines.size(); ++n) {
    std::string line = inLines[n];
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    ASSERT_LT(k, outLines.size());
    const std::string& o = outLines[k++];
    EXPECT_TRUE(o.starts_with("{\"rad\":" + std::to_string(n + 1) + ",")) << o;
    if (line.size() > 2048) {
      EXPECT_NE(o.find("\"kod\":\"R0607\""), std::string::npos) << o;
      ++refused;
      continue;
    }
    std::string expected;
    appendBatchLine(expected, *compiled(), session.decideLine(line, uint32_t(n + 1)), n + 1, false);
    EXPECT_EQ(o + "\n", expected);
    if (line.starts_with("{\"id\": \"trasig\"")) {
      EXPECT_NE(o.find("\"kod\":\"R0601\""), std::string::npos) << o;
      EXPECT_NE(o.find("på rad " + std::to_string(n + 1) + ","), std::string::npos) << o;
    }
    session.outcome().decided() ? ++decided : ++refused;
  }
  EXPECT_EQ(k, outLines.size());
  EXPECT_EQ(s.refused, refused);
  EXPECT_EQ(s.cases, refused + decided);
  uint64_t perOutcome = s.runtimeErrors;
  for (uint64_t c : s.outcomes) perOutcome += c;
  EXPECT_EQ(perOutcome, decided);
  EXPECT_GT(s.runtimeErrors, 0u);
  EXPECT_EQ(s.lines, inLines.size());
}

}  // namespace
