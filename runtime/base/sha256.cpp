// SHA-256 and HMAC-SHA256 via OpenSSL (EVP), never a hand-written hash.
#include "runtime/base/sha256.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace regel::rt {

Digest sha256(std::string_view data) {
  Digest out{};
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), out.data(), &len, EVP_sha256(), nullptr);
  return out;
}

Digest hmacSha256(std::string_view key, std::string_view message) {
  Digest out{};
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(), out.data(), &len);
  return out;
}

std::string toHex(const Digest& d) {
  static const char* kDigits = "0123456789abcdef";
  std::string s;
  s.reserve(64);
  for (uint8_t b : d) {
    s += kDigits[b >> 4];
    s += kDigits[b & 15];
  }
  return s;
}

}  // namespace regel::rt
