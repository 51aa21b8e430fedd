// Codes and messages of decision-log problems, generated from the REGEL_AUDIT_ERROR lines of runtime/base/codes.def.
#include "audit/audit_errors.h"

#include <fmt/args.h>
#include <fmt/format.h>

namespace regel::audit {
namespace {

struct ErrorInfo {
  std::string_view code;
  std::string_view text;
};

constexpr ErrorInfo kErrors[] = {
#define REGEL_AUDIT_ERROR(name, code, text) {code, text},
#include "runtime/base/codes.def"
#undef REGEL_AUDIT_ERROR
};

}  // namespace

std::string_view errorCode(ErrorKind kind) { return kErrors[static_cast<uint16_t>(kind)].code; }

std::vector<ErrorKind> allErrorKinds() {
  std::vector<ErrorKind> out;
  for (uint16_t i = 0; i < std::size(kErrors); ++i) out.push_back(static_cast<ErrorKind>(i));
  return out;
}

AuditProblem makeProblem(ErrorKind kind, std::vector<std::string> args, int64_t record) {
  fmt::dynamic_format_arg_store<fmt::format_context> store;
  for (const auto& a : args) store.push_back(a);
  // A template naming more arguments than given must not throw: pad with empty strings.
  for (size_t i = args.size(); i < 4; ++i) store.push_back(std::string());
  AuditProblem p;
  p.code = std::string(errorCode(kind));
  p.message = fmt::vformat(kErrors[static_cast<uint16_t>(kind)].text, store);
  p.args = std::move(args);
  p.record = record;
  return p;
}

}  // namespace regel::audit
