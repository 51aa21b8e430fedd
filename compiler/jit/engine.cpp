// Builds one LLVM module for a program and hands it to an ORC LLLazyJIT: each chunk is optimised
// and compiled the first time it runs, so compiling costs what a decision uses, not what the
// ruleset holds. The runtime's native ABI is defined in the JIT as absolute symbols: nothing is
// looked up in the process.
#include <cstdio>
#include <cstdlib>
#include <mutex>

#include <llvm/ExecutionEngine/Orc/CompileUtils.h>
#include <llvm/ExecutionEngine/Orc/LLJIT.h>
#include <llvm/IR/LegacyPassManager.h>
#include <llvm/IR/Verifier.h>
#include <llvm/Passes/PassBuilder.h>
#include <llvm/Support/TargetSelect.h>

#include "compiler/jit/abi.h"
#include "compiler/jit/jit.h"
#include "compiler/jit/lower_chunk.h"
#include "runtime/rgb/rgb_format.h"
#include "runtime/vm/native_abi.h"

namespace regel::jit {
namespace {

// The native code owns the JIT that holds its machine code: both live as long as the ruleset.
class LlvmNativeCode final : public rt::vm::NativeCode {
 public:
  LlvmNativeCode(std::unique_ptr<llvm::orc::LLLazyJIT> jit, std::vector<rt::vm::NativeChunk> untraced,
                 std::vector<rt::vm::NativeChunk> traced)
      : jit_(std::move(jit)) {
    untraced_ = std::move(untraced);
    traced_ = std::move(traced);
  }

 private:
  std::unique_ptr<llvm::orc::LLLazyJIT> jit_;
};

void initialiseLlvm() {
  static std::once_flag once;
  std::call_once(once, [] {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
  });
}

std::string message(llvm::Error error) { return llvm::toString(std::move(error)); }

// A chunk compiled lazily failed in LLVM after its module was verified: an internal error that
// no input can cause, and no decision may go on from.
[[noreturn]] void lazyCompileFailed() {
  std::fputs("regel: internt fel: JIT-kompilatorn kunde inte kompilera ett kodblock\n", stderr);
  std::abort();
}

void optimise(llvm::Module& module) {
  llvm::LoopAnalysisManager lam;
  llvm::FunctionAnalysisManager fam;
  llvm::CGSCCAnalysisManager cgam;
  llvm::ModuleAnalysisManager mam;
  llvm::PassBuilder pb;
  pb.registerModuleAnalyses(mam);
  pb.registerCGSCCAnalyses(cgam);
  pb.registerFunctionAnalyses(fam);
  pb.registerLoopAnalyses(lam);
  pb.crossRegisterProxies(lam, fam, cgam, mam);
  pb.buildPerModuleDefaultPipeline(llvm::OptimizationLevel::O2).run(module, mam);
}

llvm::Error defineAbi(llvm::orc::LLJIT& jit) {
  llvm::orc::SymbolMap symbols;
  for (const auto& s : rt::vm::nativeSymbols()) {
    symbols[jit.mangleAndIntern(llvm::StringRef(s.name.data(), s.name.size()))] = llvm::JITEvaluatedSymbol(
        llvm::pointerToJITTargetAddress(s.address), llvm::JITSymbolFlags::Exported | llvm::JITSymbolFlags::Callable);
  }
  return jit.getMainJITDylib().define(llvm::orc::absoluteSymbols(std::move(symbols)));
}

}  // namespace

JitResult compileNative(const rt::Program& program) {
  JitResult result;
  if (auto problem = rt::verifyProgram(program)) {
    result.error = "programmet kan inte kompileras till maskinkod: " + problem->reason;
    return result;
  }
  initialiseLlvm();
  // Threads deciding with one ruleset make first calls at the same time, so chunks are compiled
  // concurrently: the ConcurrentIRCompiler gives each compilation its own TargetMachine (the
  // default shares one, which is not thread-safe).
  auto jit = llvm::orc::LLLazyJITBuilder()
                 .setLazyCompileFailureAddr(llvm::pointerToJITTargetAddress(&lazyCompileFailed))
                 .setCompileFunctionCreator([](llvm::orc::JITTargetMachineBuilder machine)
                                                -> llvm::Expected<std::unique_ptr<llvm::orc::IRCompileLayer::IRCompiler>> {
                   return std::make_unique<llvm::orc::ConcurrentIRCompiler>(std::move(machine));
                 })
                 .create();
  if (!jit) {
    result.error = "LLVM kunde inte starta: " + message(jit.takeError());
    return result;
  }
  if (auto err = defineAbi(**jit)) {
    result.error = "LLVM kunde inte starta: " + message(std::move(err));
    return result;
  }
  (*jit)->getIRTransformLayer().setTransform(
      [](llvm::orc::ThreadSafeModule module, llvm::orc::MaterializationResponsibility&) {
        module.withModuleDo([](llvm::Module& m) { optimise(m); });
        return llvm::Expected<llvm::orc::ThreadSafeModule>(std::move(module));
      });
  auto context = std::make_unique<llvm::LLVMContext>();
  context->setDiscardValueNames(true);  // names only cost time; --dump shows the bytecode
  auto module = std::make_unique<llvm::Module>(program.name.empty() ? "regel" : program.name, *context);
  module->setDataLayout((*jit)->getDataLayout());
  module->setTargetTriple((*jit)->getTargetTriple().str());
  AbiTypes types(*context);
  Abi abi(*module, types);
  const ProgramTables tables(program);
  const auto chunks = static_cast<uint32_t>(program.chunks.size());
  std::vector<bool> native(chunks, false);
  for (uint32_t c = 0; c < chunks; ++c) {
    if (!lowerable(program, c)) continue;
    native[c] = true;
    ++result.nativeChunks;
    for (bool traced : {false, true}) lowerChunk(program, tables, c, traced, *module, types, abi);
  }
  std::string broken;
  llvm::raw_string_ostream brokenOut(broken);
  if (llvm::verifyModule(*module, &brokenOut)) {
    result.error = "internt fel i JIT-kompilatorn: " + brokenOut.str();
    return result;
  }
  if (auto err = (*jit)->addLazyIRModule(llvm::orc::ThreadSafeModule(std::move(module), std::move(context)))) {
    result.error = "LLVM kunde inte kompilera: " + message(std::move(err));
    return result;
  }
  // The addresses are the lazy entry points: a chunk's first call compiles it.
  llvm::orc::SymbolLookupSet wanted;
  for (uint32_t c = 0; c < chunks; ++c) {
    if (!native[c]) continue;
    for (bool traced : {false, true}) wanted.add((*jit)->mangleAndIntern(nativeName(c, traced)));
  }
  auto& session = (*jit)->getExecutionSession();
  auto found = session.lookup(llvm::orc::makeJITDylibSearchOrder(&(*jit)->getMainJITDylib()), wanted);
  if (!found) {
    result.error = "LLVM kunde inte kompilera: " + message(found.takeError());
    return result;
  }
  std::vector<rt::vm::NativeChunk> untraced(chunks, nullptr), traced(chunks, nullptr);
  auto address = [&](uint32_t c, bool t) {
    return reinterpret_cast<rt::vm::NativeChunk>((*found)[(*jit)->mangleAndIntern(nativeName(c, t))].getAddress());
  };
  for (uint32_t c = 0; c < chunks; ++c) {
    if (!native[c]) continue;
    untraced[c] = address(c, false);
    traced[c] = address(c, true);
  }
  result.code = std::make_unique<LlvmNativeCode>(std::move(*jit), std::move(untraced), std::move(traced));
  return result;
}

}  // namespace regel::jit
