// Internal to api/: what regel's own batch may do with a Session beyond its public API.
#pragma once

#include <cstdint>
#include <string_view>

#include "regel/session.h"

namespace regel {

struct SessionAccess {
  // Session::decideLine for a line without its line end that is followed in memory by
  // rt::kLinePadding zero bytes (runtime/case/case_json.h): decoded where it lies, not copied.
  static const CaseOutcome& decidePaddedLine(Session& session, std::string_view line, uint32_t lineNumber);
};

}  // namespace regel
