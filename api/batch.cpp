// Library API: a batch of JSON Lines decided on several threads. The input is read in blocks and
// cut into chunks of whole lines; each thread (the calling one among them) reads a chunk, decides
// it with its own Session, and hands it to the calling thread, which writes the decided chunks in
// order. A fixed pool of chunks bounds what is in flight, so memory does not grow with the input.
#include <algorithm>
#include <condition_variable>
#include <cstring>
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
  uint64_t linesRead = 0, bytesRead = 0;  // the reader's position after the chunk
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
    const uint32_t number = line.number > UINT32_MAX ? UINT32_MAX : static_cast<uint32_t>(line.number);
    if (line.tooLong != 0) {
      CaseOutcome refused;
      // The whole line is refused: it is where the problem is.
      refused.internal().problems.push_back(rt::makeCaseError(
          rt::CaseErrorKind::DocumentTooLarge, "", {std::to_string(line.tooLong), std::to_string(limit)}, number, 1));
      ++c.counts.refused;
      appendBatchLine(c.out, session.ruleset(), refused, line.number, false);
      continue;
    }
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

// The chunks in flight, shared by the calling thread and the workers. Each thread reads the chunk
// it decides (the reader one thread at a time), so the lines it decodes are still in its own
// core's cache; a chunk cut on one core and decided on another cost 6 % more processor time per
// case (bench/README.md). Only the calling thread records and writes, in input order.
class Pipeline {
 public:
  Pipeline(LineReader& reader, const BatchOptions& options) : reader_(reader), options_(options) {
    const size_t poolSize = 2 * size_t(options.threads) + 2;
    for (size_t i = 0; i < poolSize; ++i) free_.push_back(pool_.emplace_back(std::make_unique<Chunk>()).get());
    finished_.assign(poolSize, nullptr);
  }

  // Reads the next chunk into a free one and decides it. False when no chunk was read: the input
  // has ended or the batch stopped, or (unless `wait`) no chunk is free.
  bool readAndDecide(Session& session, bool wait);
  // The calling thread: writes the decided chunks in order, and decides chunks itself while the
  // next one to write is still being decided elsewhere.
  BatchSummary write(Session& session, BatchOutput& out, const std::function<void(const BatchProgress&)>& progress);
  // Makes waiting workers give up.
  void stop();

 private:
  bool writeChunk(Chunk& c, BatchOutput& out, BatchSummary& total);

  LineReader& reader_;
  const BatchOptions& options_;
  std::mutex readLock_;  // the reader
  std::mutex m_;         // everything below
  std::condition_variable freed_, decided_;
  std::vector<std::unique_ptr<Chunk>> pool_;
  std::vector<Chunk*> free_;
  std::vector<Chunk*> finished_;  // by seq % pool size
  uint64_t nextRead_ = 0, nextWrite_ = 0;
  bool inputDone_ = false;  // nothing more is read: the input has ended or the batch stopped
};

bool Pipeline::readAndDecide(Session& session, bool wait) {
  Chunk* c = nullptr;
  {
    std::unique_lock lock(m_);
    if (wait) freed_.wait(lock, [&] { return inputDone_ || !free_.empty(); });
    if (inputDone_ || free_.empty()) return false;
    c = free_.back();
    free_.pop_back();
  }
  bool read = false;
  {
    std::lock_guard reading(readLock_);
    bool done = false;
    {
      std::lock_guard lock(m_);
      done = inputDone_;
    }
    read = !done && reader_.fill(*c, linesPerChunk(options_), kChunkBytes);
    std::lock_guard lock(m_);
    if (read) {
      c->seq = nextRead_++;
      c->linesRead = reader_.lines();
      c->bytesRead = reader_.bytesRead();
    } else {
      inputDone_ = true;
      free_.push_back(c);
    }
  }
  if (!read) {
    freed_.notify_all();
    decided_.notify_all();
    return false;
  }
  decideChunk(session, *c, options_);
  {
    std::lock_guard lock(m_);
    finished_[c->seq % finished_.size()] = c;
  }
  decided_.notify_all();
  return true;
}

void Pipeline::stop() {
  {
    std::lock_guard lock(m_);
    inputDone_ = true;
  }
  freed_.notify_all();
}

// Records, counts and writes one decided chunk; false when the batch must stop. After a failure
// what is in flight is drained, but neither recorded nor written.
bool Pipeline::writeChunk(Chunk& c, BatchOutput& out, BatchSummary& total) {
  const bool stopped = total.writeFailed || total.recordFailed;
  if (!stopped && !recordChunk(c, options_)) total.recordFailed = true;
  if (!total.recordFailed) {
    total.add(c.counts);
    if (!total.writeFailed && !out.write(c.out)) total.writeFailed = true;
  }
  return !total.writeFailed && !total.recordFailed;
}

BatchSummary Pipeline::write(Session& session, BatchOutput& out,
                             const std::function<void(const BatchProgress&)>& progress) {
  BatchSummary total;
  for (;;) {
    Chunk* c = nullptr;
    bool decideOne = false;
    {
      std::unique_lock lock(m_);
      Chunk*& slot = finished_[nextWrite_ % finished_.size()];
      if (slot == nullptr && !inputDone_ && !free_.empty()) {
        decideOne = true;
      } else {
        decided_.wait(lock, [&] { return slot != nullptr || (inputDone_ && nextWrite_ == nextRead_); });
        if (slot == nullptr) break;  // everything read is written
        c = std::exchange(slot, nullptr);
        ++nextWrite_;
      }
    }
    if (decideOne) {
      readAndDecide(session, false);
      continue;
    }
    const bool ok = writeChunk(*c, out, total);
    if (ok && progress) progress({c->linesRead, c->bytesRead});
    if (!ok) stop();
    {
      std::lock_guard lock(m_);
      free_.push_back(c);
    }
    freed_.notify_one();
  }
  return total;
}

// Several threads: each reads and decides chunks; the calling thread also writes them in order.
BatchSummary runParallel(const Ruleset& ruleset, LineReader& reader, BatchOutput& out, const BatchOptions& options,
                         const std::function<void(const BatchProgress&)>& progress) {
  Pipeline p(reader, options);
  std::vector<std::thread> workers;
  for (unsigned i = 1; i < options.threads; ++i) {
    workers.emplace_back([&] {
      Session session(ruleset, sessionOptions(options));
      while (p.readAndDecide(session, true)) {
      }
    });
  }
  Session session(ruleset, sessionOptions(options));
  BatchSummary total = p.write(session, out, progress);
  p.stop();
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
