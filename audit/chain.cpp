// The hash chain of the decision log (chain.h).
#include "audit/chain.h"

#include "runtime/base/sha256.h"

namespace regel::audit {
namespace {

void field(std::string& out, std::string_view name, std::string_view value) {
  out += name;
  out += ' ';
  out += std::to_string(value.size());
  out += '\n';
  out += value;
  out += '\n';
}

}  // namespace

std::string chainInput(const LoggedDecision& r) {
  const DecisionRecord& d = r.decision;
  std::string out = kAuditSchema;
  out += '\n';
  field(out, "föregående", r.previousHash);
  field(out, "tid", r.time);
  field(out, "motor", r.engine);
  field(out, "regelverk_sha256", r.rulesetSha256);
  field(out, "ärende", d.caseId);
  field(out, "indata", d.input);
  field(out, "indata_sha256", d.inputSha256);
  field(out, "angivet_beslutsdatum", d.dateOption);
  field(out, "beslutsdatum", d.decisionDate);
  field(out, "utfall", d.outcome);
  field(out, "fel", d.errorCode);
  field(out, "belopp_öre", d.amountOre ? std::to_string(*d.amountOre) : std::string());
  field(out, "skäl", d.reasons);
  field(out, "beslut", d.decision);
  field(out, "stickprov", d.stickprov ? "ja" : "nej");
  field(out, "stickprov_nyckel", d.stickprovKey);
  return out;
}

std::string chainHash(const LoggedDecision& record) { return rt::toHex(rt::sha256(chainInput(record))); }

std::string chainHmac(std::string_view key, std::string_view hash) { return rt::toHex(rt::hmacSha256(key, hash)); }

}  // namespace regel::audit
