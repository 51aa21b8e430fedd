// Codes, statuses and messages of the service's problems, generated from the REGEL_SERVICE_ERROR lines of runtime/base/codes.def.
#include "service/service_errors.h"

#include <fmt/args.h>
#include <fmt/format.h>

#include "runtime/base/controls.h"
#include "runtime/base/unicode.h"

namespace regel::service {
namespace {

struct ErrorInfo {
  std::string_view code;
  int status;
  std::string_view text;
};

// As many code points of the request as a message quotes.
constexpr size_t kMaxEchoedCodePoints = 120;

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
  // What echoes the request itself (its address, a ruleset's name or an option in it) is cut as
  // the compiler's arguments are (docs/granser.md), with its control characters shown, not passed
  // on to whoever reads the message; bytes that are not UTF-8 are replaced where the JSON is written.
  size_t echoed = 0;  // the leading arguments that do (the service's own list of rulesets does not)
  if (kind == ErrorKind::UnknownRuleset) echoed = 1;
  if (kind == ErrorKind::NoSuchAddress || kind == ErrorKind::BadExplanation) echoed = args.size();
  for (size_t i = 0; i < args.size(); ++i) {
    if (i < echoed) {
      rt::cutToCodePoints(args[i], kMaxEchoedCodePoints);
      args[i] = rt::showControls(args[i]);
    }
    store.push_back(args[i]);
  }
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
