// The subcommands of `regel`, each a function from parsed arguments to an exit code.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "regel/decide.h"

namespace regel::cli {

inline constexpr const char* kVersion = "0.1.0";

struct CheckArgs {
  std::vector<std::string> files;
  bool warningsAsErrors = false;
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
};
struct TestArgs {
  std::vector<std::string> files;
  bool verbose = false;
  bool coverage = false;
  int minCoverage = -1;  // fail when the total coverage (in %) is below; -1: no limit
  bool jit = false;
};

int runCheck(const CheckArgs& args, bool color);
int runBuild(const BuildArgs& args, bool color);
int runRun(const RunArgs& args, bool color);
int runTest(const TestArgs& args, bool color);
int runBatchCommand(const BatchArgs& args, bool color);
// Sets options.date and options.stickprovKey from --datum and --stickprov-nyckel (or the
// environment); prints the error and returns false on bad usage (exit code 2).
bool decideOptionsFromArgs(const std::string& date, const std::string& stickprovKeyFile, DecideOptions& options);
bool stdoutIsTerminal();

}  // namespace regel::cli
