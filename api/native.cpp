// Library API: a ruleset compiled to native code by the LLVM JIT, where this build has it.
#include "regel/compile.h"

#include "api/pipeline.h"

#ifdef REGEL_HAVE_JIT
#include "compiler/jit/jit.h"
#endif

namespace regel {

bool jitAvailable() {
#ifdef REGEL_HAVE_JIT
  return true;
#else
  return false;
#endif
}

NativeResult compileNative(const Ruleset& ruleset, const NativeOptions& options) {
#ifdef REGEL_HAVE_JIT
  jit::JitResult compiled = jit::compileNative(
      ruleset.program(), options.inBackground ? jit::CompileWhen::InBackground : jit::CompileWhen::OnFirstRun);
  if (!compiled.code) return {nullptr, compiled.error};
  std::shared_ptr<const rt::vm::NativeCode> native(std::move(compiled.code));
  return {std::make_shared<Ruleset>(ruleset.shared(), std::move(native)), ""};
#else
  (void)ruleset;
  (void)options;
  return {nullptr, "den här versionen av regel är byggd utan JIT (LLVM) och kan inte göra maskinkod"};
#endif
}

namespace api {

std::shared_ptr<const Ruleset> nativeIfAsked(std::shared_ptr<const Ruleset> ruleset, const std::string& path,
                                             const CompileOptions& options, std::string& rendered) {
  if (!ruleset || !options.jit) return ruleset;
  NativeResult native = compileNative(*ruleset, {.inBackground = options.jitInBackground});
  if (!native.ruleset) rendered += "fel: " + path + ": " + native.message + "\n";
  return native.ruleset;
}

}  // namespace api

}  // namespace regel
