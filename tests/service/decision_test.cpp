// POST /v1/beslut/{regelverk}: the decision a client gets is the library's, byte for byte, with
// the explanation asked for; every problem is a JSON body with a stable code and the right status.
#include <gmock/gmock.h>

#include "regel/decide.h"
#include "regel/what_if.h"
#include "service/http_reply.h"
#include "tests/service/test_server.h"

namespace regel::testing {
namespace {

using ::testing::HasSubstr;

const std::string kRules = "rulesets/forsorjningsstod/forsorjningsstod.regel";
const std::string kCase = "rulesets/forsorjningsstod/ansokningar/2023-0001.json";

class DecisionTest : public ::testing::Test {
 protected:
  DecisionTest()
      : server_(loadedState({sourcePath(kRules), sourcePath("rulesets/hemtjanstavgift/hemtjanstavgift.regel")}),
                service::addDecisionRoutes) {}

  // The library's own decision of `json`, as the service decides it (always with the trace).
  CaseOutcome libraryDecision(const std::string& json) {
    const Ruleset& ruleset = *server_.state().catalog()->find("forsorjningsstod")->ruleset;
    DecideOptions options;
    options.trace = true;
    return decideJson(ruleset, json, options);
  }
  const Ruleset& ruleset() { return *server_.state().catalog()->find("forsorjningsstod")->ruleset; }

