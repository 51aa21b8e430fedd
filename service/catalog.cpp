// Loading the service's rulesets, and the session pools that decide with them.
#include "service/catalog.h"

#include <filesystem>

#include "regel/schema.h"
#include "runtime/base/sha256.h"
#include "service/service_errors.h"

namespace regel::service {

SessionPool::Lease::~Lease() {
  if (!session_) return;
  std::lock_guard lock(pool_->mutex_);
  pool_->idle_.push_back(std::move(session_));
}

SessionPool::Lease SessionPool::acquire() {
  {
    std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      std::unique_ptr<Session> session = std::move(idle_.back());
      idle_.pop_back();
      return Lease(*this, std::move(session));
    }
  }
  return Lease(*this, std::make_unique<Session>(ruleset_, options_));
}

const ServedRuleset* Catalog::find(std::string_view name) const {
  for (const auto& served : rulesets) {
    if (served->id == name || served->ruleset->name() == name) return served.get();
  }
  return nullptr;
}

std::string Catalog::ids() const {
  std::string out;
  for (const auto& served : rulesets) {
    if (!out.empty()) out += ", ";
    out += served->id;
  }
  return out.empty() ? "inga regelverk" : out;
}

std::shared_ptr<const Catalog> loadCatalog(const CatalogOptions& options, uint64_t generation,
                                           std::vector<std::string>& problems) {
  auto catalog = std::make_shared<Catalog>();
  catalog->generation = generation;
  DecideOptions decide = options.decide;
  decide.trace = true;
  for (const std::string& path : options.paths) {
    RulesetInput input = openRuleset(path, {.jit = options.jit, .jitInBackground = true});
    if (!input.ok) {
      problems.push_back(input.rendered);
      continue;
    }
    auto served = std::make_unique<ServedRuleset>();
    served->id = std::filesystem::path(path).stem().string();
    served->path = path;
    served->ruleset = input.ruleset;
    served->sha256 = rt::toHex(rt::sha256(input.ruleset->toRgb()));
    served->inputSchema = inputJsonSchema(*input.ruleset);
    served->sessions = std::make_unique<SessionPool>(*input.ruleset, decide);
    // A request names its ruleset by id or by declared name: both must be unambiguous.
    for (const auto& other : catalog->rulesets) {
      for (const std::string& name : {served->id, served->ruleset->name()}) {
        if (other->id == name || other->ruleset->name() == name) {
          problems.push_back(makeProblem(ErrorKind::DuplicateRuleset, {name, other->path, path}).message + "\n");
          break;
        }
      }
    }
    catalog->rulesets.push_back(std::move(served));
  }
  if (!problems.empty()) return nullptr;
  return catalog;
}

}  // namespace regel::service
