// `regel audit verify`: the stored rulesets against their hashes, the chain record by record, the
// HMACs with the key, and every record (or a random sample) decided again with its own ruleset.
#include <algorithm>
#include <map>
#include <memory>
#include <random>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>

#include "audit/chain.h"
#include "audit/document_diff.h"
#include "api/outcome_internal.h"
#include "audit/log_impl.h"
#include "regel/session.h"
#include "runtime/base/sha256.h"
#include "runtime/base/value.h"

namespace regel {
namespace {

using audit::ErrorKind;
using audit::makeProblem;

// The rulesets of the log that are intact, by hash; the others are reported.
std::map<std::string, std::shared_ptr<const Ruleset>> checkRulesets(audit::LogStore& store, VerifyReport& report) {
  std::map<std::string, std::shared_ptr<const Ruleset>> out;
  AuditProblem error;
  const bool read = store.forEachRuleset(
      [&](const audit::StoredRuleset& r) {
        const std::string label = r.name + " " + r.version;
        if (rt::toHex(rt::sha256(r.rgb)) != r.sha256) {
          report.problems.push_back(makeProblem(ErrorKind::RulesetAltered, {r.sha256.substr(0, 16), label}));
          return;
        }
        LoadResult loaded = loadRgb(r.rgb, "regelverket " + r.sha256.substr(0, 16));
        if (!loaded.ruleset || loaded.ruleset->name() != r.name || loaded.ruleset->version() != r.version) {
          report.problems.push_back(makeProblem(ErrorKind::RulesetAltered, {r.sha256.substr(0, 16), label}));
          return;
        }
        out.emplace(r.sha256, std::move(loaded.ruleset));
      },
      error);
  if (!read) report.problems.push_back(error);
  return out;
}

// Record ids by their hash, to name the record a misplaced one builds on, and all ids in log
// order, to draw a sample from.
struct ChainIndex {
  std::unordered_map<std::string, int64_t> byHash;
  std::vector<int64_t> ids;
};

ChainIndex indexChain(audit::LogStore& store, VerifyReport& report) {
  std::vector<std::pair<int64_t, std::string>> chain;
  AuditProblem error;
  if (!store.chainIndex(chain, error)) report.problems.push_back(error);
  ChainIndex index;
  index.byHash.reserve(chain.size());
  for (auto& [id, hash] : chain) {
    index.byHash.emplace(std::move(hash), id);
    index.ids.push_back(id);
  }
  return index;
}

std::unordered_set<int64_t> drawSample(const std::vector<int64_t>& ids, const VerifyOptions& options) {
  std::vector<int64_t> chosen;
  std::mt19937_64 random(options.seed);
  std::sample(ids.begin(), ids.end(), std::back_inserter(chosen), static_cast<ptrdiff_t>(*options.sample), random);
  return {chosen.begin(), chosen.end()};
}

std::string ore(const std::optional<int64_t>& amount) {
  return amount ? rt::formatMoney(rt::Money{*amount}) : std::string("inget belopp");
}

// Whether the replayed reasons are the logged ones with how the amount came about in front
// (`amountReason`): a decision logged by a regel that did not yet give an amount's motivering as
// its reason when its branch gave none. No tampering hides here: the chain covers the reasons.
bool onlyAmountReasonAdded(const DecisionRecord& was, const DecisionRecord& now, bool amountReason) {
  return amountReason && audit::oneElementInFront(was.reasons, now.reasons);
}

// How a replayed decision differs from the logged one, in words; empty when it does not.
// `amountReason`: the replay's first reason is how its amount came about.
std::string difference(const DecisionRecord& was, const DecisionRecord& now, bool amountReason) {
  if (was.outcome != now.outcome || was.errorCode != now.errorCode) {
    auto name = [](const DecisionRecord& d) { return d.errorCode.empty() ? d.outcome : d.outcome + " (" + d.errorCode + ")"; };
    return fmt::format("utfallet var {}, är nu {}", name(was), name(now));
  }
  if (was.amountOre != now.amountOre) return fmt::format("beloppet var {}, är nu {}", ore(was.amountOre), ore(now.amountOre));
  if (was.decisionDate != now.decisionDate) {
    return fmt::format("beslutsdatum var {}, är nu {}", was.decisionDate, now.decisionDate);
  }
  if (was.reasons != now.reasons && !onlyAmountReasonAdded(was, now, amountReason)) return "skälen skiljer sig";
  if (was.stickprov != now.stickprov) {
    return fmt::format("stickprov var {}, är nu {}", was.stickprov ? "ja" : "nej", now.stickprov ? "ja" : "nej");
  }
  // Fields a newer regel adds to regel-beslut/1 are no difference; any other change in the trace is.
  if (std::string d = audit::documentDifference(was.decision, now.decision); !d.empty()) {
    return "spåret (motiveringen) skiljer sig: " + d;
  }
  return {};
}

// The options a logged decision was made with. `keyKnown`: the stickprov can be recomputed (no
// key was used, or `key` is the one that was: its fingerprint matches).
DecideOptions replayOptions(const DecisionRecord& was, const std::optional<std::string>& key, bool& keyKnown) {
  DecideOptions decide;
  decide.trace = true;
  if (!was.dateOption.empty()) decide.date = was.dateOption;
  keyKnown = was.stickprovKey == stickprovKeyFingerprint(decide);
  if (!keyKnown && key) {
    decide.stickprovKey = key;
    keyKnown = was.stickprovKey == stickprovKeyFingerprint(decide);
    if (!keyKnown) decide.stickprovKey.reset();
  }
  return decide;
}

// Decides `r` again in `session` (made with replayOptions) into `out`.
void replayIn(Session& session, const Ruleset& ruleset, const LoggedDecision& r, bool keyKnown, AuditLog::Replay& out) {
  const DecisionRecord& was = r.decision;
  session.decide(was.input);
  out.outcome = session.takeOutcome();
  CaseOutcome& outcome = *out.outcome;
  out.stickprovReplayed = keyKnown;
  if (!outcome.decided()) {
    const auto problems = outcome.problems();
    const std::string why = problems.empty() ? std::string("okänt fel") : problems[0].code + " " + problems[0].message;
    out.problem = makeProblem(ErrorKind::ReplayFailed, {std::to_string(r.id), why}, r.id);
    return;
  }
  // Without the key the selection cannot be recomputed: the logged flag is taken as it is.
  if (!keyKnown) outcome.internal().decision.stickprov = was.stickprov;
  const auto now = makeDecisionRecord(ruleset, outcome, was.input, session.options());
  out.difference = now ? difference(was, *now, outcome.internal().decision.amountReason) : std::string("beslutet saknas");
  if (!out.difference.empty()) {
    out.problem = makeProblem(ErrorKind::DecidesDifferently, {std::to_string(r.id), out.difference}, r.id);
  }
}

// Decides logged records again; one session per ruleset and options, reused.
class Replayer {
 public:
  Replayer(const std::map<std::string, std::shared_ptr<const Ruleset>>& rulesets, const VerifyOptions& options)
      : rulesets_(rulesets), options_(options) {}

