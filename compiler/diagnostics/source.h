// Source files of one compilation and the mapping from byte offsets to lines and columns.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/diagnostics/diagnostic.h"

namespace regel::diag {

struct LineColumn {
  uint32_t line = 1;    // 1-based
  uint32_t column = 1;  // 1-based, counted in Unicode code points
};

struct SourceFile {
  std::string path;  // as given by the user, used in messages
  std::string text;  // UTF-8
  std::vector<uint32_t> lineStarts;  // byte offset of each line's first byte
  // Code points before every kMarkBytes-th byte: a column on a line of megabytes is found without
  // counting from the line's start (the code generator asks for every span of a one-line file).
  static constexpr uint32_t kMarkBytes = 4096;
  std::vector<uint32_t> codePointMarks;

  SourceFile(std::string path, std::string text);
  LineColumn position(uint32_t offset) const;
  std::string_view lineText(uint32_t line) const;  // without the newline
  uint32_t codePointsBetween(uint32_t from, uint32_t to) const;  // in text[from, to)
};

// Owns the files of one compilation; a Span's `file` indexes into it.
class SourceSet {
 public:
  uint32_t add(std::string path, std::string text);
  const SourceFile& file(uint32_t id) const { return files_[id]; }
  size_t size() const { return files_.size(); }

 private:
  std::vector<SourceFile> files_;
};

// Renders `fil.regel:12:5: fel[R0102]: …` followed by the source line and a caret under the
// span, then notes and the suggestion. `color` adds ANSI colours for terminals.
std::string render(const Diagnostic& d, const SourceSet& sources, bool color = false);
// Renders all diagnostics and a closing summary line ("2 fel, 1 varning").
std::string renderAll(const std::vector<Diagnostic>& ds, const SourceSet& sources, bool color = false);
// "inga fel", "2 fel, inga varningar", "inga fel, 1 varning": the summary under the diagnostics,
// worded the same wherever a count of them is shown.
std::string summaryOf(size_t errors, size_t warnings);

}  // namespace regel::diag
