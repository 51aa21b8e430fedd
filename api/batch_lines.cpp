// Library API: the output lines of a batch (schema regel-batch/1), its summary, and file
// descriptors as batch input and output.
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <string>

#include "regel/batch.h"

#include "api/outcome_internal.h"
#include "runtime/base/json_writer.h"
#include "runtime/explain/explain.h"

namespace regel {
namespace {

using namespace std::string_view_literals;

// Keys are written as literals with their punctuation (`,"rad":`): every key but a line's first
// has its comma, and one append of a constant (a string_view: its length known when compiled)
// is all a key costs.

// Appends a decimal integer without a temporary string.
void appendInt(std::string& out, int64_t v) {
  char digits[24];
  const auto [end, ec] = std::to_chars(digits, digits + sizeof digits, v);
  out.append(digits, end);
}

void appendStrings(std::string& out, const std::vector<std::string>& items) {
  out += '[';
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out += ',';
    rt::appendJsonString(out, items[i]);
  }
  out += ']';
}

void appendCaseId(std::string& out, const std::string& caseId) {
  out += ",\"ärende\":"sv;
  if (caseId.empty()) {
    out += "null"sv;
  } else {
    rt::appendJsonString(out, caseId);
  }
}

// A case that could not be read: its problems, each with code, path, message and position.
void appendRefused(std::string& out, const CaseOutcome::Internal& o, uint64_t lineNumber) {
  out += "{\"rad\":"sv;
  appendInt(out, int64_t(lineNumber));
  appendCaseId(out, o.caseId);
  out += ",\"utfall\":null,\"ärendefel\":["sv;
  for (size_t i = 0; i < o.problems.size(); ++i) {
    const rt::CaseError& p = o.problems[i];
    out += i ? ",{\"kod\":"sv : "{\"kod\":"sv;
    rt::appendJsonString(out, p.code);
    out += ",\"sökväg\":"sv;
    rt::appendJsonString(out, p.path);
    out += ",\"meddelande\":"sv;
    rt::appendJsonString(out, p.message);
    out += ",\"rad\":"sv;
    appendInt(out, p.line);
    out += ",\"kolumn\":"sv;
    appendInt(out, p.column);
    out += '}';
  }
  out += "]}\n"sv;
}

// The decision's error (a runtime error in the rules) or null.
void appendError(std::string& out, const rt::Decision& d) {
  out += ",\"fel\":"sv;
  if (!d.error) {
    out += "null"sv;
    return;
  }
  out += "{\"kod\":"sv;
  rt::appendJsonString(out, d.error->code);
  out += ",\"meddelande\":"sv;
  rt::appendJsonString(out, d.error->message);
  if (d.error->span.line != 0) {
    const rt::SourceSpan& s = d.error->span;
    out += ",\"plats\":"sv;
    out += "{\"fil\":"sv;
    rt::appendJsonString(out, d.error->file);
    out += ",\"rad\":"sv;
    appendInt(out, s.line);
    out += ",\"kolumn\":"sv;
    appendInt(out, s.column);
    out += ",\"start\":"sv;
    appendInt(out, s.begin);
    out += ",\"slut\":"sv;
    appendInt(out, s.end);
    out += '}';
  }
  out += '}';
}

void appendMissingAndUnknown(std::string& out, const rt::Decision& d) {
  out += ",\"saknade_uppgifter\":"sv;
  out += '[';
  for (size_t i = 0; i < d.missing.size(); ++i) {
    out += i ? ",{\"uppgift\":"sv : "{\"uppgift\":"sv;
    rt::appendJsonString(out, d.missing[i].path);
    out += ",\"behövs_för\":"sv;
    appendStrings(out, d.missing[i].neededBy);
    out += '}';
  }
  out += ']';
  out += ",\"ej_behövda_uppgifter\":"sv;
  out += '[';
  for (size_t i = 0; i < d.unneeded.size(); ++i) {
    out += i ? ",{\"uppgift\":"sv : "{\"uppgift\":"sv;
    rt::appendJsonString(out, d.unneeded[i].path);
    out += '}';
  }
  out += ']';
  out += ",\"okända_värden\":"sv;
  out += '[';
  for (size_t i = 0; i < d.unknown.size(); ++i) {
    const rt::UnknownFigure& u = d.unknown[i];
    out += i ? ",{\"parameter\":"sv : "{\"parameter\":"sv;
    rt::appendJsonString(out, u.parameter);
    out += ",\"version\":"sv;
    rt::appendJsonString(out, u.period);
    out += ",\"skäl\":"sv;
    rt::appendJsonString(out, u.reason);
    out += ",\"behövs_för\":"sv;
    appendStrings(out, u.neededBy);
    out += '}';
  }
  out += ']';
}

// A decided case without its trace: the fields of regel-beslut/1 that describe the decision.
void appendDecided(std::string& out, const CaseOutcome::Internal& o, uint64_t lineNumber) {
  const rt::Decision& d = o.decision;
  out += "{\"rad\":"sv;
  appendInt(out, int64_t(lineNumber));
  appendCaseId(out, o.caseId);
  out += ",\"beslutsdatum\":"sv;
  if (d.hasDate) {
    rt::appendJsonString(out, rt::formatDate(d.date));
  } else {
    out += "null"sv;
  }
  out += ",\"utfall\":"sv;
  if (d.error) {
    out += "null"sv;
  } else {
    rt::appendJsonString(out, rt::outcomeName(d.outcome));
  }
  appendError(out, d);
  out += ",\"belopp\":"sv;
  if (d.hasAmount && !d.error) {
    out += "{\"öre\":"sv;
    appendInt(out, d.amount.ore);
    out += ",\"text\":"sv;
    rt::appendJsonString(out, rt::formatMoney(d.amount));
    out += '}';
  } else {
    out += "null"sv;
  }
  out += ",\"skäl\":"sv;
  appendStrings(out, d.reasons);
  appendMissingAndUnknown(out, d);
  out += d.stickprov ? ",\"stickprov\":true}\n"sv : ",\"stickprov\":false}\n"sv;
}

// "1 234 567": numbers for people.
std::string grouped(uint64_t n) {
  std::string digits = std::to_string(n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += ' ';
    out += digits[i];
  }
  return out;
}

}  // namespace

