// The service's JSON answers and problem bodies.
#include "service/http_reply.h"

#include <algorithm>


namespace regel::service {
namespace {

// The 1-based line and column (in characters) of byte `offset` of `source`.
std::pair<uint32_t, uint32_t> lineAndColumn(const std::string& source, uint32_t offset) {
  uint32_t line = 1;
  uint32_t column = 1;
  const size_t end = std::min<size_t>(offset, source.size());
  for (size_t i = 0; i < end; ++i) {
    const auto byte = static_cast<unsigned char>(source[i]);
    if (byte == '\n') {
      ++line;
      column = 1;
    } else if ((byte & 0xC0) != 0x80) {
      ++column;  // a character starts here (continuation bytes of UTF-8 are not counted)
    }
  }
  return {line, column};
}

void writePlace(rt::JsonWriter& w, const char* key, uint32_t line, uint32_t column) {
  w.key(key).beginObject().field("rad", int64_t(line)).field("kolumn", int64_t(column)).endObject();
}

}  // namespace

void writeProblem(rt::JsonWriter& w, const Problem& problem) {
  w.beginObject().field("kod", problem.code).field("meddelande", problem.message);
  if (!problem.path.empty()) w.field("sökväg", problem.path);
  if (problem.location.line != 0) {
    if (!problem.location.file.empty()) w.field("fil", problem.location.file);
    w.field("rad", int64_t(problem.location.line)).field("kolumn", int64_t(problem.location.column));
  }
  w.endObject();
}

void writeDiagnostic(rt::JsonWriter& w, const Diagnostic& d, const std::string& source) {
  w.beginObject().field("kod", d.code).field("allvarlighet", d.error ? "fel" : "varning").field("meddelande", d.message);
  const SourceLocation& at = d.location;
  if (at.line != 0) {
    writePlace(w, "från", at.line, at.column);
    // The end from the byte range; an empty range is widened to one character, so it shows.
    auto [line, column] = lineAndColumn(source, std::max(at.byteEnd, at.byteBegin));
    if (line == at.line && column <= at.column) column = at.column + 1;
    writePlace(w, "till", line, column);
  } else {
    w.key("från").null().key("till").null();
  }
  w.key("förslag");
  d.suggestion.empty() ? w.null() : w.string(d.suggestion);
  w.key("tips");
  d.hint.empty() ? w.null() : w.string(d.hint);
  w.endObject();
}

void sendProblems(httplib::Response& res, int status, const std::vector<Problem>& problems, Metrics& metrics) {
  rt::JsonWriter w(false);
  w.beginObject().key("fel").beginArray();
  for (const Problem& p : problems) {
    writeProblem(w, p);
    metrics.problem(p.code, status);
  }
  w.endArray().endObject();
  res.status = status;
  res.set_content(w.take() + "\n", kJsonType);
}

void sendProblem(httplib::Response& res, ErrorKind kind, std::vector<std::string> args, Metrics& metrics) {
  sendProblems(res, httpStatus(kind), {makeProblem(kind, std::move(args))}, metrics);
}

}  // namespace regel::service
