// The functions native chunks call into the runtime (listed in native_abi.def), and the table of
// their addresses the JIT resolves them by. Internal to the runtime and compiler/jit.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "runtime/case/case_data.h"

namespace regel::rt::vm {

struct Context;

// The ABI's type vocabulary (see native_abi.def).
namespace abi {
using VOID = void;
using U8 = uint8_t;
using U32 = uint32_t;
using I32 = int32_t;
using I64 = int64_t;
using CX = Context*;
using VAL = Value*;
using I64P = int64_t*;
using U32P = uint32_t*;
}  // namespace abi

// The operation of regel_native_rat_binary.
enum class RatOp : uint32_t { Add, Sub, Mul, Div };

struct NativeSymbol {
  std::string_view name;
  void* address;
};
// Every function of native_abi.def with its address.
std::span<const NativeSymbol> nativeSymbols();

}  // namespace regel::rt::vm
