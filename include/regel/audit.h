// The public library API, part 6: the decision log. Every decision is appended with its case, its
// trace and the compiled ruleset that made it (stored once per SHA-256), each record chained to
// the one before by SHA-256 (and, with a key, an HMAC), so that an auditor can list, show, export
// and verify the log: recompute the chain, and replay decisions with their stored ruleset.
// SQLite, one file, or PostgreSQL for several instances writing one log; docs/logg.md describes
// the schema and the chain.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "regel/batch.h"
#include "regel/record.h"

namespace regel {

inline constexpr const char* kAuditSchema = "regel-logg/1";

// A problem with the log, or a finding of verify(): a stable code (R08xx) and Swedish text.
struct AuditProblem {
  std::string code;
  std::string message;
  std::vector<std::string> args;  // what the code's template was filled with
  int64_t record = 0;             // the record it concerns; 0: the log as a whole
};

// One record of the log, as stored.
struct LoggedDecision {
  int64_t id = 0;            // its place in the log: 1, 2, 3, …
  std::string time;          // when it was logged, UTC: "2026-12-06T15:55:01.123Z"
  std::string engine;        // "regel 0.1.0"
  std::string rulesetSha256;  // of the ruleset's .rgb bytes
  std::string rulesetName;
  std::string rulesetVersion;
  DecisionRecord decision;
  std::string previousHash;  // the record before's hash (64 zeros for the first)
  std::string hash;          // SHA-256 over this record's fields and previousHash
  std::string hmac;          // HMAC-SHA256(key, hash), or empty when logged without a key
  // Personal data replaced by pseudonyms (AuditLog::pseudonymised): the hash covers the original.
  bool pseudonymised = false;
};

struct AuditOptions {
  bool create = true;     // create the log when the file does not exist (PostgreSQL: the schema is empty)
  bool readOnly = false;  // for reading and verifying: never writes
  // Records appended get an HMAC of their hash with this key (from a file or the environment).
  std::optional<std::string> hmacKey;
  // The most the log file may grow to, in bytes (0: as much as the disk holds). A log that is
  // full refuses the next records as a full disk does (R0804). SQLite only: on PostgreSQL the
  // server's administrator limits the database.
  uint64_t maxBytes = 0;
};

// Whether `path` names a log on PostgreSQL (postgresql://… or postgres://…, libpq's URL) rather
// than a SQLite file.
bool isPostgresLog(std::string_view path);
// The log's name as shown to people: the file's path, or the URL without its password.
std::string auditLogName(const std::string& path);

// What `list` shows; empty fields do not filter. Dates are decision dates, "ÅÅÅÅ-MM-DD".
struct AuditFilter {
  std::string from{}, to{};  // inclusive
  std::string outcome{};     // "bifall", "avslag", …
  std::string ruleset{};     // the ruleset's name
  bool stickprovOnly = false;
};

struct VerifyOptions {
  std::optional<uint64_t> sample;  // replay this many records chosen at random; all when unset
  uint64_t seed = 0;               // for the sample (the report gives it, to repeat a sample)
  std::optional<std::string> hmacKey{};
  std::optional<std::string> stickprovKey{};  // the municipality's key, to replay stickprov too
};

struct VerifyReport {
  uint64_t records = 0;   // records whose chain was checked
  uint64_t replayed = 0;  // records decided again
  uint64_t seed = 0;
  bool sampled = false;
  std::vector<AuditProblem> problems;  // every altered, removed, reordered or differing record
  std::vector<std::string> notes;      // what could not be checked, and why (Swedish)
  std::string head;                    // the last record's hash: note it to detect later removals
  int64_t headId = 0;                  // the last record's id
  bool ok() const { return problems.empty(); }
};

class AuditLog final : public DecisionRecorder {
 public:
  // Opens the log at `path`, creating it (file mode 0600) when allowed; a PostgreSQL URL opens the
  // log in the tables of the connection's current schema, created there when it is empty and
  // allowed. Null with `error` set when it cannot be opened, is no regel log, or has another
  // schema version.
  static std::unique_ptr<AuditLog> open(const std::string& path, const AuditOptions& options, AuditProblem& error);
  ~AuditLog() override;
  AuditLog(const AuditLog&) = delete;
  AuditLog& operator=(const AuditLog&) = delete;

  // The ruleset whose decisions are appended next, stored in the log unless it already is. Writes
  // at once, so that a log that cannot be written is found before any case is decided.
  bool useRuleset(const Ruleset& ruleset, AuditProblem& error);
  // Appends the records in order, in one transaction: all are stored, or none (`error` says why).
  bool append(std::vector<DecisionRecord>& records, AuditProblem& error);
  // DecisionRecorder (regel batch): append(); the error is kept for lastError().
  bool record(std::vector<DecisionRecord>& records) override;
  const AuditProblem& lastError() const;

  // Reading. Records in log order; list() without the bodies (input, reasons, decision).
  bool list(const AuditFilter& filter, std::vector<LoggedDecision>& out, AuditProblem& error);
  std::optional<LoggedDecision> get(int64_t id, AuditProblem& error);
  // Every record in log order, whole; `visit` returns false to stop.
  bool forEach(const std::function<bool(const LoggedDecision&)>& visit, AuditProblem& error);
  // The .rgb bytes stored for a ruleset hash; nullopt with `error` untouched when none is stored.
  std::optional<std::string> rulesetRgb(const std::string& sha256, AuditProblem& error);

  // The record with the values of its `personuppgift` fields and its case id replaced by keyed
  // pseudonyms ("pseudonym:" and 16 hex digits of HMAC-SHA256(key, value)) in its input, reasons
  // and decision; nullopt with `error` set when its ruleset is missing or altered.
  std::optional<LoggedDecision> pseudonymised(const LoggedDecision& record, const std::string& key, AuditProblem& error);

  // Recomputes the chain over every record and replays the decisions (or a sample).
  VerifyReport verify(const VerifyOptions& options);

  // A logged decision decided again with its stored ruleset and its options.
  struct Replay {
    std::shared_ptr<const Ruleset> ruleset;  // the stored ruleset; null when missing or altered
    std::optional<CaseOutcome> outcome;      // decided again, with its trace
    std::string difference;                  // how it differs from the log (Swedish); empty: not at all
    bool stickprovReplayed = false;  // false: chosen with a key not given here; the logged flag is kept
    // Set unless it was decided again exactly as logged: why it could not be (R0815, R0816, R0820),
    // or how it differs (R0819).
    std::optional<AuditProblem> problem;
  };
  Replay replay(const LoggedDecision& record, const std::optional<std::string>& stickprovKey);

  struct Impl;

 private:
  explicit AuditLog(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Renderers: one record as a JSON line (schema regel-logg/1, `audit export`), the records of
// list() as a table, a record's head for people, and the verify report, in Swedish.
std::string renderRecordJson(const LoggedDecision& record);
std::string renderRecordTable(const std::vector<LoggedDecision>& records);
std::string renderRecordHead(const LoggedDecision& record);
std::string renderVerifyReport(const VerifyReport& report);

}  // namespace regel
