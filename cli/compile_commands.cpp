// `regel check`, `regel index` and `regel build`.
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iostream>

#include "cli/commands.h"
#include "cli/output_files.h"
#include "regel/compile.h"
#include "regel/index.h"
#include "runtime/base/controls.h"

namespace regel::cli {

bool stdoutIsTerminal() { return isatty(STDOUT_FILENO) && isatty(STDERR_FILENO); }

void printCodedError(const std::string& code, const std::string& message) {
  // A message may quote a decision log altered by hand, or a file's name: shown, never acted on.
  std::cerr << "fel[" << code << "]: " << rt::showControls(message) << "\n";
}

int runCheck(const CheckArgs& args, bool color) {
  bool failed = false;
  for (const auto& file : args.files) {
    // A compiled ruleset is checked the way it is loaded: completely verified.
    if (isRgbFile(file)) {
      LoadResult loaded = loadRgbFile(file);
      if (!loaded.ruleset) {
        std::cerr << "fel[" << loaded.code << "]: " << loaded.message << "\n";
        failed = true;
        continue;
      }
      std::cout << file << ": kompilerad regelfil för " << loaded.ruleset->name() << " " << loaded.ruleset->version()
                << ", hel och verifierad: inga fel\n";
      continue;
    }
    CompileResult r = compileFile(file, {color});
    std::cerr << r.rendered;
    if (r.errors > 0 || (args.warningsAsErrors && r.warnings > 0)) failed = true;
    if (r.errors == 0) {
      std::cout << file << ": " << diagnosticSummary(0, r.warnings) << "\n";
    }
  }
  return failed ? 1 : 0;
}

// The semantic index as JSON on stdout, also when the source has errors (what could be read is
// indexed; an editor wants it most while the text is half written). Exit 1 on errors.
int runIndex(const IndexArgs& args, bool color) {
  CompileOptions options;
  options.color = color;
  options.index = true;
  CompileResult r = compileFile(args.file, options);
  std::cerr << r.rendered;
  if (r.index) std::cout << renderIndexJson(*r.index);
  return r.errors > 0 ? 1 : 0;
}

int runBuild(const BuildArgs& args, bool color) {
  if (!args.dump.empty()) {
    DumpStage stage = args.dump == "ast" ? DumpStage::Ast : args.dump == "ir" ? DumpStage::Ir : DumpStage::Bytecode;
    CompileResult r;
    std::string text = dumpStage(args.file, stage, r);
    std::cerr << r.rendered;
    std::cout << text;
    return r.errors > 0 ? 1 : 0;
  }
  if (args.output.empty()) {
    std::cerr << "fel: ange en utfil med -o FIL.rgb (eller --dump ast|ir|bytecode)\n";
    return 2;
  }
  // The .rgb renamed over the source would leave no rules to build again.
  if (outputOverwrites(args.output, "den kompilerade filen", {{args.file, "källtexten", "den"}})) return 2;
  CompileResult r = compileFile(args.file, {color});
  std::cerr << r.rendered;
  if (!r.ruleset) return 1;
  std::string bytes = r.ruleset->toRgb();
  // Write to a temporary file and rename, so a failed write never leaves a truncated .rgb.
  std::string tmp = args.output + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.close();
    if (!out) {
      std::cerr << "fel: kan inte skriva " << args.output << "\n";
      std::remove(tmp.c_str());
      return 1;
    }
  }
  if (std::rename(tmp.c_str(), args.output.c_str()) != 0) {
    std::cerr << "fel: kan inte skriva " << args.output << "\n";
    std::remove(tmp.c_str());
    return 1;
  }
  std::cout << args.output << ": " << r.ruleset->name() << " " << r.ruleset->version() << " ("
            << bytes.size() << " byte)\n";
  return 0;
}

}  // namespace regel::cli
