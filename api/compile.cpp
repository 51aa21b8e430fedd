// Library API: the compile pipeline (parse → check → generate bytecode) and ruleset loading.
#include "regel/compile.h"
#include "regel/index.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "api/pipeline.h"
#include "compiler/bytecode/codegen.h"
#include "compiler/diagnostics/source.h"
#include "compiler/ir/ir.h"
#include "compiler/sema/check.h"
#include "compiler/syntax/parse.h"
#include "runtime/program/disassemble.h"
#include "runtime/program/program.h"
#include "runtime/rgb/rgb_format.h"
#include "runtime/base/sha256.h"
#include "runtime/base/unicode.h"
#include "compiler/syntax/utf8.h"

namespace regel {
namespace api {

// Reads a whole file; nullopt if it cannot be opened or read.
std::optional<std::string> readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return std::nullopt;
  return ss.str();
}

SourceLocation locationOf(diag::Span span, const diag::SourceSet& sources) {
  if (span.file >= sources.size()) return {};
  const auto& f = sources.file(span.file);
  const diag::LineColumn begin = f.position(span.begin);
  const diag::LineColumn end = f.position(std::max(span.begin, span.end));
  return {f.path, begin.line, begin.column, span.begin, span.end, end.line, end.column};
}

static Diagnostic toPublic(const diag::Diagnostic& d, const diag::SourceSet& sources) {
  Diagnostic out;
  out.code = std::string(diag::codeOf(d.kind));
  out.error = diag::severityOf(d.kind) == diag::Severity::Error;
  out.message = diag::messageOf(d);
  out.args = d.args;
  out.suggestion = d.suggestion;
  if (d.hint) out.hint = diag::hintText(*d.hint);
  out.location = locationOf(d.span, sources);
  return out;
}

void finishDiagnostics(CompileResult& result, const FrontEnd& fe, const CompileOptions& options) {
  const auto& all = fe.sink.all();
  result.rendered = diag::renderAll(all, fe.sources, options.color);
  for (const auto& d : all) result.diagnostics.push_back(toPublic(d, fe.sources));
  result.errors = fe.sink.errorCount();
  result.warnings = fe.sink.warningCount();
}

void runFrontEnd(FrontEnd& fe, const std::string& path, std::string text, bool check, bool index) {
  // A .rgb given where source is read would be shown as garbled text: say what it is instead.
  if (rt::looksLikeRgb(text)) {
    fe.sink.report(diag::Kind::CompiledFileGiven, diag::Span{UINT32_MAX, 0, 0}, {path});
    return;
  }
  std::string hash = rt::toHex(rt::sha256(text));  // of the file as it is
  // Names and texts are compared composed (NFC): `å` typed as a + ring is the same name. Invalid
  // UTF-8 is left for the parser to report (R0001).
  if (!syntax::findInvalidUtf8(text) && !rt::isNfc(text)) text = rt::toNfc(text);
  uint32_t id = fe.sources.add(path, std::move(text));
  fe.asts.push_back(syntax::parseFile(fe.sources, id, fe.sink));
  if (!check) return;
  if (fe.sink.hasErrors()) {
    checkAfterSyntaxErrors(fe, index);
    return;
  }
  if (index) fe.index.emplace();
  fe.module = sema::checkRuleset(fe.asts, fe.sources, fe.sink, index ? &*fe.index : nullptr);
  for (auto& s : fe.module.sources) s.sha256 = hash;
}

std::shared_ptr<const rt::Program> generate(FrontEnd& fe) {
  bytecode::CodegenResult r = bytecode::generateProgram(fe.module, fe.sources);
  if (!r.program) {
    diag::Span at{fe.asts.empty() ? 0u : fe.asts.front().file, 0, 0};
    fe.sink.report(diag::Kind::CodeLimitExceeded, at, {r.error});
  }
  return r.program;
}

}  // namespace api

using api::FrontEnd;
using api::readFile;
using api::runFrontEnd;

Ruleset::Ruleset(std::shared_ptr<const rt::Program> program, std::shared_ptr<const rt::vm::NativeCode> native)
    : program_(std::move(program)), native_(std::move(native)) {}
