// Small helpers over the compiled program: outcome names and period texts.
#include "runtime/program/program.h"

namespace regel::rt {

const char* outcomeName(Outcome o) {
  switch (o) {
    case Outcome::Bifall: return "bifall";
    case Outcome::Avslag: return "avslag";
    case Outcome::ManuellProvning: return "manuell prövning";
    case Outcome::Komplettering: return "komplettering";
    case Outcome::Faststallt: return "fastställt belopp";
  }
  return "?";
}

std::optional<uint32_t> ruleReturnedBy(const Program& p, uint32_t chunk) {
  if (chunk >= p.chunks.size() || p.chunks[chunk].size != 2) return std::nullopt;
  const Instr& call = p.code[p.chunks[chunk].begin];
  const Instr& ret = p.code[p.chunks[chunk].begin + 1];
  if (call.op != Op::CALL_RULE || ret.op != Op::RET || ret.a != call.a) return std::nullopt;
  return call.b;
}

std::string periodText(const std::optional<Date>& from, const std::optional<Date>& to) {
  std::string s = from ? formatDate(*from) : "början";
  s += " – ";
  s += to ? formatDate(*to) : "tills vidare";
  return s;
}

}  // namespace regel::rt
