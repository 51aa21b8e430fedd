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

constexpr std::array<std::string_view, 0
#define REGEL_HINT(name, text) +1
#include "compiler/diagnostics/hints.def"
#undef REGEL_HINT
                     >
    kHints = {
#define REGEL_HINT(name, text) std::string_view(text),
#include "compiler/diagnostics/hints.def"
#undef REGEL_HINT
};

// A template filled with `args`; fields without an argument render empty, and a broken
// template is shown as it is rather than throwing.
std::string fill(std::string_view text, const std::vector<std::string>& args) {
  fmt::dynamic_format_arg_store<fmt::format_context> store;
  for (const auto& a : args) store.push_back(a);
  for (size_t i = args.size(); i < 4; ++i) store.push_back(std::string());
  try {
    return fmt::vformat(text, store);
  } catch (const fmt::format_error&) {
    return std::string(text);
  }
}

}  // namespace

std::string_view codeOf(Kind kind) { return info(kind).code; }
Severity severityOf(Kind kind) { return info(kind).severity; }
std::string_view templateOf(Kind kind) { return info(kind).text; }

std::vector<Kind> allKinds() {
  std::vector<Kind> kinds;
  for (size_t i = 0; i < kInfos.size(); ++i) kinds.push_back(static_cast<Kind>(i));
  return kinds;
}

std::string messageOf(const Diagnostic& d) { return fill(templateOf(d.kind), d.args); }

std::string hintText(const Hint& h) { return fill(kHints[static_cast<size_t>(h.kind)], h.args); }

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
