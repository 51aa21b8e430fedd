// Library API: a batch of JSON Lines decided on several threads. The calling thread reads the
// input in blocks, cuts it into chunks of whole lines and writes the decided chunks in order;
// the workers decide chunks, each with its own Session. A fixed pool of chunks bounds what is in
// flight, so memory does not grow with the input.
#include <algorithm>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include "regel/batch.h"
#include "regel/session.h"

#include "api/outcome_internal.h"

namespace regel {
namespace {

constexpr size_t kReadBlock = 256 * 1024;

struct Line {
  size_t begin = 0, end = 0;  // in Chunk::in
  uint64_t number = 0;        // 1-based line number in the input
  uint64_t tooLong = 0;       // the line's size when it is over the limit (then not kept)
};

struct Chunk {
  uint64_t seq = 0;
  std::string in;  // the chunk's lines, without their line ends
  std::vector<Line> lines;
  std::string out;
  BatchSummary counts;
  std::vector<DecisionRecord> records;  // for BatchOptions::recorder
};

// Cuts the input into lines: whole lines are copied into chunks, blank lines only counted, and
// a line over the limit is skipped while its size is counted, so it is never held in memory.
class LineReader {
 public:
  LineReader(BatchInput& in, size_t maxLine) : in_(in), maxLine_(maxLine), buf_(maxLine + kReadBlock + 1, '\0') {}

  // Fills `c` with up to `maxLines` lines; false when the input has no more lines.
  bool fill(Chunk& c, size_t maxLines, size_t maxBytes);
  uint64_t lines() const { return lineNo_; }
  uint64_t bytesRead() const { return bytesRead_; }
  bool failed() const { return failed_; }

 private:
  void refill();
  void add(Chunk& c, size_t begin, size_t end);
  void skipLongLine(Chunk& c);

