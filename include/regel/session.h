// The public library API, part 4: a reusable decision session. A Ruleset is immutable and shared
// between threads; a Session belongs to one thread and keeps every buffer (the decoder, the
// decoded case, the Decider with its resolved versions, the decision) from case to case.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>

#include "regel/decide.h"

namespace regel {

class Session {
 public:
  // `ruleset` must outlive the session.
  explicit Session(const Ruleset& ruleset, DecideOptions options = {});
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  // Decides the case in `json` like decideJson. The outcome (with the CaseData its trace is
  // rendered against) stays valid until the next call on this session.
  const CaseOutcome& decide(std::string_view json);
  // The same for one line of JSON Lines: errors are placed on line `lineNumber`.
  const CaseOutcome& decideLine(std::string_view line, uint32_t lineNumber);
  // The last outcome (as returned by the last decide or decideLine).
  const CaseOutcome& outcome() const;
  // Moves the last outcome out (the next decision then grows its buffers anew).
  CaseOutcome takeOutcome();

  const Ruleset& ruleset() const;
  const DecideOptions& options() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace regel
