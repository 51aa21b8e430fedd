// The rulesets a service decides with: each loaded once, immutable, with its SHA-256, its input
// schema and a pool of decision sessions. A reload builds a new catalog; requests hold the catalog
// they started with (a shared_ptr), so that they finish on the rulesets they began with.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "regel/compile.h"
#include "regel/outcome.h"
#include "regel/session.h"

namespace regel::service {

// Sessions for one ruleset, reused from request to request: a request leases one, decides, and
// gives it back. The pool grows to the number of requests deciding at once.
class SessionPool {
 public:
  SessionPool(const Ruleset& ruleset, DecideOptions options) : ruleset_(ruleset), options_(std::move(options)) {}

  class Lease {
   public:
    Lease(SessionPool& pool, std::unique_ptr<Session> session) : pool_(&pool), session_(std::move(session)) {}
    Lease(Lease&&) = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    Session& operator*() const { return *session_; }
    Session* operator->() const { return session_.get(); }

   private:
    SessionPool* pool_;
    std::unique_ptr<Session> session_;
  };
  Lease acquire();

 private:
  const Ruleset& ruleset_;
  DecideOptions options_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<Session>> idle_;
};

struct ServedRuleset {
  std::string id;    // the file's name without .regel or .rgb: "forsorjningsstod"
  std::string path;  // as given on the command line
  std::shared_ptr<const Ruleset> ruleset;
  std::string sha256;       // of the ruleset's .rgb bytes, as the decision log stores it
  std::string inputSchema;  // JSON Schema of a case's indata (regel/schema.h)
  std::unique_ptr<SessionPool> sessions;  // decide with the full trace (every explanation needs it)
};

struct CatalogOptions {
  std::vector<std::string> paths;  // .regel or .rgb files
  bool jit = false;                // decide as native code (compiled in the background)
  DecideOptions decide;            // the stickprov key; trace is always on
};

class Catalog {
 public:
  std::vector<std::unique_ptr<ServedRuleset>> rulesets;  // in the order given
  uint64_t generation = 0;                               // 1 at start, +1 per reload

  // By id or by the ruleset's declared name ("Försörjningsstöd"); null when none.
  const ServedRuleset* find(std::string_view name) const;
  // "forsorjningsstod, hemtjanstavgift" (for a message naming what there is).
  std::string ids() const;
};

// Loads every ruleset; null with `problems` (rendered diagnostics or R0915) when any fails.
std::shared_ptr<const Catalog> loadCatalog(const CatalogOptions& options, uint64_t generation,
                                           std::vector<std::string>& problems);

}  // namespace regel::service
