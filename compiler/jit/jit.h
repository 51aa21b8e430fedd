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
  uint32_t nativeChunks = 0;                       // chunks compiled (the rest stay in the VM)
};

// Compiles every chunk of `program` that fits the native limits, for the fast mode, traced and
// untraced. The program is verified first: the JIT trusts nothing it has not checked. The result
// keeps its own copy of nothing: `program` must outlive it.
JitResult compileNative(const rt::Program& program);

}  // namespace regel::jit
