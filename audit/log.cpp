// The decision log: opening it on its store, storing rulesets, appending chained records, reading.
#include <chrono>
#include <ctime>

#include <fmt/format.h>

#include "audit/chain.h"
#include "audit/log_impl.h"
#include "audit/pg_db.h"
#include "audit/pseudonymise.h"
#include "runtime/base/sha256.h"

namespace regel {

using audit::ErrorKind;
using audit::makeProblem;

namespace audit {

std::string utcNow() {
  const auto now = std::chrono::system_clock::now();
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  const std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                     tm.tm_hour, tm.tm_min, tm.tm_sec, ms % 1000);
}

}  // namespace audit

bool isPostgresLog(std::string_view path) {
  return path.rfind("postgresql://", 0) == 0 || path.rfind("postgres://", 0) == 0;
}

std::string auditLogName(const std::string& path) {
  return isPostgresLog(path) ? audit::redactPostgresUrl(path) : path;
}

AuditLog::AuditLog(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
AuditLog::~AuditLog() = default;

std::unique_ptr<AuditLog> AuditLog::open(const std::string& path, const AuditOptions& options, AuditProblem& error) {
  auto impl = std::make_unique<Impl>();
  impl->path = auditLogName(path);
  impl->options = options;
  impl->store = isPostgresLog(path) ? audit::openPostgresStore(path, options, error)
                                    : audit::openSqliteStore(path, options, error);
  if (!impl->store) return nullptr;
  return std::unique_ptr<AuditLog>(new AuditLog(std::move(impl)));
}

bool AuditLog::useRuleset(const Ruleset& ruleset, AuditProblem& error) {
  audit::StoredRuleset stored;
  stored.rgb = ruleset.toRgb();
  stored.sha256 = rt::toHex(rt::sha256(stored.rgb));
  stored.name = ruleset.name();
  stored.version = ruleset.version();
  stored.added = audit::utcNow();
  if (!impl_->store->storeRuleset(stored, error)) return false;
  impl_->rulesetSha256 = stored.sha256;
  return true;
}

bool AuditLog::append(std::vector<DecisionRecord>& records, AuditProblem& error) {
  Impl& log = *impl_;
  if (log.rulesetSha256.empty()) {
    error = makeProblem(ErrorKind::WriteFailed, {log.path, "inget regelverk angivet (useRuleset)"});
    return false;
  }
  std::vector<LoggedDecision> logged(records.size());
  const std::string time = audit::utcNow();
  for (size_t i = 0; i < records.size(); ++i) {
    logged[i].time = time;
    logged[i].engine = engineVersion();
    logged[i].rulesetSha256 = log.rulesetSha256;
    logged[i].decision = std::move(records[i]);
  }
  const std::optional<std::string>& key = log.options.hmacKey;
  const bool stored = log.store->append(
      logged,
      [&key](LoggedDecision& r) {
        r.hash = audit::chainHash(r);
        r.hmac = key ? audit::chainHmac(*key, r.hash) : std::string();
      },
      error);
  for (size_t i = 0; i < records.size(); ++i) records[i] = std::move(logged[i].decision);
  return stored;
}

bool AuditLog::record(std::vector<DecisionRecord>& records) { return append(records, impl_->lastError); }

const AuditProblem& AuditLog::lastError() const { return impl_->lastError; }

bool AuditLog::list(const AuditFilter& filter, std::vector<LoggedDecision>& out, AuditProblem& error) {
  return impl_->store->list(filter, out, error);
}

std::optional<LoggedDecision> AuditLog::get(int64_t id, AuditProblem& error) { return impl_->store->get(id, error); }

bool AuditLog::forEach(const std::function<bool(const LoggedDecision&)>& visit, AuditProblem& error) {
  return impl_->store->forEach(visit, error);
}

std::optional<LoggedDecision> AuditLog::pseudonymised(const LoggedDecision& record, const std::string& key,
                                                     AuditProblem& error) {
  auto& ruleset = impl_->loaded[record.rulesetSha256];
  if (!ruleset) {
    const auto rgb = rulesetRgb(record.rulesetSha256, error);
    LoadResult loaded = rgb ? loadRgb(*rgb, "regelverket " + record.rulesetSha256.substr(0, 16)) : LoadResult{};
    if (!loaded.ruleset || rt::toHex(rt::sha256(*rgb)) != record.rulesetSha256) {
      const std::string id = std::to_string(record.id);
      if (error.code.empty()) error = makeProblem(ErrorKind::RulesetMissing, {id, record.rulesetSha256.substr(0, 16)}, record.id);
      impl_->loaded.erase(record.rulesetSha256);
      return std::nullopt;
    }
    ruleset = std::move(loaded.ruleset);
  }
  return audit::pseudonymise(record, *ruleset, key);
}

std::optional<std::string> AuditLog::rulesetRgb(const std::string& sha256, AuditProblem& error) {
  return impl_->store->rulesetRgb(sha256, error);
}

}  // namespace regel
