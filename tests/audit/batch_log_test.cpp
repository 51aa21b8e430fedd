// The decision log under `regel batch`: every decided line logged in input order before its
// output is written, whatever the number of threads; a log that fills up stops the batch; two
// writers on one log chain their records one after the other (SQLite and PostgreSQL).
#include <algorithm>
#include <thread>

#include "tests/audit/audit_fixture.h"

namespace regel::testing {
namespace {

// 1 200 lines (more than two blocks of 512), one of them malformed (it is refused, not logged).
std::string batchLines(std::vector<std::string>& decidedIds) {
  std::string in;
  for (int i = 0; i < 1200; ++i) {
    if (i == 600) {
      in += "{\"id\": \"trasig\", \"indata\": {\n";
      continue;
    }
    const std::string id = "b" + std::to_string(i);
    in += caseJson(id, (i * 37) % 9000, i % 13 != 0) + "\n";
    decidedIds.push_back(id);
  }
  return in;
}

class BatchLogTest : public LogTest {};

size_t countLines(const std::string& s) { return static_cast<size_t>(std::count(s.begin(), s.end(), '\n')); }

TEST_P(BatchLogTest, BatchLogsEveryDecidedLineInOrder) {
  std::vector<std::string> ids;
  const std::string in = batchLines(ids);
  StringOutput plain;
  {
    StringInput input(in, 4093);
    runBatch(*compiled(), input, plain, {});
  }
  for (unsigned threads : {1u, 2u}) {
    removeLog();
    auto log = openLog();
    BatchOptions options;
    options.threads = threads;
    options.recorder = log.get();
    StringInput input(in, 4093);
    StringOutput out;
    const BatchSummary summary = runBatch(*compiled(), input, out, options);
    EXPECT_EQ(summary.refused, 1u);
    EXPECT_FALSE(summary.recordFailed);
    // The lines are those of a batch without a log: the log's traces stay out of them.
    EXPECT_EQ(out.text, plain.text) << threads << " threads";
    std::vector<std::string> logged;
    AuditProblem error;
    ASSERT_TRUE(log->forEach([&](const LoggedDecision& r) { logged.push_back(r.decision.caseId); return true; }, error));
    EXPECT_EQ(logged, ids) << threads << " threads";
    const VerifyReport report = log->verify({.sample = 50, .seed = 1});
    EXPECT_TRUE(report.ok()) << renderVerifyReport(report);
    EXPECT_EQ(report.records, ids.size());
  }
}

TEST_F(AuditTest, FullLogStopsTheBatchBeforeUnloggedOutput) {
  std::vector<std::string> ids;
  const std::string in = batchLines(ids);
  for (unsigned threads : {1u, 2u}) {
    std::filesystem::remove(path_);
    AuditOptions capped;
    capped.maxBytes = 1 << 20;  // room for a block or two of traced decisions, not for all
    auto log = openLog(capped);
    BatchOptions options;
    options.threads = threads;
    options.recorder = log.get();
    StringInput input(in, 4093);
    StringOutput out;
    const BatchSummary summary = runBatch(*compiled(), input, out, options);
    EXPECT_TRUE(summary.recordFailed);
    EXPECT_TRUE(summary.failed());
    EXPECT_EQ(log->lastError().code, "R0804");
    std::vector<LoggedDecision> logged;
    AuditProblem error;
    ASSERT_TRUE(log->list({}, logged, error));
    // Every line written is a logged decision, and the batch stopped: some lines are missing.
    EXPECT_EQ(countLines(out.text), logged.size()) << threads << " threads";
    EXPECT_LT(logged.size(), ids.size());
    EXPECT_EQ(summary.cases, logged.size());
    EXPECT_TRUE(log->verify({}).ok());
  }
}

TEST_P(BatchLogTest, TwoWritersChainOneAfterTheOther) {
  openLog();  // creates the log
  auto write = [&](const std::string& prefix) {
    auto log = openLog();
    for (int block = 0; block < 10; ++block) {
      decideAndLog(*log, {caseJson(prefix + std::to_string(block) + "a", block), caseJson(prefix + std::to_string(block) + "b", block)});
    }
  };
  std::thread a(write, "a"), b(write, "b");
  a.join();
  b.join();
  auto log = openLog();
  const VerifyReport report = log->verify({});
  EXPECT_TRUE(report.ok()) << renderVerifyReport(report);
  EXPECT_EQ(report.records, 40u);
}

INSTANTIATE_TEST_SUITE_P(Backends, BatchLogTest, ::testing::Values(Backend::Sqlite, Backend::Postgres), backendName);

}  // namespace
}  // namespace regel::testing
