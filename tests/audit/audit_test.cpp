// The decision log: what a record keeps, the chain, and what `verify` finds when a log has been
// altered behind regel's back (on SQLite and on PostgreSQL), and opening errors of a SQLite file.
#include <sys/stat.h>

#include <fstream>

#include "audit/document_diff.h"
#include "tests/audit/audit_fixture.h"

namespace regel::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

TEST_P(LogTest, RecordKeepsTheDecisionItsCaseAndItsRuleset) {
  auto log = openLog();
  decideAndLog(*log, {caseJson("k1", 1000), caseJson("k2", 20000), caseJson("k3", 0, false)});
  AuditProblem error;
  auto r = log->get(1, error);
  ASSERT_TRUE(r) << error.message;
  EXPECT_EQ(r->decision.caseId, "k1");
  EXPECT_EQ(r->decision.outcome, "bifall");
  EXPECT_EQ(r->decision.amountOre, 749000);  // 3 490 + 5 000 − 1 000 kr
  EXPECT_EQ(r->decision.decisionDate, "2023-03-01");
  EXPECT_EQ(r->decision.input, caseJson("k1", 1000));
  EXPECT_EQ(r->engine, engineVersion());
  EXPECT_EQ(r->rulesetName, "Stöd");
  EXPECT_EQ(r->rulesetVersion, "t1");
  EXPECT_EQ(r->previousHash, std::string(64, '0'));
  EXPECT_THAT(r->decision.decision, HasSubstr("\"spår\""));  // the trace is kept
  EXPECT_EQ(r->hmac, "");
  auto second = log->get(2, error);
  ASSERT_TRUE(second);
  EXPECT_EQ(second->previousHash, r->hash);
  EXPECT_EQ(second->decision.outcome, "avslag");
  EXPECT_EQ(second->decision.reasons, "[\"Inkomsterna täcker behovet.\"]");
  EXPECT_FALSE(second->decision.amountOre);
  // The ruleset is stored once, as the .rgb bytes the decisions were made with.
  auto rgb = log->rulesetRgb(r->rulesetSha256, error);
  ASSERT_TRUE(rgb);
  EXPECT_EQ(*rgb, compiled()->toRgb());
  EXPECT_FALSE(log->get(4, error));
  EXPECT_EQ(error.code, "R0806");
  EXPECT_EQ(error.message, "beslutsloggen har ingen post 4");
}

