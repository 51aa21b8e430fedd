// Decision logs for the audit tests: a fresh log file per test, cases decided with the library
// API's small ruleset (tests/api/api_fixture.h), and raw SQL for tampering as an intruder would.
#pragma once

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <string>
#include <vector>

#include "regel/audit.h"
#include "regel/session.h"
#include "tests/api/api_fixture.h"

namespace regel::testing {

// A case of the small ruleset: one adult with `lon` kronor, rent 5 000 kr.
inline std::string caseJson(const std::string& id, int lon, bool inskriven = true, const std::string& month = "2023-03") {
  return "{\"id\": \"" + id + "\", \"indata\": {\"månad\": \"" + month + "\", \"vuxna\": [{\"lön\": " +
         std::to_string(lon) + ", \"inskriven\": " + (inskriven ? "true" : "false") + "}], \"hyra\": 5000}}";
}

class AuditTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("regel-audit-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    path_ = (dir_ / "logg.db").string();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

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

  // Runs SQL on the log behind regel's back, first dropping the append-only triggers.
  void tamper(const std::string& sql) {
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
  std::string path_;
};

}  // namespace regel::testing
