// Diagnostics as data: a kind with a stable code, a byte span in a source file, and arguments.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace regel::diag {

enum class Severity : uint8_t { Error, Warning, Note };

enum class Kind : uint16_t {
#define REGEL_DIAGNOSTIC(name, code, severity, text) name,
#include "runtime/base/codes.def"
#undef REGEL_DIAGNOSTIC
};

// A half-open byte range [begin, end) in one source file.
struct Span {
  uint32_t file = 0;
  uint32_t begin = 0;
  uint32_t end = 0;
  // By file, then begin, then end: source order, for sorting and for maps keyed by a span.
  friend auto operator<=>(const Span&, const Span&) = default;
};

// A secondary location with its own message (e.g. "först definierat här").
struct Note {
  Span span;
  std::string message;
};

enum class HintKind : uint8_t {
#define REGEL_HINT(name, text) name,
#include "compiler/diagnostics/hints.def"
#undef REGEL_HINT
};

// Advice for a common mistake, rendered "= hjälp: …" under the diagnostic.
struct Hint {
  HintKind kind;
  std::vector<std::string> args;
};

struct Diagnostic {
  Kind kind;
  Span span;
  std::vector<std::string> args;
  std::vector<Note> notes;
  std::string suggestion;  // e.g. the name meant: rendered as "menade du 'x'?"
  std::optional<Hint> hint = std::nullopt;
};

std::string_view codeOf(Kind kind);
Severity severityOf(Kind kind);
std::string_view templateOf(Kind kind);
// All kinds in declaration order (for tests that check every code is exercised).
std::vector<Kind> allKinds();
// The message with its arguments filled in.
std::string messageOf(const Diagnostic& d);
// The hint's text with its arguments filled in.
std::string hintText(const Hint& h);

// Collects the diagnostics of one compilation; phases append and go on after errors. Arguments
// longer than 120 code points are cut with "…".
class DiagnosticSink {
 public:
  Diagnostic& report(Kind kind, Span span, std::vector<std::string> args = {});
  // A diagnostic made elsewhere (another sink's), counted as report() counts.
  Diagnostic& add(Diagnostic d);
  const std::vector<Diagnostic>& all() const { return diagnostics_; }
  std::vector<Diagnostic> take();
  bool hasErrors() const;
  size_t errorCount() const { return errors_; }
  size_t warningCount() const { return warnings_; }

 private:
  std::vector<Diagnostic> diagnostics_;
  // Counted as reported: phases ask for the count after each error (suggestions stop at a limit).
  size_t errors_ = 0, warnings_ = 0;
};

}  // namespace regel::diag
