// Reloading rulesets without downtime, JSON Lines batches over HTTP, and the decision log written
// by many requests at once.
#include <gmock/gmock.h>

#include "regel/audit.h"
#include "regel/batch.h"
#include "service/audit_writer.h"
#include "tests/service/test_server.h"

namespace regel::testing {
namespace {

using ::testing::HasSubstr;

const std::string kRules = "tests/golden/run/bistand.regel";
const std::string kCase = "tests/golden/run/bistand-1-bifall.json";

std::string rulesetSha(RunningServer& server) { return server.state().catalog()->find("bistand")->sha256; }

void writeText(const std::string& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

TEST(Reload, NewRulesReplaceTheOldAndRequestsSayWhichDecided) {
  TempDir dir;
  const std::string rules = dir.file("bistand.regel");
  const std::string original = readText(sourcePath(kRules));
  writeText(rules, original);
  RunningServer server(loadedState({rules}), service::addDecisionRoutes);
  const std::string json = readText(sourcePath(kCase));
  const std::string before = rulesetSha(server);
  // A request in flight keeps its catalog: the one taken before the reload still decides.
  const std::shared_ptr<const service::Catalog> held = server.state().catalog();

  std::string changed = original;
  const std::string oldVersion = "version \"golden-1\"";
  changed.replace(changed.find(oldVersion), oldVersion.size(), "version \"golden-2\"");
  writeText(rules, changed);
  auto reload = server.client().Post("/admin/ladda-om", "", "text/plain");
  ASSERT_TRUE(reload);
  EXPECT_EQ(reload->status, 200);
  EXPECT_THAT(reload->body, HasSubstr("\"generation\":2"));
  auto res = server.client().Post("/v1/beslut/bistand", json, "application/json");
  ASSERT_TRUE(res);
  EXPECT_NE(res->get_header_value("Regel-Regelverk-Sha256"), before);
  EXPECT_EQ(res->get_header_value("Regel-Regelverk-Sha256"), rulesetSha(server));
  EXPECT_THAT(res->body, HasSubstr("\"version\":\"golden-2\""));
  EXPECT_EQ(held->find("bistand")->sha256, before);
  auto session = held->find("bistand")->sessions->acquire();
  EXPECT_TRUE(session->decide(json).decided());

  // Rules that no longer compile: the reload fails, says why, and the loaded rules go on.
  writeText(rules, original + "\nvärde trasig: belopp = okänt_namn\n");
  auto failed = server.client().Post("/admin/ladda-om", "", "text/plain");
  ASSERT_TRUE(failed);
  EXPECT_EQ(failed->status, 500);
  EXPECT_EQ(firstCode(failed->body), "R0911");
  EXPECT_THAT(failed->body, HasSubstr("okänt_namn"));
  auto still = server.client().Post("/v1/beslut/bistand", json, "application/json");
  ASSERT_TRUE(still);
  EXPECT_EQ(still->status, 200);
  EXPECT_THAT(still->body, HasSubstr("\"version\":\"golden-2\""));
  auto metrics = server.client().Get("/metrics");
  EXPECT_THAT(metrics->body, HasSubstr("regel_omladdningar_total{resultat=\"ok\"} 1\n"));
  EXPECT_THAT(metrics->body, HasSubstr("regel_omladdningar_total{resultat=\"fel\"} 1\n"));
}

// Three cases as JSON Lines, the second of which cannot be read.
std::string batchInput() {
  std::string one = readText(sourcePath(kCase));
  std::replace(one.begin(), one.end(), '\n', ' ');
  return one + "\n{\"indata\": {\"boende\": \"mycket\"}}\n" + one + "\n";
}

TEST(Batch, JsonLinesOverHttpAreTheBatchCommandsLines) {
  RunningServer server(loadedState({sourcePath(kRules)}), service::addDecisionRoutes);
  auto res = server.client().Post("/v1/batch/bistand", batchInput(), "application/x-ndjson");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("Content-Type"), "application/x-ndjson");
  StringInput in(batchInput());
  StringOutput out;
  runBatch(*server.state().catalog()->find("bistand")->ruleset, in, out, BatchOptions{});
  EXPECT_EQ(res->body, out.text);
  EXPECT_EQ(std::count(res->body.begin(), res->body.end(), '\n'), 3);
  EXPECT_THAT(res->body, HasSubstr("\"rad\":2"));
}

TEST(Audit, EveryDecisionAnsweredIsInTheLogAndTheChainHolds) {
  TempDir dir;
  const std::string path = dir.file("logg.db");
  auto state = loadedState({sourcePath(kRules)});
  AuditProblem problem;
  auto log = AuditLog::open(path, {}, problem);
  ASSERT_TRUE(log) << problem.message;
  state->setAudit(std::make_unique<service::AuditWriter>(std::move(log)));
  {
    RunningServer server(std::move(state), service::addDecisionRoutes);
    const std::string json = readText(sourcePath(kCase));
    std::vector<std::thread> clients;
    std::atomic<int> answered{0};
    for (int t = 0; t < 4; ++t) {
      clients.emplace_back([&] {
        httplib::Client c = server.client();
        for (int i = 0; i < 10; ++i) {
          auto res = c.Post("/v1/beslut/bistand", json, "application/json");
          if (res && res->status == 200) ++answered;
        }
      });
    }
    for (auto& c : clients) c.join();
    auto batch = server.client().Post("/v1/batch/bistand", batchInput(), "application/x-ndjson");
    ASSERT_TRUE(batch);
    EXPECT_EQ(answered.load(), 40);
  }
  AuditOptions readOnly;
  readOnly.create = false;
  readOnly.readOnly = true;
  auto reader = AuditLog::open(path, readOnly, problem);
  ASSERT_TRUE(reader) << problem.message;
  const VerifyReport report = reader->verify({});
  EXPECT_TRUE(report.ok()) << (report.problems.empty() ? "" : report.problems.front().message);
  EXPECT_EQ(report.records, 42u);  // 40 requests and the batch's two decided lines
  EXPECT_EQ(report.replayed, 42u);
}

}  // namespace
}  // namespace regel::testing
