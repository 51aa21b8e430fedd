// The diagnostic table (from the REGEL_DIAGNOSTIC lines of runtime/base/codes.def) and the sink phases report into.
#include "compiler/diagnostics/diagnostic.h"

#include <fmt/args.h>
#include <fmt/format.h>

#include <array>

#include "runtime/base/controls.h"
#include "runtime/base/unicode.h"

namespace regel::diag {
namespace {

struct KindInfo {
  std::string_view code;
  Severity severity;
  std::string_view text;
};

constexpr std::array kInfos = {
#define REGEL_DIAGNOSTIC(name, code, severity, text) KindInfo{code, Severity::severity, text},
#include "runtime/base/codes.def"
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

// An argument longer than this many code points is cut with "…": a name of megabytes must not be
// echoed whole in every message that quotes it.
constexpr size_t kMaxArgumentCodePoints = 120;

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
  for (auto& a : args) {
    rt::cutToCodePoints(a, kMaxArgumentCodePoints);
    a = rt::showControls(a);
  }
  return add(Diagnostic{kind, span, std::move(args), {}, {}});
}

Diagnostic& DiagnosticSink::add(Diagnostic d) {
  errors_ += severityOf(d.kind) == Severity::Error;
  warnings_ += severityOf(d.kind) == Severity::Warning;
  diagnostics_.push_back(std::move(d));
  return diagnostics_.back();
}

std::vector<Diagnostic> DiagnosticSink::take() {
  errors_ = warnings_ = 0;
  return std::move(diagnostics_);
}

bool DiagnosticSink::hasErrors() const { return errors_ > 0; }

}  // namespace regel::diag
