// Line/column mapping and the one place where diagnostics are rendered for people.
#include "compiler/diagnostics/source.h"

#include "compiler/diagnostics/excerpt.h"

#include <fmt/format.h>

#include <algorithm>

namespace regel::diag {
namespace {

std::string_view severityWord(Severity s) {
  switch (s) {
    case Severity::Error: return "fel";
    case Severity::Warning: return "varning";
    case Severity::Note: return "not";
  }
  return "fel";
}

}  // namespace

SourceFile::SourceFile(std::string p, std::string t) : path(std::move(p)), text(std::move(t)) {
  lineStarts.push_back(0);
  codePointMarks.reserve(text.size() / kMarkBytes + 1);
  uint32_t points = 0;
  for (uint32_t i = 0; i < text.size(); ++i) {
    if (i % kMarkBytes == 0) codePointMarks.push_back(points);
    points += !isContinuationByte(static_cast<unsigned char>(text[i]));
    // A line ends at LF, or at a CR not followed by LF (a file from an old Mac editor), as the
    // lexer ends it.
    const bool lineEnd = text[i] == '\n' || (text[i] == '\r' && (i + 1 == text.size() || text[i + 1] != '\n'));
    if (lineEnd) lineStarts.push_back(i + 1);
  }
}

// Code points in text[from, to): counted directly when close, else from the nearest marks.
uint32_t SourceFile::codePointsBetween(uint32_t from, uint32_t to) const {
  std::string_view s(text);
  if (to - from <= 2 * kMarkBytes) return codePoints(s.substr(from, to - from));
  auto before = [&](uint32_t offset) {
    uint32_t mark = std::min<uint32_t>(offset / kMarkBytes, static_cast<uint32_t>(codePointMarks.size()) - 1);
    return codePointMarks[mark] + codePoints(s.substr(mark * kMarkBytes, offset - mark * kMarkBytes));
  };
  return before(to) - before(from);
}

LineColumn SourceFile::position(uint32_t offset) const {
  offset = std::min<uint32_t>(offset, static_cast<uint32_t>(text.size()));
  auto it = std::upper_bound(lineStarts.begin(), lineStarts.end(), offset);
  uint32_t line = static_cast<uint32_t>(it - lineStarts.begin());
  uint32_t start = lineStarts[line - 1];
  return {line, codePointsBetween(start, offset) + 1};
}

std::string_view SourceFile::lineText(uint32_t line) const {
  if (line == 0 || line > lineStarts.size()) return {};
  uint32_t start = lineStarts[line - 1];
  uint32_t end = line < lineStarts.size() ? lineStarts[line] : static_cast<uint32_t>(text.size());
  std::string_view s = std::string_view(text).substr(start, end - start);
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

uint32_t SourceSet::add(std::string path, std::string text) {
  files_.emplace_back(std::move(path), std::move(text));
  return static_cast<uint32_t>(files_.size() - 1);
}

// Renders "path:line:col: " and, below, the line with carets under the span's first line.
static void renderLocation(std::string& out, Span span, const SourceSet& sources,
                           std::string_view head, bool color) {
  if (span.file >= sources.size()) {
    out += head;
    out += '\n';
    return;
  }
  const SourceFile& f = sources.file(span.file);
  LineColumn lc = f.position(span.begin);
  out += fmt::format("{}:{}:{}: {}\n", f.path, lc.line, lc.column, head);
  std::string_view line = f.lineText(lc.line);
  uint32_t lineStart = f.lineStarts[lc.line - 1];
  uint32_t endOffset = std::max(span.end, span.begin);
  Excerpt shown = excerptOf(line, span.begin - lineStart, endOffset - lineStart);
  // The gutter is five wide, wider for a line number of more digits, so the caret stays under.
  const size_t gutter = std::max<size_t>(5, std::to_string(lc.line).size());
  out += fmt::format("{:>{}} | {}\n", lc.line, gutter, shown.text);
  out += std::string(gutter + 1, ' ') + "| ";
  out += std::string(shown.caretColumn, ' ');
  if (color) out += "\x1b[1;31m";
  out += '^';
  out += std::string(shown.caretWidth - 1, '~');
  if (color) out += "\x1b[0m";
  out += '\n';
}

std::string render(const Diagnostic& d, const SourceSet& sources, bool color) {
  std::string out;
  Severity sev = severityOf(d.kind);
  std::string head = fmt::format("{}[{}]: {}", severityWord(sev), codeOf(d.kind), messageOf(d));
  if (color) {
    const char* c = sev == Severity::Error ? "\x1b[1;31m" : "\x1b[1;33m";
    head = fmt::format("{}{}[{}]\x1b[0m: {}", c, severityWord(sev), codeOf(d.kind), messageOf(d));
  }
  renderLocation(out, d.span, sources, head, color);
  for (const Note& n : d.notes) renderLocation(out, n.span, sources, "not: " + n.message, false);
  if (!d.suggestion.empty()) out += fmt::format("      = hjälp: menade du '{}'?\n", d.suggestion);
  if (d.hint) out += fmt::format("      = hjälp: {}\n", hintText(*d.hint));
  return out;
}

std::string renderAll(const std::vector<Diagnostic>& ds, const SourceSet& sources, bool color) {
  std::string out;
  size_t errors = 0, warnings = 0;
  for (const auto& d : ds) {
    out += render(d, sources, color);
    errors += severityOf(d.kind) == Severity::Error;
    warnings += severityOf(d.kind) == Severity::Warning;
  }
  if (errors + warnings > 0) out += summaryOf(errors, warnings) + "\n";
  return out;
}

std::string summaryOf(size_t errors, size_t warnings) {
  std::string out = errors == 0 ? "inga fel" : fmt::format("{} fel", errors);
  if (errors == 0 && warnings == 0) return out;
  if (warnings == 0) return out + ", inga varningar";
  return out + fmt::format(", {} {}", warnings, warnings == 1 ? "varning" : "varningar");
}

}  // namespace regel::diag
