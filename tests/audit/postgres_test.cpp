// The decision log on PostgreSQL, where it differs from SQLite or matters more: the triggers,
// several instances opening a fresh database and appending at once, read-only sessions, the roles
// of a service and an auditor, opening errors and a password that is never shown. The tests shared with SQLite are in audit_test.cpp
// and batch_log_test.cpp (LogTest); all skip with the reason where no server runs.
#include <atomic>
#include <thread>

#include "audit/pg_db.h"
#include "tests/audit/audit_fixture.h"

namespace regel::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class PostgresTest : public AuditTest {
 protected:
  Backend backend() const override { return Backend::Postgres; }

  // Runs SQL in the test's schema as regel's own connection would, triggers in place.
  audit::PgResult sql(const std::string& text) {
    db_ = std::make_unique<audit::PgConnection>();
    EXPECT_TRUE(db_->open(path_)) << db_->error();
    return db_->exec(text.c_str());
  }

  int64_t tables() {
    const audit::PgResult r = sql("SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = current_schema()");
    EXPECT_TRUE(r.ok()) << r.error();
    return r.ok() ? r.integer(0, 0) : -1;
  }

  // The password in the server's URL (postgresql://regel:PASSWORD@host…).
  std::string password() const {
    const size_t start = serverUrl_.find("://") + 3;
    const size_t at = serverUrl_.find('@', start);
    const size_t colon = serverUrl_.find(':', start);
    return colon < at ? serverUrl_.substr(colon + 1, at - colon - 1) : std::string();
  }

  void TearDown() override {
    AuditTest::TearDown();  // the schema, and with it the roles' privileges on it
    for (const std::string& role : roles_) admin_.exec(("DROP ROLE IF EXISTS " + role).c_str());
  }

  std::unique_ptr<audit::PgConnection> db_;
  std::vector<std::string> roles_;  // created by the test, dropped after it (roles are the server's)
};

TEST_F(PostgresTest, TriggersRefuseUpdateDeleteAndTruncate) {
  auto log = openLog();
  decideAndLog(*log, {caseJson("k1", 1000)});
  for (const char* change : {"UPDATE decisions SET amount_ore = 1", "DELETE FROM decisions", "TRUNCATE decisions CASCADE",
                             "UPDATE rulesets SET version = 't2'", "DELETE FROM rulesets", "TRUNCATE rulesets CASCADE"}) {
    const audit::PgResult r = sql(change);
    EXPECT_FALSE(r.ok()) << change;
    EXPECT_THAT(r.error(), HasSubstr("beslutsloggen tar bara emot nya poster")) << change;
  }
  EXPECT_TRUE(log->verify({}).ok());
  // The same columns as in SQLite, the ruleset's bytes kept exactly (bytea).
  const audit::PgResult columns = sql(
      "SELECT string_agg(column_name, ',' ORDER BY ordinal_position) FROM information_schema.columns "
      "WHERE table_schema = current_schema() AND table_name = 'decisions'");
  ASSERT_TRUE(columns.ok()) << columns.error();
  EXPECT_EQ(columns.text(0, 0),
            "id,time,engine,ruleset_sha256,case_id,input,input_sha256,date_option,decision_date,outcome,error_code,"
            "amount_ore,reasons,decision,stickprov,stickprov_key,previous_hash,hash,hmac");
  const audit::PgResult meta = sql("SELECT value FROM meta WHERE key = 'schema'");
  ASSERT_TRUE(meta.ok());
  EXPECT_EQ(meta.text(0, 0), "regel-logg/1");
  const audit::PgResult rgb = sql("SELECT rgb FROM rulesets");
  ASSERT_EQ(rgb.rows(), 1);
  EXPECT_EQ(rgb.bytes(0, 0), compiled()->toRgb());
}

