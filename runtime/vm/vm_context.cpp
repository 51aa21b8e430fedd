// The per-decision context: memo slots, version resolution by date, registers, facts and errors.
#include <algorithm>

#include "runtime/vm/vm.h"

namespace regel::rt::vm {
namespace {

bool isRatKind(TypeKind k) { return k == TypeKind::Decimal || k == TypeKind::Percent || k == TypeKind::ExactMoney; }

bool covers(const std::optional<Date>& from, const std::optional<Date>& to, Date d) {
  return (!from || *from <= d) && (!to || d <= *to);
}

// The version whose period covers `d`, or kNoVersion. Rule and parameter versions share it.
template <class Version>
int32_t versionCovering(const std::vector<Version>& versions, Date d) {
  for (size_t i = 0; i < versions.size(); ++i) {
    if (covers(versions[i].from, versions[i].to, d)) return static_cast<int32_t>(i);
  }
  return kNoVersion;
}

}  // namespace

Context::Context(const Program& p) : program(p) {
  ruleVersion.assign(p.rules.size(), kUnresolved);
  paramVersion.assign(p.params.size(), kUnresolved);
  rules.resize(p.rules.size());
  params.resize(p.params.size());
  for (const auto& param : p.params) {
    ratArgBase.push_back(static_cast<uint32_t>(ratArgs.size()));
    for (const auto& a : param.args) {
      ratArgs.push_back(a.type < p.types.types.size() && isRatKind(p.types[a.type].kind) ? 1 : 0);
    }
  }
  regs.resize(256);
  poison.resize(256);
}

void Context::resetDecision() {
  std::fill(rules.begin(), rules.end(), RuleSlot{});
  std::fill(params.begin(), params.end(), ParamSlot{});
  top = 0;
  depth = 0;
  lastPoison = 0;
  loopSteps = kMaxLoopSteps;
  collecting = true;
  ruleStack.clear();
  missing.clear();
  unknown.clear();
  error.reset();
}

void Context::setDate(Date d) {
  date = d;
  hasDate = true;
  if (resolvedFor && *resolvedFor == d) return;
  resolvedFor = d;
  std::fill(ruleVersion.begin(), ruleVersion.end(), kUnresolved);
  std::fill(paramVersion.begin(), paramVersion.end(), kUnresolved);
}

void Context::clearDate() {
  hasDate = false;
  date = Date{};
  resolvedFor.reset();
  std::fill(ruleVersion.begin(), ruleVersion.end(), kUnresolved);
  std::fill(paramVersion.begin(), paramVersion.end(), kUnresolved);
}

void Context::grow(uint32_t size) {
  size_t n = std::max<size_t>(size, regs.size() * 2);
  regs.resize(n);
  poison.resize(n);
}

int32_t Context::ruleVersionFor(uint32_t rule) {
  int32_t& v = ruleVersion[rule];
  if (v != kUnresolved) return v;
  const auto& versions = program.rules[rule].versions;
  if (!hasDate) {
    // Without a date only a rule with one undated version can be used.
    const bool undated = versions.size() == 1 && !versions[0].from && !versions[0].to;
    return v = undated ? 0 : kNeedsDate;
  }
  return v = versionCovering(versions, date);
}

int32_t Context::paramVersionFor(uint32_t param) {
  int32_t& v = paramVersion[param];
  if (v != kUnresolved) return v;
  // Every parameter version starts on a date, so none can be chosen without one.
  if (!hasDate) return v = kNeedsDate;
  return v = versionCovering(program.params[param].versions, date);
}

Exit Context::fail(ErrorKind kind, std::vector<std::string> args, SourceSpan span) {
  if (collecting && !error) error = makeError(kind, std::move(args), span, program.sourcePath(span));
  return Exit::Error;
}

std::string Context::neededByName() const {
  return ruleStack.empty() ? std::string("beslutet") : program.rules[ruleStack.back()].name;
}

void Context::recordMissing(std::string path) {
  if (!collecting) return;
  std::string by = neededByName();
  for (auto& m : missing) {
    if (m.path != path) continue;
    if (std::find(m.neededBy.begin(), m.neededBy.end(), by) == m.neededBy.end()) m.neededBy.push_back(by);
    return;
  }
  missing.push_back({std::move(path), {std::move(by)}});
}

void Context::recordUnknown(uint32_t param, uint32_t version, const ParamCell& cell, SourceSpan span) {
  if (!collecting) return;
  const ParamInfo& p = program.params[param];
  const ParamVersionInfo& ver = p.versions[version];
  std::string by = neededByName();
  for (auto& u : unknown) {
    if (u.parameter != p.name || u.reason != cell.unknownReason || !(u.span == span)) continue;
    if (std::find(u.neededBy.begin(), u.neededBy.end(), by) == u.neededBy.end()) u.neededBy.push_back(by);
    return;
  }
  unknown.push_back({p.name, cell.unknownReason, periodText(ver.from, ver.to), {std::move(by)}, span});
}

}  // namespace regel::rt::vm
