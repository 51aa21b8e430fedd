// Readable listings of bytecode (`regel build --dump bytecode`, debugging, tests).
#pragma once

#include <cstdint>
#include <string>

#include "runtime/program/program.h"

namespace regel::rt {

// One instruction: "LOAD_INPUT     r0, boendekostnad" (jump targets are chunk-relative).
std::string disassembleInstr(const Program& p, const Instr& in);
// The instructions of one chunk, one per line, with index and source line:column.
std::string disassembleChunk(const Program& p, uint32_t chunk, const std::string& indent = "    ");
// The whole program: per rule, version and exception; per parameter version and table row; the
// decision's branches; templates.
std::string disassemble(const Program& p);

}  // namespace regel::rt
