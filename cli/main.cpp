// The `regel` command line: English verbs, Swedish output for people. Exit codes: 0 ok,
// 1 errors in rules or case, 2 usage.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <iostream>

#include "cli/commands.h"

int main(int argc, char** argv) {
  CLI::App app{"regel – regler som kod: kontrollera, kompilera och kör regelverk"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("regel ") + regel::cli::kVersion);

  const char* const jitHelp = "Fatta besluten med maskinkod (LLVM JIT); samma beslut och spår som utan";

  regel::cli::CheckArgs check;
  auto* checkCmd = app.add_subcommand("check", "Kontrollera regelverk och visa diagnostik");
  checkCmd->add_option("filer", check.files, "Regelfiler (.regel)")->required()->check(CLI::ExistingFile);
  checkCmd->add_flag("--varningar-som-fel,--werror", check.warningsAsErrors, "Behandla varningar som fel");

  regel::cli::BuildArgs build;
  auto* buildCmd = app.add_subcommand("build", "Kompilera ett regelverk till en bytekodfil (.rgb)");
  buildCmd->add_option("fil", build.file, "Regelfil (.regel)")->required()->check(CLI::ExistingFile);
  buildCmd->add_option("-o,--output", build.output, "Utfil (.rgb)");
  buildCmd->add_option("--dump", build.dump, "Skriv ut ett steg: ast, ir eller bytecode")
      ->check(CLI::IsMember({"ast", "ir", "bytecode"}));

  regel::cli::RunArgs run;
  auto* runCmd = app.add_subcommand("run", "Fatta beslut i ett eller flera ärenden");
  runCmd->add_option("regler", run.rules, "Regelverk (.regel eller .rgb)")->required()->check(CLI::ExistingFile);
  runCmd->add_option("arenden", run.cases, "Ärenden (JSON)")->required()->check(CLI::ExistingFile);
  runCmd->add_option("--datum", run.date, "Beslutsdatum (ÅÅÅÅ-MM-DD), ersätter ärendets");
  runCmd->add_flag("--explain,--forklara", run.explain, "Visa hela motiveringen regel för regel");
  runCmd->add_option("--trace", run.trace, "Skriv beslut och spår som maskinläsbar data (json)")
      ->check(CLI::IsMember({"json"}));
  runCmd->add_option("--stickprov-nyckel", run.stickprovKeyFile,
                     "Fil med kommunens hemliga nyckel för stickprov (annars REGEL_STICKPROV_NYCKEL)")
      ->check(CLI::ExistingFile);
  runCmd->add_flag("--jit", run.jit, jitHelp);

  regel::cli::BatchArgs batch;
  auto* batchCmd = app.add_subcommand("batch", "Fatta beslut i många ärenden, ett per rad (JSON Lines)");
  batchCmd->add_option("regler", batch.rules, "Regelverk (.regel eller .rgb)")->required()->check(CLI::ExistingFile);
  batchCmd->add_option("indata", batch.input, "Ärenden, ett JSON-objekt per rad (- för standard input)")->required();
  batchCmd->add_option("-o,--output", batch.output, "Utfil, en beslutsrad per ärende (- för standard output)");
  batchCmd->add_option("--threads,--tradar", batch.threads, "Antal trådar som fattar beslut")
      ->check(CLI::Range(1, 256));
  batchCmd->add_flag("--trace", batch.trace, "Ta med hela spåret på varje rad");
  batchCmd->add_option("--datum", batch.date, "Beslutsdatum (ÅÅÅÅ-MM-DD), ersätter ärendenas");
  batchCmd->add_option("--stickprov-nyckel", batch.stickprovKeyFile,
                       "Fil med kommunens hemliga nyckel för stickprov (annars REGEL_STICKPROV_NYCKEL)")
      ->check(CLI::ExistingFile);
  batchCmd->add_flag("--jit", batch.jit, jitHelp);

  regel::cli::TestArgs test;
  auto* testCmd = app.add_subcommand("test", "Kör regelverkens exempel som tester");
  testCmd->add_option("filer", test.files, "Regelfiler (.regel)")->required()->check(CLI::ExistingFile);
  testCmd->add_flag("-v,--verbose", test.verbose, "Visa varje exempel");
  testCmd->add_flag("--coverage,--tackning", test.coverage,
                    "Visa vilka regler, undantag, beslutsgrenar och tabellrader exemplen prövar");
  testCmd->add_option("--min-coverage", test.minCoverage, "Misslyckas om täckningen är lägre (procent)")
      ->check(CLI::Range(0, 100));
  testCmd->add_flag("--jit", test.jit, jitHelp);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return 2;
  }
  bool color = regel::cli::stdoutIsTerminal();
  if (*checkCmd) return regel::cli::runCheck(check, color);
  if (*buildCmd) return regel::cli::runBuild(build, color);
  if (*runCmd) return regel::cli::runRun(run, color);
  if (*testCmd) return regel::cli::runTest(test, color);
  if (*batchCmd) return regel::cli::runBatchCommand(batch, color);
  return 2;
}