  BatchInput& in_;
  size_t maxLine_;
  std::string buf_;
  size_t pos_ = 0, len_ = 0;
  bool eof_ = false, failed_ = false;
  uint64_t lineNo_ = 0, bytesRead_ = 0;
};

// Keeps the unread rest at the front of the buffer and reads more after it.
void LineReader::refill() {
  if (pos_ > 0) {
    std::memmove(buf_.data(), buf_.data() + pos_, len_ - pos_);
    len_ -= pos_;
    pos_ = 0;
  }
  const long n = in_.read(buf_.data() + len_, buf_.size() - len_);
  if (n <= 0) {
    eof_ = true;
    failed_ = n < 0;
    return;
  }
  len_ += static_cast<size_t>(n);
  bytesRead_ += static_cast<uint64_t>(n);
}

// One line buf_[begin, end): blank lines are counted only, long ones refused by size.
void LineReader::add(Chunk& c, size_t begin, size_t end) {
  ++lineNo_;
  const size_t size = end - begin;
  if (size > maxLine_) {
    c.lines.push_back({0, 0, lineNo_, size});
    return;
  }
  size_t last = end;
  if (last > begin && buf_[last - 1] == '\r') --last;
  const bool blank = std::all_of(buf_.begin() + static_cast<std::ptrdiff_t>(begin),
                                 buf_.begin() + static_cast<std::ptrdiff_t>(last),
                                 [](char ch) { return ch == ' ' || ch == '\t' || ch == '\r'; });
  if (blank) return;
  const size_t at = c.in.size();
  c.in.append(buf_, begin, last - begin);
  c.lines.push_back({at, c.in.size(), lineNo_, 0});
}

// The current line has no end within maxLine_ bytes: skip to its end, counting its size.
void LineReader::skipLongLine(Chunk& c) {
  uint64_t size = len_ - pos_;
  pos_ = len_ = 0;
  for (;;) {
    refill();
    if (eof_) break;
    const void* nl = std::memchr(buf_.data(), '\n', len_);
    if (nl != nullptr) {
      const size_t at = static_cast<size_t>(static_cast<const char*>(nl) - buf_.data());
      size += at;
      pos_ = at + 1;
      break;
    }
    size += len_;
    pos_ = len_ = 0;
  }
  c.lines.push_back({0, 0, ++lineNo_, size});
}

bool LineReader::fill(Chunk& c, size_t maxLines, size_t maxBytes) {
  c.in.clear();
  c.lines.clear();
  while (c.lines.size() < maxLines && c.in.size() < maxBytes) {
    const void* nl = std::memchr(buf_.data() + pos_, '\n', len_ - pos_);
    if (nl != nullptr) {
      const size_t end = static_cast<size_t>(static_cast<const char*>(nl) - buf_.data());
      add(c, pos_, end);
      pos_ = end + 1;
      continue;
    }
    if (len_ - pos_ > maxLine_) {
      skipLongLine(c);
      continue;
    }
    if (eof_) {
      if (pos_ < len_) add(c, pos_, len_);  // the last line has no line end
      pos_ = len_;
      break;
    }
    refill();
  }
  return !c.lines.empty();
}

// Decides every line of a chunk into its output and counts.
void decideChunk(Session& session, Chunk& c, const BatchOptions& options) {
  c.out.clear();
  c.counts = BatchSummary{};
  c.records.clear();
  const size_t limit = options.maxLineBytes;
  for (const Line& line : c.lines) {
    ++c.counts.cases;
    if (line.tooLong != 0) {
      CaseOutcome refused;
      refused.internal().problems.push_back(rt::makeCaseError(rt::CaseErrorKind::DocumentTooLarge, "",
                                                   {std::to_string(line.tooLong), std::to_string(limit)}));
      ++c.counts.refused;
      appendBatchLine(c.out, session.ruleset(), refused, line.number, false);
      continue;
    }
    const uint32_t number = line.number > UINT32_MAX ? UINT32_MAX : static_cast<uint32_t>(line.number);
    const CaseOutcome& o =
        session.decideLine(std::string_view(c.in).substr(line.begin, line.end - line.begin), number);
    if (o.decided() && o.internal().decision.replacedCaseDate) ++c.counts.replacedDates;
    if (!o.decided()) {
      ++c.counts.refused;
    } else if (o.internal().decision.error) {
      ++c.counts.runtimeErrors;
    } else {
      ++c.counts.outcomes[static_cast<size_t>(o.outcome())];
    }
    appendBatchLine(c.out, session.ruleset(), o, line.number, options.decide.trace);
    if (options.recorder != nullptr) {
      std::string_view input = std::string_view(c.in).substr(line.begin, line.end - line.begin);
      if (auto record = makeDecisionRecord(session.ruleset(), o, input, options.decide)) {
        c.records.push_back(std::move(*record));
      }
    }
  }
}

// The sessions' options: a recorder keeps every decision's trace, whether the lines show it or not.
DecideOptions sessionOptions(const BatchOptions& options) {
  DecideOptions decide = options.decide;
  if (options.recorder != nullptr) decide.trace = true;
  return decide;
}

// Hands a decided block to the recorder before its output is written; false stops the batch.
bool recordChunk(Chunk& c, const BatchOptions& options) {
  return options.recorder == nullptr || c.records.empty() || options.recorder->record(c.records);
}

// Lines per chunk: a traced line is much longer, so fewer are kept in flight.
size_t linesPerChunk(const BatchOptions& options) { return options.decide.trace ? 16 : 512; }
constexpr size_t kChunkBytes = 256 * 1024;

// One thread: read, decide and write chunk after chunk.
BatchSummary runSingle(const Ruleset& ruleset, LineReader& reader, BatchOutput& out, const BatchOptions& options,
                       const std::function<void(const BatchProgress&)>& progress) {
  BatchSummary total;
  Session session(ruleset, sessionOptions(options));
  Chunk c;
  while (reader.fill(c, linesPerChunk(options), kChunkBytes)) {
    decideChunk(session, c, options);
    if (!recordChunk(c, options)) {
      total.recordFailed = true;
      break;
    }
    total.add(c.counts);
    if (!out.write(c.out)) {
      total.writeFailed = true;
      break;
    }
    if (progress) progress({reader.lines(), reader.bytesRead()});
  }
  return total;
}

// The chunks in flight and their queues, shared by the calling thread and the workers.
struct Pipeline {
  std::mutex m;
  std::condition_variable work, done;
  std::deque<Chunk*> todo;
  std::vector<Chunk*> finished;  // by seq % pool size
  bool stop = false;