TEST_F(AuditTest, LogFileIsPrivateAndAppendOnly) {
  auto log = openLog();
  decideAndLog(*log, {caseJson("k1", 1000)});
  struct stat st {};
  ASSERT_EQ(::stat(path_.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
  char* message = nullptr;
  EXPECT_NE(sqlite3_exec(db, "UPDATE decisions SET amount_ore = 1", nullptr, nullptr, &message), SQLITE_OK);
  EXPECT_THAT(std::string(message ? message : ""), HasSubstr("beslutsloggen tar bara emot nya poster"));
  sqlite3_free(message);
  EXPECT_NE(sqlite3_exec(db, "DELETE FROM rulesets", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
}

TEST_P(LogTest, IntactLogVerifiesAndReplays) {
  auto log = openLog();
  decideAndLog(*log, {caseJson("k1", 1000), caseJson("k2", 20000)});
  decideAndLog(*log, {caseJson("k3", 0, false)});
  const VerifyReport report = log->verify({});
  EXPECT_TRUE(report.ok()) << renderVerifyReport(report);
  EXPECT_EQ(report.records, 3u);
  EXPECT_EQ(report.replayed, 3u);
  EXPECT_EQ(report.headId, 3);
  AuditProblem error;
  EXPECT_EQ(report.head, log->get(3, error)->hash);
  EXPECT_THAT(renderVerifyReport(report), HasSubstr("3 poster kontrollerade, 3 omprövade: kedjan är hel och besluten står sig"));
}

TEST_P(LogTest, AlteredAmountIsFoundByChainAndReplay) {
  auto log = openLog();
  decideAndLog(*log, {caseJson("k1", 1000), caseJson("k2", 1500), caseJson("k3", 2000)});
  tamper("UPDATE decisions SET amount_ore = 999900 WHERE id = 2");
  const VerifyReport report = log->verify({});
  EXPECT_THAT(codes(report), ElementsAre("R0811", "R0819"));
  EXPECT_EQ(report.problems[0].message, "post 2 är ändrad: dess innehåll stämmer inte med dess kedjesumma");
  EXPECT_EQ(report.problems[1].message, "post 2 beslutas annorlunda vid omprövning: beloppet var 9 999 kr, är nu 6 990 kr");
}

// A record logged by an older regel lacks fields a newer one adds to regel-beslut/1: its replay
// is no difference (only the edit itself breaks the chain). A changed value in the trace is one,
// and the report says where.
TEST_P(LogTest, ReplayAllowsAddedFieldsButNotChangedValues) {
  auto log = openLog();
  decideAndLog(*log, {caseJson("k1", 1000), caseJson("k2", 1500)});
  const bool sqlite = backend() == Backend::Sqlite;
  tamper(sqlite ? "UPDATE decisions SET decision = json_remove(decision, '$.regelverk.version') WHERE id = 1"
                : "UPDATE decisions SET decision = (decision::jsonb #- '{regelverk,version}')::text WHERE id = 1");
  VerifyReport report = log->verify({});
  EXPECT_THAT(codes(report), ElementsAre("R0811"));
  tamper(sqlite ? "UPDATE decisions SET decision = json_set(decision, '$.belopp.text', '1 kr') WHERE id = 2"
                : "UPDATE decisions SET decision = jsonb_set(decision::jsonb, '{belopp,text}', '\"1 kr\"')::text WHERE id = 2");
  report = log->verify({});
  EXPECT_THAT(codes(report), ElementsAre("R0811", "R0811", "R0819"));
  EXPECT_THAT(report.problems[2].message,
              HasSubstr("post 2 beslutas annorlunda vid omprövning: spåret (motiveringen) skiljer sig: belopp.text: var \"1 kr\", är nu"));
}

// A bifall logged by a regel that did not yet give its amount's motivering as a reason (its
// reasons lack it, legitimately chained) replays as the same decision; any other change of the
// reasons does not.
TEST_P(LogTest, ReplayAllowsTheAmountsReasonAnOlderRegelDidNotGive) {
  auto log = openLog();
  DecideOptions options;
  options.trace = true;
  Session session(*compiled(), options);
  std::vector<DecisionRecord> records;
  for (const char* id : {"k1", "k2"}) {
    const std::string json = caseJson(id, 1000);
    auto r = makeDecisionRecord(*compiled(), session.decide(json), json, options);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->reasons, R"(["Normen och kostnaderna minus inkomsten 1 000 kr ger 7 490 kr."])");
    records.push_back(std::move(*r));
  }
  records[0].reasons = "[]";                   // as an older regel logged it
  records[1].reasons = R"(["Ett annat skäl."])";  // not what any regel gave
  AuditProblem error;
  ASSERT_TRUE(log->append(records, error)) << error.message;
  const VerifyReport report = log->verify({});
  EXPECT_THAT(codes(report), ElementsAre("R0819"));
  EXPECT_EQ(report.problems[0].message, "post 2 beslutas annorlunda vid omprövning: skälen skiljer sig");
}

TEST(DocumentDifference, NamesWhereADocumentFirstDiffers) {
  using regel::audit::documentDifference;
  EXPECT_EQ(documentDifference(R"({"a":1})", R"({"a":1})"), "");
  EXPECT_EQ(documentDifference(R"({"a":1})", R"({"b":2,"a":1})"), "");  // a member added, order aside
  EXPECT_EQ(documentDifference(R"({"a":{"x":[1,2]}})", R"({"a":{"x":[1,3]}})"), "a.x[1]: var 2, är nu 3");
  EXPECT_EQ(documentDifference(R"({"a":[1]})", R"({"a":[1,2]})"), "a: hade 1 element, har nu 2");
  EXPECT_EQ(documentDifference(R"({"a":1,"b":2})", R"({"a":1})"), "b: finns inte längre");
  EXPECT_EQ(documentDifference(R"({"a":"1"})", R"({"a":1})"), "a: var \"1\", är nu 1");
  EXPECT_EQ(documentDifference("{", R"({"a":1})"), "det loggade beslutet är ingen giltig JSON");
  using regel::audit::oneElementInFront;
  EXPECT_TRUE(oneElementInFront("[]", R"(["a"])"));
  EXPECT_TRUE(oneElementInFront(R"(["b","c"])", R"(["a","b","c"])"));
  EXPECT_FALSE(oneElementInFront(R"(["b"])", R"(["b","a"])"));
  EXPECT_FALSE(oneElementInFront(R"(["b"])", R"(["a","a","b"])"));
  EXPECT_FALSE(oneElementInFront("[]", "[]"));
  EXPECT_FALSE(oneElementInFront("[", R"(["a"])"));
}

TEST_P(LogTest, RemovedRecordsAreNamed) {
  auto log = openLog();
  decideAndLog(*log, {caseJson("k1", 1), caseJson("k2", 2), caseJson("k3", 3), caseJson("k4", 4), caseJson("k5", 5)});
  tamper("DELETE FROM decisions WHERE id IN (2, 3)");
  VerifyReport report = log->verify({});
  EXPECT_THAT(codes(report), ElementsAre("R0812"));
  EXPECT_EQ(report.problems[0].message, "posterna 2–3 saknas: kedjan hoppar från post 1 till post 4");
  tamper("DELETE FROM decisions WHERE id = 1");
  report = log->verify({});
  EXPECT_THAT(codes(report), ElementsAre("R0812"));
  EXPECT_EQ(report.problems[0].message, "posterna 1–3 saknas: kedjan hoppar från början till post 4");
  tamper("DELETE FROM decisions WHERE id = 5");
  report = log->verify({});
  EXPECT_THAT(codes(report), ElementsAre("R0812"));  // the last record's removal shows in the head
  EXPECT_EQ(report.headId, 4);
}

TEST_P(LogTest, SwappedRecordsAreReordered) {
  auto log = openLog();
  decideAndLog(*log, {caseJson("k1", 1), caseJson("k2", 2), caseJson("k3", 3), caseJson("k4", 4)});
  // Swap the contents of records 2 and 3, keeping their ids: the order is what the chain says.
  tamper("CREATE TEMP TABLE s AS SELECT * FROM decisions WHERE id IN (2, 3);"
         "UPDATE decisions SET (time, case_id, input, input_sha256, decision_date, outcome, amount_ore, reasons, "
         "decision, stickprov, previous_hash, hash) = (SELECT time, case_id, input, input_sha256, decision_date, "
         "outcome, amount_ore, reasons, decision, stickprov, previous_hash, hash FROM s WHERE s.id = 5 - decisions.id) "
         "WHERE id IN (2, 3)");
  const VerifyReport report = log->verify({});
  EXPECT_THAT(codes(report), ElementsAre("R0813", "R0813", "R0813"));
  EXPECT_EQ(report.problems[0].message, "post 2 står på fel plats: den bygger på post 3, inte på post 1");
  EXPECT_EQ(report.problems[1].message, "post 3 står på fel plats: den bygger på post 1, inte på post 2");
  EXPECT_EQ(report.problems[2].message, "post 4 står på fel plats: den bygger på post 2, inte på post 3");
}

TEST_P(LogTest, BrokenLinkAndUndecidableInput) {
  auto log = openLog();
  decideAndLog(*log, {caseJson("k1", 1), caseJson("k2", 2)});
  tamper("UPDATE decisions SET previous_hash = '" + std::string(64, 'a') + "' WHERE id = 2;"
         "UPDATE decisions SET input = '{\"id\": \"k1\"' WHERE id = 1");
  const VerifyReport report = log->verify({});
  EXPECT_THAT(codes(report), ElementsAre("R0811", "R0820", "R0811", "R0814"));
  EXPECT_THAT(report.problems[1].message, HasSubstr("post 1 kan inte omprövas: R0601"));
  EXPECT_EQ(report.problems[3].message,
            "kedjan bryts före post 2: posten bygger inte på post 1 eller på någon annan post i loggen");
}

TEST_P(LogTest, AlteredOrMissingRulesetIsFound) {
  auto log = openLog();
  decideAndLog(*log, {caseJson("k1", 1)});
  tamper("UPDATE rulesets SET version = 't2'");
  VerifyReport report = log->verify({});
  EXPECT_THAT(codes(report), ElementsAre("R0815"));
  EXPECT_THAT(report.problems[0].message, HasSubstr("(Stöd t2) i loggen är ändrat"));
  tamper("DELETE FROM rulesets");
  report = log->verify({});
  EXPECT_THAT(codes(report), ElementsAre("R0816"));
  AuditProblem error;
  const auto record = log->get(1, error);
  ASSERT_TRUE(record);
  const AuditLog::Replay replay = log->replay(*record, std::nullopt);
  ASSERT_TRUE(replay.problem);
  EXPECT_EQ(replay.problem->code, "R0816");
}

TEST_P(LogTest, HmacIsCheckedWithTheKey) {
  AuditOptions keyed;
  keyed.hmacKey = "hemlig nyckel";
  auto log = openLog(keyed);
  decideAndLog(*log, {caseJson("k1", 1)});
  log.reset();
  auto plain = openLog();
  decideAndLog(*plain, {caseJson("k2", 2)});
  VerifyOptions options;
  VerifyReport report = plain->verify(options);
  EXPECT_TRUE(report.ok());
  EXPECT_THAT(report.notes, ElementsAre("1 poster har HMAC som inte kontrollerades: ingen nyckel gavs"));
  options.hmacKey = "hemlig nyckel";
  report = plain->verify(options);
  EXPECT_THAT(codes(report), ElementsAre("R0818"));  // record 2 was logged without the key
  options.hmacKey = "fel nyckel";
  report = plain->verify(options);
  EXPECT_THAT(codes(report), ElementsAre("R0817", "R0818"));
}

TEST_P(LogTest, StickprovWithTheMunicipalitysKey) {
  auto log = openLog();
  DecideOptions withKey;
  withKey.stickprovKey = "kommunens nyckel";
  std::vector<std::string> cases;
  for (int i = 0; i < 12; ++i) cases.push_back(caseJson("s" + std::to_string(i), 100 * i));
  decideAndLog(*log, cases, withKey);
  AuditProblem error;
  auto r = log->get(1, error);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->decision.stickprovKey.substr(0, 7), "nyckel:");
  EXPECT_THAT(r->decision.decision, ::testing::Not(HasSubstr("kommunens nyckel")));
  std::vector<LoggedDecision> sample;
  ASSERT_TRUE(log->list({.stickprovOnly = true}, sample, error));
  EXPECT_GT(sample.size(), 0u);  // 50 % of 12 approvals: a sample of none would be a 1 in 4 096 chance
  EXPECT_LT(sample.size(), 12u);
  VerifyOptions options;
  VerifyReport report = log->verify(options);
  EXPECT_TRUE(report.ok());
  EXPECT_THAT(report.notes,
              ElementsAre("stickprovet omprövades inte för 12 poster: de valdes med kommunens nyckel, som inte gavs"));
  options.stickprovKey = "kommunens nyckel";
  report = log->verify(options);
  EXPECT_TRUE(report.ok());
  EXPECT_THAT(report.notes, IsEmpty());
  // The wrong key does not pass for the right one.
  options.stickprovKey = "en annan nyckel";
  report = log->verify(options);
  EXPECT_EQ(report.notes.size(), 1u);
}

TEST_P(LogTest, ListFiltersAndSample) {
  auto log = openLog();
  decideAndLog(*log, {caseJson("m", 1000, true, "2023-03"), caseJson("a", 1000, true, "2023-04"),
                      caseJson("x", 20000, true, "2023-04")});
  std::vector<LoggedDecision> out;
  AuditProblem error;
  ASSERT_TRUE(log->list({.from = "2023-04-01", .to = "2023-04-30"}, out, error));
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].decision.caseId, "a");
  out.clear();
  ASSERT_TRUE(log->list({.outcome = "avslag"}, out, error));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].decision.caseId, "x");
  out.clear();
  ASSERT_TRUE(log->list({.ruleset = "Annat"}, out, error));
  EXPECT_TRUE(out.empty());
  VerifyOptions options;
  options.sample = 2;
  options.seed = 7;
  const VerifyReport report = log->verify(options);
  EXPECT_TRUE(report.ok());
  EXPECT_EQ(report.records, 3u);
  EXPECT_EQ(report.replayed, 2u);
  EXPECT_THAT(renderVerifyReport(report), HasSubstr("2 omprövade i ett slumpvis urval (frö 7)"));
}

