// What the service counts, for GET /metrics in Prometheus's text format (version 0.0.4):
// decisions by ruleset and outcome, the latency of decisions as a histogram, and every problem
// answered, by code. Counting takes a lock per request, which costs far less than the request.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>

namespace regel::service {

class Metrics {
 public:
  // A decided case: its ruleset id, outcome ("bifall", "manuell prövning", …) and how long the
  // request took, from its body read to its response rendered, in microseconds.
  void decided(std::string_view ruleset, std::string_view outcome, uint64_t micros);
  // `count` cases of a batch decided with that outcome (a batch's time is not a decision's).
  void decidedInBatch(std::string_view ruleset, std::string_view outcome, uint64_t count);
  // A request answered with a problem (4xx, 5xx, or a case that was refused).
  void problem(std::string_view code, int status);
  void reloaded(bool ok);
  std::string render() const;

  // The latency buckets' upper bounds, in microseconds.
  static constexpr std::array<uint64_t, 11> kBuckets = {50, 100, 250, 500, 1000, 2500, 5000, 10000, 25000, 100000, 1000000};

 private:
  mutable std::mutex mutex_;
  std::map<std::pair<std::string, std::string>, uint64_t> decisions_;  // (ruleset, outcome)
  std::map<std::pair<std::string, int>, uint64_t> problems_;           // (code, status)
  std::array<uint64_t, kBuckets.size() + 1> latency_{};                // the last: +Inf
  uint64_t latencyCount_ = 0;
  uint64_t latencySumMicros_ = 0;
  uint64_t reloads_ = 0;
  uint64_t failedReloads_ = 0;
};

}  // namespace regel::service