  void worker(const Ruleset& ruleset, const BatchOptions& options) {
    Session session(ruleset, sessionOptions(options));
    for (;;) {
      Chunk* c = nullptr;
      {
        std::unique_lock lock(m);
        work.wait(lock, [&] { return stop || !todo.empty(); });
        if (todo.empty()) return;
        c = todo.front();
        todo.pop_front();
      }
      decideChunk(session, *c, options);
      {
        std::lock_guard lock(m);
        finished[c->seq % finished.size()] = c;
      }
      done.notify_one();
    }
  }
};

// Several threads: the calling thread reads and writes in order, the workers decide.
BatchSummary runParallel(const Ruleset& ruleset, LineReader& reader, BatchOutput& out, const BatchOptions& options,
                         const std::function<void(const BatchProgress&)>& progress) {
  const size_t poolSize = 2 * size_t(options.threads) + 2;
  std::vector<std::unique_ptr<Chunk>> pool;
  std::vector<Chunk*> free;
  for (size_t i = 0; i < poolSize; ++i) free.push_back(pool.emplace_back(std::make_unique<Chunk>()).get());
  Pipeline p;
  p.finished.assign(poolSize, nullptr);
  std::vector<std::thread> workers;
  for (unsigned i = 0; i < options.threads; ++i) workers.emplace_back([&] { p.worker(ruleset, options); });
  BatchSummary total;
  uint64_t nextRead = 0, nextWrite = 0;
  bool inputDone = false;
  while (true) {
    while (!inputDone && !free.empty()) {
      Chunk* c = free.back();
      if (!reader.fill(*c, linesPerChunk(options), kChunkBytes)) {
        inputDone = true;
        break;
      }
      free.pop_back();
      c->seq = nextRead++;
      {
        std::lock_guard lock(p.m);
        p.todo.push_back(c);
      }
      p.work.notify_one();
    }
    if (inputDone && nextWrite == nextRead) break;
    Chunk* c = nullptr;
    {
      std::unique_lock lock(p.m);
      Chunk*& slot = p.finished[nextWrite % poolSize];
      p.done.wait(lock, [&] { return slot != nullptr; });
      c = std::exchange(slot, nullptr);
    }
    ++nextWrite;
    // After a failure what is in flight is drained, but neither recorded nor written.
    const bool stopped = total.writeFailed || total.recordFailed;
    if (!stopped && !recordChunk(*c, options)) {
      total.recordFailed = true;
      inputDone = true;  // stop reading
    }
    if (!total.recordFailed) {
      total.add(c->counts);
      if (!total.writeFailed && !out.write(c->out)) {
        total.writeFailed = true;
        inputDone = true;  // stop reading; what is in flight is drained
      }
    }
    if (progress && !total.writeFailed && !total.recordFailed) progress({reader.lines(), reader.bytesRead()});
    free.push_back(c);
  }
  {
    std::lock_guard lock(p.m);
    p.stop = true;
  }
  p.work.notify_all();
  for (auto& t : workers) t.join();
  return total;
}

}  // namespace

BatchSummary runBatch(const Ruleset& ruleset, BatchInput& in, BatchOutput& out, const BatchOptions& options,
                      const std::function<void(const BatchProgress&)>& progress) {
  LineReader reader(in, options.maxLineBytes);
  BatchSummary total = options.threads <= 1 ? runSingle(ruleset, reader, out, options, progress)
                                            : runParallel(ruleset, reader, out, options, progress);
  total.lines = reader.lines();
  total.readFailed = reader.failed();
  return total;
}

}  // namespace regel
