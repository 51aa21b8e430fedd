// Stickprov: reproducible selection of decisions for manual control by a keyed hash of the case id.
#include "runtime/vm/decide.h"
#include "runtime/base/sha256.h"

namespace regel::rt {
namespace {

int hexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The raw bytes of a hex string; stops at the first character that is not a hex pair.
std::string hexBytes(const std::string& hex) {
  std::string out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    int hi = hexDigit(hex[i]), lo = hexDigit(hex[i + 1]);
    if (hi < 0 || lo < 0) break;
    out += static_cast<char>(hi * 16 + lo);
  }
  return out;
}

}  // namespace

bool stickprovSelected(const Program& program, const std::string& caseId, const std::optional<std::string>& key) {
  if (!program.stickprov || caseId.empty()) return false;
  const Rational rate = program.stickprov->rate;
  if (rate.den <= 0 || rate.num <= 0) return false;
  std::string k = key ? *key : (program.sources.empty() ? std::string() : hexBytes(program.sources[0].sha256));
  Digest h = hmacSha256(k, caseId);
  uint64_t x = 0;
  for (int i = 0; i < 8; ++i) x = (x << 8) | h[i];
  // x mod 10 000 < rate × 10 000, compared exactly: (x mod 10 000) × den < num × 10 000.
  __int128 lhs = static_cast<__int128>(x % 10000) * rate.den;
  __int128 rhs = static_cast<__int128>(rate.num) * 10000;
  return lhs < rhs;
}

}  // namespace regel::rt
