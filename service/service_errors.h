// Problems of the decision service as data: a kind from the REGEL_SERVICE_ERROR lines of runtime/base/codes.def, with a stable code, an
// HTTP status and a Swedish message, in the one shape every problem has (regel::Problem).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "regel/outcome.h"

namespace regel::service {

enum class ErrorKind : uint16_t {
#define REGEL_SERVICE_ERROR(name, code, status, text) name,
#include "runtime/base/codes.def"
#undef REGEL_SERVICE_ERROR
};

std::string_view errorCode(ErrorKind kind);  // "R0901"
// The HTTP status a request gets for the problem (0: not a request's problem, but the service's
// at start).
int httpStatus(ErrorKind kind);
// All kinds in declaration order (tests check that codes are unique across registries).
std::vector<ErrorKind> allErrorKinds();

Problem makeProblem(ErrorKind kind, std::vector<std::string> args, std::string path = {});

}  // namespace regel::service