void appendBatchLine(std::string& out, const Ruleset& ruleset, const CaseOutcome& caseOutcome, uint64_t lineNumber,
                     bool trace) {
  const CaseOutcome::Internal& outcome = caseOutcome.internal();
  if (!outcome.decided) {
    appendRefused(out, outcome, lineNumber);
  } else if (!trace) {
    appendDecided(out, outcome, lineNumber);
  } else {
    // The whole regel-beslut/1 document on one line, with the line number as its first field.
    const std::string doc =
        rt::renderDecisionJson(ruleset.program(), outcome.decision, outcome.data, outcome.caseId, false);
    out += "{\"rad\":"sv;
    appendInt(out, int64_t(lineNumber));
    out += ',';
    out.append(doc, 1, std::string::npos);
  }
}

std::string renderBatchSummary(const BatchSummary& s) {
  std::string out = grouped(s.cases) + (s.cases == 1 ? " ärende" : " ärenden") + " (" + grouped(s.lines) +
                    (s.lines == 1 ? " rad" : " rader") + "): ";
  for (size_t i = 0; i < s.outcomes.size(); ++i) {
    // Rulesets that decide amounts are few: their outcome is counted where it occurs.
    if (static_cast<rt::Outcome>(i) == rt::Outcome::Faststallt && s.outcomes[i] == 0) continue;
    out += grouped(s.outcomes[i]) + " " + rt::outcomeName(static_cast<rt::Outcome>(i)) + ", ";
  }
  out += grouped(s.runtimeErrors) + " med körfel, " + grouped(s.refused) +
         (s.refused == 1 ? " rad kunde inte läsas\n" : " rader kunde inte läsas\n");
  if (s.replacedDates > 0) {
    out += "Varning: " + grouped(s.replacedDates) +
           (s.replacedDates == 1 ? " ärende angav ett annat beslutsdatum" : " ärenden angav ett annat beslutsdatum") +
           " än --datum; --datum användes.\n";
  }
  return out;
}

void BatchSummary::add(const BatchSummary& o) {
  lines += o.lines;
  cases += o.cases;
  for (size_t i = 0; i < outcomes.size(); ++i) outcomes[i] += o.outcomes[i];
  runtimeErrors += o.runtimeErrors;
  refused += o.refused;
  replacedDates += o.replacedDates;
  readFailed = readFailed || o.readFailed;
  writeFailed = writeFailed || o.writeFailed;
  recordFailed = recordFailed || o.recordFailed;
}

long FdInput::read(char* buffer, size_t size) {
  for (;;) {
    const ssize_t n = ::read(fd_, buffer, size);
    if (n >= 0) return static_cast<long>(n);
    if (errno != EINTR) return -1;
  }
}

long StringInput::read(char* buffer, size_t size) {
  const size_t n = std::min({size, maxPiece_, text_.size() - offset_});
  text_.copy(buffer, n, offset_);
  offset_ += n;
  return static_cast<long>(n);
}

bool FdOutput::write(std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd_, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

}  // namespace regel
