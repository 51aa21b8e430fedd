// SHA-256 and HMAC-SHA256 through OpenSSL's libcrypto, for source hashes, .rgb checksums and
// stickprov selection.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace regel::rt {

using Digest = std::array<uint8_t, 32>;

Digest sha256(std::string_view data);
Digest hmacSha256(std::string_view key, std::string_view message);
std::string toHex(const Digest& d);

}  // namespace regel::rt
