// The service's JSON answers and problem bodies.
#include "service/http_reply.h"

#include <algorithm>


namespace regel::service {
namespace {

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

void writeDiagnostic(rt::JsonWriter& w, const Diagnostic& d) {
  w.beginObject().field("kod", d.code).field("allvarlighet", d.error ? "fel" : "varning").field("meddelande", d.message);
  const SourceLocation& at = d.location;
  if (at.line != 0) {
    writePlace(w, "från", at.line, at.column);
    // An empty range is widened to one character, so that it shows.
    const bool empty = at.endLine < at.line || (at.endLine == at.line && at.endColumn <= at.column);
    writePlace(w, "till", empty ? at.line : at.endLine, empty ? at.column + 1 : at.endColumn);
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
