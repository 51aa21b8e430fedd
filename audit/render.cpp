// The decision log for people and machines: a record as a JSON line (`audit export`), records as
// a table (`audit list`), a record's head (`audit show`) and the verify report, in Swedish.
#include <fmt/format.h>

#include <algorithm>

#include "regel/audit.h"
#include "runtime/base/controls.h"
#include "runtime/base/json_writer.h"
#include "runtime/base/value.h"

namespace regel {
namespace {

// A text from the log, as a terminal may show it: a log altered by hand can hold an escape
// sequence that would hide the lines after it, or a line break that makes a line of its own.
std::string shown(std::string_view text) { return rt::showControls(text); }

std::string amountText(const std::optional<int64_t>& ore) {
  return ore ? rt::formatMoney(rt::Money{*ore}) : std::string();
}

// "2026-12-06T15:55:01.123Z" → "2026-12-06 15:55:01"
std::string shortTime(const std::string& time) {
  if (time.size() < 19) return time;
  std::string out = time.substr(0, 19);
  out[10] = ' ';
  return out;
}

void nullableField(rt::JsonWriter& w, std::string_view key, const std::string& value) {
  w.key(key);
  if (value.empty()) {
    w.null();
  } else {
    w.string(value);
  }
}

}  // namespace

// The text fields are the exact bytes the chain's hash is taken over (the input as a string, not
// parsed), so that an export can be checked against the chain without the database.
std::string renderRecordJson(const LoggedDecision& r) {
  const DecisionRecord& d = r.decision;
  rt::JsonWriter w(false);
  w.beginObject().field("schema", kAuditSchema).field("id", r.id).field("tid", r.time).field("motor", r.engine);
  w.key("regelverk").beginObject().field("namn", r.rulesetName).field("version", r.rulesetVersion);
  w.field("sha256", r.rulesetSha256).endObject();
  nullableField(w, "ärende", d.caseId);
  w.field("indata", d.input).field("indata_sha256", d.inputSha256);
  nullableField(w, "angivet_beslutsdatum", d.dateOption);
  nullableField(w, "beslutsdatum", d.decisionDate);
  w.field("utfall", d.outcome);
  nullableField(w, "fel", d.errorCode);
  w.key("belopp_öre");
  if (d.amountOre) {
    w.integer(*d.amountOre);
  } else {
    w.null();
  }
  w.field("skäl", d.reasons).fieldBool("stickprov", d.stickprov).field("stickprov_nyckel", d.stickprovKey);
  w.field("beslut", d.decision).field("föregående", r.previousHash).field("kedjesumma", r.hash);
  nullableField(w, "hmac", r.hmac);
  if (r.pseudonymised) w.fieldBool("pseudonymiserad", true);
  w.endObject();
  return w.take() + "\n";
}

std::string renderRecordTable(const std::vector<LoggedDecision>& records) {
  if (records.empty()) return "Inga beslut i loggen matchar.\n";
  std::string out = fmt::format("{:>6}  {:<19}  {:<12}  {:<18}  {:>14}  {:<9}  {:<16}  {}\n", "post", "loggad",
                                "beslutsdatum", "utfall", "belopp", "stickprov", "ärende", "regelverk");
  for (const auto& r : records) {
    const DecisionRecord& d = r.decision;
    const std::string outcome = d.errorCode.empty() ? d.outcome : d.outcome + " " + d.errorCode;
    out += fmt::format("{:>6}  {:<19}  {:<12}  {:<18}  {:>14}  {:<9}  {:<16}  {} {}\n", r.id, shown(shortTime(r.time)),
                       d.decisionDate.empty() ? "–" : shown(d.decisionDate), shown(outcome), amountText(d.amountOre),
                       d.stickprov ? "ja" : "", d.caseId.empty() ? "–" : shown(d.caseId), shown(r.rulesetName),
                       shown(r.rulesetVersion));
  }
  out += fmt::format("{} beslut\n", records.size());
  return out;
}

std::string renderRecordHead(const LoggedDecision& r) {
  // Every text of the record shown, as in the table.
  const DecisionRecord& d = r.decision;
  std::string out = fmt::format("Post {} i beslutsloggen\n", r.id);
  out += fmt::format("  loggad:        {} av {}\n", shown(r.time), shown(r.engine));
  out += fmt::format("  regelverk:     {} {} (SHA-256 {})\n", shown(r.rulesetName), shown(r.rulesetVersion),
                     shown(r.rulesetSha256));
  out += fmt::format("  ärende:        {} (indata SHA-256 {})\n", d.caseId.empty() ? "utan id" : shown(d.caseId),
                     shown(d.inputSha256));
  std::string date = d.decisionDate.empty() ? "inget" : shown(d.decisionDate);
  if (!d.dateOption.empty()) date += fmt::format(" (angivet vid beslutet: {})", shown(d.dateOption));
  out += fmt::format("  beslutsdatum:  {}\n", date);
  std::string outcome = shown(d.outcome) + (d.errorCode.empty() ? "" : " med körfel " + shown(d.errorCode));
  if (d.amountOre) outcome += " med " + amountText(d.amountOre);
  out += fmt::format("  utfall:        {}\n", outcome);
  out += fmt::format("  stickprov:     {} (vald med {})\n", d.stickprov ? "ja" : "nej",
                     d.stickprovKey == "regelverket" ? "regelverkets SHA-256 som nyckel"
                                                     : "kommunens nyckel " + shown(d.stickprovKey.substr(std::min<size_t>(7, d.stickprovKey.size()))));
  out += fmt::format("  kedjesumma:    {}\n", shown(r.hash));
  out += fmt::format("  föregående:    {}\n", shown(r.previousHash));
  out += fmt::format("  HMAC:          {}\n", r.hmac.empty() ? "ingen" : shown(r.hmac));
  return out;
}

std::string renderVerifyReport(const VerifyReport& report) {
  std::string out;
  // The messages quote the log, which may have been altered by hand.
  for (const auto& p : report.problems) out += fmt::format("fel[{}]: {}\n", p.code, shown(p.message));
  for (const auto& n : report.notes) out += fmt::format("obs: {}\n", shown(n));
  std::string replayed = report.sampled ? fmt::format("{} omprövade i ett slumpvis urval (frö {})", report.replayed, report.seed)
                                        : fmt::format("{} omprövade", report.replayed);
  out += fmt::format("{} poster kontrollerade, {}: {}\n", report.records, replayed,
                     report.ok() ? std::string("kedjan är hel och besluten står sig")
                                 : fmt::format("{} fel", report.problems.size()));
  if (!report.head.empty()) out += fmt::format("Kedjans huvud: {} (post {})\n", shown(report.head), report.headId);
  return out;
}

}  // namespace regel