TEST_P(LogTest, ExportLineCarriesTheHashedBytes) {
  auto log = openLog();
  decideAndLog(*log, {caseJson("k1", 1000)});
  AuditProblem error;
  auto r = log->get(1, error);
  ASSERT_TRUE(r);
  const std::string line = renderRecordJson(*r);
  EXPECT_EQ(line.back(), '\n');
  EXPECT_EQ(line.find('\n'), line.size() - 1);  // one line
  EXPECT_THAT(line, HasSubstr("{\"schema\":\"regel-logg/1\",\"id\":1,"));
  EXPECT_THAT(line, HasSubstr("\"utfall\":\"bifall\",\"fel\":null,\"belopp_öre\":749000,"));
  EXPECT_THAT(line, HasSubstr("\"kedjesumma\":\"" + r->hash + "\",\"hmac\":null}"));
}

TEST_F(AuditTest, OpeningErrors) {
  AuditProblem error;
  AuditOptions options;
  EXPECT_FALSE(AuditLog::open((dir_ / "saknas" / "logg.db").string(), options, error));
  EXPECT_EQ(error.code, "R0801");
  {
    std::ofstream(dir_ / "text.db") << "inte en databas, men ändå en fil med lite text i som är lång nog\n";
  }
  EXPECT_FALSE(AuditLog::open((dir_ / "text.db").string(), options, error));
  EXPECT_EQ(error.code, "R0802");
  EXPECT_THAT(error.message, HasSubstr("är ingen beslutslogg från regel"));
  options.create = false;
  EXPECT_FALSE(AuditLog::open((dir_ / "ny.db").string(), options, error));
  EXPECT_EQ(error.code, "R0807");
  EXPECT_FALSE(std::filesystem::exists(dir_ / "ny.db"));
  openLog();
  tamper("UPDATE meta SET value = 'regel-logg/9' WHERE key = 'schema'");
  EXPECT_FALSE(AuditLog::open(path_, {}, error));
  EXPECT_EQ(error.code, "R0803");
  EXPECT_THAT(error.message, HasSubstr("har formatet regel-logg/9, men denna version av regel skriver och läser bara regel-logg/1"));
}

