// Problems with a decision log and findings of verify, as data: a kind from the REGEL_AUDIT_ERROR lines of runtime/base/codes.def, with
// a stable code and a Swedish message (regel::AuditProblem).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "regel/audit.h"

namespace regel::audit {

enum class ErrorKind : uint16_t {
#define REGEL_AUDIT_ERROR(name, code, text) name,
#include "runtime/base/codes.def"
#undef REGEL_AUDIT_ERROR
};

std::string_view errorCode(ErrorKind kind);  // "R0801"
// All kinds in declaration order (tests check that codes are unique across registries).
std::vector<ErrorKind> allErrorKinds();

AuditProblem makeProblem(ErrorKind kind, std::vector<std::string> args, int64_t record = 0);

}  // namespace regel::audit
