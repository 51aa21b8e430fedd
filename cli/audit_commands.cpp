// `--audit LOGG` on run and batch, and `regel audit list|show|verify|export|stickprov`: the
// decision log for auditors.
#include <fcntl.h>
#include <unistd.h>

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <iostream>
#include <random>

#include "cli/commands.h"
#include "cli/output_files.h"
#include "regel/audit.h"
#include "regel/what_if.h"
#include "runtime/base/controls.h"
#include "runtime/base/system_error.h"

namespace regel::cli {
namespace {

void printProblem(const AuditProblem& p) { printCodedError(p.code, p.message); }

std::unique_ptr<AuditLog> openForReading(const std::string& path) {
  AuditOptions options;
  options.create = false;
  options.readOnly = true;
  AuditProblem error;
  auto log = AuditLog::open(path, options, error);
  if (!log) printProblem(error);
  return log;
}

// "2023-03" → the first and last day of the month; false when it is no month.
bool monthRange(const std::string& month, std::string& from, std::string& to) {
  if (!validDecisionDate(month + "-01")) return false;
  from = month + "-01";
  to = month + "-31";  // decision dates compare as text: no day of the month sorts after "-31"
  return month.size() == 7;
}

int auditList(AuditLog& log, const AuditArgs& args) {
  AuditFilter filter{args.from, args.to, args.outcome, args.ruleset, args.stickprovOnly};
  for (const std::string* date : {&args.from, &args.to}) {
    if (!date->empty() && !validDecisionDate(*date)) {
      std::cerr << fmt::format("fel: '{}' är inget giltigt datum (ÅÅÅÅ-MM-DD)\n", *date);
      return 2;
    }
  }
  std::vector<LoggedDecision> records;
  AuditProblem error;
  if (!log.list(filter, records, error)) {
    printProblem(error);
    return 1;
  }
  std::cout << renderRecordTable(records);
  return 0;
}

int auditStickprov(AuditLog& log, const AuditArgs& args) {
  AuditFilter filter;
  if (!monthRange(args.month, filter.from, filter.to)) {
    std::cerr << fmt::format("fel: --månad '{}' är ingen månad (ÅÅÅÅ-MM)\n", args.month);
    return 2;
  }
  filter.stickprovOnly = true;
  std::vector<LoggedDecision> records;
  AuditProblem error;
  if (!log.list(filter, records, error)) {
    printProblem(error);
    return 1;
  }
  std::cout << fmt::format("Stickprov för {} (beslutsdatum i månaden):\n", args.month);
  std::cout << renderRecordTable(records);
  return 0;
}

// What the auditor's HTML report says about the record, beside the ruleset and the engine.
std::vector<std::pair<std::string, std::string>> recordRows(const LoggedDecision& r) {
  return {{"Post i beslutsloggen", std::to_string(r.id)},
          {"Loggad", r.time + " av " + r.engine},
          {"Indata (SHA-256)", r.decision.inputSha256},
          {"Kedjesumma", r.hash},
          {"HMAC", r.hmac.empty() ? "ingen" : r.hmac},
          {"Omprövning", "samma beslut och spår som i loggen, med det lagrade regelverket"}};
}

// The record's head, then its decision explained, decided again with the stored ruleset: what
// is shown is checked against the log, and a difference is said before anything else.
int auditShow(AuditLog& log, const AuditArgs& args) {
  AuditProblem error;
  auto record = log.get(args.id, error);
  if (!record) {
    printProblem(error);
    return 1;
  }
  if (args.format == "json") {
    std::cout << renderRecordJson(*record);
    return 0;
  }
  std::optional<std::string> stickprovKey;
  if (!readKey(args.stickprovKeyFile, "REGEL_STICKPROV_NYCKEL", "stickprov", stickprovKey)) return 2;
  std::cout << renderRecordHead(*record) << "\n";
  AuditLog::Replay replay = log.replay(*record, stickprovKey);
  // The explanation is rendered only from a replay that agrees with the log; otherwise the
  // record itself is the evidence, and `--format json` shows it as stored.
  const std::string asStored = fmt::format("Posten som den lagrats: regel audit show {} {} --format json\n",
                                            auditLogName(args.log), args.id);
  if (replay.problem) {
    printProblem(*replay.problem);
    std::cout << asStored;
    return 1;
  }
  if (args.format == "brev") {
    std::cout << renderLetter(*replay.ruleset, *replay.outcome, rt::showControls(record->decision.caseId));
    return 0;
  }
  // Searched only for the views that show it (the letter does not).
  const std::string whatIf = whatWouldChangeText(*replay.ruleset, *replay.outcome);
  if (args.format == "html") {
    std::cout << renderHtml(*replay.ruleset, *replay.outcome, recordRows(*record), whatIf);
    return 0;
  }
  std::cout << "Omprövat med det lagrade regelverket: samma beslut och spår som i loggen.\n\n";
  std::cout << renderText(*replay.ruleset, *replay.outcome, rt::showControls(record->decision.caseId), true);
  if (!whatIf.empty()) std::cout << "\n" << whatIf;
  return 0;
}

int auditVerify(AuditLog& log, const AuditArgs& args) {
  VerifyOptions options;
  if (args.sample >= 0) options.sample = static_cast<uint64_t>(args.sample);
  if (!args.seed.empty()) {
    try {
      size_t used = 0;
      options.seed = std::stoull(args.seed, &used);
      if (used != args.seed.size()) throw std::invalid_argument("seed");
    } catch (const std::exception&) {
      std::cerr << fmt::format("fel: --frö '{}' är inget heltal\n", args.seed);
      return 2;
    }
  } else {
    options.seed = std::random_device{}();
  }
  if (!readKey(args.keyFile, "REGEL_AUDIT_NYCKEL", "beslutsloggen", options.hmacKey)) return 2;
  if (!readKey(args.stickprovKeyFile, "REGEL_STICKPROV_NYCKEL", "stickprov", options.stickprovKey)) return 2;
  const VerifyReport report = log.verify(options);
  std::cout << renderVerifyReport(report);
  return report.ok() ? 0 : 1;
}

// The key for pseudonyms: given, or one made for this export alone (pseudonyms then link the
// records of this export, and no other).
bool pseudonymKey(const AuditArgs& args, std::optional<std::string>& key) {
  if (!args.pseudonymise) return true;
  if (!readKey(args.pseudonymKeyFile, "REGEL_PSEUDONYM_NYCKEL", "pseudonymerna", key)) return false;
  if (!key) {
    std::random_device random;
    std::string made;
    for (int i = 0; i < 32; ++i) made += static_cast<char>(random() & 0xff);
    key = made;
    std::cerr << "obs: ingen nyckel för pseudonymerna gavs; de gäller bara denna export\n";
  }
  return true;
}

int auditExport(AuditLog& log, const AuditArgs& args) {
  std::optional<std::string> key;
  if (!pseudonymKey(args, key)) return 2;
  int fd = STDOUT_FILENO;
  if (args.output != "-") {
    // The export written over the log it reads would destroy the log.
    if (outputOverwrites(args.output, "exporten", {{args.log, "beslutsloggen", "den"}})) return 2;
    fd = ::open(args.output.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) {
      std::cerr << fmt::format("fel: kan inte skriva {}: {}\n", args.output, rt::systemErrorText(errno));
      return 1;
    }
  }
  FdOutput out(fd);
  bool written = true;
  bool refused = false;
  uint64_t count = 0;
  AuditProblem error;
  const bool read = log.forEach(
      [&](const LoggedDecision& r) {
        if (key) {
          AuditProblem problem;
          const auto hidden = log.pseudonymised(r, *key, problem);
          // A record whose personal data cannot be found is not exported in the clear.
          if (!hidden) {
            printProblem(problem);
            refused = true;
            return false;
          }
          written = out.write(renderRecordJson(*hidden));
        } else {
          written = out.write(renderRecordJson(r));
        }
        count += written ? 1 : 0;
        return written;
      },
      error);
  if (fd != STDOUT_FILENO && ::close(fd) != 0) written = false;
  if (!read) printProblem(error);
  if (!written) std::cerr << fmt::format("fel: kan inte skriva {}\n", args.output);
  if (read && written && !refused) std::cerr << fmt::format("{} poster exporterade\n", count);
  return read && written && !refused ? 0 : 1;
}

}  // namespace

std::unique_ptr<AuditLog> openDecisionLog(const LogArgs& args, const Ruleset& ruleset, bool& failed) {
  failed = false;
  if (args.log.empty()) return nullptr;
  AuditOptions options;
  if (!readKey(args.keyFile, "REGEL_AUDIT_NYCKEL", "beslutsloggen", options.hmacKey)) {
    failed = true;
    return nullptr;
  }
  AuditProblem error;
  auto log = AuditLog::open(args.log, options, error);
  // The ruleset is stored now: a log that cannot be written stops the run before any decision.
  if (!log || !log->useRuleset(ruleset, error)) {
    printProblem(error);
    failed = true;
    return nullptr;
  }
  return log;
}

int runAudit(const AuditArgs& args) {
  auto log = openForReading(args.log);
  if (!log) return 1;
  if (args.command == "list") return auditList(*log, args);
  if (args.command == "show") return auditShow(*log, args);
  if (args.command == "verify") return auditVerify(*log, args);
  if (args.command == "export") return auditExport(*log, args);
  if (args.command == "stickprov") return auditStickprov(*log, args);
  return 2;
}

}  // namespace regel::cli