TEST_F(AuditTest, FullLogRefusesRecordsWhole) {
  auto log = openLog();
  decideAndLog(*log, {caseJson("k1", 1)});
  log.reset();
  AuditOptions capped;
  struct stat st {};
  ASSERT_EQ(::stat(path_.c_str(), &st), 0);
  capped.maxBytes = static_cast<uint64_t>(st.st_size) + 8192;
  auto full = openLog(capped);
  ASSERT_TRUE(full);
  std::vector<std::string> many;
  for (int i = 0; i < 40; ++i) many.push_back(caseJson("f" + std::to_string(i), i));
  DecideOptions traced;
  traced.trace = true;
  Session session(*compiled(), traced);
  std::vector<DecisionRecord> records;
  for (const auto& json : many) records.push_back(*makeDecisionRecord(*compiled(), session.decide(json), json, traced));
  AuditProblem error;
  EXPECT_FALSE(full->append(records, error));
  EXPECT_EQ(error.code, "R0804");
  EXPECT_THAT(error.message, HasSubstr("kan inte skrivas: disken eller loggen är full"));
  // Nothing of the refused block was stored, and what was stored before is intact.
  EXPECT_FALSE(full->get(2, error));
  EXPECT_TRUE(full->verify({}).ok());
}

TEST_P(LogTest, ReadFailureIsReported) {
  auto log = openLog();
  decideAndLog(*log, {caseJson("k1", 1)});
  tamper("DROP TABLE decisions");
  std::vector<LoggedDecision> out;
  AuditProblem error;
  EXPECT_FALSE(log->list({}, out, error));
  EXPECT_EQ(error.code, "R0805");
}

INSTANTIATE_TEST_SUITE_P(Backends, LogTest, ::testing::Values(Backend::Sqlite, Backend::Postgres), backendName);

}  // namespace
}  // namespace regel::testing
