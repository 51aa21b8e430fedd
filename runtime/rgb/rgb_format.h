// The .rgb file: a compiled ruleset on disk, versioned, checksummed and verified before use.
//
// Layout (all integers little-endian):
//   "REGELRGB"            8 bytes, magic
//   format version        u32 (kRgbFormatVersion)
//   payload length        u64
//   payload               sections, each: tag u32 (four characters), length u32, bytes;
//                         META TYPE CONS CODE RULE PARM DECI, each exactly once, in that order
//   SHA-256               32 bytes over everything before it (OpenSSL EVP)
// Strings are u32 length + UTF-8 bytes; lists are u32 count + items.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "runtime/program/program.h"
#include "runtime/program/runtime_errors.h"

namespace regel::rt {

// 2: 12-byte instructions with 32-bit operands (24-bit a). A version-1 file (16-bit operands) is
// refused with R0703 rather than misread.
// 3: calendar instructions (DAY_OF_DATE … YEARS_BETWEEN) renumber the opcodes after them, so a
// version-2 file is refused too.
// 5: a field's flags byte also marks `personuppgift` (bit 1), and META carries `överklagande`
// after the version. Version 4 is read as well (no field personal, no appeal): a decision log
// keeps the .rgb of every decision, and replays it.
// 6: META carries `beslut alla skäl` after the appeal; a version-5 file is read without it.
// 7: a field carries its `etikett` after its flags; a version-6 file is read without labels.
// 8: the om instructions (OM_IF, OM_ELSE, OM_JOIN; numbered after every older opcode). A file of
// an older version holds an om as plain jumps, and is read as it is.
constexpr uint32_t kRgbFormatVersion = 8;
constexpr uint32_t kRgbOldestReadableVersion = 4;
constexpr std::string_view kRgbMagic = "REGELRGB";
constexpr size_t kRgbHeaderSize = 8 + 4 + 8;
constexpr size_t kRgbChecksumSize = 32;

// The bytes of a .rgb file for a program. An older `version` (from kRgbOldestReadableVersion)
// leaves out what that version cannot hold: for tests, and for feeding an older regel.
std::string writeRgb(const Program& program, uint32_t version = kRgbFormatVersion);

struct RgbLoad {
  std::shared_ptr<const Program> program;  // null when refused
  std::optional<RuntimeError> error;       // R07xx when refused
};

// Verifies completely (magic, version, length, checksum, structure, bytecode) before returning a
// program; never crashes on a truncated, altered or foreign file. `name` is used in messages.
RgbLoad readRgb(std::string_view bytes, const std::string& name = "filen");
RgbLoad readRgbFile(const std::string& path);

// Whether the bytes start like a .rgb file (to tell .rgb from .regel source).
bool looksLikeRgb(std::string_view bytes);

// The structural and bytecode checks run by the loader, usable on any program: every index in
// range, registers inside frames, jumps inside chunks, loops that terminate, templates valid.
struct VerifyProblem {
  bool inCode = false;  // in the bytecode (R0707) rather than the metadata (R0706)
  std::string reason;   // Swedish
};
std::optional<VerifyProblem> verifyProgram(const Program& program);

}  // namespace regel::rt
