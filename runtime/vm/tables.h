// Parameter tables as the VM looks them up: the first matching row found through direct index
// arrays over each argument's boundaries instead of a scan of the rows, and constant cells folded
// to their value. Built once per Decider from the (immutable) program.
#pragma once

#include <cstdint>
#include <vector>

#include "runtime/program/program.h"

namespace regel::rt::vm {

// A cell whose chunk only loads a constant, computed once: no chunk runs when it is looked up.
struct FoldedCell {
  bool folded = false;
  Value value;
};

// The cells of a table over the product of each argument's segments: segment s of an argument
// holds the values in [points[s-1], points[s]), and every row's key covers whole segments, so one
// cell per combination of segments names the first matching row (or -1).
struct DirectTable {
  bool built = false;
  std::vector<std::vector<int64_t>> points;  // per argument: sorted, unique boundaries
  std::vector<uint32_t> stride;              // per argument
  std::vector<int32_t> cells;
};

struct VersionIndex {
  DirectTable table;             // tables with integer-represented arguments and a bounded size
  std::vector<FoldedCell> rows;  // per table row
  FoldedCell constant;           // the version's cell when it is not a table
};

// Builds the direct table for one parameter version; leaves it unbuilt (the rows are then scanned
// in order) when an argument is a rational or the table would be too large.
void buildDirectTable(const ParamVersionInfo& version, const uint8_t* rationalArgs, uint32_t arity, DirectTable& out);

// The first row of `version` whose keys match `args`, or -1.
int32_t findRow(const ParamVersionInfo& version, const DirectTable& table, const Value* args,
                const uint8_t* rationalArgs, uint32_t arity);

}  // namespace regel::rt::vm
