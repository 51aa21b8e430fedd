// The diagnostic table (from diagnostic_kinds.def) and the sink phases report into.
#include "compiler/diagnostics/diagnostic.h"

#include <fmt/args.h>
#include <fmt/format.h>

#include <array>

namespace regel::diag {
namespace {

struct KindInfo {
  std::string_view code;
  Severity severity;
  std::string_view text;
};

constexpr std::array kInfos = {
#define REGEL_DIAGNOSTIC(name, code, severity, text) KindInfo{code, Severity::severity, text},
#include "compiler/diagnostics/diagnostic_kinds.def"
#undef REGEL_DIAGNOSTIC
};

const KindInfo& info(Kind kind) { return kInfos[static_cast<size_t>(kind)]; }

}  // namespace

std::string_view codeOf(Kind kind) { return info(kind).code; }
Severity severityOf(Kind kind) { return info(kind).severity; }
std::string_view templateOf(Kind kind) { return info(kind).text; }

std::vector<Kind> allKinds() {
  std::vector<Kind> kinds;
  for (size_t i = 0; i < kInfos.size(); ++i) kinds.push_back(static_cast<Kind>(i));
  return kinds;
}

std::string messageOf(const Diagnostic& d) {
  // A template with fewer arguments than fields must not throw: missing ones render empty.
  fmt::dynamic_format_arg_store<fmt::format_context> store;
  for (const auto& a : d.args) store.push_back(a);
  for (size_t i = d.args.size(); i < 4; ++i) store.push_back(std::string());
  try {
    return fmt::vformat(templateOf(d.kind), store);
  } catch (const fmt::format_error&) {
    return std::string(templateOf(d.kind));
  }
}

Diagnostic& DiagnosticSink::report(Kind kind, Span span, std::vector<std::string> args) {
  diagnostics_.push_back(Diagnostic{kind, span, std::move(args), {}, {}});
  return diagnostics_.back();
}

bool DiagnosticSink::hasErrors() const { return errorCount() > 0; }

size_t DiagnosticSink::errorCount() const {
  size_t n = 0;
  for (const auto& d : diagnostics_) n += severityOf(d.kind) == Severity::Error;
  return n;
}

size_t DiagnosticSink::warningCount() const {
  size_t n = 0;
  for (const auto& d : diagnostics_) n += severityOf(d.kind) == Severity::Warning;
  return n;
}

}  // namespace regel::diag
