// Codes and messages of runtime errors, generated from the REGEL_RUNTIME_ERROR lines of runtime/base/codes.def.
#include "runtime/program/runtime_errors.h"

#include <fmt/args.h>
#include <fmt/format.h>

namespace regel::rt {
namespace {

struct ErrorInfo {
  std::string_view code;
  std::string_view text;
};

constexpr ErrorInfo kErrors[] = {
#define REGEL_RUNTIME_ERROR(name, code, text) {code, text},
#include "runtime/base/codes.def"
#undef REGEL_RUNTIME_ERROR
};

}  // namespace

std::string_view errorCode(ErrorKind kind) { return kErrors[static_cast<uint16_t>(kind)].code; }
std::string_view errorTemplate(ErrorKind kind) { return kErrors[static_cast<uint16_t>(kind)].text; }

std::vector<ErrorKind> allErrorKinds() {
  std::vector<ErrorKind> out;
  for (uint16_t i = 0; i < kErrorKindCount; ++i) out.push_back(static_cast<ErrorKind>(i));
  return out;
}

std::string errorMessage(ErrorKind kind, const std::vector<std::string>& args) {
  fmt::dynamic_format_arg_store<fmt::format_context> store;
  for (const auto& a : args) store.push_back(a);
  // A template naming more arguments than given must not throw: pad with empty strings.
  for (size_t i = args.size(); i < 4; ++i) store.push_back(std::string());
  return fmt::vformat(errorTemplate(kind), store);
}

RuntimeError makeError(ErrorKind kind, std::vector<std::string> args, SourceSpan span, std::string file) {
  RuntimeError e;
  e.kind = kind;
  e.code = std::string(errorCode(kind));
  e.message = errorMessage(kind, args);
  e.args = std::move(args);
  e.span = span;
  e.file = std::move(file);
  return e;
}

std::string renderError(const RuntimeError& e) {
  if (e.span.line == 0) return fmt::format("fel[{}]: {}", e.code, e.message);
  return fmt::format("{}:{}:{}: fel[{}]: {}", e.file, e.span.line, e.span.column, e.code, e.message);
}

}  // namespace regel::rt
