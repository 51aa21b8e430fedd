// The subcommands of `regel`, each a function from parsed arguments to an exit code.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "regel/audit.h"
#include "regel/decide.h"

namespace regel::cli {

// `--audit LOGG` and `--audit-nyckel FIL` on run and batch: where decisions are logged.
struct LogArgs {
  std::string log;      // empty: no log
  std::string keyFile;  // the HMAC key; else REGEL_AUDIT_NYCKEL; else none
};

struct CheckArgs {
  std::vector<std::string> files;
  bool warningsAsErrors = false;
};
struct IndexArgs {
  std::string file;
};
struct BuildArgs {
  std::string file;
  std::string output;
  std::string dump;
};
struct RunArgs {
  std::string rules;
  std::vector<std::string> cases;
  std::string date;
  bool explain = false;
  std::string trace;
  std::string stickprovKeyFile;
  bool jit = false;
  LogArgs audit;
  std::vector<std::string> facts;  // --sätt FÄLT=VÄRDE
  bool letter = false;             // --brev
};
struct BatchArgs {
  std::string rules;
  std::string input;        // "-": stdin
  std::string output = "-";  // "-": stdout
  unsigned threads = 1;
  bool trace = false;
  std::string date;
  std::string stickprovKeyFile;
  bool jit = false;
  LogArgs audit;
};
struct TestArgs {
  std::vector<std::string> files;
  bool verbose = false;
  bool coverage = false;
  int minCoverage = -1;  // fail when the total coverage (in %) is below; -1: no limit
  bool jit = false;
};

// `regel audit list|show|verify|export|stickprov LOGG …`
struct AuditArgs {
  std::string command;  // the subcommand's name
  std::string log;
  // list and stickprov
  std::string from, to, outcome, ruleset, month;
  bool stickprovOnly = false;
  // show
  int64_t id = 0;
  std::string format = "text";
  // verify
  int64_t sample = -1;  // -1: replay every record
  std::string seed;
  std::string keyFile;
  std::string stickprovKeyFile;
  // export
  std::string output = "-";
  bool pseudonymise = false;
  std::string pseudonymKeyFile;
};

// `regel serve RULES… [--port] [--host] [--audit] [--token-file] …`
struct ServeArgs {
  std::vector<std::string> rules;
  std::string host = "127.0.0.1";
  int port = 8080;
  unsigned threads = 0;  // 0: twice the cores, at least 4
  size_t maxRequestBytes = size_t{1} << 20;
  size_t maxBatchBytes = size_t{64} << 20;
  std::string tokenFile;
  std::string stickprovKeyFile;
  bool jit = false;
  LogArgs audit;
};
// `regel playground [--port] [--host]`
struct PlaygroundArgs {
  std::string host = "127.0.0.1";
  int port = 8090;
};

int runCheck(const CheckArgs& args, bool color);
int runIndex(const IndexArgs& args, bool color);
int runBuild(const BuildArgs& args, bool color);
int runRun(const RunArgs& args, bool color);
int runTest(const TestArgs& args, bool color);
int runBatchCommand(const BatchArgs& args, bool color);
int runAudit(const AuditArgs& args);
int runServe(const ServeArgs& args);
int runPlayground(const PlaygroundArgs& args);
// Reads a secret key from `file`, or else from the environment variable `env`; `what` names it in
// messages. False (after printing why) when the file is empty.
bool readKey(const std::string& file, const char* env, const char* what, std::optional<std::string>& key);
// Sets options.date and options.stickprovKey from --datum and --stickprov-nyckel (or the
// environment); prints the error and returns false on bad usage (exit code 2).
bool decideOptionsFromArgs(const std::string& date, const std::string& stickprovKeyFile, DecideOptions& options);
bool stdoutIsTerminal();
// A problem with a stable code as every command shows it, on standard error: "fel[R0801]: …".
void printCodedError(const std::string& code, const std::string& message);
// Opens the log of `--audit` for `ruleset`'s decisions; null when there is none. Prints the
// error and sets `failed` when it cannot be opened or written.
std::unique_ptr<AuditLog> openDecisionLog(const LogArgs& args, const Ruleset& ruleset, bool& failed);

}  // namespace regel::cli
