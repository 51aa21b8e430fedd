// The LLVM JIT: a verified program's chunks compiled to native code that the VM runs in their
// place (runtime/vm/native.h). Decisions and traces are the same as the VM's, byte for byte.
#pragma once

#include <memory>
#include <string>

#include "runtime/program/program.h"
#include "runtime/vm/native.h"

namespace regel::jit {

struct JitResult {
  std::unique_ptr<const rt::vm::NativeCode> code;  // null when compiling failed
  std::string error;                               // Swedish, when it failed
  uint32_t nativeChunks = 0;                       // chunks the JIT takes (the rest stay in the VM)
};

// When a chunk is compiled: on its first run, by the thread that runs it (which waits for it), or
// on a compiling thread of the native code's own while the VM runs the chunk meanwhile.
enum class CompileWhen : uint8_t { OnFirstRun, InBackground };

// Prepares native code for `program`: the program is verified first (the JIT trusts nothing it
// has not checked); each chunk that fits the native limits is then compiled, for the fast mode
// traced or untraced, when it first runs. `program` must outlive the result.
JitResult compileNative(const rt::Program& program, CompileWhen when = CompileWhen::OnFirstRun);

}  // namespace regel::jit
