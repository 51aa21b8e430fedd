// The public library API, part 5: deciding a stream of cases in JSON Lines (one case per line)
// on several threads, with the output in input order and byte-identical whatever the number of
// threads. Memory stays bounded however long the input is: it is read in blocks and only a
// bounded window of lines is in flight between the threads that read and decide them and the
// ordered writer.
// Used by `regel batch`; an HTTP service can stream through the same interface.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "regel/decide.h"
#include "regel/record.h"

namespace regel {

// Where the JSON Lines come from: read() returns the number of bytes read, 0 at the end, -1 on error.
class BatchInput {
 public:
  virtual ~BatchInput() = default;
  virtual long read(char* buffer, size_t size) = 0;
};
// Where the output lines go: write() returns false when the bytes could not be written.
class BatchOutput {
 public:
  virtual ~BatchOutput() = default;
  virtual bool write(std::string_view bytes) = 0;
};

// A file descriptor as input or output (0 and 1 for stdin and stdout); not closed.
class FdInput final : public BatchInput {
 public:
  explicit FdInput(int fd) : fd_(fd) {}
  long read(char* buffer, size_t size) override;

 private:
  int fd_;
};
class FdOutput final : public BatchOutput {
 public:
  explicit FdOutput(int fd) : fd_(fd) {}
  bool write(std::string_view bytes) override;

 private:
  int fd_;
};

// Keeps every decided case before its output line is written: the decision log (regel/audit.h).
// Lines held in memory as input (a request's body, a test's cases). `maxPiece` caps what one
// read() returns, so that a test can make lines cross the reader's block boundaries.
class StringInput final : public BatchInput {
 public:
  explicit StringInput(std::string text, size_t maxPiece = SIZE_MAX) : text_(std::move(text)), maxPiece_(maxPiece) {}
  long read(char* buffer, size_t size) override;

 private:
  std::string text_;
  size_t maxPiece_;
  size_t offset_ = 0;
};
// The output lines kept in memory.
class StringOutput final : public BatchOutput {
 public:
  bool write(std::string_view bytes) override {
    text.append(bytes);
    return true;
  }
  std::string text;
};

class DecisionRecorder {
 public:
  virtual ~DecisionRecorder() = default;
  // Called on the calling thread, in input order, with the records of the decided cases of one
  // block of lines, before the block's output is written. False when they could not be kept:
  // the batch then stops, and neither that block's output nor anything after it is written, so
  // no decision goes out that the log lacks.
  virtual bool record(std::vector<DecisionRecord>& records) = 0;
};

struct BatchOptions {
  DecideOptions decide;           // date, trace (the full trace on every line), stickprov key
  unsigned threads = 1;           // threads that decide, the calling thread among them
  size_t maxLineBytes = 1 << 20;  // a longer line is refused (R0607) without being kept in memory
  // When set, every decided case is recorded (with its trace, whatever decide.trace says).
  DecisionRecorder* recorder = nullptr;
};

struct BatchSummary {
  uint64_t lines = 0;     // lines read, blank ones included
  uint64_t cases = 0;     // non-blank lines: decided, failed or refused
  std::array<uint64_t, kOutcomeCount> outcomes{};  // decided cases per Outcome
  uint64_t runtimeErrors = 0;  // decided with a runtime error in the rules (no outcome)
  uint64_t refused = 0;        // lines that could not be read as a case
  uint64_t replacedDates = 0;  // cases whose own decision date DecideOptions::date replaced
  bool readFailed = false;     // the input could not be read to its end
  bool writeFailed = false;    // the output could not be written
  bool recordFailed = false;   // the recorder could not keep a block: the batch stopped there
  // As for `regel run`: a refused or failed case makes the batch fail.
  bool failed() const { return refused > 0 || runtimeErrors > 0 || readFailed || writeFailed || recordFailed; }
  void add(const BatchSummary& other);
};

struct BatchProgress {
  uint64_t lines = 0;      // lines written so far
  uint64_t bytesRead = 0;  // input bytes read so far
};

// Decides every line of `in` and writes one line per non-blank input line to `out`, in input
// order. `progress`, when set, is called on the calling thread after each block written.
BatchSummary runBatch(const Ruleset& ruleset, BatchInput& in, BatchOutput& out, const BatchOptions& options,
                      const std::function<void(const BatchProgress&)>& progress = {});

// The output line for one outcome (schema regel-batch/1, docs/json.md), appended to `out`.
void appendBatchLine(std::string& out, const Ruleset& ruleset, const CaseOutcome& outcome, uint64_t lineNumber,
                     bool trace);
// The summary for people, in Swedish: cases per outcome, runtime errors and refused lines.
std::string renderBatchSummary(const BatchSummary& summary);

}  // namespace regel
