// Decision logs for the audit tests: a fresh log per test (a SQLite file, or a schema of its own
// on the PostgreSQL server that scripts/test.sh starts), cases decided with the library API's small
// ruleset (tests/api/api_fixture.h), and raw SQL for tampering as an intruder would.
#pragma once

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

#include "audit/pg_db.h"
#include "regel/audit.h"
#include "regel/session.h"
#include "tests/api/api_fixture.h"

namespace regel::testing {

// A case of the small ruleset: one adult with `lon` kronor, rent 5 000 kr.
inline std::string caseJson(const std::string& id, int lon, bool inskriven = true, const std::string& month = "2023-03") {
  return "{\"id\": \"" + id + "\", \"indata\": {\"månad\": \"" + month + "\", \"vuxna\": [{\"lön\": " +
         std::to_string(lon) + ", \"inskriven\": " + (inskriven ? "true" : "false") + "}], \"hyra\": 5000}}";
}

enum class Backend { Sqlite, Postgres };

inline std::string backendName(const ::testing::TestParamInfo<Backend>& info) {
  return info.param == Backend::Sqlite ? "SQLite" : "PostgreSQL";
}
// For gtest's messages and ctest's test names ("GetParam() = PostgreSQL").
inline void PrintTo(Backend backend, std::ostream* out) { *out << (backend == Backend::Sqlite ? "SQLite" : "PostgreSQL"); }

// The test server's URL (scripts/test.sh exports it), or empty with `why` set.
inline std::string testPostgresUrl(std::string& why) {
  const char* url = std::getenv("REGEL_TEST_POSTGRES_URL");
  if (url != nullptr && *url != '\0') return url;
  const char* reason = std::getenv("REGEL_TEST_POSTGRES_SKIP");
  why = std::string("ingen PostgreSQL-server för testet: ") +
        (reason != nullptr && *reason != '\0'
             ? reason
             : "REGEL_TEST_POSTGRES_URL är inte satt (scripts/test.sh startar en med scripts/postgres.sh)");
  return {};
}

// The URL with the connection's search_path set to `schema`: the log's tables go there.
inline std::string withSchema(const std::string& url, const std::string& schema) {
  return url + (url.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" + schema;
}

class AuditTest : public ::testing::Test {
 protected:
  // The fixture's backend: SQLite unless a test is parameterised over both (LogTest).
  virtual Backend backend() const { return Backend::Sqlite; }

  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string name = std::string(info->test_suite_name()) + "_" + info->name();
    for (char& c : name) c = std::isalnum(static_cast<unsigned char>(c)) ? static_cast<char>(std::tolower(c)) : '_';
    dir_ = std::filesystem::temp_directory_path() / ("regel-audit-" + std::to_string(::getpid()) + "-" + name);
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    path_ = (dir_ / "logg.db").string();
    if (backend() == Backend::Sqlite) return;
    std::string why;
    serverUrl_ = testPostgresUrl(why);
    if (serverUrl_.empty()) GTEST_SKIP() << why;
    // A schema per test, so that tests run in parallel on one server; an identifier of [a-z0-9_].
    schema_ = ("t" + std::to_string(::getpid()) + "_" + name).substr(0, 63);
    ASSERT_TRUE(admin_.open(serverUrl_)) << admin_.error();
    const audit::PgResult created = admin_.exec(("CREATE SCHEMA " + schema_).c_str());
    ASSERT_TRUE(created.ok()) << created.error();
    path_ = withSchema(serverUrl_, schema_);
  }
  void TearDown() override {
    std::filesystem::remove_all(dir_);
    if (!schema_.empty() && admin_.handle() != nullptr) admin_.exec(("DROP SCHEMA " + schema_ + " CASCADE").c_str());
  }

  // Removes the log: the next open creates it afresh.
  void removeLog() {
    if (backend() == Backend::Sqlite) {
      std::filesystem::remove(path_);
      return;
    }
    const audit::PgResult r = admin_.exec(("DROP SCHEMA " + schema_ + " CASCADE; CREATE SCHEMA " + schema_).c_str());
    ASSERT_TRUE(r.ok()) << r.error();
  }

  std::unique_ptr<AuditLog> openLog(AuditOptions options = {}) {
    AuditProblem error;
    auto log = AuditLog::open(path_, options, error);
    EXPECT_TRUE(log) << error.code << " " << error.message;
    if (log) {
      EXPECT_TRUE(log->useRuleset(*compiled(), error)) << error.message;
    }
    return log;
  }

  // Decides the cases (traced, as the log needs) and appends them in one transaction.
  void decideAndLog(AuditLog& log, const std::vector<std::string>& cases, DecideOptions options = {}) {
    options.trace = true;
    Session session(*compiled(), options);
    std::vector<DecisionRecord> records;
    for (const auto& json : cases) {
      const CaseOutcome& o = session.decide(json);
      auto r = makeDecisionRecord(*compiled(), o, json, options);
      ASSERT_TRUE(r);
      records.push_back(std::move(*r));
    }
    AuditProblem error;
    ASSERT_TRUE(log.append(records, error)) << error.message;
  }

  // Runs SQL on the log behind regel's back, first dropping the append-only triggers (and on
  // PostgreSQL the foreign key, which SQLite does not enforce).
  void tamper(const std::string& sql) {
    if (backend() == Backend::Postgres) {
      audit::PgConnection db;
      ASSERT_TRUE(db.open(path_)) << db.error();
      const audit::PgResult r = db.exec(
          ("DROP TRIGGER IF EXISTS decisions_append_only ON decisions; "
           "DROP TRIGGER IF EXISTS rulesets_append_only ON rulesets; "
           "ALTER TABLE decisions DROP CONSTRAINT IF EXISTS decisions_ruleset_sha256_fkey; " + sql).c_str());
      EXPECT_TRUE(r.ok()) << r.error();
      return;
    }
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    const std::string all =
        "DROP TRIGGER IF EXISTS decisions_append_only_update; DROP TRIGGER IF EXISTS decisions_append_only_delete; "
        "DROP TRIGGER IF EXISTS rulesets_append_only_update; DROP TRIGGER IF EXISTS rulesets_append_only_delete; " +
        sql;
    char* message = nullptr;
    EXPECT_EQ(sqlite3_exec(db, all.c_str(), nullptr, nullptr, &message), SQLITE_OK) << (message ? message : "");
    sqlite3_free(message);
    sqlite3_close(db);
  }

  static std::vector<std::string> codes(const VerifyReport& report) {
    std::vector<std::string> out;
    for (const auto& p : report.problems) out.push_back(p.code);
    return out;
  }

  std::filesystem::path dir_;
  std::string path_;  // the SQLite file, or the URL of the test's schema
  std::string serverUrl_, schema_;
  audit::PgConnection admin_;  // creates and drops the test's schema
};

// A test of what both backends do alike, run on each.
class LogTest : public AuditTest, public ::testing::WithParamInterface<Backend> {
 protected:
  Backend backend() const override { return GetParam(); }
};

}  // namespace regel::testing
