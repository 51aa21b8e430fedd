// The calendar instructions with two operands (MAKE_MONTH … YEARS_BETWEEN), shared by the VM's
// loop and the native code's runtime calls so that both compute exactly the same dates.
#pragma once

#include <cstdint>

#include "runtime/program/opcodes.h"

namespace regel::rt::vm {

// r = op(x, y) on the values' integer representations (days since 1970-01-01, month indexes,
// integers). False when the result is no date or month of the years 1–9999 (error R0513), and
// for an opcode that is not a calendar instruction.
bool calendarBinary(Op op, int64_t x, int64_t y, int64_t& r);

}  // namespace regel::rt::vm
