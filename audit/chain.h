// The hash chain of the decision log: what a record's SHA-256 covers, and its HMAC. One
// definition, used when appending and when verifying (docs/logg.md gives it for auditors who
// check a log with tools of their own).
#pragma once

#include <string>
#include <string_view>

#include "regel/audit.h"

namespace regel::audit {

// The previous hash of the first record.
inline constexpr std::string_view kGenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

// The bytes a record's hash is taken over: "regel-logg/1\n", then every field in a fixed order as
// "name length\nvalue\n" (length in bytes, decimal), previousHash first. The record's id is not
// covered: its place in the chain is what previousHash says.
std::string chainInput(const LoggedDecision& record);
// SHA-256 (hex) of chainInput(record).
std::string chainHash(const LoggedDecision& record);
// HMAC-SHA256 (hex) of the record's hash with `key`.
std::string chainHmac(std::string_view key, std::string_view hash);

}  // namespace regel::audit
