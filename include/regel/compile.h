// The public library API, part 1: compile a ruleset from source, or load a compiled .rgb file.
// The `regel` command line is built on exactly this API.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace regel {

namespace rt {
struct Program;
namespace vm {
class NativeCode;
}
}  // namespace rt

// A position in a source file: 1-based line and column (in characters), and the byte range.
struct SourceLocation {
  std::string file;
  uint32_t line = 0;
  uint32_t column = 0;
  uint32_t byteBegin = 0;
  uint32_t byteEnd = 0;
  // Where the range ends (exclusive), as line and column; 0 where only the start is known.
  uint32_t endLine = 0;
  uint32_t endColumn = 0;
};

struct Diagnostic {
  std::string code;      // stable, e.g. "R0101"
  bool error = true;     // false: a warning
  std::string message;   // Swedish
  std::vector<std::string> args;  // what the code's template was filled with (for other renderers)
  SourceLocation location;
  std::string suggestion;  // a name the author probably meant, or empty
  std::string hint;        // advice for a common mistake (Swedish), or empty
};

// A compiled ruleset: immutable, shareable between threads, self-contained (it needs no source).
class Ruleset {
 public:
  // With `native` (see compileNative) decisions run as native code instead of in the VM.
  explicit Ruleset(std::shared_ptr<const rt::Program> program,
                   std::shared_ptr<const rt::vm::NativeCode> native = nullptr);
  const rt::Program& program() const { return *program_; }
  // The ruleset's native code, or null when it runs on the VM.
  const rt::vm::NativeCode* native() const { return native_.get(); }
  std::shared_ptr<const rt::Program> shared() const { return program_; }
  const std::string& name() const;
  const std::string& version() const;
  // SHA-256 (hex) of each source file the ruleset was compiled from.
  std::vector<std::string> sourceHashes() const;
  // The .rgb bytes of this ruleset.
  std::string toRgb() const;

 private:
  std::shared_ptr<const rt::Program> program_;
  std::shared_ptr<const rt::vm::NativeCode> native_;
};

struct SemanticIndex;  // regel/index.h

struct CompileResult {
  std::shared_ptr<const Ruleset> ruleset;  // null when there are errors
  std::vector<Diagnostic> diagnostics;
  std::string rendered;  // all diagnostics rendered for a terminal, with source lines and carets
  size_t errors = 0;
  size_t warnings = 0;
  size_t examples = 0;  // the ruleset's `exempel` blocks (`regel test` runs them)
  // With CompileOptions::index: the names and references of the source (regel/index.h).
  std::shared_ptr<const SemanticIndex> index;
};

struct CompileOptions {
  bool color = false;  // ANSI colours in `rendered`
  // Compile the ruleset's decisions to native code as well (LLVM JIT; see compileNative).
  bool jit = false;
  // With `jit`: compile on a thread of its own while the VM decides (see NativeOptions).
  bool jitInBackground = false;
  // Build the semantic index (CompileResult::index). After a syntax error it is built from what
  // could be read; the checker's diagnostics are then reported only where they cannot be
  // consequences of that error (see docs/verktyg.md).
  bool index = false;
};

// Whether this build of regel has the JIT (it is built where LLVM 14 is found).
bool jitAvailable();

struct NativeResult {
  std::shared_ptr<const Ruleset> ruleset;  // null when it failed
  std::string message;                     // Swedish, when it failed
};
struct NativeOptions {
  // false: a chunk is compiled the first time it runs, by the thread that runs it, which waits a
  // few milliseconds. true: it is compiled on a thread of its own, and the VM runs it until then
  // (for many cases on a machine with a core to spare: no decision waits for the compiler).
  bool inBackground = false;
};

// The same ruleset with its decisions compiled to native code by LLVM. Decisions and traces are
// the VM's, byte for byte; only the speed differs. Fails in a build without the JIT.
NativeResult compileNative(const Ruleset& ruleset, const NativeOptions& options = {});

// "inga fel", "2 fel, inga varningar", "inga fel, 1 varning": the same words as under the
// rendered diagnostics.
std::string diagnosticSummary(size_t errors, size_t warnings);

// Compiles one ruleset from its source text; `path` is used in messages and in the trace.
CompileResult compileSource(const std::string& path, std::string text, const CompileOptions& options = {});
// Reads and compiles a .regel file; an unreadable file is an error diagnostic (R0000).
CompileResult compileFile(const std::string& path, const CompileOptions& options = {});

enum class DumpStage { Ast, Ir, Bytecode };
// The textual form of one stage for a source file (diagnostics go to `result.rendered`).
std::string dumpStage(const std::string& path, DumpStage stage, CompileResult& result);

struct LoadResult {
  std::shared_ptr<const Ruleset> ruleset;  // null when the file is refused
  std::string code;     // stable error code (R07xx) when refused
  std::string message;  // Swedish, when refused
};
// Reads and verifies a .rgb file completely before anything runs from it.
LoadResult loadRgbFile(const std::string& path);
// Whether the file at `path` starts as a .rgb file does (whatever its name).
bool isRgbFile(const std::string& path);
LoadResult loadRgb(std::string_view bytes, const std::string& nameForMessages);

// Loads RULES whichever it is: a .rgb file by its magic bytes, otherwise .regel source.
struct RulesetInput {
  std::shared_ptr<const Ruleset> ruleset;
  std::string rendered;  // diagnostics (source) or the load error (rgb), rendered for people
  bool ok = false;
};
RulesetInput openRuleset(const std::string& path, const CompileOptions& options = {});

}  // namespace regel
