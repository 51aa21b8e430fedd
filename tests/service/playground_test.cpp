// The playground's JSON API (/v1/lekplats/…): rules from the editor checked with diagnostics at
// their place, decided with the trace, their exempel run; bad requests answered with codes.
#include <gmock/gmock.h>

#include "tests/service/test_server.h"

namespace regel::testing {
namespace {

using ::testing::HasSubstr;

std::string body(const std::string& source, const std::string& extra = "") {
  std::string out = "{\"källkod\": ";
  rt::appendJsonString(out, source);
  return out + extra + "}";
}

class PlaygroundTest : public ::testing::Test {
 protected:
  PlaygroundTest() : server_(loadedState({}), service::addPlaygroundRoutes) {}
  httplib::Result post(const std::string& path, const std::string& json) {
    return server_.client().Post(path, json, "application/json");
  }
  const std::string rules_ = readText(sourcePath("tests/golden/run/bistand.regel"));
  RunningServer server_;
};

TEST_F(PlaygroundTest, CheckGivesEachDiagnosticAtItsPlaceWithItsSuggestion) {
  std::string broken = rules_;
  const size_t at = broken.find("= norm_vuxna(");
  ASSERT_NE(at, std::string::npos);
  broken.replace(at + 2, 11, "norm_vuxen(");
  auto res = post("/v1/lekplats/kontroll", body(broken));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  size_t line = 1 + static_cast<size_t>(std::count(broken.begin(), broken.begin() + static_cast<ptrdiff_t>(at), '\n'));
  const size_t column = at + 2 - broken.rfind('\n', at);
  EXPECT_THAT(res->body, HasSubstr("\"kod\":\"R0105\",\"allvarlighet\":\"fel\""));
  EXPECT_THAT(res->body, HasSubstr("\"från\":{\"rad\":" + std::to_string(line) + ",\"kolumn\":" + std::to_string(column) + "}"));
  EXPECT_THAT(res->body, HasSubstr("\"till\":{\"rad\":" + std::to_string(line) + ",\"kolumn\":" + std::to_string(column + 10) + "}"));
  EXPECT_THAT(res->body, HasSubstr("\"förslag\":\"norm_vuxna\""));
  EXPECT_THAT(res->body, HasSubstr("\"fel\":1,"));
  EXPECT_THAT(res->body, HasSubstr("\"indata\":null"));
}

TEST_F(PlaygroundTest, RulesWithoutErrorsGiveTheInputSchemaAndTheirExempelCount) {
  auto res = post("/v1/lekplats/kontroll", body(rules_));
  ASSERT_TRUE(res);
  EXPECT_THAT(res->body, HasSubstr("\"sammanfattning\":\"inga fel\""));
  EXPECT_THAT(res->body, HasSubstr("\"indata\":{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\",\"title\":\"Bistånd\""));
  EXPECT_THAT(res->body, HasSubstr("\"hinder\":{\"title\":\"hinder\",\"x-regel-valfri\":true"));
}

TEST_F(PlaygroundTest, DecidesTheEditorsRulesWithTheTrace) {
  const std::string json = readText(sourcePath("tests/golden/run/bistand-1-bifall.json"));
  auto res = post("/v1/lekplats/beslut", body(rules_, ", \"ärende\": " + json + ", \"datum\": \"2023-03-15\""));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_THAT(res->body, HasSubstr("\"utfall\":\"bifall\""));
  EXPECT_THAT(res->body, HasSubstr("\"spår\":{\"rot\":0"));
  EXPECT_THAT(res->body, HasSubstr("\"förklaring\":\"Ärende G-1"));
  // The case's numbers reach the reader as written ("310,50 kr"), not re-read as a double.
  EXPECT_THAT(res->body, HasSubstr("310,50 kr"));
}

TEST_F(PlaygroundTest, RulesThatDoNotCompileOrACaseThatCannotBeReadAre422) {
  auto rules = post("/v1/lekplats/beslut", body(rules_ + "\nvärde x: belopp = y\n", ", \"ärende\": {}"));
  ASSERT_TRUE(rules);
  EXPECT_EQ(rules->status, 422);
  EXPECT_EQ(firstCode(rules->body), "R0101");
  EXPECT_THAT(rules->body, HasSubstr("\"diagnostiker\":[{"));
  auto badCase = post("/v1/lekplats/beslut", body(rules_, ", \"ärende\": {\"boende\": \"mycket\"}"));
  ASSERT_TRUE(badCase);
  EXPECT_EQ(badCase->status, 422);
  EXPECT_THAT(badCase->body, HasSubstr("\"sökväg\":\"boende\""));
}

TEST_F(PlaygroundTest, BadRequestsAreNamed) {
  auto noSource = post("/v1/lekplats/kontroll", "{\"regler\": \"x\"}");
  ASSERT_TRUE(noSource);
  EXPECT_EQ(noSource->status, 400);
  EXPECT_EQ(firstCode(noSource->body), "R0907");
  auto notJson = post("/v1/lekplats/kontroll", "{\"källkod\": ");
  ASSERT_TRUE(notJson);
  EXPECT_EQ(notJson->status, 400);
  EXPECT_EQ(firstCode(notJson->body), "R0906");
  auto noCase = post("/v1/lekplats/beslut", body(rules_));
  ASSERT_TRUE(noCase);
  EXPECT_EQ(firstCode(noCase->body), "R0907");
  auto badDate = post("/v1/lekplats/beslut", body(rules_, ", \"ärende\": {}, \"datum\": \"2023-02-30\""));
  ASSERT_TRUE(badDate);
  EXPECT_EQ(badDate->status, 400);
  EXPECT_THAT(badDate->body, HasSubstr("ett datum ÅÅÅÅ-MM-DD"));
}

TEST_F(PlaygroundTest, RunsTheExempelWithCoverage) {
  auto res = post("/v1/lekplats/exempel", body(readText(sourcePath("rulesets/hemtjanstavgift/hemtjanstavgift.regel"))));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_THAT(res->body, HasSubstr("\"underkända\":0"));
  EXPECT_THAT(res->body, HasSubstr("\"godkänd\":true"));
  EXPECT_THAT(res->body, HasSubstr("\"slag\":\"tabellrad\""));
  EXPECT_THAT(res->body, ::testing::Not(HasSubstr("\"täckt\":false")));
}

TEST_F(PlaygroundTest, OffersTheBundledRulesetsWithTheirApplications) {
  auto list = server_.client().Get("/v1/lekplats/regelverk");
  ASSERT_TRUE(list);
  EXPECT_THAT(list->body, HasSubstr("{\"namn\":\"forsorjningsstod\",\"titel\":\"Försörjningsstöd\",\"fil\":\"forsorjningsstod.regel\"}"));
  auto one = server_.client().Get("/v1/lekplats/regelverk/forsorjningsstod");
  ASSERT_TRUE(one);
  EXPECT_EQ(one->status, 200);
  EXPECT_THAT(one->body, HasSubstr("{\"namn\":\"2023-0001\",\"ärende\":{"));
  EXPECT_THAT(one->body, HasSubstr("\"källkod\":\"# Försörjningsstöd enligt"));
  auto none = server_.client().Get("/v1/lekplats/regelverk/bostadsbidrag");
  ASSERT_TRUE(none);
  EXPECT_EQ(none->status, 404);
  EXPECT_EQ(firstCode(none->body), "R0902");
}

}  // namespace
}  // namespace regel::testing
