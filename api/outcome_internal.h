// Internal to regel's own layers (api/, cli/, tests): what a CaseOutcome holds, in the runtime's
// types. Embedders use the accessors of regel/outcome.h instead.
#pragma once

#include <string>
#include <vector>

#include "regel/outcome.h"
#include "runtime/case/case_json.h"
#include "runtime/vm/decide.h"

namespace regel {

struct CaseOutcome::Internal {
  bool decided = false;
  std::vector<rt::CaseError> problems;  // why the case could not be read
  std::string caseId;
  rt::CaseData data;  // the decoded case: the decision's trace is rendered against it
  rt::Decision decision;
};

// The problem of a case that could not be read, and of a run-time error, in the public shape.
Problem toProblem(const rt::CaseError& e);
Problem toProblem(const rt::RuntimeError& e);

}  // namespace regel
