#include "bench/stod_cases.h"

#include <cstdio>

namespace bench {
namespace {

// splitmix64: tiny, fast and the same everywhere (std:: distributions are not).
struct Rng {
  uint64_t s;
  uint64_t next() {
    uint64_t z = (s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  // Uniform in [lo, hi].
  int64_t range(int64_t lo, int64_t hi) { return lo + int64_t(next() % uint64_t(hi - lo + 1)); }
  bool chance(int percent) { return range(0, 99) < percent; }
  // Whole kronor in [lo, hi], as öre; with `orePercent` chance of an öre part.
  int64_t kronor(int64_t lo, int64_t hi, int orePercent = 0) {
    int64_t v = range(lo, hi) * 100;
    if (orePercent && chance(orePercent)) v += range(1, 99);
    return v;
  }
};

void appendKronor(std::string& out, int64_t ore) {
  char buf[48];
  if (ore % 100 == 0) {
    std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(ore / 100));
  } else {
    std::snprintf(buf, sizeof buf, "%lld.%02lld", static_cast<long long>(ore / 100),
                  static_cast<long long>(ore % 100));
  }
  out += buf;
}

void field(std::string& out, const char* name, int64_t ore) {
  out += ", \"";
  out += name;
  out += "\": ";
  appendKronor(out, ore);
}

}  // namespace

std::vector<Household> generateHouseholds(size_t count, uint64_t seed) {
  // Children per household: mostly few, sometimes many (households of up to 9 persons).
  static constexpr int kChildWeights[8] = {32, 20, 20, 12, 7, 4, 3, 2};
  Rng r{seed};
  std::vector<Household> out;
  out.reserve(count);
  for (size_t i = 0; i < count; ++i) {
    Household h;
    char id[32];
    std::snprintf(id, sizeof id, "bench-%06zu", i);
    h.id = id;
    h.year = 2023;
    h.month = static_cast<int>(r.range(1, 12));
    size_t adults = r.chance(55) ? 1 : 2;
    for (size_t a = 0; a < adults; ++a) {
      Adult ad;
      ad.inskriven = r.chance(85);
      ad.godtagbartSkal = !ad.inskriven && r.chance(80);
      if (r.chance(40)) ad.lon = r.kronor(1'000, 25'000, 50);
      if (r.chance(50)) ad.ovrigInkomst = r.kronor(1'000, 12'000, 30);
      h.adults.push_back(ad);
    }
    int pick = static_cast<int>(r.range(0, 99)), children = 0;
    while (pick >= kChildWeights[children]) pick -= kChildWeights[children++];
    for (int c = 0; c < children; ++c) {
      Child ch;
      ch.alder = static_cast<int>(r.range(0, 20));
      ch.lunch = ch.alder <= 6 && r.chance(4);
      h.children.push_back(ch);
    }
    h.boende = r.kronor(3'000, 12'000, 20);
    h.el = r.kronor(100, 900);
    h.resor = r.chance(50) ? 0 : r.kronor(200, 1'200);
    h.forsakring = r.kronor(80, 250);
    h.fack = r.chance(40) ? 0 : r.kronor(100, 500);
    h.barnbidrag = 125'000 * int64_t(children);
    h.bostadsbidrag = r.chance(70) ? 0 : r.kronor(500, 4'000);
    h.ovrigaInkomster = r.chance(85) ? 0 : r.kronor(100, 3'000, 50);
    int assets = static_cast<int>(r.range(0, 99));
    h.tillgangar = assets < 60 ? 0 : assets < 90 ? r.kronor(0, 9'999, 50) : assets < 92 ? 1'000'000
                                                                                       : r.kronor(10'001, 40'000);
    h.manaderIFoljd = static_cast<int>(r.range(0, 36));
    h.manaderJobbstimulans = static_cast<int>(r.range(0, 30));
    out.push_back(std::move(h));
  }
  return out;
}

std::string toJson(const Household& h) {
  std::string out;
  out.reserve(512);
  char month[16];
  std::snprintf(month, sizeof month, "%04d-%02d", h.year, h.month);
  out += "{\"id\": \"" + h.id + "\", \"indata\": {\"månad\": \"" + month + "\", \"vuxna\": [";
  bool anyLon = false;
  for (size_t i = 0; i < h.adults.size(); ++i) {
    const Adult& a = h.adults[i];
    anyLon = anyLon || a.lon > 0;
    out += i ? ", {" : "{";
    out += "\"inskriven_hos_arbetsförmedlingen\": ";
    out += a.inskriven ? "true" : "false";
    if (!a.inskriven) out += a.godtagbartSkal ? ", \"godtagbart_skäl\": true" : ", \"godtagbart_skäl\": false";
    field(out, "lön", a.lon);
    field(out, "övrig_inkomst", a.ovrigInkomst);
    out += "}";
  }
  out += "], \"barn\": [";
  for (size_t i = 0; i < h.children.size(); ++i) {
    const Child& c = h.children[i];
    out += i ? ", {\"ålder\": " : "{\"ålder\": ";
    out += std::to_string(c.alder);
    if (c.alder <= 6) out += c.lunch ? ", \"lunch_i_förskolan\": true" : ", \"lunch_i_förskolan\": false";
    out += "}";
  }
  out += "]";
  field(out, "boendekostnad", h.boende);
  field(out, "hushållsel", h.el);
  field(out, "arbetsresor", h.resor);
  field(out, "hemförsäkring", h.forsakring);
  field(out, "fackförening_och_akassa", h.fack);
  field(out, "barnbidrag", h.barnbidrag);
  field(out, "bostadsbidrag", h.bostadsbidrag);
  field(out, "övriga_hushållsinkomster", h.ovrigaInkomster);
  field(out, "realiserbara_tillgångar", h.tillgangar);
  if (anyLon) {
    out += ", \"månader_i_följd_med_bistånd\": " + std::to_string(h.manaderIFoljd);
    out += ", \"månader_med_jobbstimulans\": " + std::to_string(h.manaderJobbstimulans);
  }
  out += "}}";
  return out;
}

}  // namespace bench
