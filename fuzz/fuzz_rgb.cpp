// fuzz_rgb: arbitrary bytes → the .rgb loader and its verifier. The bytes are tried as they are
// and, when they start with the magic, sealed again (the header's length and the SHA-256 made to
// fit the payload), so that mutations reach the decoder and the verifier instead of stopping at
// the checksum. An accepted program must re-serialise to bytes that load to the same bytes, and
// decides two cases generated from its own input schema, traced, in every output mode.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz/fuzz_support.h"
#include "runtime/base/sha256.h"
#include "runtime/rgb/rgb_format.h"
#include "tests/support/case_generator.h"

namespace {

using namespace regel;

std::string sealed(std::string_view bytes) {
  std::string_view payload = bytes.substr(rt::kRgbHeaderSize);
  if (payload.size() >= rt::kRgbChecksumSize) payload.remove_suffix(rt::kRgbChecksumSize);
  std::string out(bytes.substr(0, 8));
  for (uint64_t v : {uint64_t{rt::kRgbFormatVersion}, uint64_t{payload.size()}}) {
    const int width = out.size() == 8 ? 4 : 8;
    for (int i = 0; i < width; ++i) out += static_cast<char>(v >> (8 * i));
  }
  out += payload;
  rt::Digest digest = rt::sha256(out);
  out.append(reinterpret_cast<const char*>(digest.data()), digest.size());
  return out;
}

void exercise(const std::shared_ptr<const rt::Program>& program) {
  const std::string bytes = rt::writeRgb(*program);
  rt::RgbLoad again = rt::readRgb(bytes, "fuzz.rgb");
  if (!again.program) fuzz::fail("an accepted program re-serialises to bytes the loader refuses",
                                 again.error ? again.error->message : "");
  if (rt::writeRgb(*again.program) != bytes) fuzz::fail("an accepted program's bytes are not a fixed point");

  Ruleset ruleset(program);
  testing::CaseGenerator cases(*program);
  for (uint64_t k = 0; k < 2; ++k) fuzz::decideEveryWay(ruleset, cases.caseAt(k));
}

void load(std::string_view bytes) {
  rt::RgbLoad loaded = rt::readRgb(bytes, "fuzz.rgb");
  if (loaded.program) exercise(loaded.program);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  load(bytes);
  if (rt::looksLikeRgb(bytes) && bytes.size() >= rt::kRgbHeaderSize) load(sealed(bytes));
  return 0;
}
