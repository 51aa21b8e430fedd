// The runtime functions native chunks call (runtime/vm/native_abi.def), declared in an LLVM module.
#pragma once

#include <array>

#include <llvm/IR/DerivedTypes.h>
#include <llvm/IR/Module.h>

namespace regel::jit {

enum class AbiFn : unsigned {
#define REGEL_NATIVE(name, ret, ...) name,
#include "runtime/vm/native_abi.def"
#undef REGEL_NATIVE
  Count
};

// The LLVM types of the ABI's vocabulary: a Value is the struct {i64 a, i64 b}.
struct AbiTypes {
  explicit AbiTypes(llvm::LLVMContext& ctx);
  llvm::Type* voidTy;
  llvm::IntegerType* i1;
  llvm::IntegerType* i8;
  llvm::IntegerType* i32;
  llvm::IntegerType* i64;
  llvm::StructType* value;
  llvm::PointerType* valuePtr;
  llvm::PointerType* context;  // opaque: i8*
};

// Every ABI function declared in `module`, indexed by AbiFn.
struct Abi {
  Abi(llvm::Module& module, const AbiTypes& types);
  llvm::FunctionCallee operator[](AbiFn f) const { return functions[static_cast<unsigned>(f)]; }
  std::array<llvm::FunctionCallee, static_cast<unsigned>(AbiFn::Count)> functions;
};

}  // namespace regel::jit
