// The subcommands of `regel`, each a function from parsed arguments to an exit code.
#pragma once

#include <optional>
#include <string>
#include <vector>

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
};
struct TestArgs {
  std::vector<std::string> files;
  bool verbose = false;
  bool coverage = false;
  int minCoverage = -1;  // fail when the total coverage (in %) is below; -1: no limit
};

int runCheck(const CheckArgs& args, bool color);
int runBuild(const BuildArgs& args, bool color);
int runRun(const RunArgs& args, bool color);
int runTest(const TestArgs& args, bool color);
bool stdoutIsTerminal();

}  // namespace regel::cli
