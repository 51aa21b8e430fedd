// The service's log writer: one thread, one transaction per group of waiting requests.
#include "service/audit_writer.h"

namespace regel::service {

AuditWriter::AuditWriter(std::unique_ptr<AuditLog> log) : log_(std::move(log)), thread_([this] { run(); }) {}

AuditWriter::~AuditWriter() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

bool AuditWriter::write(const std::shared_ptr<const Ruleset>& ruleset, std::vector<DecisionRecord>& records,
                        AuditProblem& problem) {
  Pending pending;
  pending.ruleset = ruleset;
  pending.records = &records;
  std::unique_lock lock(mutex_);
  queue_.push_back(&pending);
  wake_.notify_one();
  done_.wait(lock, [&] { return pending.done; });
  if (!pending.ok) problem = pending.problem;
  return pending.ok;
}

void AuditWriter::run() {
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping, nothing waits
    // Everything waiting now, grouped by ruleset in arrival order: a group is one transaction.
    std::vector<Pending*> taken(queue_.begin(), queue_.end());
    queue_.clear();
    lock.unlock();
    size_t begin = 0;
    while (begin < taken.size()) {
      size_t end = begin + 1;
      while (end < taken.size() && taken[end]->ruleset == taken[begin]->ruleset) ++end;
      std::vector<Pending*> group(taken.begin() + static_cast<ptrdiff_t>(begin), taken.begin() + static_cast<ptrdiff_t>(end));
      commit(group);
      begin = end;
    }
    lock.lock();
    for (Pending* p : taken) p->done = true;
    done_.notify_all();
  }
}

void AuditWriter::commit(std::vector<Pending*>& group) {
  AuditProblem problem;
  bool ok = true;
  const std::shared_ptr<const Ruleset>& ruleset = group.front()->ruleset;
  if (current_ != ruleset.get()) {
    ok = log_->useRuleset(*ruleset, problem);
    if (ok) {
      current_ = ruleset.get();
      currentHeld_ = ruleset;  // kept alive, so that its address names it until the next one
    }
  }
  std::vector<DecisionRecord> records;
  if (ok) {
    for (Pending* p : group) {
      for (DecisionRecord& r : *p->records) records.push_back(std::move(r));
    }
    ok = log_->append(records, problem);
  }
  for (Pending* p : group) {
    p->ok = ok;
    if (!ok) p->problem = problem;
  }
}

}  // namespace regel::service
