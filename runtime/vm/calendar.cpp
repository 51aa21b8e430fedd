#include "runtime/vm/calendar.h"

#include "runtime/base/value.h"

namespace regel::rt::vm {

bool calendarBinary(Op op, int64_t x, int64_t y, int64_t& r) {
  // Operands that are dates or months were made by checked instructions or checked case data,
  // so they fit their 32-bit representation.
  const Date date{static_cast<int32_t>(x)};
  const Month month{static_cast<int32_t>(x)};
  switch (op) {
    case Op::MAKE_MONTH: {
      if (x < 1 || x > 9999 || y < 1 || y > 12) return false;
      r = makeMonth(static_cast<int>(x), static_cast<int>(y))->index;
      return true;
    }
    case Op::MAKE_DATE: {
      if (y < 1 || y > 31) return false;
      const std::optional<Date> d = makeDate(yearOf(month), monthOf(month), static_cast<int>(y));
      if (!d) return false;
      r = d->days;
      return true;
    }
    case Op::ADD_DAYS: {
      Date out;
      if (!addDays(date, y, out)) return false;
      r = out.days;
      return true;
    }
    case Op::ADD_MONTHS_DATE: {
      Date out;
      if (!addMonths(date, y, out)) return false;
      r = out.days;
      return true;
    }
    case Op::ADD_MONTHS: {
      Month out;
      if (!addMonths(month, y, out)) return false;
      r = out.index;
      return true;
    }
    case Op::MONTHS_BETWEEN: r = wholeMonthsBetween(date, Date{static_cast<int32_t>(y)}); return true;
    case Op::YEARS_BETWEEN: r = wholeYearsBetween(date, Date{static_cast<int32_t>(y)}); return true;
    default: return false;
  }
}

}  // namespace regel::rt::vm
