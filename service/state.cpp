// The shared state of a server: loading and swapping the catalog, and the bearer token.
#include "service/state.h"

#include <openssl/crypto.h>

#include <cctype>
#include <string_view>

#include "service/service_errors.h"

namespace regel::service {

bool ServiceState::load(std::vector<std::string>& problems) {
  const uint64_t generation = nextGeneration_++;
  std::shared_ptr<const Catalog> loaded = loadCatalog(catalogOptions_, generation, problems);
  if (!loaded) return false;
  std::lock_guard lock(mutex_);
  // Two reloads at once: the later generation wins, whichever finished last.
  if (generation > generation_) {
    generation_ = generation;
    catalog_ = std::move(loaded);
  }
  return true;
}

bool ServiceState::reload(Problem& problem) {
  std::vector<std::string> problems;
  const bool ok = load(problems);
  metrics_.reloaded(ok);
  if (!ok) {
    std::string why;
    for (const auto& p : problems) why += p;
    problem = makeProblem(ErrorKind::ReloadFailed, {why});
  }
  return ok;
}

bool ServiceState::authorized(const std::string& authorization) const {
  if (!tokenHash_) return true;
  // The scheme's name is case-insensitive (RFC 9110, 11.1); the token is not.
  constexpr std::string_view kScheme = "bearer ";
  if (authorization.size() <= kScheme.size()) return false;
  for (size_t i = 0; i < kScheme.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(authorization[i])) != kScheme[i]) return false;
  }
  // Hashes of equal length, compared in constant time: neither the token's length nor its bytes
  // can be learnt from how long a refusal takes.
  const rt::Digest given = rt::sha256(std::string_view(authorization).substr(kScheme.size()));
  return CRYPTO_memcmp(given.data(), tokenHash_->data(), given.size()) == 0;
}

}  // namespace regel::service
