// Codes, statuses and messages of the service's problems, generated from the REGEL_SERVICE_ERROR lines of runtime/base/codes.def.
#include "service/service_errors.h"

#include <fmt/args.h>
#include <fmt/format.h>

namespace regel::service {
namespace {

struct ErrorInfo {
  std::string_view code;
  int status;
  std::string_view text;
};

constexpr ErrorInfo kErrors[] = {
#define REGEL_SERVICE_ERROR(name, code, status, text) {code, status, text},
#include "runtime/base/codes.def"
#undef REGEL_SERVICE_ERROR
};

}  // namespace

std::string_view errorCode(ErrorKind kind) { return kErrors[static_cast<uint16_t>(kind)].code; }

int httpStatus(ErrorKind kind) { return kErrors[static_cast<uint16_t>(kind)].status; }

std::vector<ErrorKind> allErrorKinds() {
  std::vector<ErrorKind> out;
  for (uint16_t i = 0; i < std::size(kErrors); ++i) out.push_back(static_cast<ErrorKind>(i));
  return out;
}

Problem makeProblem(ErrorKind kind, std::vector<std::string> args, std::string path) {
  fmt::dynamic_format_arg_store<fmt::format_context> store;
  for (const auto& a : args) store.push_back(a);
  // A template naming more arguments than given must not throw: pad with empty strings.
  for (size_t i = args.size(); i < 4; ++i) store.push_back(std::string());
  Problem p;
  p.code = std::string(errorCode(kind));
  p.message = fmt::vformat(kErrors[static_cast<uint16_t>(kind)].text, store);
  p.args = std::move(args);
  p.path = std::move(path);
  return p;
}

}  // namespace regel::service
