// The small försörjningsstöd-like ruleset the library API tests decide with, compiled once.
#pragma once

#include <gtest/gtest.h>

#include <memory>

#include "regel/compile.h"

namespace regel::testing {

inline const char* const kRules = R"(regelverk Stöd
  version "t1"
  beslutsdatum månad
post Vuxen { lön: belopp, inskriven: ja/nej }
indata { månad: månad, vuxna: lista av Vuxen, hyra: belopp, el: valfri belopp }
parameter norm(antal: heltal): belopp
  lagrum "2 kap. 1 § SoF"
  gäller från 2023-01-01 till 2023-12-31 källa "Riksnormen 2023":
    tabell
      1: 3 490 kr
      2: 6 300 kr
      annars: okänd "Fler än två vuxna anges inte."
värde inkomst: belopp lagrum "4 kap. 3 § SoL" = summa(v.lön för varje v i vuxna)
värde elkostnad: belopp lagrum "4 kap. 3 § SoL" = om finns(el) så el annars 0 kr
värde bistånd: belopp lagrum "4 kap. 1 § SoL"
  = max(0 kr, norm(antal(vuxna)) + hyra + elkostnad - inkomst)
  motivering "Normen och kostnaderna minus inkomsten {inkomst} ger {bistånd}."
villkor arbetsvillkor lagrum "4 kap. 1 § SoL" = alla(v i vuxna uppfyller v.inskriven)
  uppfyllt "Alla är inskrivna." ej uppfyllt "Någon är inte inskriven hos Arbetsförmedlingen."
beslut
  avslag om inte arbetsvillkor
  bifall med bistånd om bistånd > 0 kr
  avslag annars skäl "Inkomsterna täcker behovet."
stickprov 50 % av bifall
)";

inline std::shared_ptr<const Ruleset> compiled() {
  static std::shared_ptr<const Ruleset> rs = [] {
    CompileResult r = compileSource("stod.regel", kRules);
    EXPECT_EQ(r.errors, 0u) << r.rendered;
    return r.ruleset;
  }();
  return rs;
}

}  // namespace regel::testing