const std::string& Ruleset::name() const { return program_->name; }
const std::string& Ruleset::version() const { return program_->version; }
std::vector<std::string> Ruleset::sourceHashes() const {
  std::vector<std::string> out;
  for (const auto& s : program_->sources) out.push_back(s.sha256);
  return out;
}
std::string Ruleset::toRgb() const { return rt::writeRgb(*program_); }

CompileResult compileSource(const std::string& path, std::string text, const CompileOptions& options) {
  FrontEnd fe;
  runFrontEnd(fe, path, std::move(text), true, options.index);
  CompileResult result;
  result.examples = fe.module.examples.size();
  if (fe.index) result.index = std::make_shared<const SemanticIndex>(api::toPublic(*fe.index, fe.sources));
  if (!fe.sink.hasErrors()) {
    if (auto program = api::generate(fe)) result.ruleset = std::make_shared<Ruleset>(std::move(program));
  }
  api::finishDiagnostics(result, fe, options);
  return result;
}

CompileResult compileFile(const std::string& path, const CompileOptions& options) {
  auto text = readFile(path);
  if (!text) {
    CompileResult result;
    FrontEnd fe;
    fe.sink.report(diag::Kind::UnreadableFile, diag::Span{UINT32_MAX, 0, 0}, {path});
    api::finishDiagnostics(result, fe, options);
    return result;
  }
  return compileSource(path, std::move(*text), options);
}

std::string dumpStage(const std::string& path, DumpStage stage, CompileResult& result) {
  FrontEnd fe;
  auto text = readFile(path);
  if (!text) {
    fe.sink.report(diag::Kind::UnreadableFile, diag::Span{UINT32_MAX, 0, 0}, {path});
    api::finishDiagnostics(result, fe, {});
    return {};
  }
  runFrontEnd(fe, path, std::move(*text), stage != DumpStage::Ast);
  std::string out;
  if (stage == DumpStage::Ast) {
    if (!fe.asts.empty()) out = syntax::printAst(fe.asts.front());
  } else if (!fe.sink.hasErrors()) {
    if (stage == DumpStage::Ir) {
      out = ir::printModule(fe.module);
    } else {
      if (auto program = api::generate(fe)) out = rt::disassemble(*program);
    }
  }
  api::finishDiagnostics(result, fe, {});
  return out;
}

namespace {

// A load's ruleset, or its refusal's code (R07xx) and message.
LoadResult toLoadResult(rt::RgbLoad loaded, const std::string& name) {
  LoadResult result;
  if (loaded.program) {
    result.ruleset = std::make_shared<Ruleset>(std::move(loaded.program));
    return result;
  }
  const rt::RuntimeError error =
      loaded.error ? *loaded.error : rt::makeError(rt::ErrorKind::RgbMalformed, {name, "filen vägrades utan skäl"});
  result.code = error.code;
  result.message = error.message;
  return result;
}

}  // namespace

LoadResult loadRgb(std::string_view bytes, const std::string& nameForMessages) {
  return toLoadResult(rt::readRgb(bytes, nameForMessages), nameForMessages);
}

// An unreadable file is R0701, with the system's reason.
LoadResult loadRgbFile(const std::string& path) { return toLoadResult(rt::readRgbFile(path), path); }

std::string diagnosticSummary(size_t errors, size_t warnings) { return diag::summaryOf(errors, warnings); }

bool isRgbFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::string head(rt::kRgbMagic.size(), '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  return in.gcount() == static_cast<std::streamsize>(head.size()) && rt::looksLikeRgb(head);
}

RulesetInput openRuleset(const std::string& path, const CompileOptions& options) {
  RulesetInput out;
  auto bytes = readFile(path);
  if (bytes && rt::looksLikeRgb(*bytes)) {
    LoadResult loaded = loadRgb(*bytes, path);
    out.ruleset = loaded.ruleset;
    if (!out.ruleset) out.rendered = "fel[" + loaded.code + "]: " + loaded.message + "\n";
  } else {
    CompileResult compiled = bytes ? compileSource(path, std::move(*bytes), options) : compileFile(path, options);
    out.ruleset = compiled.ruleset;
    out.rendered = compiled.rendered;
  }
  out.ruleset = api::nativeIfAsked(out.ruleset, path, options, out.rendered);
  out.ok = out.ruleset != nullptr;
  return out;
}

}  // namespace regel
