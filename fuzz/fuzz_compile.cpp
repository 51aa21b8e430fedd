// fuzz_compile: bytes as ruleset source → parse and check (also after syntax errors, with the
// semantic index, whose references must all name a declared name) → every dump (ast, ir, bytecode) →
// bytecode → .rgb → loaded back → .rgb again, which must be the same bytes; then one generated
// case decided in every output mode. A compiled program the loader refuses, or one that does not
// re-serialise identically, is a crash.
#include <cstddef>
#include <cstdint>

#include "api/pipeline.h"
#include "compiler/ir/ir.h"
#include "compiler/syntax/ast.h"
#include "fuzz/fuzz_support.h"
#include "runtime/program/disassemble.h"
#include "runtime/rgb/rgb_format.h"
#include "tests/support/case_generator.h"

namespace {

// Larger sources only make each run slower; the size limits have tests of their own.
constexpr size_t kMaxSourceBytes = 64 * 1024;

void roundTrip(const regel::rt::Program& program) {
  const std::string bytes = regel::rt::writeRgb(program);
  regel::rt::RgbLoad loaded = regel::rt::readRgb(bytes, "fuzz.rgb");
  if (!loaded.program) {
    regel::fuzz::fail("the loader refuses a compiled program", loaded.error ? loaded.error->message : "");
  }
  if (regel::rt::writeRgb(*loaded.program) != bytes) regel::fuzz::fail("a loaded program re-serialises differently");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > kMaxSourceBytes) return 0;
  regel::api::FrontEnd fe;
  regel::api::runFrontEnd(fe, "fuzz.regel", regel::fuzz::text(data, size), true, true);
  if (!fe.asts.empty()) (void)regel::syntax::printAst(fe.asts.front());
  if (fe.index) {
    const regel::SemanticIndex index = regel::api::toPublic(*fe.index, fe.sources);
    for (const auto& r : index.references) {
      if (r.name >= index.names.size()) regel::fuzz::fail("a reference names no declared name");
    }
    (void)regel::renderIndexJson(index);
  }
  std::shared_ptr<const regel::rt::Program> program;
  if (!fe.sink.hasErrors()) {
    (void)regel::ir::printModule(fe.module);
    program = regel::api::generate(fe);
  }
  regel::CompileResult result;
  regel::api::finishDiagnostics(result, fe, {});
  if (!program) return 0;

  (void)regel::rt::disassemble(*program);
  roundTrip(*program);
  regel::testing::CaseGenerator cases(*program);
  regel::fuzz::decideEveryWay(regel::Ruleset(program), cases.caseAt(size));
  return 0;
}
