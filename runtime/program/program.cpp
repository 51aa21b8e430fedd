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

std::string periodText(const std::optional<Date>& from, const std::optional<Date>& to) {
  std::string s = from ? formatDate(*from) : "början";
  s += " – ";
  s += to ? formatDate(*to) : "tills vidare";
  return s;
}

}  // namespace regel::rt
