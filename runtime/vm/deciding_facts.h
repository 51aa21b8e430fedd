// Which missing facts can change a decision: the value-by-value check behind a komplettering.
// Kleene's logic drops a fact whose part of a condition the other part decided; it cannot see
// that `om hinder så 500 kr annars 500 kr`, or a table whose rows for every value of an
// enumeration hold the same figure, make a fact moot. For ja/nej and enumeration facts the
// engine can decide the case with every value and see.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "runtime/case/case_data.h"
#include "runtime/program/program.h"
#include "runtime/vm/decide.h"

namespace regel::rt::vm {

// Combinations of values decided at most in one round of the check (six ja/nej facts); a round
// that would need more is not run, and the komplettering stays as the rounds before left it.
constexpr uint32_t kMaxFactCombinations = 64;
// The whole check decides at most this many variants of the case, and at most
// kMaxFactWork / (the case's records and list elements) of them: a large case gets fewer, so that
// the check costs at most about as much as deciding a case of 2^20 elements once.
constexpr uint32_t kMaxFactVariants = 128;
constexpr uint64_t kMaxFactWork = uint64_t{1} << 20;

// Decides a variant of the case (the same date, no trace) into `out`.
using DecideVariant = std::function<void(const CaseData& variant, Decision& out)>;

enum class FactCheck : uint8_t {
  Unchanged,  // nothing to narrow: the komplettering stands as it is
  Narrowed,   // d.missing now lists exactly the facts that can change the decision (reasons to redo)
  Decided,    // no missing fact can change it: `d` is the decision every value gives
};

// For a komplettering `d` of `data`: decides the case with every combination of values of its
// missing ja/nej and enumeration facts. A ja/nej or enumeration fact stays asked for when changing
// it alone changes some combination's decision (or leaves one undecided); any other fact stays
// when some combination still needs it, and a fact only a combination needs is added, so that the
// applicant is never asked a second time. When none stays, `d` becomes the decision (outcome,
// amount, branch, reasons) all combinations gave, and `unneeded` lists the facts it did not need.
// The trace and rule values of `d` are left as the case gave them.
FactCheck keepFactsThatDecide(const Program& program, const CaseData& data, const DecideVariant& decideVariant,
                              Decision& d, std::vector<MissingFact>& unneeded);

}  // namespace regel::rt::vm
