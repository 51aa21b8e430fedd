// What the routes of one server share: its options, the catalog of rulesets (swapped whole on a
// reload), the counts for /metrics and the decision log's writer.
#pragma once

#include <atomic>
#include <cstddef>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "runtime/base/sha256.h"
#include "service/audit_writer.h"
#include "service/catalog.h"
#include "service/metrics.h"

namespace regel::service {

struct ServiceLimits {
  size_t maxRequestBytes = size_t{1} << 20;  // a case, or the playground's rules and case
  size_t maxBatchBytes = size_t{64} << 20;   // one JSON Lines batch
};

class ServiceState {
 public:
  // Starts with an empty catalog (generation 0): load() fills it.
  ServiceState(CatalogOptions catalogOptions, ServiceLimits limits)
      : catalogOptions_(std::move(catalogOptions)), limits_(limits), catalog_(std::make_shared<const Catalog>()) {}

  // The catalog as it is now; a request keeps it to its end, whatever reloads meanwhile.
  std::shared_ptr<const Catalog> catalog() const {
    std::lock_guard lock(mutex_);
    return catalog_;
  }
  // Loads the rulesets (again, from the same files) and swaps them in; on failure the loaded ones
  // stay, and `problems` says why.
  bool load(std::vector<std::string>& problems);
  // A reload while serving (SIGHUP, POST /admin/ladda-om): load(), counted in the metrics; on
  // failure `problem` is R0911 with the reasons.
  bool reload(Problem& problem);

  const ServiceLimits& limits() const { return limits_; }
  Metrics& metrics() { return metrics_; }
  AuditWriter* audit() { return audit_.get(); }
  void setAudit(std::unique_ptr<AuditWriter> writer) { audit_ = std::move(writer); }
  // Requests to /v1/ and /admin/ must then carry `Authorization: Bearer TOKEN`.
  void setToken(const std::string& token) { tokenHash_ = rt::sha256(token); }
  // Whether the request's Authorization header carries the token (compared in constant time);
  // true when the service has none.
  bool authorized(const std::string& authorization) const;

 private:
  CatalogOptions catalogOptions_;
  ServiceLimits limits_;
  mutable std::mutex mutex_;
  std::shared_ptr<const Catalog> catalog_;
  uint64_t generation_ = 0;  // the catalog's
  std::atomic<uint64_t> nextGeneration_{1};
  Metrics metrics_;
  std::unique_ptr<AuditWriter> audit_;
  std::optional<rt::Digest> tokenHash_;
};

}  // namespace regel::service
