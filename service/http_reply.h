// Answers as the service gives them: JSON bodies, and every problem in one shape,
// {"fel": [{"kod", "meddelande", "sökväg", "rad", "kolumn"}]}, whatever its origin (the request, the
// case, the rules or the service).
#pragma once

#include <string>
#include <vector>

#include <httplib.h>

#include "regel/compile.h"
#include "regel/outcome.h"
#include "runtime/base/json_writer.h"
#include "service/metrics.h"
#include "service/service_errors.h"

namespace regel::service {

inline constexpr const char* kJsonType = "application/json; charset=utf-8";

// `json` without its closing newline, to be placed inside another document.
inline std::string withoutNewline(std::string json) {
  if (!json.empty() && json.back() == '\n') json.pop_back();
  return json;
}

// One problem as a JSON object: "sökväg" when it names a field, "rad"/"kolumn" when it has a place.
void writeProblem(rt::JsonWriter& w, const Problem& problem);
// A compiler diagnostic as the playground shows it: code, severity, message, span (1-based lines,
// columns in characters, "till" exclusive), suggestion and hint.
void writeDiagnostic(rt::JsonWriter& w, const Diagnostic& diagnostic);

// Sends `problems` with `status`, counting each in `metrics`.
void sendProblems(httplib::Response& res, int status, const std::vector<Problem>& problems, Metrics& metrics);
// Sends one problem of the service's own, with the status its kind has.
void sendProblem(httplib::Response& res, ErrorKind kind, std::vector<std::string> args, Metrics& metrics);

}  // namespace regel::service