  void replay(const LoggedDecision& r, VerifyReport& report);
  uint64_t stickprovNotReplayed = 0;

 private:
  const std::map<std::string, std::shared_ptr<const Ruleset>>& rulesets_;
  const VerifyOptions& options_;
  std::map<std::string, std::unique_ptr<Session>> sessions_;
};

void Replayer::replay(const LoggedDecision& r, VerifyReport& report) {
  const auto ruleset = rulesets_.find(r.rulesetSha256);
  if (ruleset == rulesets_.end()) return;  // reported with the chain
  bool keyKnown = false;
  const DecideOptions decide = replayOptions(r.decision, options_.stickprovKey, keyKnown);
  const std::string sessionKey = r.rulesetSha256 + "\n" + r.decision.dateOption + "\n" + (decide.stickprovKey ? "k" : "");
  auto& session = sessions_[sessionKey];
  if (!session) session = std::make_unique<Session>(*ruleset->second, decide);
  AuditLog::Replay result;
  replayIn(*session, *ruleset->second, r, keyKnown, result);
  ++report.replayed;
  stickprovNotReplayed += keyKnown ? 0 : 1;
  if (result.problem) report.problems.push_back(*result.problem);
}

// The chain at one record: its own hash, its link to the record before, its HMAC.
struct ChainWalk {
  const ChainIndex& index;
  const VerifyOptions& options;
  VerifyReport& report;
  int64_t previousId = 0;
  std::string previousHash = std::string(audit::kGenesisHash);
  uint64_t unkeyedHmacs = 0;

