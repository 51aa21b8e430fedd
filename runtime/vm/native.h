// Native code for a program's chunks (built by compiler/jit): the interface the VM calls through.
// The runtime never depends on the JIT: it only sees a table of function pointers, one per chunk
// and mode, and runs a chunk natively when its entry is set.
#pragma once

#include <cstdint>
#include <vector>

#include "runtime/case/case_data.h"

namespace regel::rt::vm {

struct Context;

// A chunk compiled to native code. Same contract as vm::execute for the same chunk: the frame
// starts at register `base` of the context's register stack, the value goes to `*out`, and the
// result is a vm::Exit. Native chunks exist only for the fast mode (not tolerant): the tolerant
// re-run that collects every missing fact is rare and stays in the VM.
using NativeChunk = uint8_t (*)(Context* cx, uint32_t base, Value* out);

// The native code of one program: immutable once built, shared by every thread deciding with it.
class NativeCode {
 public:
  virtual ~NativeCode() = default;
  // The chunk's native entry for the fast mode (traced or not), or null: the VM runs it.
  template <bool Traced>
  NativeChunk chunk(uint32_t id) const {
    const std::vector<NativeChunk>& table = Traced ? traced_ : untraced_;
    return id < table.size() ? table[id] : nullptr;
  }

 protected:
  std::vector<NativeChunk> untraced_;
  std::vector<NativeChunk> traced_;
};

}  // namespace regel::rt::vm
