// The `regel` command line: English verbs, Swedish output for people. Exit codes: 0 ok,
// 1 errors in rules or case, 2 usage.
#include <CLI/CLI.hpp>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <iostream>

#include "cli/arguments.h"
#include "cli/commands.h"
#include "runtime/base/system_error.h"

namespace {

void addLogOptions(CLI::App* command, regel::cli::LogArgs& args) {
  command->add_option("--audit", args.log, "Logga varje beslut i denna beslutslogg (SQLite-fil eller postgresql://…; skapas vid behov)")
      ->type_name("LOGG");
  regel::cli::existingFile(command->add_option("--audit-nyckel", args.keyFile,
                                               "Fil med nyckel för loggens HMAC (annars REGEL_AUDIT_NYCKEL)"));
}

CLI::App* addAuditCommand(CLI::App* audit, const char* name, const char* help, regel::cli::AuditArgs& args) {
  CLI::App* command = audit->add_subcommand(name, help);
  regel::cli::existingLog(command->add_option("logg", args.log, "Beslutsloggen (SQLite-fil eller postgresql://…)")->required());
  return command;
}

constexpr const char* kJitHelp = "Fatta besluten med maskinkod (LLVM JIT); samma beslut och spår som utan";

// `regel run`, its arguments parsed into `run`.
CLI::App* addRunCommand(CLI::App& app, regel::cli::RunArgs& run) {
  using regel::cli::existingFile;
  using regel::cli::oneOf;
  auto* runCmd = app.add_subcommand("run", "Fatta beslut i ett eller flera ärenden");
  existingFile(runCmd->add_option("regler", run.rules, "Regelverk (.regel eller .rgb)")->required());
  existingFile(runCmd->add_option("ärenden", run.cases, "Ärenden (JSON)")->required());
  regel::cli::decisionDate(runCmd->add_option("--datum", run.date, "Beslutsdatum (ÅÅÅÅ-MM-DD), ersätter ärendets"));
  runCmd->add_flag("--explain,--forklara", run.explain, "Visa hela motiveringen regel för regel");
  oneOf(runCmd->add_option("--trace", run.trace,
                           "Skriv beslut och spår som maskinläsbar data (json) eller som en rapport för granskare (html)"),
        {"json", "html"});
  existingFile(runCmd->add_option("--stickprov-nyckel", run.stickprovKeyFile,
                                  "Fil med kommunens hemliga nyckel för stickprov (annars REGEL_STICKPROV_NYCKEL)"));
  runCmd->add_flag("--jit", run.jit, kJitHelp);
  addLogOptions(runCmd, run.audit);
  runCmd->add_flag("--brev", run.letter, "Skriv beslutet som ett brev till den sökande (beslutsbrev)")
      ->excludes("--trace")
      ->excludes("--explain");
  runCmd->add_option("--sätt,--satt", run.facts, "Pröva ärendet med en uppgift ändrad: FÄLT=VÄRDE (kan upprepas)")
      ->type_name("FÄLT=VÄRDE")
      ->excludes("--audit");
  return runCmd;
}

// `regel audit list|show|verify|export|stickprov`, their arguments parsed into `audit`.
CLI::App* addAuditCommands(CLI::App& app, regel::cli::AuditArgs& audit) {
  using regel::cli::existingFile;
  using regel::cli::integerBetween;
  using regel::cli::oneOf;
  auto* auditCmd = app.add_subcommand("audit", "Granska beslutsloggen: lista, visa, kontrollera, exportera, stickprov");
  auditCmd->require_subcommand(1);
  auto* auditList = addAuditCommand(auditCmd, "list", "Lista loggade beslut", audit);
  auditList->add_option("--från,--fran", audit.from, "Beslutsdatum från och med (ÅÅÅÅ-MM-DD)")->type_name("DATUM");
  auditList->add_option("--till", audit.to, "Beslutsdatum till och med (ÅÅÅÅ-MM-DD)")->type_name("DATUM");
  oneOf(auditList->add_option("--utfall", audit.outcome, "Bara beslut med detta utfall"),
        {"bifall", "avslag", "manuell prövning", "komplettering", "fastställt belopp"});
  auditList->add_option("--regelverk", audit.ruleset, "Bara beslut av regelverket med detta namn")->type_name("NAMN");
  auditList->add_flag("--stickprov", audit.stickprovOnly, "Bara beslut som valts ut för stickprov");
  auto* auditShow = addAuditCommand(auditCmd, "show", "Visa ett loggat beslut, omprövat och förklarat", audit);
  integerBetween(auditShow->add_option("id", audit.id, "Postens nummer i loggen")->required(), 1, INT32_MAX)
      ->type_name("POST");
  oneOf(auditShow->add_option("--format", audit.format,
                              "text (förklaringen), html (en rapport för granskare), brev (beslutsbrevet) eller json "
                              "(posten som den lagrats)"),
        {"text", "html", "brev", "json"});
  existingFile(auditShow->add_option("--stickprov-nyckel", audit.stickprovKeyFile,
                                     "Fil med kommunens nyckel för stickprov (annars REGEL_STICKPROV_NYCKEL)"));
  auto* auditVerify = addAuditCommand(auditCmd, "verify", "Kontrollera kedjan och pröva om besluten", audit);
  integerBetween(auditVerify->add_option("--sample,--urval", audit.sample, "Pröva om bara så många slumpvis valda beslut"),
                 0, INT32_MAX)
      ->type_name("ANTAL");
  auditVerify->add_option("--frö,--fro", audit.seed, "Frö för urvalet (för att upprepa ett urval)")->type_name("TAL");
  existingFile(auditVerify->add_option("--audit-nyckel", audit.keyFile,
                                       "Fil med loggens HMAC-nyckel (annars REGEL_AUDIT_NYCKEL)"));
  existingFile(auditVerify->add_option("--stickprov-nyckel", audit.stickprovKeyFile,
                                       "Fil med kommunens nyckel för stickprov (annars REGEL_STICKPROV_NYCKEL)"));
  auto* auditExport = addAuditCommand(auditCmd, "export", "Skriv hela loggen som JSON Lines (regel-logg/1)", audit);
  auditExport->add_option("-o,--output", audit.output, "Utfil (- för standard output)")->type_name("FIL");
  auditExport->add_flag("--pseudonymisera", audit.pseudonymise,
                        "Byt ut personuppgifter och ärendenas id mot pseudonymer");
  existingFile(auditExport->add_option("--pseudonym-nyckel", audit.pseudonymKeyFile,
                                       "Fil med nyckeln för pseudonymerna (annars REGEL_PSEUDONYM_NYCKEL; "
                                       "utan nyckel gäller pseudonymerna bara denna export)"));
  auto* auditSample = addAuditCommand(auditCmd, "stickprov", "Lista en månads stickprov", audit);
  auditSample->add_option("--månad,--manad", audit.month, "Månaden (ÅÅÅÅ-MM), efter beslutsdatum")
      ->required()
      ->type_name("MÅNAD");
  return auditCmd;
}

// `regel serve`, its arguments parsed into `serve`.
CLI::App* addServeCommand(CLI::App& app, regel::cli::ServeArgs& serve) {
  using regel::cli::existingFile;
  using regel::cli::integerBetween;
  auto* serveCmd = app.add_subcommand("serve", "Fatta beslut som en tjänst över HTTP (JSON)");
  existingFile(serveCmd->add_option("regler", serve.rules, "Regelverk (.regel eller .rgb)")->required());
  integerBetween(serveCmd->add_option("--port", serve.port, "Porten att lyssna på (0: valfri ledig)"), 0, 65535);
  serveCmd->add_option("--host", serve.host, "Adressen att lyssna på (127.0.0.1: bara den egna datorn)")->type_name("ADRESS");
  integerBetween(serveCmd->add_option("--threads,--tradar", serve.threads,
                                      "Antal begäranden som besvaras samtidigt (1–1024; standard: två per kärna, minst 4)"),
                 1, 1024);
  integerBetween(serveCmd->add_option("--max-storlek", serve.maxRequestBytes, "Största begäran för ett ärende, i byte"), 1024,
                 16 << 20)
      ->type_name("BYTE");
  integerBetween(serveCmd->add_option("--max-batch", serve.maxBatchBytes, "Största begäran för en batch, i byte"), 1024,
                 1 << 30)
      ->type_name("BYTE");
  existingFile(serveCmd->add_option("--token-file,--nyckelfil", serve.tokenFile,
                                    "Fil med en nyckel som varje begäran till /v1/ och /admin/ måste bära (Authorization: Bearer)"));
  existingFile(serveCmd->add_option("--stickprov-nyckel", serve.stickprovKeyFile,
                                    "Fil med kommunens hemliga nyckel för stickprov (annars REGEL_STICKPROV_NYCKEL)"));
  serveCmd->add_flag("--jit", serve.jit, kJitHelp);
  addLogOptions(serveCmd, serve.audit);
  return serveCmd;
}

// A command's exit code, unless what it wrote to standard output did not arrive (a full disk, a
// closed terminal): that is a failure too, or the decisions it printed would seem written.
int checkedExit(int code) {
  errno = 0;
  std::cout.flush();
  if (std::cout.good() && std::fflush(stdout) == 0) return code;
  const int err = errno;
  std::cerr << "fel: kan inte skriva till standard output"
            << (err != 0 ? ": " + regel::rt::systemErrorText(err) : std::string()) << "\n";
  return code == 0 ? 1 : code;
}

}  // namespace

