// The reason a system call failed, in Swedish, for messages people read ("filen finns inte"
// rather than the C library's English "No such file or directory").
#pragma once

#include <string>

namespace regel::rt {

// The reason for `err` (an errno value). Common reasons are worded in Swedish; any other is
// "systemfel N" with the C library's own text after it.
std::string systemErrorText(int err);

}  // namespace regel::rt
