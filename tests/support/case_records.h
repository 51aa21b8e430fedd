// Tests build small cases by hand: a record with its fields' values and presence flags given.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "runtime/case/case_data.h"

namespace regel::test {

// Appends a record of `values.size()` fields (field i given when given[i] != 0) at `path`.
inline uint32_t addRecord(rt::CaseData& c, uint32_t recordType, std::string_view path,
                          const std::vector<rt::Value>& values, const std::vector<uint8_t>& given) {
  const uint32_t r = c.addRecord(recordType, static_cast<uint32_t>(values.size()), path);
  for (size_t i = 0; i < values.size(); ++i) {
    c.field(r, i) = values[i];
    c.present[c.records[r].first + i] = i < given.size() ? given[i] : 0;
  }
  return r;
}

}  // namespace regel::test
