// Declares the runtime's native ABI in a module, from the same list the runtime defines it by.
#include "compiler/jit/abi.h"

#include "runtime/vm/native_abi.h"

namespace regel::jit {
namespace {

template <class T>
llvm::Type* typeOf(const AbiTypes& t) {
  namespace abi = rt::vm::abi;
  if constexpr (std::is_same_v<T, abi::VOID>) return t.voidTy;
  if constexpr (std::is_same_v<T, abi::U8>) return t.i8;
  if constexpr (std::is_same_v<T, abi::U32> || std::is_same_v<T, abi::I32>) return t.i32;
  if constexpr (std::is_same_v<T, abi::I64>) return t.i64;
  if constexpr (std::is_same_v<T, abi::CX>) return t.context;
  if constexpr (std::is_same_v<T, abi::VAL>) return t.valuePtr;
  if constexpr (std::is_same_v<T, abi::I64P>) return llvm::PointerType::getUnqual(t.i64);
  if constexpr (std::is_same_v<T, abi::U32P>) return llvm::PointerType::getUnqual(t.i32);
}

template <class R, class... A>
llvm::FunctionType* functionType(const AbiTypes& t) {
  return llvm::FunctionType::get(typeOf<R>(t), {typeOf<A>(t)...}, false);
}

}  // namespace

AbiTypes::AbiTypes(llvm::LLVMContext& ctx)
    : voidTy(llvm::Type::getVoidTy(ctx)),
      i1(llvm::Type::getInt1Ty(ctx)),
      i8(llvm::Type::getInt8Ty(ctx)),
      i32(llvm::Type::getInt32Ty(ctx)),
      i64(llvm::Type::getInt64Ty(ctx)),
      value(llvm::StructType::create(ctx, {i64, i64}, "regel.Value")),
      valuePtr(llvm::PointerType::getUnqual(value)),
      context(llvm::Type::getInt8PtrTy(ctx)) {}

Abi::Abi(llvm::Module& module, const AbiTypes& t) {
  using namespace rt::vm::abi;
#define REGEL_NATIVE(name, ret, ...) \
  functions[static_cast<unsigned>(AbiFn::name)] = module.getOrInsertFunction(#name, functionType<ret, __VA_ARGS__>(t));
#include "runtime/vm/native_abi.def"
#undef REGEL_NATIVE
}

}  // namespace regel::jit