int main(int argc, char** argv) {
  using regel::cli::existingFile;
  using regel::cli::integerBetween;
  using regel::cli::oneOf;
  CLI::App app{"regel – regler som kod: kontrollera, kompilera och kör regelverk"};
  app.require_subcommand(1);
  // Before any subcommand is added: they inherit it.
  app.option_defaults()->group("Flaggor");
  app.set_version_flag("--version", regel::engineVersion(), "Visa versionen");

  regel::cli::CheckArgs check;
  auto* checkCmd = app.add_subcommand("check", "Kontrollera regelverk och visa diagnostik");
  existingFile(checkCmd->add_option("filer", check.files, "Regelfiler (.regel)")->required());
  checkCmd->add_flag("--varningar-som-fel,--werror", check.warningsAsErrors, "Behandla varningar som fel");

  regel::cli::BuildArgs build;
  auto* buildCmd = app.add_subcommand("build", "Kompilera ett regelverk till en bytekodfil (.rgb)");
  existingFile(buildCmd->add_option("fil", build.file, "Regelfil (.regel)")->required());
  buildCmd->add_option("-o,--output", build.output, "Utfil (.rgb)")->type_name("FIL");
  oneOf(buildCmd->add_option("--dump", build.dump, "Skriv ut ett steg: ast, ir eller bytecode"),
        {"ast", "ir", "bytecode"});

  regel::cli::RunArgs run;
  CLI::App* runCmd = addRunCommand(app, run);

  regel::cli::BatchArgs batch;
  auto* batchCmd = app.add_subcommand("batch", "Fatta beslut i många ärenden, ett per rad (JSON Lines)");
  existingFile(batchCmd->add_option("regler", batch.rules, "Regelverk (.regel eller .rgb)")->required());
  batchCmd->add_option("indata", batch.input, "Ärenden, ett JSON-objekt per rad (- för standard input)")
      ->required()
      ->type_name("FIL");
  batchCmd->add_option("-o,--output", batch.output, "Utfil, en beslutsrad per ärende (- för standard output)")
      ->type_name("FIL");
  integerBetween(batchCmd->add_option("--threads,--tradar", batch.threads, "Antal trådar som fattar beslut (1–256)"),
                 1, 256);
  batchCmd->add_flag("--trace", batch.trace, "Ta med hela spåret på varje rad");
  regel::cli::decisionDate(batchCmd->add_option("--datum", batch.date, "Beslutsdatum (ÅÅÅÅ-MM-DD), ersätter ärendenas"));
  existingFile(batchCmd->add_option("--stickprov-nyckel", batch.stickprovKeyFile,
                                    "Fil med kommunens hemliga nyckel för stickprov (annars REGEL_STICKPROV_NYCKEL)"));
  batchCmd->add_flag("--jit", batch.jit, kJitHelp);
  addLogOptions(batchCmd, batch.audit);

  regel::cli::TestArgs test;
  auto* testCmd = app.add_subcommand("test", "Kör regelverkens exempel som tester");
  existingFile(testCmd->add_option("filer", test.files, "Regelfiler (.regel)")->required());
  testCmd->add_flag("-v,--verbose", test.verbose, "Visa varje exempel");
  testCmd->add_flag("--coverage,--tackning", test.coverage,
                    "Visa vilka regler, undantag, beslutsgrenar och tabellrader exemplen prövar");
  integerBetween(testCmd->add_option("--min-coverage", test.minCoverage,
                                    "Misslyckas om täckningen är lägre (procent, 0–100)"),
                 0, 100);
  testCmd->add_flag("--jit", test.jit, kJitHelp);

  regel::cli::IndexArgs index;
  auto* indexCmd = app.add_subcommand("index", "Visa regelverkets namn och var de används (JSON, för verktyg)");
  existingFile(indexCmd->add_option("fil", index.file, "Regelfil (.regel)")->required());

  regel::cli::AuditArgs audit;
  CLI::App* auditCmd = addAuditCommands(app, audit);

  regel::cli::ServeArgs serve;
  CLI::App* serveCmd = addServeCommand(app, serve);

  regel::cli::PlaygroundArgs playground;
  auto* playgroundCmd = app.add_subcommand("playground", "Öppna lekplatsen: skriv regler och pröva dem i webbläsaren");
  integerBetween(playgroundCmd->add_option("--port", playground.port, "Porten att lyssna på (0: valfri ledig)"), 0, 65535);
  playgroundCmd->add_option("--host", playground.host, "Adressen att lyssna på")->type_name("ADRESS");

  regel::cli::useSwedishHelp(app);
  if (std::string unknown = regel::cli::unknownCommand(app, argc, argv); !unknown.empty()) {
    return regel::cli::reportUsageError(unknown);
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    return regel::cli::reportUsageError(app, e);
  }
  bool color = regel::cli::stdoutIsTerminal();
  if (*checkCmd) return checkedExit(regel::cli::runCheck(check, color));
  if (*buildCmd) return checkedExit(regel::cli::runBuild(build, color));
  if (*indexCmd) return checkedExit(regel::cli::runIndex(index, color));
  if (*runCmd) return checkedExit(regel::cli::runRun(run, color));
  if (*testCmd) return checkedExit(regel::cli::runTest(test, color));
  if (*batchCmd) return checkedExit(regel::cli::runBatchCommand(batch, color));
  if (*serveCmd) return checkedExit(regel::cli::runServe(serve));
  if (*playgroundCmd) return checkedExit(regel::cli::runPlayground(playground));
  if (*auditCmd) {
    for (auto* sub : auditCmd->get_subcommands()) audit.command = sub->get_name();
    return checkedExit(regel::cli::runAudit(audit));
  }
  return 2;
}