// Two instances start on a fresh database at the same moment, each with its own connection,
// and append blocks at once: one schema, one chain.
TEST_F(PostgresTest, InstancesCreateAndAppendAtOnce) {
  std::atomic<int> ready{0};
  auto write = [&](const std::string& prefix) {
    ++ready;
    while (ready.load() < 3) std::this_thread::yield();
    auto log = openLog();
    ASSERT_TRUE(log);
    for (int block = 0; block < 8; ++block) {
      const std::string id = prefix + std::to_string(block);
      decideAndLog(*log, {caseJson(id + "a", block), caseJson(id + "b", block), caseJson(id + "c", block)});
    }
  };
  std::thread a(write, "a"), b(write, "b"), c(write, "c");
  a.join();
  b.join();
  c.join();
  auto log = openLog();
  const VerifyReport report = log->verify({.sample = 6, .seed = 1});
  EXPECT_TRUE(report.ok()) << renderVerifyReport(report);
  EXPECT_EQ(report.records, 72u);
  EXPECT_EQ(report.headId, 72);
  EXPECT_EQ(tables(), 3);
}

TEST_F(PostgresTest, ReadOnlyCreatesNothingAndWritesNothing) {
  AuditOptions readOnly;
  readOnly.readOnly = true;
  readOnly.create = false;
  AuditProblem error;
  EXPECT_FALSE(AuditLog::open(path_, readOnly, error));
  EXPECT_EQ(error.code, "R0807");
  EXPECT_THAT(error.message, HasSubstr("finns inte"));
  EXPECT_EQ(tables(), 0);
  AuditOptions noCreate;
  noCreate.create = false;
  EXPECT_FALSE(AuditLog::open(path_, noCreate, error));
  EXPECT_EQ(error.code, "R0807");
  EXPECT_EQ(tables(), 0);
  {
    auto log = openLog();
    decideAndLog(*log, {caseJson("k1", 1000)});
  }
  auto reader = AuditLog::open(path_, readOnly, error);
  ASSERT_TRUE(reader) << error.message;
  EXPECT_TRUE(reader->verify({}).ok());
  EXPECT_FALSE(reader->useRuleset(*compiled(), error));  // the server refuses the session's writes
  EXPECT_EQ(error.code, "R0804");
  EXPECT_THAT(error.message, HasSubstr("databasen är skrivskyddad (PostgreSQL: "));
}

TEST_F(PostgresTest, OtherTablesAndOtherVersionsAreNoLog) {
  ASSERT_TRUE(sql("CREATE TABLE kunder (id INTEGER)").ok());
  AuditProblem error;
  EXPECT_FALSE(AuditLog::open(path_, {}, error));
  EXPECT_EQ(error.code, "R0802");
  EXPECT_THAT(error.message, HasSubstr("är ingen beslutslogg från regel: tabellen meta med loggens format saknas"));
  ASSERT_TRUE(sql("DROP TABLE kunder").ok());
  openLog();
  ASSERT_TRUE(sql("UPDATE meta SET value = 'regel-logg/9' WHERE key = 'schema'").ok());
  EXPECT_FALSE(AuditLog::open(path_, {}, error));
  EXPECT_EQ(error.code, "R0803");
  EXPECT_THAT(error.message, HasSubstr("har formatet regel-logg/9, men denna version av regel skriver och läser bara regel-logg/1"));
}

TEST_F(PostgresTest, WrongPasswordOrServerIsR0801WithoutThePassword) {
  const std::string secret = password();
  ASSERT_FALSE(secret.empty()) << "the test server's URL has no password";
  std::string wrong = path_;
  wrong.replace(wrong.find(secret), secret.size(), "fel" + secret.substr(3));
  AuditProblem error;
  EXPECT_FALSE(AuditLog::open(wrong, {}, error));
  EXPECT_EQ(error.code, "R0801");
  EXPECT_THAT(error.message, HasSubstr("kan inte ansluta till PostgreSQL (libpq: "));
  EXPECT_THAT(error.message, HasSubstr("postgresql://regel@127.0.0.1:"));
  EXPECT_THAT(error.message, Not(HasSubstr(secret.substr(3))));
  EXPECT_FALSE(AuditLog::open("postgresql://regel:" + secret + "@127.0.0.1:1/postgres", {}, error));
  EXPECT_EQ(error.code, "R0801");
  EXPECT_THAT(error.message, Not(HasSubstr(secret)));
  // libpq quotes an URL it cannot parse: the password is taken out of that too.
  EXPECT_FALSE(AuditLog::open("postgresql://regel:" + secret + "@[::1/x?password=" + secret, {}, error));
  EXPECT_EQ(error.code, "R0801");
  EXPECT_THAT(error.message, Not(HasSubstr(secret)));
}

