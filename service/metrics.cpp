// Counting for GET /metrics and rendering the counts in Prometheus's text format.
#include "service/metrics.h"

#include <fmt/format.h>

namespace regel::service {
namespace {

// Microseconds as seconds, exactly: 1234 → "0.001234".
std::string seconds(uint64_t micros) { return fmt::format("{}.{:06}", micros / 1000000, micros % 1000000); }

// A label value escaped as the text format asks: backslash, double quote and newline.
std::string label(std::string_view value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

}  // namespace

void Metrics::decided(std::string_view ruleset, std::string_view outcome, uint64_t micros) {
  std::lock_guard lock(mutex_);
  ++decisions_[{std::string(ruleset), std::string(outcome)}];
  size_t bucket = 0;
  while (bucket < kBuckets.size() && micros > kBuckets[bucket]) ++bucket;
  ++latency_[bucket];
  ++latencyCount_;
  latencySumMicros_ += micros;
}

void Metrics::decidedInBatch(std::string_view ruleset, std::string_view outcome, uint64_t count) {
  if (count == 0) return;
  std::lock_guard lock(mutex_);
  decisions_[{std::string(ruleset), std::string(outcome)}] += count;
}

void Metrics::problem(std::string_view code, int status) {
  std::lock_guard lock(mutex_);
  ++problems_[{std::string(code), status}];
}

void Metrics::reloaded(bool ok) {
  std::lock_guard lock(mutex_);
  ++(ok ? reloads_ : failedReloads_);
}

std::string Metrics::render() const {
  std::lock_guard lock(mutex_);
  std::string out;
  out += "# HELP regel_beslut_total Avgjorda ärenden per regelverk och utfall.\n";
  out += "# TYPE regel_beslut_total counter\n";
  for (const auto& [key, count] : decisions_) {
    out += fmt::format("regel_beslut_total{{regelverk=\"{}\",utfall=\"{}\"}} {}\n", label(key.first), label(key.second), count);
  }
  out += "# HELP regel_beslut_sekunder Tid per beslut i tjänsten, från begäran till svar.\n";
  out += "# TYPE regel_beslut_sekunder histogram\n";
  uint64_t cumulative = 0;
  for (size_t i = 0; i < kBuckets.size(); ++i) {
    cumulative += latency_[i];
    out += fmt::format("regel_beslut_sekunder_bucket{{le=\"{}\"}} {}\n", seconds(kBuckets[i]), cumulative);
  }
  out += fmt::format("regel_beslut_sekunder_bucket{{le=\"+Inf\"}} {}\n", latencyCount_);
  out += fmt::format("regel_beslut_sekunder_sum {}\n", seconds(latencySumMicros_));
  out += fmt::format("regel_beslut_sekunder_count {}\n", latencyCount_);
  out += "# HELP regel_fel_total Begäranden som besvarades med ett fel, per kod och HTTP-status.\n";
  out += "# TYPE regel_fel_total counter\n";
  for (const auto& [key, count] : problems_) {
    out += fmt::format("regel_fel_total{{kod=\"{}\",status=\"{}\"}} {}\n", label(key.first), key.second, count);
  }
  out += "# HELP regel_omladdningar_total Omladdningar av regelverken, lyckade och misslyckade.\n";
  out += "# TYPE regel_omladdningar_total counter\n";
  out += fmt::format("regel_omladdningar_total{{resultat=\"ok\"}} {}\n", reloads_);
  out += fmt::format("regel_omladdningar_total{{resultat=\"fel\"}} {}\n", failedReloads_);
  return out;
}

}  // namespace regel::service
