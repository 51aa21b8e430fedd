// The reasons a system call failed, as people read them: Swedish for the common ones, and for any
// other the number with the C library's text, so that nothing is lost.
#include "runtime/base/system_error.h"

#include <gtest/gtest.h>

#include <cerrno>
#include <cstring>

namespace regel::rt {
namespace {

TEST(SystemError, CommonReasonsAreSwedish) {
  EXPECT_EQ(systemErrorText(ENOENT), "filen eller katalogen finns inte");
  EXPECT_EQ(systemErrorText(EACCES), "behörighet saknas");
  EXPECT_EQ(systemErrorText(ENOSPC), "disken är full");
  EXPECT_EQ(systemErrorText(EROFS), "filsystemet är skrivskyddat");
  EXPECT_EQ(systemErrorText(EADDRINUSE), "adressen används redan av ett annat program");
}

TEST(SystemError, OtherReasonsKeepTheirNumberAndText) {
  EXPECT_EQ(systemErrorText(ETIMEDOUT), "systemfel " + std::to_string(ETIMEDOUT) + " (" + std::strerror(ETIMEDOUT) + ")");
}

}  // namespace
}  // namespace regel::rt