// The deployment docs/logg.md recommends: the service's role may SELECT and INSERT, nothing more
// (appends take an advisory lock, which needs no privilege), the auditor's only SELECT.
TEST_F(PostgresTest, ServiceAndAuditorRoles) {
  openLog();  // created by the owner
  const std::string service = schema_.substr(0, 40) + "_tjanst", auditor = schema_.substr(0, 40) + "_granskare";
  const std::string grants =
      "CREATE ROLE " + service + " LOGIN PASSWORD 'tjanst'; CREATE ROLE " + auditor + " LOGIN PASSWORD 'granskare';"
      "GRANT USAGE ON SCHEMA " + schema_ + " TO " + service + ", " + auditor + ";"
      "GRANT SELECT, INSERT ON ALL TABLES IN SCHEMA " + schema_ + " TO " + service + ";"
      "GRANT SELECT ON ALL TABLES IN SCHEMA " + schema_ + " TO " + auditor;
  const audit::PgResult granted = admin_.exec(grants.c_str());
  roles_ = {service, auditor};
  ASSERT_TRUE(granted.ok()) << granted.error();
  const auto as = [&](const std::string& role, const std::string& password) {
    std::string url = path_;
    url.replace(url.find("://") + 3, url.find('@') - url.find("://") - 3, role + ":" + password);
    return url;
  };
  AuditProblem error;
  auto log = AuditLog::open(as(service, "tjanst"), {}, error);
  ASSERT_TRUE(log) << error.message;
  ASSERT_TRUE(log->useRuleset(*compiled(), error)) << error.message;
  decideAndLog(*log, {caseJson("k1", 1000), caseJson("k2", 2000)});
  audit::PgConnection serviceDb;
  ASSERT_TRUE(serviceDb.open(as(service, "tjanst"))) << serviceDb.error();
  EXPECT_THAT(serviceDb.exec("UPDATE decisions SET amount_ore = 1").error(), HasSubstr("åtkomst nekas"));
  EXPECT_THAT(serviceDb.exec("DELETE FROM decisions").error(), HasSubstr("åtkomst nekas"));
  EXPECT_THAT(serviceDb.exec("DROP TRIGGER decisions_append_only ON decisions").error(), HasSubstr("åtkomst nekas"));
  AuditOptions readOnly;
  readOnly.readOnly = true;
  auto reader = AuditLog::open(as(auditor, "granskare"), readOnly, error);
  ASSERT_TRUE(reader) << error.message;
  const VerifyReport report = reader->verify({});
  EXPECT_TRUE(report.ok()) << renderVerifyReport(report);
  EXPECT_EQ(report.records, 2u);
  // The auditor's role cannot append, even outside regel's read-only session.
  auto writer = AuditLog::open(as(auditor, "granskare"), {}, error);
  ASSERT_TRUE(writer) << error.message;
  EXPECT_FALSE(writer->useRuleset(*compiled(), error));
  EXPECT_EQ(error.code, "R0804");
  EXPECT_THAT(error.message, HasSubstr("åtkomst nekas"));
}

// No server needed.
TEST(PostgresUrl, NamedWithoutPassword) {
  EXPECT_TRUE(isPostgresLog("postgresql://h/db"));
  EXPECT_TRUE(isPostgresLog("postgres://h/db"));
  EXPECT_FALSE(isPostgresLog("logg.db"));
  EXPECT_FALSE(isPostgresLog("./postgresql://x"));
  EXPECT_EQ(auditLogName("logg.db"), "logg.db");
  EXPECT_EQ(auditLogName("postgresql://anna:hemligt@db.kommun.se:5433/beslut"), "postgresql://anna@db.kommun.se:5433/beslut");
  EXPECT_EQ(auditLogName("postgres://anna@db/beslut?password=hemligt&sslmode=require"),
            "postgres://anna@db/beslut?sslmode=require");
  EXPECT_EQ(auditLogName("postgresql://db/beslut?pass%77ord=hemligt"), "postgresql://db/beslut");
  EXPECT_EQ(auditLogName("postgresql://a:b@[::1]:5432"), "postgresql://a@[::1]:5432");
  EXPECT_EQ(auditLogName("postgresql://"), "postgresql://");
}

}  // namespace
}  // namespace regel::testing
