// The VM's instruction encoding: opcodes from runtime/program/opcodes.def and their operand kinds.
#pragma once

#include <cstdint>
#include <string_view>

namespace regel::rt {

enum class Op : uint8_t {
#define REGEL_OP(name, a, b, c, doc) name,
#include "runtime/program/opcodes.def"
#undef REGEL_OP
};

// How an operand slot is interpreted; drives the verifier and the disassembler.
enum class OperandKind : uint8_t { N, R, R2, K, I32, J, IN, FLD, DIR, RULE, PARAM, ARGS, ERR };

constexpr uint16_t kOpCount = 0
#define REGEL_OP(name, a, b, c, doc) +1
#include "runtime/program/opcodes.def"
#undef REGEL_OP
    ;

// The largest value of operand a (24 bits); b and c hold any 32-bit value.
constexpr uint32_t kMaxOperandA = (1u << 24) - 1;
// Registers in one chunk's frame. The code generator allocates registers like a stack, so a frame
// grows with an expression's nesting (itself limited), not its length: real chunks use tens. The
// limit bounds what a frame costs (a decision sets up the frames it runs, a hostile .rgb included)
// to about 1 MiB.
constexpr uint32_t kMaxFrameRegisters = 1u << 16;

// A fixed-size instruction of 12 bytes: an 8-bit opcode and a 24-bit operand a share one word,
// b and c are 32 bits each. Wide enough for 16 million registers, instructions per chunk, rules,
// parameters and constants, and small enough that the dispatch loop reads one instruction with
// two loads. Immediates (I32) are b or c reinterpreted as int32_t.
struct Instr {
  Op op : 8 = Op::NOP;
  uint32_t a : 24 = 0;
  uint32_t b = 0;
  uint32_t c = 0;
  friend bool operator==(const Instr&, const Instr&) = default;
};
static_assert(sizeof(Instr) == 12);
static_assert(kOpCount <= 256, "the opcode is 8 bits");

struct OpInfo {
  std::string_view name;
  OperandKind a, b, c;
  std::string_view doc;
};

// Metadata of an opcode; `op` must be below kOpCount.
const OpInfo& opInfo(Op op);
inline std::string_view opName(Op op) { return opInfo(op).name; }

}  // namespace regel::rt
