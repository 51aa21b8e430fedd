// Pseudonymised exports: the values of `personuppgift` fields and the case id never appear, the
// same value under one key gives the same pseudonym, and everything else keeps its exact text.
#include "runtime/base/sha256.h"
#include "tests/audit/audit_fixture.h"

namespace regel::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const char* const kPersonalRules = R"(regelverk Personer
  version "p1"
post Sökande { namn: text personuppgift, personnummer: heltal personuppgift, ålder: heltal }
indata { sökande: Sökande, lön: belopp }
värde bistånd: belopp
  lagrum "4 kap. 1 § SoL"
  = max(0 kr, 5 000 kr - lön)
  motivering "Till {sökande.namn}: {bistånd}."
beslut
  bifall med bistånd om bistånd > 0 kr
  avslag annars skäl "{sökande.namn} har inkomster som täcker behovet."
)";

std::string personalCase(const std::string& id, const std::string& name, const std::string& pnr, const std::string& lon) {
  return "{\"id\": \"" + id + "\", \"indata\": {\"sökande\": {\"namn\": \"" + name + "\", \"personnummer\": " + pnr +
         ", \"ålder\": 40}, \"lön\": " + lon + "}}";
}

std::string expectedPseudonym(const std::string& key, const std::string& value) {
  return "pseudonym:" + rt::toHex(rt::hmacSha256(key, value)).substr(0, 16);
}

TEST_F(AuditTest, PseudonymisedExportHidesPersonalData) {
  CompileResult compiled = compileSource("personer.regel", kPersonalRules);
  ASSERT_TRUE(compiled.ruleset) << compiled.rendered;
  AuditProblem error;
  auto log = AuditLog::open(path_, {}, error);
  ASSERT_TRUE(log && log->useRuleset(*compiled.ruleset, error)) << error.message;
  const std::vector<std::string> cases = {personalCase("198501011234", "Anna Andersson", "198501011234", "1000.50"),
                                          personalCase("K-2", "Bo", "199001011234", "9000"),
                                          personalCase("K-3", "Bo", "199001011234", "100")};
  DecideOptions traced;
  traced.trace = true;
  Session session(*compiled.ruleset, traced);
  std::vector<DecisionRecord> records;
  for (const auto& json : cases) records.push_back(*makeDecisionRecord(*compiled.ruleset, session.decide(json), json, traced));
  ASSERT_TRUE(log->append(records, error)) << error.message;

  const std::string key = "kommunens pseudonymnyckel";
  std::string exported;
  ASSERT_TRUE(log->forEach(
      [&](const LoggedDecision& r) {
        auto hidden = log->pseudonymised(r, key, error);
        EXPECT_TRUE(hidden) << error.message;
        if (hidden) exported += renderRecordJson(*hidden);
        return true;
      },
      error));
  for (const char* secret : {"Anna", "Andersson", "198501011234", "199001011234", "\"Bo\"", "Bo ", "Bo:", "K-2"}) {
    EXPECT_THAT(exported, Not(HasSubstr(secret))) << secret;
  }
  // The same name under one key: one pseudonym, in the input, the reasons and the trace.
  const std::string bo = expectedPseudonym(key, "Bo");
  EXPECT_THAT(exported, HasSubstr("\\\"namn\\\":\\\"" + bo + "\\\""));
  EXPECT_THAT(exported, HasSubstr(bo + " har inkomster som täcker behovet."));
  EXPECT_THAT(exported, HasSubstr("Till " + expectedPseudonym(key, "Anna Andersson") + ": 3 999,50 kr."));
  EXPECT_THAT(exported, HasSubstr("\"ärende\":\"" + expectedPseudonym(key, "K-2") + "\""));
  // What is not personal keeps its exact text, numbers included.
  EXPECT_THAT(exported, HasSubstr("\\\"ålder\\\":40"));
  EXPECT_THAT(exported, HasSubstr("\\\"lön\\\":1000.50"));
  EXPECT_THAT(exported, HasSubstr("\"pseudonymiserad\":true"));
  // The log itself is untouched, and still verifies.
  EXPECT_TRUE(log->verify({}).ok());
  EXPECT_THAT(log->get(2, error)->decision.input, HasSubstr("\"Bo\""));
}

}  // namespace
}  // namespace regel::testing
