// Loading a .rgb file: every check (magic, version, length, checksum, structure, bytecode) passes
// before a program is returned; anything else is a clean R07xx error.
#include <cstring>
#include <fstream>
#include <sstream>

#include "runtime/rgb/rgb_format.h"
#include "runtime/rgb/rgb_io.h"
#include "runtime/base/sha256.h"
#include "runtime/base/system_error.h"

namespace regel::rt {
namespace {

RgbLoad refuse(ErrorKind kind, std::vector<std::string> args) {
  RgbLoad r;
  r.error = makeError(kind, std::move(args));
  return r;
}

uint64_t readLe(std::string_view bytes, size_t at, size_t n) {
  uint64_t x = 0;
  for (size_t i = 0; i < n; ++i) x |= static_cast<uint64_t>(static_cast<uint8_t>(bytes[at + i])) << (8 * i);
  return x;
}

}  // namespace

bool looksLikeRgb(std::string_view bytes) { return bytes.substr(0, kRgbMagic.size()) == kRgbMagic; }

RgbLoad readRgb(std::string_view bytes, const std::string& name) {
  // Cut inside the header, which holds no length yet: what the smallest file needs.
  const auto cutInHeader = [&] {
    return refuse(ErrorKind::RgbTruncated,
                  {name, "minst " + std::to_string(kRgbHeaderSize + kRgbChecksumSize), std::to_string(bytes.size())});
  };
  // A file cut inside the magic is a truncated .rgb, not a foreign file.
  if (bytes.size() < kRgbMagic.size()) {
    if (!bytes.empty() && kRgbMagic.substr(0, bytes.size()) == bytes) {
      return cutInHeader();
    }
    return refuse(ErrorKind::RgbNotRgb, {name});
  }
  if (!looksLikeRgb(bytes)) return refuse(ErrorKind::RgbNotRgb, {name});
  if (bytes.size() < kRgbHeaderSize) {
    return cutInHeader();
  }
  const uint32_t version = static_cast<uint32_t>(readLe(bytes, 8, 4));
  if (version < kRgbOldestReadableVersion || version > kRgbFormatVersion) {
    const std::string readable = std::to_string(kRgbOldestReadableVersion) + "–" + std::to_string(kRgbFormatVersion);
    return refuse(ErrorKind::RgbVersion, {name, std::to_string(version), readable});
  }
  const uint64_t length = readLe(bytes, 12, 8);
  const uint64_t have = bytes.size() - kRgbHeaderSize;
  if (length > have || have - length < kRgbChecksumSize) {
    // Compare in a way that cannot overflow: the declared total may exceed 64 bits' sense.
    std::string declared = length > UINT64_MAX - kRgbHeaderSize - kRgbChecksumSize
                               ? std::to_string(length) + "+"
                               : std::to_string(length + kRgbHeaderSize + kRgbChecksumSize);
    return refuse(ErrorKind::RgbTruncated, {name, declared, std::to_string(bytes.size())});
  }
  if (have - length != kRgbChecksumSize) {
    return refuse(ErrorKind::RgbMalformed, {name, "det finns data efter kontrollsumman"});
  }
  const size_t body = kRgbHeaderSize + static_cast<size_t>(length);
  Digest d = sha256(bytes.substr(0, body));
  if (std::memcmp(d.data(), bytes.data() + body, kRgbChecksumSize) != 0) return refuse(ErrorKind::RgbChecksum, {name});

  auto program = std::make_shared<Program>();
  rgb::Reader reader(bytes.substr(kRgbHeaderSize, static_cast<size_t>(length)), version);
  rgb::ioProgram(reader, *program);
  if (reader.ok() && !reader.atEnd()) reader.fail("det finns data efter sista avsnittet");
  if (!reader.ok()) return refuse(ErrorKind::RgbMalformed, {name, reader.error()});
  if (auto problem = verifyProgram(*program)) {
    return refuse(problem->inCode ? ErrorKind::RgbInvalidCode : ErrorKind::RgbMalformed, {name, problem->reason});
  }
  RgbLoad ok;
  ok.program = std::move(program);
  return ok;
}

RgbLoad readRgbFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return refuse(ErrorKind::RgbUnreadable, {path, rt::systemErrorText(errno)});
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) return refuse(ErrorKind::RgbUnreadable, {path, "läsfel"});
  return readRgb(buffer.str(), path);
}

}  // namespace regel::rt
