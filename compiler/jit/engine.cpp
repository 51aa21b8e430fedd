// Compiles chunks to native code on demand: each chunk, in each mode, becomes its own small LLVM
// module the first time it runs, optimised and handed to an ORC LLJIT on the thread that runs it.
// Native chunks call each other through the program's table of entries (NativeView::natives),
// so compiling one chunk never compiles another: compile time follows what decisions use, not
// the size of the ruleset. The runtime's native ABI is defined in the JIT as absolute symbols:
// nothing is looked up in the process.
#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

#include <llvm/ExecutionEngine/Orc/LLJIT.h>
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

void initialiseLlvm() {
  static std::once_flag once;
  std::call_once(once, [] {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
  });
}

std::string message(llvm::Error error) { return llvm::toString(std::move(error)); }

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

// The native code of one program: its JIT, and what lowering a chunk needs, kept to compile the
// chunks as they are first run (on the thread that runs them, or on a compiling thread of its own).
class LlvmNativeCode final : public rt::vm::NativeCode {
 public:
  LlvmNativeCode(const rt::Program& program, std::unique_ptr<llvm::orc::LLJIT> jit, CompileWhen when)
      : NativeCode(static_cast<uint32_t>(program.chunks.size())), program_(program), tables_(program),
        jit_(std::move(jit)), when_(when), failed_(2 * program.chunks.size(), false),
        requested_(std::make_unique<std::atomic<uint8_t>[]>(2 * program.chunks.size())) {}

  ~LlvmNativeCode() override {
    {
      std::lock_guard<std::mutex> lock(queueMutex_);
      stop_ = true;
    }
    wake_.notify_all();
    if (worker_.joinable()) worker_.join();
  }

 private:
  rt::vm::NativeChunk compile(uint32_t id, bool traced) const override {
    if (!lowerable(program_, id)) return nullptr;
    if (when_ == CompileWhen::InBackground) {
      request(id, traced);
      return nullptr;
    }
    // One thread compiles at a time (one TargetMachine serves them all); a thread that finds the
    // compiler busy runs the chunk in the VM this time instead of waiting.
    std::unique_lock<std::mutex> lock(mutex_, std::try_to_lock);
    if (!lock.owns_lock()) return nullptr;
    return compileLocked(id, traced);
  }

  // With mutex_ held: the chunk's entry, compiled now if it is not yet. A chunk LLVM fails on
  // stays in the VM for good.
  rt::vm::NativeChunk compileLocked(uint32_t id, bool traced) const {
    if (rt::vm::NativeChunk done = published(id, traced); done != nullptr) return done;
    if (failed_[key(id, traced)]) return nullptr;
    rt::vm::NativeChunk f = build(id, traced);
    if (f == nullptr) failed_[key(id, traced)] = true;
    return f;
  }

  // Asks the compiling thread for the chunk, once; the VM runs it until it is published.
  void request(uint32_t id, bool traced) const {
    uint8_t fresh = 0;
    if (!requested_[key(id, traced)].compare_exchange_strong(fresh, 1)) return;
    std::lock_guard<std::mutex> lock(queueMutex_);
    if (stop_) return;
    if (!worker_.joinable()) worker_ = std::thread([this] { compileRequests(); });
    queue_.push_back(key(id, traced));
    wake_.notify_one();
  }

  // The compiling thread: the requests in the order they came, until the native code goes away
  // (what is still queued then is dropped; the chunk being compiled is finished).
  void compileRequests() const {
    while (true) {
      std::size_t next = 0;
      {
        std::unique_lock<std::mutex> lock(queueMutex_);
        wake_.wait(lock, [this] { return stop_ || !queue_.empty(); });
        if (stop_) return;
        next = queue_.front();
        queue_.pop_front();
      }
      std::lock_guard<std::mutex> lock(mutex_);
      compileLocked(static_cast<uint32_t>(next / 2), next % 2 == 1);
    }
  }

  // One chunk a module. Compiling what a chunk calls along with it (tried: up to 64 chunks a
  // module) compiled chunks no decision needed and took longer overall.
  rt::vm::NativeChunk build(uint32_t id, bool traced) const {
    auto context = std::make_unique<llvm::LLVMContext>();
    context->setDiscardValueNames(true);  // names only cost time; --dump shows the bytecode
    auto module = std::make_unique<llvm::Module>(nativeName(id, traced), *context);
    module->setDataLayout(jit_->getDataLayout());
    module->setTargetTriple(jit_->getTargetTriple().str());
    AbiTypes types(*context);
    Abi abi(*module, types);
    lowerChunk(program_, tables_, id, traced, *module, types, abi);
    // A module LLVM finds malformed is a bug in the lowering: the VM runs that chunk instead, and
    // the differential tests (tests/jit) see the chunk was not compiled.
    if (llvm::verifyModule(*module)) return nullptr;
    optimise(*module);
    if (auto err = jit_->addIRModule(llvm::orc::ThreadSafeModule(std::move(module), std::move(context)))) {
      llvm::consumeError(std::move(err));
      return nullptr;
    }
    auto symbol = jit_->lookup(nativeName(id, traced));
    if (!symbol) {
      llvm::consumeError(symbol.takeError());
      return nullptr;
    }
    auto f = reinterpret_cast<rt::vm::NativeChunk>(symbol->getAddress());
    publish(id, traced, f);
    return f;
  }

  static std::size_t key(uint32_t chunk, bool traced) { return 2 * std::size_t{chunk} + (traced ? 1 : 0); }

  const rt::Program& program_;
  const ProgramTables tables_;
  std::unique_ptr<llvm::orc::LLJIT> jit_;
  const CompileWhen when_;
  mutable std::mutex mutex_;          // held while compiling
  mutable std::vector<bool> failed_;  // under mutex_
  // Background compilation: which chunks were asked for, the queue of them and its thread.
  const std::unique_ptr<std::atomic<uint8_t>[]> requested_;
  mutable std::mutex queueMutex_;
  mutable std::condition_variable wake_;
  mutable std::deque<std::size_t> queue_;
  mutable std::thread worker_;
  mutable bool stop_ = false;
};

}  // namespace

JitResult compileNative(const rt::Program& program, CompileWhen when) {
  JitResult result;
  if (auto problem = rt::verifyProgram(program)) {
    result.error = "programmet kan inte kompileras till maskinkod: " + problem->reason;
    return result;
  }
  initialiseLlvm();
  auto jit = llvm::orc::LLJITBuilder().create();
  if (!jit) {
    result.error = "LLVM kunde inte starta: " + message(jit.takeError());
    return result;
  }
  if (auto err = defineAbi(**jit)) {
    result.error = "LLVM kunde inte starta: " + message(std::move(err));
    return result;
  }
  for (uint32_t c = 0; c < program.chunks.size(); ++c) result.nativeChunks += lowerable(program, c);
  result.code = std::make_unique<LlvmNativeCode>(program, std::move(*jit), when);
  return result;
}

}  // namespace regel::jit
