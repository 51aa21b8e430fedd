// Försörjningsstöd 2023 as a competent C++ programmer would write it without a rules engine: the
// riksnorm tables as arrays, amounts as int64 öre, the decision as a chain of ifs. It decides
// exactly what bench/stod.regel decides for complete cases (stod_check verifies that).
#include "bench/stod_handwritten.h"

namespace bench {
namespace {

constexpr int64_t kr(int64_t kronor) { return kronor * 100; }

// Riksnormen 2023, personliga kostnader per barn by age 0..20 ("med lunch" column). The
// "ej lunch 5 dagar/vecka" column for 0–6 år is not known for 2023: such a case is manual.
constexpr int64_t kBarn2023[21] = {
    kr(2420),                                                  // 0
    kr(2700), kr(2700),                                        // 1–2
    kr(2410),                                                  // 3
    kr(2700), kr(2700), kr(2700),                              // 4–6
    kr(3380), kr(3380), kr(3380), kr(3380),                    // 7–10
    kr(3890), kr(3890), kr(3890), kr(3890),                    // 11–14
    kr(4390), kr(4390), kr(4390), kr(4390),                    // 15–18
    kr(4430), kr(4430),                                        // 19–20
};
constexpr int64_t kVuxenEnsam2023 = kr(3490);
constexpr int64_t kVuxnaSambor2023 = kr(6300);
// Gemensamma hushållskostnader for 1..7 persons; each person above 7 adds the 6→7 difference.
constexpr int64_t kGemensamma2023[8] = {0, kr(1130), kr(1250), kr(1580), kr(1790), kr(2060), kr(2330), kr(2510)};
constexpr int64_t kBuffert = kr(10000);

int64_t gemensamma(int64_t persons) {
  if (persons <= 7) return kGemensamma2023[persons];
  return kGemensamma2023[7] + (persons - 7) * (kGemensamma2023[7] - kGemensamma2023[6]);
}

// Floor division for a positive divisor.
int64_t floorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && a < 0) ? q - 1 : q;
}

}  // namespace

HwDecision decideHandwritten(const Household& h) {
  if (h.year != 2023 || h.adults.empty()) return {HwOutcome::ManuellProvning, 0};

  // Arbetskravet (4 kap. 1 § andra stycket SoL).
  for (const Adult& a : h.adults) {
    if (!a.inskriven && !a.godtagbartSkal) return {HwOutcome::Avslag, 0};
  }
  // Tillgångar över bufferten.
  if (h.tillgangar > kBuffert) return {HwOutcome::Avslag, 0};

  // Riksnormen.
  int64_t riksnorm = h.adults.size() == 1 ? kVuxenEnsam2023 : kVuxnaSambor2023;
  for (const Child& c : h.children) {
    if (c.alder < 0 || c.alder > 20) return {HwOutcome::ManuellProvning, 0};
    if (c.alder <= 6 && c.lunch) return {HwOutcome::ManuellProvning, 0};  // the unknown column
    riksnorm += kBarn2023[c.alder];
  }
  riksnorm += gemensamma(int64_t(h.adults.size() + h.children.size()));

  int64_t kostnader = h.boende + h.el + h.resor + h.forsakring + h.fack;

  // Inkomster, with jobbstimulans: 25 % of the adults' lön is not counted (rounded down to öre).
  int64_t lon = 0, inkomster = 0;
  for (const Adult& a : h.adults) {
    lon += a.lon;
    inkomster += a.lon + a.ovrigInkomst;
  }
  int64_t raknad = inkomster + h.barnbidrag + h.bostadsbidrag + h.ovrigaInkomster;
  if (lon > 0 && h.manaderIFoljd >= 6 && h.manaderJobbstimulans < 24) raknad -= floorDiv(lon, 4);

  int64_t bistand = floorDiv(riksnorm + kostnader - raknad, 100) * 100;
  if (bistand > 0) return {HwOutcome::Bifall, bistand};
  return {HwOutcome::Avslag, 0};
}

}  // namespace bench
