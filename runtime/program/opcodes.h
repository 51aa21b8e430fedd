// The VM's instruction encoding: opcodes from runtime/program/opcodes.def and their operand kinds.
#pragma once

#include <cstdint>
#include <string_view>

namespace regel::rt {

enum class Op : uint16_t {
#define REGEL_OP(name, a, b, c, doc) name,
#include "runtime/program/opcodes.def"
#undef REGEL_OP
};

// How an operand slot is interpreted; drives the verifier and the disassembler.
enum class OperandKind : uint8_t { N, R, R2, K, I32, W, I16, J, IN, FLD, DIR, RULE, PARAM, ARGS, ERR };

constexpr uint16_t kOpCount = 0
#define REGEL_OP(name, a, b, c, doc) +1
#include "runtime/program/opcodes.def"
#undef REGEL_OP
    ;

// A fixed-size instruction: opcode and three 16-bit operands.
struct Instr {
  Op op = Op::NOP;
  uint16_t a = 0;
  uint16_t b = 0;
  uint16_t c = 0;
  // The 32-bit operand formed by b (low half) and c (high half): constant indices, immediates.
  uint32_t wide() const { return static_cast<uint32_t>(b) | (static_cast<uint32_t>(c) << 16); }
  friend bool operator==(const Instr&, const Instr&) = default;
};
static_assert(sizeof(Instr) == 8);

struct OpInfo {
  std::string_view name;
  OperandKind a, b, c;
  std::string_view doc;
};

// Metadata of an opcode; `op` must be below kOpCount.
const OpInfo& opInfo(Op op);
inline std::string_view opName(Op op) { return opInfo(op).name; }

}  // namespace regel::rt
