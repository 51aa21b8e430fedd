// Library API: the accessors of a CaseOutcome over the runtime's decision.
#include "api/outcome_internal.h"

#include "runtime/base/outcome.h"

namespace regel {

static_assert(static_cast<int>(Outcome::Bifall) == static_cast<int>(rt::Outcome::Bifall) &&
              static_cast<int>(Outcome::Avslag) == static_cast<int>(rt::Outcome::Avslag) &&
              static_cast<int>(Outcome::ManuellProvning) == static_cast<int>(rt::Outcome::ManuellProvning) &&
              static_cast<int>(Outcome::Komplettering) == static_cast<int>(rt::Outcome::Komplettering) &&
              static_cast<int>(Outcome::Faststallt) == static_cast<int>(rt::Outcome::Faststallt) &&
              kOutcomeCount == rt::kOutcomeCount,
              "the public outcomes are the runtime's, in the same order");

const char* outcomeName(Outcome outcome) { return rt::outcomeName(static_cast<rt::Outcome>(outcome)); }

Problem toProblem(const rt::CaseError& e) {
  Problem p;
  p.code = e.code;
  p.message = e.message;
  p.args = e.args;
  p.path = e.path;
  p.location.line = e.line;
  p.location.column = e.column;
  return p;
}

Problem toProblem(const rt::RuntimeError& e) {
  Problem p;
  p.code = e.code;
  p.message = e.message;
  p.args = e.args;
  p.location = {e.file, e.span.line, e.span.column, e.span.begin, e.span.end};
  return p;
}

CaseOutcome::CaseOutcome() : impl_(std::make_unique<Internal>()) {}
CaseOutcome::~CaseOutcome() = default;
CaseOutcome::CaseOutcome(CaseOutcome&&) noexcept = default;
CaseOutcome& CaseOutcome::operator=(CaseOutcome&&) noexcept = default;

bool CaseOutcome::decided() const { return impl_->decided; }
bool CaseOutcome::failed() const { return !impl_->decided || impl_->decision.error.has_value(); }
const std::string& CaseOutcome::caseId() const { return impl_->caseId; }

std::vector<Problem> CaseOutcome::problems() const {
  std::vector<Problem> out;
  for (const auto& e : impl_->problems) out.push_back(toProblem(e));
  return out;
}

Outcome CaseOutcome::outcome() const { return static_cast<Outcome>(impl_->decision.outcome); }

std::optional<int64_t> CaseOutcome::amountOre() const {
  if (!impl_->decision.hasAmount) return std::nullopt;
  return impl_->decision.amount.ore;
}

const std::vector<std::string>& CaseOutcome::reasons() const { return impl_->decision.reasons; }

std::vector<MissingFact> CaseOutcome::missing() const {
  std::vector<MissingFact> out;
  for (const auto& m : impl_->decision.missing) out.push_back({m.path, m.neededBy});
  return out;
}

std::vector<std::string> CaseOutcome::unneededFacts() const {
  std::vector<std::string> out;
  for (const auto& m : impl_->decision.unneeded) out.push_back(m.path);
  return out;
}

std::vector<UnknownFigure> CaseOutcome::unknown() const {
  std::vector<UnknownFigure> out;
  for (const auto& u : impl_->decision.unknown) out.push_back({u.parameter, u.reason, u.period, u.neededBy});
  return out;
}

std::optional<Problem> CaseOutcome::error() const {
  if (!impl_->decision.error) return std::nullopt;
  return toProblem(*impl_->decision.error);
}

std::optional<std::string> CaseOutcome::replacedCaseDate() const {
  if (!impl_->decided || !impl_->decision.replacedCaseDate) return std::nullopt;
  return rt::formatDate(*impl_->decision.replacedCaseDate);
}

std::optional<std::string> CaseOutcome::decisionDate() const {
  if (!impl_->decided || !impl_->decision.hasDate) return std::nullopt;
  return rt::formatDate(impl_->decision.date);
}

bool CaseOutcome::stickprov() const { return impl_->decision.stickprov; }
bool CaseOutcome::hasTrace() const { return !impl_->decision.trace.empty(); }

}  // namespace regel
