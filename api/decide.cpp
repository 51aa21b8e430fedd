// Library API: decoding a case, choosing its decision date, deciding, and rendering the result.
#include "regel/decide.h"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "runtime/explain/explain.h"
#include "runtime/base/json_writer.h"

namespace regel {

std::optional<rt::Date> parseDecisionDate(const std::string& text) { return rt::parseDate(text); }

CaseOutcome decideJson(const Ruleset& ruleset, std::string_view json, const DecideOptions& options) {
  const rt::Program& program = ruleset.program();
  CaseOutcome out;
  rt::DecodedCase decoded = rt::decodeCase(json, program.types, program.inputRecord);
  out.caseId = decoded.data.caseId;
  if (!decoded.errors.empty()) {
    out.problems = std::move(decoded.errors);
    return out;
  }
  rt::DecisionOptions opts;
  opts.trace = options.trace;
  opts.stickprovKey = options.stickprovKey;
  // The command line's date wins over the case's own, which wins over the ruleset's field.
  if (options.date) {
    // A date that is not one must not quietly give way to the case's own.
    opts.date = rt::parseDate(*options.date);
    if (!opts.date) {
      out.problems.push_back(rt::makeCaseError(rt::CaseErrorKind::InvalidDate, "",
                                               {"beslutsdatumet", *options.date, "ett giltigt datum (ÅÅÅÅ-MM-DD)"}));
      return out;
    }
  } else if (decoded.date) {
    opts.date = decoded.date;
  }
  out.data = std::move(decoded.data);
  out.decision = rt::decide(program, out.data, opts);
  out.decided = true;
  return out;
}

CaseOutcome decideFile(const Ruleset& ruleset, const std::string& path, const DecideOptions& options) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  if (in) ss << in.rdbuf();
  if (!in) {
    CaseOutcome out;
    out.problems.push_back(rt::makeCaseError(rt::CaseErrorKind::UnreadableFile, "", {std::strerror(errno)}));
    return out;
  }
  return decideJson(ruleset, ss.str(), options);
}

std::string renderText(const Ruleset& ruleset, const CaseOutcome& outcome, const std::string& label, bool explain) {
  if (!outcome.decided) {
    std::string out = fmt::format("{}: ärendet kan inte prövas:\n", label);
    for (const auto& p : outcome.problems) {
      std::string where = p.line ? fmt::format("{}:{}:{}: ", label, p.line, p.column) : label + ": ";
      std::string path = p.path.empty() ? "" : fmt::format(" ({})", p.path);
      out += fmt::format("  {}fel[{}]: {}{}\n", where, p.code, p.message, path);
    }
    return out;
  }
  std::string out = rt::renderDecisionText(ruleset.program(), outcome.decision, outcome.data, outcome.caseId);
  if (explain && !outcome.decision.trace.empty()) {
    out += "\n" + rt::renderExplanationText(ruleset.program(), outcome.decision, outcome.data);
  }
  return out;
}

std::string renderJson(const Ruleset& ruleset, const CaseOutcome& outcome, const std::string& label,
                       bool pretty) {
  if (outcome.decided) return rt::renderDecisionJson(ruleset.program(), outcome.decision, outcome.data, outcome.caseId, pretty);
  rt::JsonWriter w(pretty);
  w.beginObject().field("schema", rt::kDecisionSchema).field("fil", label);
  w.key("utfall").null();
  w.key("ärendefel").beginArray();
  for (const auto& p : outcome.problems) {
    w.beginObject().field("kod", p.code).field("sökväg", p.path).field("meddelande", p.message);
    w.field("rad", int64_t(p.line)).field("kolumn", int64_t(p.column)).endObject();
  }
  w.endArray().endObject();
  return w.take() + "\n";
}

}  // namespace regel
