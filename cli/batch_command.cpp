// `regel batch`: decide a JSON Lines file, one case per line, on several threads.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include <chrono>
#include <cstring>
#include <iostream>

#include "cli/commands.h"
#include "cli/output_files.h"
#include "regel/batch.h"
#include "runtime/base/system_error.h"

namespace regel::cli {
namespace {

// A progress bar on stderr, redrawn at most ten times a second; only used on a terminal.
class ProgressBar {
 public:
  explicit ProgressBar(uint64_t totalBytes) : totalBytes_(totalBytes) {}

  void update(const BatchProgress& p) {
    const auto now = std::chrono::steady_clock::now();
    if (now - last_ < std::chrono::milliseconds(100)) return;
    last_ = now;
    std::string line = fmt::format("\r{} ärenden", p.lines);
    if (totalBytes_ > 0) {
      const uint64_t percent = std::min<uint64_t>(100, p.bytesRead * 100 / totalBytes_);
      const size_t filled = static_cast<size_t>(percent * 30 / 100);
      line = fmt::format("\r[{}{}] {:3} %  {} rader", std::string(filled, '#'), std::string(30 - filled, ' '),
                         percent, p.lines);
    }
    std::cerr << line << std::flush;
    drawn_ = true;
  }
  // Clears the bar before the summary is printed.
  void finish() {
    if (drawn_) std::cerr << "\r\033[K" << std::flush;
  }

 private:
  uint64_t totalBytes_;
  std::chrono::steady_clock::time_point last_{};
  bool drawn_ = false;
};

}  // namespace

int runBatchCommand(const BatchArgs& args, bool color) {
  BatchOptions options;
  if (!decideOptionsFromArgs(args.date, args.stickprovKeyFile, options.decide)) return 2;
  options.decide.trace = args.trace;
  options.threads = args.threads;
  int inFd = STDIN_FILENO;
  if (args.input != "-") {
    inFd = ::open(args.input.c_str(), O_RDONLY | O_CLOEXEC);
    if (inFd < 0) {
      std::cerr << fmt::format("fel: kan inte läsa {}: {}\n", args.input, rt::systemErrorText(errno));
      return 2;
    }
  }
  // Before anything is opened for writing: the output must not empty what the batch reads.
  if (outputOverwrites(args.output, "beslutsraderna",
                       {{args.input, "ärendena", "dem", inFd},
                        {args.rules, "regelverket", "det"},
                        {args.audit.log, "beslutsloggen", "den"}})) {
    if (inFd != STDIN_FILENO) ::close(inFd);
    return 2;
  }
  RulesetInput rules = openRuleset(args.rules, {.color = color, .jit = args.jit, .jitInBackground = true});
  std::cerr << rules.rendered;
  if (!rules.ok) return 1;
  bool logFailed = false;
  std::unique_ptr<AuditLog> log = openDecisionLog(args.audit, *rules.ruleset, logFailed);
  if (logFailed) return 1;
  options.recorder = log.get();
  int outFd = STDOUT_FILENO;
  if (args.output != "-") {
    outFd = ::open(args.output.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (outFd < 0) {
      std::cerr << fmt::format("fel: kan inte skriva {}: {}\n", args.output, rt::systemErrorText(errno));
      return 1;
    }
  }
  // The bar's percentage needs the input's size: known for a file, not for a pipe.
  struct stat st {};
  const uint64_t totalBytes = fstat(inFd, &st) == 0 && S_ISREG(st.st_mode) ? uint64_t(st.st_size) : 0;
  ProgressBar bar(totalBytes);
  std::function<void(const BatchProgress&)> progress;
  if (isatty(STDERR_FILENO)) progress = [&](const BatchProgress& p) { bar.update(p); };
  FdInput in(inFd);
  FdOutput out(outFd);
  BatchSummary summary = runBatch(*rules.ruleset, in, out, options, progress);
  bar.finish();
  if (outFd != STDOUT_FILENO && ::close(outFd) != 0) summary.writeFailed = true;
  if (inFd != STDIN_FILENO) ::close(inFd);
  std::cerr << renderBatchSummary(summary);
  if (summary.readFailed) std::cerr << fmt::format("fel: {} kunde inte läsas till slutet\n", args.input);
  if (summary.writeFailed) {
    std::cerr << fmt::format("fel: kan inte skriva {}\n", args.output == "-" ? "till standard output" : args.output);
  }
  if (summary.recordFailed) {
    printCodedError(log->lastError().code, log->lastError().message);
  }
  return summary.failed() ? 1 : 0;
}

}  // namespace regel::cli
