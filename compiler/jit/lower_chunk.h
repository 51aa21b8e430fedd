// One bytecode chunk → one LLVM function with the NativeChunk signature, for the fast mode.
#pragma once

#include <cstdint>
#include <string>

#include <llvm/IR/Function.h>

#include "compiler/jit/abi.h"
#include "runtime/program/program.h"
#include "runtime/vm/vm.h"

namespace regel::jit {

// Chunks larger than these stay in the VM: their native code would cost more to build than it saves.
constexpr uint32_t kMaxNativeFrame = 4096;
constexpr uint32_t kMaxNativeInstructions = 100'000;

// The program's parameter tables as the runtime indexes them (direct tables, folded cells): a
// Context built once, read by the lowering to put tables into native code.
using ProgramTables = rt::vm::Context;

// Whether lowerChunk takes this chunk.
bool lowerable(const rt::Program& program, uint32_t chunk);

// The name of a chunk's native function in its module.
std::string nativeName(uint32_t chunk, bool traced);

// Defines the native function of `chunk` (verified bytecode) in `module`: the same computation as
// vm::interpret<false, traced>, each instruction translated in place, registers as SSA values.
llvm::Function* lowerChunk(const rt::Program& program, const ProgramTables& tables, uint32_t chunk, bool traced,
                           llvm::Module& module,
                           const AbiTypes& types, const Abi& abi);

}  // namespace regel::jit
