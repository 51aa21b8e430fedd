// Library API: a decision session reuses the decoder, the decoded case, the Decider and the
// options from case to case, so that deciding many cases does not allocate where avoidable.
#include "regel/session.h"

#include <utility>

#include "api/facts.h"
#include "api/outcome_internal.h"

namespace regel {

struct Session::Impl {
  Impl(const Ruleset& r, DecideOptions o)
      : ruleset(r), options(std::move(o)), decoder(r.program().types, r.program().inputRecord),
        decider(r.program(), r.native()) {
    decision.trace = options.trace;
    decision.stickprovKey = options.stickprovKey;
    if (options.date) {
      fixedDate = rt::parseDate(*options.date);
      badDate = !fixedDate;
    }
  }

  const Ruleset& ruleset;
  DecideOptions options;
  rt::CaseDecoder decoder;
  rt::Decider decider;
  rt::DecisionOptions decision;     // built once: the stickprov key is not copied per case
  std::optional<rt::Date> fixedDate;  // options.date, parsed once
  bool badDate = false;               // options.date is not a date: every case is refused
  rt::DecodedCase decoded;
  CaseOutcome outcome;

  // Decides what `decoded` holds into `outcome`; both keep their buffers for the next case.
  const CaseOutcome& finish();
};

const CaseOutcome& Session::Impl::finish() {
  CaseOutcome::Internal& out = outcome.internal();
  out.decided = false;
  out.caseId.assign(decoded.data.caseId);
  // The decoder recycles what `decoded` holds next time: swapping keeps both sets of buffers.
  std::swap(out.data, decoded.data);
  std::swap(out.problems, decoded.errors);
  if (!out.problems.empty()) {
    out.decision = rt::Decision{};
    return outcome;
  }
  // The command line's date wins over the case's own, which wins over the ruleset's field.
  if (badDate) {
    // A date that is not one must not quietly give way to the case's own.
    out.problems.push_back(rt::makeCaseError(rt::CaseErrorKind::InvalidDate, "",
                                             {"beslutsdatumet", *options.date, "ett giltigt datum (ÅÅÅÅ-MM-DD)"}));
    out.decision = rt::Decision{};
    return outcome;
  }
  if (!options.facts.empty()) {
    applyFacts(ruleset.program(), options.facts, out.data, out.problems);
    if (!out.problems.empty()) {
      out.decision = rt::Decision{};
      return outcome;
    }
  }
  decision.date = options.date ? fixedDate : decoded.date;
  decider.decide(out.data, decision, out.decision);  // reuses the decision's buffers
  // The case's own "datum" replaced by the command line's is said like its date field. Without a
  // date of the caller's, an envelope's "datum" replaced the field as documented (docs/json.md):
  // nothing to say.
  if (!options.date) {
    out.decision.replacedCaseDate.reset();
  } else if (decoded.date && *decoded.date != *fixedDate) {
    out.decision.replacedCaseDate = decoded.date;
  }
  out.decided = true;
  return outcome;
}

Session::Session(const Ruleset& ruleset, DecideOptions options)
    : impl_(std::make_unique<Impl>(ruleset, std::move(options))) {}

Session::~Session() = default;

const CaseOutcome& Session::decide(std::string_view json) {
  impl_->decoder.decode(json, impl_->decoded);
  return impl_->finish();
}

const CaseOutcome& Session::decideLine(std::string_view line, uint32_t lineNumber) {
  impl_->decoder.decodeLine(line, lineNumber, impl_->decoded);
  return impl_->finish();
}

const CaseOutcome& Session::outcome() const { return impl_->outcome; }

CaseOutcome Session::takeOutcome() {
  CaseOutcome taken = std::move(impl_->outcome);
  impl_->outcome = CaseOutcome();
  return taken;
}

const Ruleset& Session::ruleset() const { return impl_->ruleset; }

const DecideOptions& Session::options() const { return impl_->options; }

}  // namespace regel
