// Library API: the one-call decisions (a Session used once) and rendering the result.
#include "regel/decide.h"

#include "regel/session.h"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "api/outcome_internal.h"
#include "runtime/explain/explain.h"
#include "regel/record.h"
#include "runtime/base/json_writer.h"
#include "runtime/base/sha256.h"
#include "runtime/base/system_error.h"

namespace regel {

bool validDecisionDate(const std::string& text) { return rt::parseDate(text).has_value(); }

CaseOutcome decideJson(const Ruleset& ruleset, std::string_view json, const DecideOptions& options) {
  Session session(ruleset, options);
  session.decide(json);
  return session.takeOutcome();
}

CaseOutcome decideFile(const Ruleset& ruleset, const std::string& path, const DecideOptions& options) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  if (in) ss << in.rdbuf();
  if (!in) {
    CaseOutcome out;
    out.internal().problems.push_back(rt::makeCaseError(rt::CaseErrorKind::UnreadableFile, "", {rt::systemErrorText(errno)}));
    return out;
  }
  return decideJson(ruleset, ss.str(), options);
}

std::string renderText(const Ruleset& ruleset, const CaseOutcome& caseOutcome, const std::string& label, bool explain) {
  const CaseOutcome::Internal& outcome = caseOutcome.internal();
  if (!outcome.decided) {
    std::string out = fmt::format("{}: ärendet kan inte prövas:\n", label);
    for (const auto& p : outcome.problems) {
      std::string where = p.line ? fmt::format("{}:{}:{}: ", label, p.line, p.column) : label + ": ";
      std::string path = p.path.empty() ? "" : fmt::format(" ({})", p.path);
      out += fmt::format("  {}fel[{}]: {}{}\n", where, p.code, p.message, path);
    }
    return out;
  }
  std::string out = rt::renderDecisionText(ruleset.program(), outcome.decision, outcome.caseId);
  if (explain && !outcome.decision.trace.empty()) {
    out += "\n" + rt::renderExplanationText(ruleset.program(), outcome.decision, outcome.data);
  }
  return out;
}

std::string renderLetter(const Ruleset& ruleset, const CaseOutcome& caseOutcome, const std::string& label,
                         const WhatIfOptions& whatIf) {
  const CaseOutcome::Internal& outcome = caseOutcome.internal();
  if (!outcome.decided) return renderText(ruleset, caseOutcome, label, false);
  return rt::renderDecisionLetter(ruleset.program(), outcome.decision, outcome.data, outcome.caseId,
                                  whatWouldChangeLetterText(ruleset, caseOutcome, whatIf));
}

std::string renderHtml(const Ruleset& ruleset, const CaseOutcome& caseOutcome,
                       const std::vector<std::pair<std::string, std::string>>& about, const std::string& whatIf) {
  const CaseOutcome::Internal& outcome = caseOutcome.internal();
  rt::ReportFacts facts;
  facts.rows.emplace_back("Kompilerat regelverk (SHA-256)", rt::toHex(rt::sha256(ruleset.toRgb())));
  facts.rows.emplace_back("Motor", engineVersion());
  facts.rows.insert(facts.rows.end(), about.begin(), about.end());
  facts.whatIf = whatIf;
  return rt::renderDecisionHtml(ruleset.program(), outcome.decision, outcome.data, outcome.caseId, facts);
}

std::string renderJson(const Ruleset& ruleset, const CaseOutcome& caseOutcome, const std::string& label,
                       bool pretty, bool withTrace) {
  const CaseOutcome::Internal& outcome = caseOutcome.internal();
  if (outcome.decided) {
    return rt::renderDecisionJson(ruleset.program(), outcome.decision, outcome.data, outcome.caseId, pretty, withTrace);
  }
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
