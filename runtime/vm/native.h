// Native code for a program's chunks (built by compiler/jit): the interface the VM calls through.
// The runtime never depends on the JIT: it only sees a table of function pointers, one per chunk
// and mode, and runs a chunk natively when its entry is set.
#pragma once

#include <cstdint>
#include <vector>

#include "runtime/case/case_data.h"

namespace regel::rt::vm {

struct Context;

// What native code reads without a call: the case as flat arrays and the memo slots. Plain data
// (standard layout): compiler/jit reads its members by their offsetof. Bound once per decision;
// nothing in it changes while the decision runs (what it points to may).
struct NativeView {
  const Value* const* fields = nullptr;     // per record of the case: its field values
  const uint8_t* const* present = nullptr;  // per record: 1 where the case gives the field
  const uint32_t* fieldCounts = nullptr;    // per record
  uint64_t records = 0;
  const Value* const* elements = nullptr;   // per list: its elements
  const uint64_t* sizes = nullptr;          // per list
  uint64_t lists = 0;
  uint64_t* loopSteps = nullptr;            // the decision's list-step budget (Context::loopSteps)
  const uint32_t* epoch = nullptr;          // the decision's memo epoch (Context::epoch)
  const void* ruleSlots = nullptr;          // Context::ruleSlots.data(): RuleSlot per rule
  uint32_t* top = nullptr;                  // Context::top: the first free register
  uint32_t* depth = nullptr;                // Context::depth: chunks running
  const uint32_t* registerCount = nullptr;  // Context::registerCount: registers allocated
  const void* paramVersions = nullptr;      // Context::paramVersion.data(): VersionSlot per parameter
  const void* ruleVersions = nullptr;       // Context::ruleVersion.data(): VersionSlot per rule
  const uint32_t* versionEpoch = nullptr;   // Context::versionEpoch
};

// A chunk compiled to native code. Same contract as vm::execute for the same chunk: the frame
// starts at register `base` of the context's register stack, the value goes to `*out`, and the
// result is a vm::Exit. Native chunks exist only for the fast mode (not tolerant): the tolerant
// re-run that collects every missing fact is rare and stays in the VM.
using NativeChunk = uint8_t (*)(Context* cx, const NativeView* view, uint32_t base, Value* out);

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
