// Direct index arrays for parameter tables, and the row scan they replace.
#include "runtime/vm/tables.h"

#include <algorithm>

namespace regel::rt::vm {
namespace {

// Tables larger than this many cells (or this much work to fill) are scanned instead.
constexpr size_t kMinCellBudget = 4096;
constexpr size_t kCellsPerRow = 16;
constexpr size_t kMaxFillWork = size_t{1} << 22;

bool keyMatches(const TableKey& k, Value x, bool rat) {
  switch (k.kind) {
    case KeyKind::Any: return true;
    case KeyKind::Exact: return rat ? x == k.lo : x.a == k.lo.a;
    case KeyKind::AtLeast: return rat ? compareRat(x.asRational(), k.lo.asRational()) >= 0 : x.a >= k.lo.a;
    case KeyKind::Range:
      if (rat) return compareRat(x.asRational(), k.lo.asRational()) >= 0 && compareRat(x.asRational(), k.hi.asRational()) <= 0;
      return x.a >= k.lo.a && x.a <= k.hi.a;
  }
  return false;
}

uint32_t segmentOf(const std::vector<int64_t>& points, int64_t x) {
  return static_cast<uint32_t>(std::upper_bound(points.begin(), points.end(), x) - points.begin());
}

// The boundaries a key puts on its argument's axis: where its interval starts and just after it ends.
void addPoints(const TableKey& k, std::vector<int64_t>& points) {
  auto addEnd = [&](int64_t hi) {
    if (hi != INT64_MAX) points.push_back(hi + 1);
  };
  switch (k.kind) {
    case KeyKind::Any: break;
    case KeyKind::Exact: points.push_back(k.lo.a); addEnd(k.lo.a); break;
    case KeyKind::Range: points.push_back(k.lo.a); addEnd(k.hi.a); break;
    case KeyKind::AtLeast: points.push_back(k.lo.a); break;
  }
}

// The segments [first, last] a key covers; false when it covers none.
bool coveredSegments(const TableKey& k, const std::vector<int64_t>& points, uint32_t& first, uint32_t& last) {
  const uint32_t end = static_cast<uint32_t>(points.size());
  switch (k.kind) {
    case KeyKind::Any: first = 0; last = end; return true;
    case KeyKind::Exact: first = last = segmentOf(points, k.lo.a); return true;
    case KeyKind::Range:
      if (k.lo.a > k.hi.a) return false;
      first = segmentOf(points, k.lo.a);
      last = segmentOf(points, k.hi.a);
      return true;
    case KeyKind::AtLeast: first = segmentOf(points, k.lo.a); last = end; return true;
  }
  return false;
}

// Writes `row` into every cell of the box its keys cover; false when the work budget runs out.
bool fillBox(DirectTable& t, const TableRow& row, int32_t rowIndex, uint32_t arity, size_t& work) {
  std::vector<uint32_t> first(arity), last(arity), at(arity);
  for (uint32_t k = 0; k < arity; ++k) {
    if (!coveredSegments(row.keys[k], t.points[k], first[k], last[k])) return true;
    at[k] = first[k];
  }
  // An odometer over the box: the last argument turns fastest.
  while (true) {
    size_t cell = 0;
    for (uint32_t k = 0; k < arity; ++k) cell += size_t(at[k]) * t.stride[k];
    t.cells[cell] = rowIndex;
    if (++work > kMaxFillWork) return false;
    uint32_t k = arity;
    while (k > 0 && at[k - 1] == last[k - 1]) {
      at[k - 1] = first[k - 1];
      --k;
    }
    if (k == 0) return true;
    ++at[k - 1];
  }
}

}  // namespace

void buildDirectTable(const ParamVersionInfo& ver, const uint8_t* rat, uint32_t arity, DirectTable& t) {
  t = DirectTable{};
  if (!ver.isTable || arity == 0) return;
  for (uint32_t k = 0; k < arity; ++k) {
    if (rat[k]) return;
  }
  for (const TableRow& row : ver.rows) {
    if (row.keys.size() != arity) return;
  }
  t.points.resize(arity);
  t.stride.resize(arity);
  for (uint32_t k = 0; k < arity; ++k) {
    for (const TableRow& row : ver.rows) addPoints(row.keys[k], t.points[k]);
    std::sort(t.points[k].begin(), t.points[k].end());
    t.points[k].erase(std::unique(t.points[k].begin(), t.points[k].end()), t.points[k].end());
  }
  const size_t budget = std::max(kMinCellBudget, kCellsPerRow * ver.rows.size());
  size_t cells = 1;
  for (uint32_t k = arity; k-- > 0;) {
    t.stride[k] = static_cast<uint32_t>(cells);
    cells *= t.points[k].size() + 1;
    if (cells > budget) {
      t = DirectTable{};
      return;
    }
  }
  t.cells.assign(cells, -1);
  // Rows are written last to first, so the first matching row is what stays in each cell.
  size_t work = 0;
  for (size_t r = ver.rows.size(); r-- > 0;) {
    if (!fillBox(t, ver.rows[r], static_cast<int32_t>(r), arity, work)) {
      t = DirectTable{};
      return;
    }
  }
  t.built = true;
}

int32_t findRow(const ParamVersionInfo& ver, const DirectTable& t, const Value* args, const uint8_t* rat,
                uint32_t arity) {
  if (t.built) {
    size_t cell = 0;
    for (uint32_t k = 0; k < arity; ++k) cell += size_t(segmentOf(t.points[k], args[k].a)) * t.stride[k];
    return t.cells[cell];
  }
  for (size_t r = 0; r < ver.rows.size(); ++r) {
    bool match = true;
    for (uint32_t k = 0; k < arity && match; ++k) match = keyMatches(ver.rows[r].keys[k], args[k], rat[k]);
    if (match) return static_cast<int32_t>(r);
  }
  return -1;
}

}  // namespace regel::rt::vm