  void check(const LoggedDecision& r);
};

void ChainWalk::check(const LoggedDecision& r) {
  const std::string id = std::to_string(r.id);
  if (audit::chainHash(r) != r.hash) report.problems.push_back(makeProblem(ErrorKind::RecordAltered, {id}, r.id));
  if (r.previousHash != previousHash) {
    const auto built = index.byHash.find(r.previousHash);
    const std::string before = previousId == 0 ? std::string("kedjans början") : fmt::format("post {}", previousId);
    if (built != index.byHash.end()) {
      report.problems.push_back(
          makeProblem(ErrorKind::RecordsReordered, {id, std::to_string(built->second), before}, r.id));
    } else if (r.id > previousId + 1) {
      const std::string gone = r.id == previousId + 2 ? fmt::format("post {}", previousId + 1)
                                                      : fmt::format("posterna {}–{}", previousId + 1, r.id - 1);
      const std::string from = previousId == 0 ? std::string("början") : before;
      report.problems.push_back(makeProblem(ErrorKind::RecordsRemoved, {gone, from, id}, r.id));
    } else {
      report.problems.push_back(makeProblem(ErrorKind::ChainBroken, {id, before}, r.id));
    }
  }
  if (options.hmacKey) {
    if (r.hmac.empty()) {
      report.problems.push_back(makeProblem(ErrorKind::HmacMissing, {id}, r.id));
    } else if (audit::chainHmac(*options.hmacKey, r.hash) != r.hmac) {
      report.problems.push_back(makeProblem(ErrorKind::HmacMismatch, {id}, r.id));
    }
  } else if (!r.hmac.empty()) {
    ++unkeyedHmacs;
  }
  previousId = r.id;
  previousHash = r.hash;
}

}  // namespace

AuditLog::Replay AuditLog::replay(const LoggedDecision& record, const std::optional<std::string>& stickprovKey) {
  Replay out;
  AuditProblem error;
  const auto rgb = rulesetRgb(record.rulesetSha256, error);
  const std::string id = std::to_string(record.id);
  if (!rgb) {
    out.problem = error.code.empty() ? makeProblem(ErrorKind::RulesetMissing, {id, record.rulesetSha256.substr(0, 16)}, record.id)
                                     : error;
    return out;
  }
  LoadResult loaded = loadRgb(*rgb, "regelverket " + record.rulesetSha256.substr(0, 16));
  if (!loaded.ruleset || rt::toHex(rt::sha256(*rgb)) != record.rulesetSha256) {
    const std::string label = record.rulesetName + " " + record.rulesetVersion;
    out.problem = makeProblem(ErrorKind::RulesetAltered, {record.rulesetSha256.substr(0, 16), label}, record.id);
    return out;
  }
  out.ruleset = std::move(loaded.ruleset);
  bool keyKnown = false;
  Session session(*out.ruleset, replayOptions(record.decision, stickprovKey, keyKnown));
  replayIn(session, *out.ruleset, record, keyKnown, out);
  return out;
}

VerifyReport AuditLog::verify(const VerifyOptions& options) {
  Impl& log = *impl_;
  VerifyReport report;
  report.seed = options.seed;
  const auto rulesets = checkRulesets(*log.store, report);
  const ChainIndex index = indexChain(*log.store, report);
  report.sampled = options.sample && *options.sample < index.ids.size();
  const std::unordered_set<int64_t> sample = report.sampled ? drawSample(index.ids, options) : std::unordered_set<int64_t>{};
  ChainWalk walk{index, options, report};
  Replayer replayer(rulesets, options);
  std::map<std::string, uint64_t> otherEngines;
  AuditProblem error;
  const bool read = forEach(
      [&](const LoggedDecision& r) {
        ++report.records;
        walk.check(r);
        if (r.rulesetName.empty()) {
          report.problems.push_back(
              makeProblem(ErrorKind::RulesetMissing, {std::to_string(r.id), r.rulesetSha256.substr(0, 16)}, r.id));
        }
        if (r.engine != engineVersion()) ++otherEngines[r.engine];
        if (!report.sampled || sample.count(r.id) != 0) replayer.replay(r, report);
        return true;
      },
      error);
  if (!read) report.problems.push_back(error);
  report.head = walk.previousHash == audit::kGenesisHash ? std::string() : walk.previousHash;
  report.headId = walk.previousId;
  if (walk.unkeyedHmacs > 0) {
    report.notes.push_back(fmt::format("{} poster har HMAC som inte kontrollerades: ingen nyckel gavs", walk.unkeyedHmacs));
  }
  if (replayer.stickprovNotReplayed > 0) {
    report.notes.push_back(fmt::format(
        "stickprovet omprövades inte för {} poster: de valdes med kommunens nyckel, som inte gavs", replayer.stickprovNotReplayed));
  }
  for (const auto& [engine, count] : otherEngines) {
    report.notes.push_back(fmt::format("{} poster loggades av {} och omprövades med {}", count, engine, engineVersion()));
  }
  return report;
}

}  // namespace regel
