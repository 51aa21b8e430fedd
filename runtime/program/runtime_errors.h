// Runtime errors as data: a kind from the REGEL_RUNTIME_ERROR lines of runtime/base/codes.def with a stable code, a Swedish
// message and, for errors while deciding, the source span of the instruction or rule involved.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/program/program.h"

namespace regel::rt {

enum class ErrorKind : uint16_t {
#define REGEL_RUNTIME_ERROR(name, code, text) name,
#include "runtime/base/codes.def"
#undef REGEL_RUNTIME_ERROR
};

constexpr uint16_t kErrorKindCount = 0
#define REGEL_RUNTIME_ERROR(name, code, text) +1
#include "runtime/base/codes.def"
#undef REGEL_RUNTIME_ERROR
    ;

std::string_view errorCode(ErrorKind kind);      // "R0501"
std::string_view errorTemplate(ErrorKind kind);  // the message template
// All kinds in declaration order (tests check every code is exercised).
std::vector<ErrorKind> allErrorKinds();
// The template with its positional arguments filled in.
std::string errorMessage(ErrorKind kind, const std::vector<std::string>& args);

struct RuntimeError {
  ErrorKind kind = ErrorKind::Overflow;
  std::string code;     // stable, "R0501"
  std::string message;  // Swedish, rendered from the code's template and `args`
  std::vector<std::string> args;  // the template's arguments, for renderers of their own
  SourceSpan span;      // where (line 0 when there is no source position)
  std::string file;     // the source path of `span`, or empty
};

RuntimeError makeError(ErrorKind kind, std::vector<std::string> args, SourceSpan span = {},
                       std::string file = {});
// "fil.regel:12:5: fel[R0501]: …" (or "fel[R0704]: …" without a position).
std::string renderError(const RuntimeError& e);

}  // namespace regel::rt
