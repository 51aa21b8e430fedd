// Writing a program as a .rgb file: header, sections, and the SHA-256 over everything.
#include "runtime/rgb/rgb_format.h"
#include "runtime/rgb/rgb_io.h"
#include "runtime/base/sha256.h"

namespace regel::rt {

std::string writeRgb(const Program& program, uint32_t version) {
  rgb::Writer payload(version);
  // The writer only reads through the reference; the shared template takes it mutable.
  rgb::ioProgram(payload, const_cast<Program&>(program));
  rgb::Writer file(version);
  file.raw(kRgbMagic.data(), kRgbMagic.size());
  file.num(version);
  uint64_t length = payload.out.size();
  file.num(length);
  file.out += payload.out;
  Digest d = sha256(file.out);
  file.raw(d.data(), d.size());
  return std::move(file.out);
}

}  // namespace regel::rt
