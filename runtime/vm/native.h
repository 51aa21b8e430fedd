// Native code for a program's chunks (built by compiler/jit): the interface the VM calls through.
// The runtime never depends on the JIT: it sees tables of function pointers, one per chunk and
// mode, asks for a chunk's entry when it runs the chunk, and runs it natively when there is one.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>

#include "runtime/case/case_data.h"

namespace regel::rt::vm {

struct Context;
struct NativeView;

// A chunk compiled to native code. Same contract as vm::execute for the same chunk: the frame
// starts at register `base` of the context's register stack, the value goes to `*out`, and the
// result is a vm::Exit. Native chunks exist only for the fast mode (not tolerant): the tolerant
// re-run that collects every missing fact is rare and stays in the VM.
using NativeChunk = uint8_t (*)(Context* cx, const NativeView* view, uint32_t base, Value* out);

// What native code reads without a call: the case as flat arrays and the memo slots. Plain data
// (standard layout): compiler/jit reads its members by their offsetof. The context's own members
// are bound once (Context::attachNative), the case's arrays per decision (Context::checkCase);
// nothing in it changes while a decision runs (what it points to may).
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
  const std::atomic<NativeChunk>* natives = nullptr;  // NativeCode::untracedTable()
};

// The native code of one program, shared by every thread deciding with it. A chunk is compiled
// the first time it runs, on the thread that runs it: compile time follows what decisions use,
// not the size of the ruleset. The tables only ever change from null to a chunk's entry.
class NativeCode {
 public:
  virtual ~NativeCode() = default;
  // The chunk's native entry for the fast mode (traced or not), compiled now if it is not yet;
  // null: the VM runs it (a chunk the JIT does not take, or one another thread is compiling).
  template <bool Traced>
  NativeChunk chunk(uint32_t id) const {
    if (id >= chunks_) return nullptr;
    const NativeChunk f = (Traced ? traced_ : untraced_)[id].load(std::memory_order_acquire);
    return f != nullptr ? f : compile(id, Traced);
  }
  // The untraced entries by chunk (null: not compiled yet), which native code calls through.
  const std::atomic<NativeChunk>* untracedTable() const { return untraced_.get(); }

 protected:
  explicit NativeCode(uint32_t chunks)
      : chunks_(chunks),
        untraced_(std::make_unique<std::atomic<NativeChunk>[]>(chunks)),
        traced_(std::make_unique<std::atomic<NativeChunk>[]>(chunks)) {}
  // Compiles chunk `id` for the mode, publishes it with publish() and returns it; null when the
  // chunk stays in the VM (for now or for good).
  virtual NativeChunk compile(uint32_t id, bool traced) const = 0;
  NativeChunk published(uint32_t id, bool traced) const {
    return (traced ? traced_ : untraced_)[id].load(std::memory_order_acquire);
  }
  void publish(uint32_t id, bool traced, NativeChunk f) const {
    (traced ? traced_ : untraced_)[id].store(f, std::memory_order_release);
  }

 private:
  uint32_t chunks_;
  std::unique_ptr<std::atomic<NativeChunk>[]> untraced_;
  std::unique_ptr<std::atomic<NativeChunk>[]> traced_;
};

}  // namespace regel::rt::vm
