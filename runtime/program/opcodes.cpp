// The opcode metadata table, generated from runtime/program/opcodes.def.
#include "runtime/program/opcodes.h"

namespace regel::rt {
namespace {

using enum OperandKind;

constexpr OpInfo kOps[] = {
#define REGEL_OP(name, a, b, c, doc) {#name, a, b, c, doc},
#include "runtime/program/opcodes.def"
#undef REGEL_OP
};

}  // namespace

const OpInfo& opInfo(Op op) { return kOps[static_cast<uint16_t>(op)]; }

}  // namespace regel::rt
