// The decision log of a service, written by one thread: requests hand their records over and wait
// until they are committed, and the writer appends everything that waits in one transaction
// (group commit), so that a log on SQLite with synchronous=FULL is not one disk flush per request.
// A decision is answered only after its record is in the log; when it cannot be written the
// request gets R0912 and no decision.
#pragma once

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "regel/audit.h"

namespace regel::service {

class AuditWriter {
 public:
  explicit AuditWriter(std::unique_ptr<AuditLog> log);
  ~AuditWriter();  // writes what waits, then stops
  AuditWriter(const AuditWriter&) = delete;
  AuditWriter& operator=(const AuditWriter&) = delete;

  // Appends `records` (decided with `ruleset`) and waits until they are committed: true, or false
  // with `problem` saying why none of them was.
  bool write(const std::shared_ptr<const Ruleset>& ruleset, std::vector<DecisionRecord>& records, AuditProblem& problem);

 private:
  struct Pending {
    std::shared_ptr<const Ruleset> ruleset;
    std::vector<DecisionRecord>* records = nullptr;
    bool done = false;
    bool ok = false;
    AuditProblem problem;
  };
  void run();
  void commit(std::vector<Pending*>& group);

  std::unique_ptr<AuditLog> log_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable done_;
  std::deque<Pending*> queue_;
  bool stopping_ = false;
  const Ruleset* current_ = nullptr;  // the ruleset the log appends under (useRuleset)
  std::shared_ptr<const Ruleset> currentHeld_;
  std::thread thread_;
};

}  // namespace regel::service
