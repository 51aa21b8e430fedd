// Facts set in place of a case's own (DecideOptions::facts, `regel run --sätt`). Internal to api/.
#pragma once

#include <vector>

#include "regel/decide.h"
#include "runtime/case/case_json.h"
#include "runtime/program/program.h"

namespace regel {

// Sets each fact in `data` (decoded from the case) as the case's JSON would have given it; a
// path that names no field of the case, a list or a record, or a value the field cannot take
// adds its problem to `errors` and sets nothing.
void applyFacts(const rt::Program& program, const std::vector<FactOverride>& facts, rt::CaseData& data,
                std::vector<rt::CaseError>& errors);

}  // namespace regel