  RunningServer server_;
};

std::string member(const std::string& body, const char* key) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (parser.parse(body).get(doc)) return "(ingen JSON)";
  simdjson::dom::element value;
  if (doc[key].get(value)) return "(saknas)";
  std::string_view text;
  if (!value.get(text)) return std::string(text);
  return simdjson::minify(value);
}

TEST_F(DecisionTest, DecidesAsTheLibraryDoesAndNamesTheRuleset) {
  const std::string json = readText(sourcePath(kCase));
  auto res = server_.client().Post("/v1/beslut/forsorjningsstod", json, "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  const CaseOutcome expected = libraryDecision(json);
  const std::string decision = service::withoutNewline(renderJson(ruleset(), expected, "", false, false));
  EXPECT_THAT(res->body, HasSubstr("\"beslut\":" + decision + ","));
  EXPECT_THAT(res->body, HasSubstr("\"utfall\":\"bifall\""));
  EXPECT_THAT(res->body, HasSubstr("\"spår\":null"));
  EXPECT_EQ(member(res->body, "förklaring"), renderText(ruleset(), expected, "2023-0001", false));
  const std::string sha = server_.state().catalog()->find("forsorjningsstod")->sha256;
  EXPECT_EQ(res->get_header_value("Regel-Regelverk-Sha256"), sha);
  EXPECT_THAT(member(res->body, "regelverk"), HasSubstr("\"sha256\":\"" + sha + "\""));
}

TEST_F(DecisionTest, TheRulesetIsFoundByItsDeclaredNameToo) {
  auto res = server_.client().Post("/v1/beslut/F%C3%B6rs%C3%B6rjningsst%C3%B6d", readText(sourcePath(kCase)), "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_THAT(res->body, HasSubstr("\"id\":\"forsorjningsstod\""));
}

TEST_F(DecisionTest, EveryExplanationIsTheLibrarysRendering) {
  // An avslag: the full explanation searches what would change it, and the letter says how to appeal.
  const std::string json = readText(sourcePath("rulesets/forsorjningsstod/ansokningar/2023-0005.json"));
  const CaseOutcome expected = libraryDecision(json);
  ASSERT_EQ(expected.outcome(), Outcome::Avslag);
  auto full = server_.client().Post("/v1/beslut/forsorjningsstod?f%C3%B6rklaring=full", json, "application/json");
  ASSERT_TRUE(full);
  EXPECT_EQ(member(full->body, "förklaring"), renderText(ruleset(), expected, expected.caseId(), true));
  EXPECT_EQ(member(full->body, "vad_skulle_ändra"), whatWouldChangeText(ruleset(), expected));
  EXPECT_THAT(member(full->body, "vad_skulle_ändra"), HasSubstr("Vad skulle ändra beslutet"));
  auto letter = server_.client().Post("/v1/beslut/forsorjningsstod?f%C3%B6rklaring=brev", json, "application/json");
  ASSERT_TRUE(letter);
  EXPECT_EQ(member(letter->body, "förklaring"), renderLetter(ruleset(), expected, expected.caseId()));
  EXPECT_THAT(member(letter->body, "förklaring"), HasSubstr("förvaltningsrätten"));
  auto traced = server_.client().Post("/v1/beslut/forsorjningsstod?f%C3%B6rklaring=json", json, "application/json");
  ASSERT_TRUE(traced);
  EXPECT_THAT(traced->body, HasSubstr("\"beslut\":" + service::withoutNewline(renderJson(ruleset(), expected, "", false)) + "}"));
  EXPECT_THAT(traced->body, HasSubstr("\"spår\":{\"rot\":0"));
  EXPECT_EQ(member(traced->body, "förklaring"), "(saknas)");
}

TEST_F(DecisionTest, AnUnknownExplanationIsRefused) {
  auto res = server_.client().Post("/v1/beslut/forsorjningsstod?f%C3%B6rklaring=l%C3%A5ng", "{}", "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_EQ(firstCode(res->body), "R0904");
  EXPECT_THAT(res->body, HasSubstr("förklaring=lång finns inte"));
}

TEST_F(DecisionTest, ACaseThatCannotBeReadGets422WithThePathOfTheBadField) {
  auto res = server_.client().Post("/v1/beslut/forsorjningsstod",
                                   R"({"indata": {"månad": "2023-03", "vuxna": [{"ålder": "trettio"}]}})", "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 422);
  EXPECT_EQ(firstCode(res->body), "R0603");
  EXPECT_THAT(res->body, HasSubstr("\"sökväg\":\"indata.vuxna[0].ålder\""));
  auto broken = server_.client().Post("/v1/beslut/forsorjningsstod", "{\"indata\": ", "application/json");
  ASSERT_TRUE(broken);
  EXPECT_EQ(broken->status, 422);
  EXPECT_EQ(firstCode(broken->body), "R0601");
  std::string deep(100, '[');
  auto nested = server_.client().Post("/v1/beslut/forsorjningsstod", "{\"indata\": " + deep, "application/json");
  ASSERT_TRUE(nested);
  EXPECT_EQ(nested->status, 422);
}

TEST_F(DecisionTest, AnUnknownRulesetNamesTheOnesThereAre) {
  auto res = server_.client().Post("/v1/beslut/bostadsbidrag", "{}", "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 404);
  EXPECT_EQ(firstCode(res->body), "R0902");
  EXPECT_THAT(res->body, HasSubstr("tjänsten har forsorjningsstod, hemtjanstavgift"));
}

TEST_F(DecisionTest, AnUnknownAddressIsAJsonProblem) {
  auto res = server_.client().Get("/v1/beslut");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 404);
  EXPECT_EQ(firstCode(res->body), "R0901");
  EXPECT_EQ(res->get_header_value("Content-Type"), "application/json; charset=utf-8");
}

TEST_F(DecisionTest, ListsTheRulesetsAndTheirInputSchemas) {
  auto list = server_.client().Get("/v1/regelverk");
  ASSERT_TRUE(list);
  EXPECT_THAT(list->body, HasSubstr("{\"id\":\"hemtjanstavgift\",\"namn\":\"Avgift för hemtjänst\""));
  auto schema = server_.client().Get("/v1/regelverk/forsorjningsstod/schema");
  ASSERT_TRUE(schema);
  EXPECT_EQ(schema->status, 200);
  EXPECT_THAT(schema->body, HasSubstr("\"$schema\":\"https://json-schema.org/draft/2020-12/schema\""));
  EXPECT_THAT(schema->body, HasSubstr("\"boendekostnad\":{\"title\":\"boendekostnad\""));
  // A field's etikett is its title, for the form an e-service builds.
  EXPECT_THAT(schema->body, HasSubstr("\"lön\":{\"title\":\"lön efter skatt\",\"x-regel-typ\":\"belopp\""));
  auto missing = server_.client().Get("/v1/regelverk/nej/schema");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
}

TEST_F(DecisionTest, MetricsCountDecisionsByOutcomeAndProblemsByCode) {
  const std::string json = readText(sourcePath(kCase));
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(server_.client().Post("/v1/beslut/forsorjningsstod", json, "application/json"));
  ASSERT_TRUE(server_.client().Post("/v1/beslut/forsorjningsstod", "{\"x\": 1}", "application/json"));
  auto metrics = server_.client().Get("/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_THAT(metrics->body, HasSubstr("regel_beslut_total{regelverk=\"forsorjningsstod\",utfall=\"bifall\"} 3\n"));
  EXPECT_THAT(metrics->body, HasSubstr("regel_beslut_sekunder_count 3\n"));
  EXPECT_THAT(metrics->body, HasSubstr("regel_fel_total{kod=\"R0602\",status=\"422\"} 1\n"));
  EXPECT_THAT(metrics->body, HasSubstr("regel_beslut_sekunder_bucket{le=\"+Inf\"} 3\n"));
}

TEST_F(DecisionTest, ManyClientsAtOnceGetTheSameDecision) {
  const std::string json = readText(sourcePath(kCase));
  auto first = server_.client().Post("/v1/beslut/forsorjningsstod", json, "application/json");
  ASSERT_TRUE(first);
  std::vector<std::thread> clients;
  std::atomic<int> same{0};
  for (int t = 0; t < 6; ++t) {
    clients.emplace_back([&] {
      httplib::Client c = server_.client();
      for (int i = 0; i < 25; ++i) {
        auto res = c.Post("/v1/beslut/forsorjningsstod", json, "application/json");
        if (res && res->status == 200 && res->body == first->body) ++same;
      }
    });
  }
  for (auto& c : clients) c.join();
  EXPECT_EQ(same.load(), 150);
}

}  // namespace
}  // namespace regel::testing
