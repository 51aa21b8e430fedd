// `regel serve` (the decision service) and `regel playground` (the policy writers' page): an HTTP
// server on loopback until SIGINT or SIGTERM; SIGHUP reloads the rulesets without downtime.
#include <fmt/format.h>
#include <pthread.h>
#include <signal.h>

#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include "cli/commands.h"
#include "service/decision_routes.h"
#include "service/playground_routes.h"
#include "service/server.h"
#include "service/service_errors.h"

namespace regel::cli {
namespace {

using service::ErrorKind;

bool readToken(const std::string& file, std::string& token) {
  std::ifstream in(file, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  token = text.str();
  // A trailing newline, as an editor or `echo` leaves it, is not part of the token.
  while (!token.empty() && (token.back() == '\n' || token.back() == '\r')) token.pop_back();
  if (!in.good() && !in.eof()) token.clear();
  if (token.empty()) {
    const Problem problem = service::makeProblem(ErrorKind::BadTokenFile, {file});
    printCodedError(problem.code, problem.message);
    return false;
  }
  return true;
}

// SIGINT, SIGTERM and SIGHUP, blocked in this thread before any other starts (the JIT's, the log
// writer's, the server's), so that every thread inherits the mask and only the waiter takes them.
sigset_t blockServiceSignals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  return signals;
}

// Serves until SIGINT or SIGTERM, taken by a thread of its own (sigwait), so that a reload on
// SIGHUP runs as ordinary code, not in a signal handler.
int serveUntilSignalled(service::Server& server, const sigset_t& signals, const char* what, bool reloadOnHangup) {
  Problem problem;
  const int port = server.bind(problem);
  if (port < 0) {
    printCodedError(problem.code, problem.message);
    return 1;
  }
  std::thread waiter([&] {
    for (;;) {
      int signal = 0;
      if (sigwait(&signals, &signal) != 0) continue;
      if (signal == SIGHUP && reloadOnHangup) {
        Problem reloadProblem;
        if (server.state().reload(reloadProblem)) {
          std::cerr << fmt::format("regel {}: regelverken är omladdade (generation {})\n", what,
                                   server.state().catalog()->generation);
        } else {
          printCodedError(reloadProblem.code, reloadProblem.message);
        }
        continue;
      }
      if (signal == SIGHUP) continue;
      server.stop();
      return;
    }
  });
  std::cerr << fmt::format("regel {}: lyssnar på http://{}:{}/\n", what, server.host(), port) << std::flush;
  server.run();
  // run() also returns when the server could not go on listening: wake the waiter so it ends.
  pthread_kill(waiter.native_handle(), SIGTERM);
  waiter.join();
  std::cerr << fmt::format("regel {}: stoppad\n", what);
  return 0;
}

}  // namespace

int runServe(const ServeArgs& args) {
  const sigset_t signals = blockServiceSignals();
  service::CatalogOptions catalog{.paths = args.rules, .jit = args.jit, .decide = {}};
  if (!decideOptionsFromArgs("", args.stickprovKeyFile, catalog.decide)) return 2;
  auto state = std::make_unique<service::ServiceState>(catalog, service::ServiceLimits{args.maxRequestBytes, args.maxBatchBytes});
  std::vector<std::string> problems;
  if (!state->load(problems)) {
    for (const auto& p : problems) std::cerr << p << (p.ends_with('\n') ? "" : "\n");
    return 1;
  }
  if (!args.tokenFile.empty()) {
    std::string token;
    if (!readToken(args.tokenFile, token)) return 1;
    state->setToken(token);
  }
  if (!args.audit.log.empty()) {
    // Every ruleset is stored in the log now: a log that cannot be written stops the service
    // before it answers anything.
    const auto& rulesets = state->catalog()->rulesets;
    bool failed = false;
    std::unique_ptr<AuditLog> log = openDecisionLog(args.audit, *rulesets.front()->ruleset, failed);
    if (failed) return 1;
    for (const auto& served : rulesets) {
      AuditProblem problem;
      if (!log->useRuleset(*served->ruleset, problem)) {
        printCodedError(problem.code, problem.message);
        return 1;
      }
    }
    state->setAudit(std::make_unique<service::AuditWriter>(std::move(log)));
  }
  service::ServerOptions options{.host = args.host, .port = args.port, .threads = args.threads};
  service::Server server(options, std::move(state), service::addDecisionRoutes);
  return serveUntilSignalled(server, signals, "serve", true);
}

int runPlayground(const PlaygroundArgs& args) {
  const sigset_t signals = blockServiceSignals();
  // The playground decides the editor's rules, not loaded ones: its catalog stays empty.
  auto state = std::make_unique<service::ServiceState>(service::CatalogOptions{}, service::ServiceLimits{});
  service::ServerOptions options{.host = args.host, .port = args.port, .threads = 0};
  service::Server server(options, std::move(state), service::addPlaygroundRoutes);
  return serveUntilSignalled(server, signals, "playground", false);
}

}  // namespace regel::cli
