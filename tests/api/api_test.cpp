// The public library API end to end: source text in, decisions, amounts, missing facts, errors and
// traces out — the way an embedding program uses regel.
#include <gtest/gtest.h>

#include <algorithm>
#include <optional>

#include "regel/compile.h"
#include "tests/api/api_fixture.h"
#include "regel/decide.h"
#include "regel/examples.h"
#include "api/outcome_internal.h"
#include "runtime/explain/explain.h"
#include "runtime/explain/explained_trace.h"

namespace {

using namespace regel;

using regel::testing::compiled;
using regel::testing::kRules;

TEST(Api, DecidesExactAmounts) {
  auto rs = compiled();
  ASSERT_TRUE(rs);
  CaseOutcome o = decideJson(*rs, R"({"id": "A1", "indata": {"månad": "2023-03",
      "vuxna": [{"lön": 1000.55, "inskriven": true}], "hyra": 4200, "el": "312,40 kr"}})");
  ASSERT_TRUE(o.decided());
  ASSERT_FALSE(o.error());
  EXPECT_EQ(o.outcome(), Outcome::Bifall);
  // 3 490 + 4 200 + 312,40 − 1 000,55 = 7 001,85 kr, exactly.
  EXPECT_EQ(o.amountOre().value_or(-1), 700185);
  EXPECT_EQ(o.caseId(), "A1");
}

TEST(Api, AbsentOptionalFieldIsNotAMissingFact) {
  auto rs = compiled();
  CaseOutcome o = decideJson(*rs, R"({"månad": "2023-03", "vuxna": [{"lön": 0, "inskriven": true}], "hyra": 4000})");
  ASSERT_TRUE(o.decided());
  EXPECT_EQ(o.outcome(), Outcome::Bifall);
  EXPECT_EQ(o.amountOre().value_or(-1), 749000);
}

TEST(Api, MissingFactsAreListedExactly) {
  auto rs = compiled();
  CaseOutcome o = decideJson(*rs, R"({"månad": "2023-03", "vuxna": [{"inskriven": true}, {"lön": 0, "inskriven": true}]})");
  ASSERT_TRUE(o.decided());
  EXPECT_EQ(o.outcome(), Outcome::Komplettering);
  std::vector<std::string> paths;
  for (const auto& m : o.missing()) paths.push_back(m.path);
  std::sort(paths.begin(), paths.end());
  EXPECT_EQ(paths, (std::vector<std::string>{"hyra", "vuxna[0].lön"}));
}

TEST(Api, MissingFactNotNeededDoesNotMatter) {
  auto rs = compiled();
  // The work requirement fails first, so neither rent nor income is needed.
  CaseOutcome o = decideJson(*rs, R"({"månad": "2023-03", "vuxna": [{"inskriven": false}]})");
  ASSERT_TRUE(o.decided());
  EXPECT_EQ(o.outcome(), Outcome::Avslag);
  ASSERT_EQ(o.reasons().size(), 1u);
  EXPECT_EQ(o.reasons()[0], "Någon är inte inskriven hos Arbetsförmedlingen.");
}

TEST(Api, AndOrDecideWhenOneKnownSideDecides) {
  CompileResult r = compileSource("logik.regel", R"(regelverk L version "1"
indata { inskriven: ja/nej, hinder: ja/nej, hyra: belopp }
villkor arbetsvillkor lagrum "1 §" = inskriven eller hinder
  uppfyllt "Står till förfogande." ej uppfyllt "Står inte till förfogande."
villkor hög lagrum "2 §" = inskriven och hyra > 9 000 kr
  uppfyllt "Hög." ej uppfyllt "Inte hög."
beslut
  avslag om inte arbetsvillkor
  manuell prövning om hög
  bifall annars
)");
  ASSERT_TRUE(r.ruleset) << r.rendered;
  DecideOptions opts;
  opts.date = "2023-01-01";
  // Registration missing, but an acceptable reason decides `eller`; a low rent decides `och`.
  CaseOutcome o = decideJson(*r.ruleset, R"({"hinder": true, "hyra": 4000})", opts);
  ASSERT_TRUE(o.decided());
  EXPECT_EQ(o.outcome(), Outcome::Bifall) << o.missing().size();
  // Neither side decides: both missing facts are asked for at once.
  CaseOutcome both = decideJson(*r.ruleset, R"({"hyra": 4000})", opts);
  EXPECT_EQ(both.outcome(), Outcome::Komplettering);
  std::vector<std::string> paths;
  for (const auto& m : both.missing()) paths.push_back(m.path);
  EXPECT_EQ(paths, (std::vector<std::string>{"inskriven", "hinder"}));
}

// An approval whose branch gives no reason of its own (`bifall med bistånd`) is explained by how
// its amount came about: the motivering of the rule the amount names is its first reason, traced
// or not, so the JSON without a trace and a batch line carry it too. In the tree it stays with the
// rule, not repeated as the branch's reason.
TEST(Api, AnAmountWithoutReasonsIsExplainedByItsRule) {
  const auto rs = compiled();
  const std::string json = R"({"månad": "2023-03", "vuxna": [{"lön": 1000, "inskriven": true}], "hyra": 5000})";
  const std::vector<std::string> why{"Normen och kostnaderna minus inkomsten 1 000 kr ger 7 490 kr."};
  DecideOptions untraced;
  CaseOutcome plain = decideJson(*rs, json, untraced);
  ASSERT_TRUE(plain.decided());
  EXPECT_EQ(plain.amountOre().value_or(-1), 749000);
  EXPECT_EQ(plain.reasons(), why);
  EXPECT_NE(renderJson(*rs, plain, "", false).find(R"("skäl":["Normen och kostnaderna minus inkomsten 1 000 kr ger 7 490 kr."])"),
            std::string::npos);
  EXPECT_NE(renderText(*rs, plain, "", false).find("Skäl:\n  • Normen och kostnaderna"), std::string::npos);

  DecideOptions traced;
  traced.trace = true;
  CaseOutcome full = decideJson(*rs, json, traced);
  EXPECT_EQ(full.reasons(), why);
  const rt::Decision& d = full.internal().decision;
  const rt::ExplainedTrace t = rt::explainTrace(rs->program(), d, full.internal().data);
  for (const auto& n : t.nodes) {
    if (n.kind == rt::TraceKind::Branch) {
      EXPECT_TRUE(n.reasons.empty()) << n.name;
    } else if (n.kind == rt::TraceKind::Value && n.name == "bistånd") {
      EXPECT_EQ(n.justification, why[0]);
    }
  }

  // An avslag's own reason is not an amount's.
  CaseOutcome covered = decideJson(*rs, R"({"månad": "2023-03", "vuxna": [{"lön": 90000, "inskriven": true}], "hyra": 5000})");
  EXPECT_EQ(covered.outcome(), Outcome::Avslag);
  EXPECT_EQ(covered.reasons(), (std::vector<std::string>{"Inkomsterna täcker behovet."}));
}

// A missing ja/nej fact that no value of can change the decision is not asked for: the case is
// decided, the reasons say which fact it did not need, and the trace (of the case as it is, with
// the fact missing) carries the decision's outcome.
TEST(Api, AMissingFactNoValueOfChangesIsNotAskedFor) {
  CompileResult r = compileSource("moot.regel", R"(regelverk M version "1"
indata { hinder: ja/nej, barn: ja/nej, hyra: belopp }
värde stöd: belopp lagrum "1 §" = (om hinder så 1 000 kr annars 1 000 kr) + hyra
  motivering "Stödet är {stöd}."
värde tillägg: belopp lagrum "2 §" = om barn så 800 kr annars 0 kr
beslut
  bifall med stöd + tillägg om hyra > 0 kr
  avslag annars skäl "Ingen hyra."
)");
  ASSERT_TRUE(r.ruleset) << r.rendered;
  DecideOptions opts;
  opts.date = "2023-01-01";
  opts.trace = true;
  CaseOutcome o = decideJson(*r.ruleset, R"({"barn": false, "hyra": 4000})", opts);
  ASSERT_TRUE(o.decided());
  EXPECT_EQ(o.outcome(), Outcome::Bifall);
  EXPECT_EQ(o.amountOre().value_or(-1), 500000);
  EXPECT_TRUE(o.missing().empty());
  EXPECT_EQ(o.unneededFacts(), (std::vector<std::string>{"hinder"}));
  EXPECT_EQ(o.reasons(), (std::vector<std::string>{
                             "Uppgiften hinder saknas, men beslutet blir detsamma vilket värde den än har."}));
  const rt::Decision& d = o.internal().decision;
  ASSERT_FALSE(d.trace.empty());
  EXPECT_EQ(d.trace.nodes[0].outcome, rt::Outcome::Bifall);
  EXPECT_EQ(d.trace.nodes[0].value.a, 500000);
  EXPECT_EQ(d.trace.nodes[0].state, rt::TraceState::Value);
  const std::string text = renderText(*r.ruleset, o, "", true);
  EXPECT_NE(text.find("Beslut: bifall med 5 000 kr"), std::string::npos) << text;
  EXPECT_NE(text.find("läste: hinder = saknas"), std::string::npos) << text;

  // With `barn` missing too, only `barn` is asked for: its value changes the amount.
  CaseOutcome both = decideJson(*r.ruleset, R"({"hyra": 4000})", opts);
  EXPECT_EQ(both.outcome(), Outcome::Komplettering);
  std::vector<std::string> paths;
  for (const auto& m : both.missing()) paths.push_back(m.path);
  EXPECT_EQ(paths, (std::vector<std::string>{"barn"}));
  EXPECT_EQ(both.reasons(), (std::vector<std::string>{"Uppgiften barn saknas (behövs för tillägg)."}));
}

// The value-by-value check is bounded: six missing ja/nej facts (64 combinations) are tried, seven
// (128) are not, and the komplettering then asks for all of them as the tolerant run found them.
TEST(Api, TheValueByValueCheckIsBounded) {
  std::string fields, sum;
  for (int i = 1; i <= 7; ++i) {
    fields += ", f" + std::to_string(i) + ": ja/nej";
    sum += " + (om f" + std::to_string(i) + " så 1 kr annars 1 kr)";
  }
  CompileResult r = compileSource("many.regel", "regelverk M version \"1\"\nindata { hyra: belopp" + fields +
                                                    " }\nvärde stöd: belopp lagrum \"1 §\" = hyra" + sum +
                                                    "\nbeslut\n  bifall med stöd om stöd > 0 kr\n  avslag annars\n");
  ASSERT_TRUE(r.ruleset) << r.rendered;
  DecideOptions opts;
  opts.date = "2023-01-01";
  CaseOutcome six = decideJson(*r.ruleset, R"({"hyra": 100, "f7": true})", opts);
  EXPECT_EQ(six.outcome(), Outcome::Bifall);
  EXPECT_EQ(six.amountOre().value_or(-1), 10700);
  EXPECT_EQ(six.reasons().size(), 6u);
  CaseOutcome seven = decideJson(*r.ruleset, R"({"hyra": 100})", opts);
  EXPECT_EQ(seven.outcome(), Outcome::Komplettering);
  EXPECT_EQ(seven.missing().size(), 7u);
}

TEST(Api, UnknownFigureGoesToManualReview) {
  auto rs = compiled();
  CaseOutcome o = decideJson(*rs, R"({"månad": "2023-03", "hyra": 1000, "vuxna": [
      {"lön": 0, "inskriven": true}, {"lön": 0, "inskriven": true}, {"lön": 0, "inskriven": true}]})");
  ASSERT_TRUE(o.decided());
  EXPECT_EQ(o.outcome(), Outcome::ManuellProvning);
  ASSERT_EQ(o.unknown().size(), 1u);
  EXPECT_EQ(o.unknown()[0].parameter, "norm");
  EXPECT_EQ(o.unknown()[0].reason, "Fler än två vuxna anges inte.");
}

TEST(Api, DateOutsideEveryVersionIsAnErrorNamingParameterAndDate) {
  auto rs = compiled();
  DecideOptions opts;
  opts.date = "2024-02-01";
  CaseOutcome o = decideJson(*rs, R"({"månad": "2023-03", "vuxna": [{"lön": 0, "inskriven": true}], "hyra": 1})", opts);
  ASSERT_TRUE(o.decided());
  ASSERT_TRUE(o.error());
  EXPECT_EQ(o.error()->code, "R0503");
  EXPECT_NE(o.error()->message.find("'norm'"), std::string::npos);
  EXPECT_NE(o.error()->message.find("2024-02-01"), std::string::npos);
  EXPECT_EQ(o.error()->args, (std::vector<std::string>{"norm", "2024-02-01"}));
  EXPECT_TRUE(o.failed());
}

// An envelope's "datum" is the decision date in place of the case's own field (docs/json.md):
// only a date of the caller's that replaces either is worth a warning.
TEST(Api, AnEnvelopeDateIsTheDecisionDateAndOnlyTheCallersDateReplacesIt) {
  auto rs = compiled();
  const std::string json =
      R"({"id": "x", "datum": "2023-03-20", "indata": {"månad": "2023-02", "vuxna": [{"lön": 0, "inskriven": true}], "hyra": 1}})";
  CaseOutcome o = decideJson(*rs, json);
  ASSERT_TRUE(o.decided());
  EXPECT_EQ(o.decisionDate(), "2023-03-20");
  EXPECT_EQ(o.replacedCaseDate(), std::nullopt);
  DecideOptions opts;
  opts.date = "2023-03-25";
  CaseOutcome p = decideJson(*rs, json, opts);
  ASSERT_TRUE(p.decided());
  EXPECT_EQ(p.decisionDate(), "2023-03-25");
  EXPECT_EQ(p.replacedCaseDate(), "2023-03-20");
}

TEST(Api, AnInvalidDecisionDateRefusesTheCase) {
  auto rs = compiled();
  DecideOptions opts;
  opts.date = "2023-02-30";
  CaseOutcome o = decideJson(*rs, R"({"månad": "2023-03", "vuxna": [{"lön": 0, "inskriven": true}], "hyra": 1})", opts);
  EXPECT_FALSE(o.decided());
  ASSERT_EQ(o.problems().size(), 1u);
  EXPECT_EQ(o.problems()[0].code, "R0605");
  EXPECT_EQ(o.problems()[0].message,
            "beslutsdatumet har värdet \"2023-02-30\", som inte är ett giltigt datum (ÅÅÅÅ-MM-DD)");
  // The arguments travel with the message, for renderers of their own (a service, a letter).
  EXPECT_EQ(o.problems()[0].args,
            (std::vector<std::string>{"beslutsdatumet", "2023-02-30", "ett giltigt datum (ÅÅÅÅ-MM-DD)"}));
}

TEST(Api, MoneyOverflowIsAnErrorNotAWrap) {
  auto rs = compiled();
  CaseOutcome o = decideJson(*rs, R"({"månad": "2023-03", "vuxna": [{"lön": 0, "inskriven": true}],
      "hyra": 92233720368547758, "el": 92233720368547758})");
  ASSERT_TRUE(o.decided());
  ASSERT_TRUE(o.error());
  EXPECT_EQ(o.error()->code, "R0501");
}

TEST(Api, MistypedCaseIsRefusedWithPathAndCode) {
  auto rs = compiled();
  CaseOutcome o = decideJson(*rs, R"({"månad": "2023-03", "vuxna": [{"lön": "mycket", "inskriven": true}], "hyran": 1})");
  EXPECT_FALSE(o.decided());
  ASSERT_EQ(o.problems().size(), 2u);
  EXPECT_EQ(o.problems()[0].code, "R0603");
  EXPECT_EQ(o.problems()[0].path, "vuxna[0].lön");
  EXPECT_EQ(o.problems()[1].code, "R0602");
}

// The case {"a": true} decided with a ruleset of the two tests below; none when it did not compile.
std::optional<CaseOutcome> decideWhereAHolds(const CompileResult& r, const DecideOptions& opts = {}) {
  EXPECT_TRUE(r.ruleset) << r.rendered;
  if (!r.ruleset) return std::nullopt;
  return decideJson(*r.ruleset, R"({"a": true})", opts);
}

// A missing fact is needed by the rules it left unknown, not by every rule that read it: `v` reads
// b but holds whatever b is, since a = ja; only `w` needs b.
TEST(Api, AMissingFactIsNeededByTheRulesItLeftUnknown) {
  CompileResult r = compileSource("prov.regel", R"(regelverk Prov
  version "1"

indata {
  a: ja/nej
  b: ja/nej
}

villkor v
  lagrum "1 §"
  = b eller a

villkor w
  lagrum "2 §"
  = b

beslut
  bifall om v och w
  avslag annars
)");
  std::optional<CaseOutcome> decided = decideWhereAHolds(r);
  ASSERT_TRUE(decided);
  const CaseOutcome& o = *decided;
  EXPECT_EQ(o.outcome(), Outcome::Komplettering);
  ASSERT_EQ(o.missing().size(), 1u);
  EXPECT_EQ(o.missing()[0].path, "b");
  EXPECT_EQ(o.missing()[0].neededBy, (std::vector<std::string>{"w"}));
  EXPECT_EQ(o.reasons(), (std::vector<std::string>{"Uppgiften b saknas (behövs för w)."}));
}

// The same for an unknown figure: `v` looks p up but holds since a = ja; `w`, which reads p's
// memoised value after v, needs it.
TEST(Api, AnUnknownFigureIsNeededByTheRulesItLeftUnknown) {
  CompileResult r = compileSource("prov.regel", R"(regelverk Prov
  version "1"

indata {
  a: ja/nej
}

parameter p: belopp
  lagrum "1 §"
  gäller från 2020-01-01: okänd "Beloppet är inte känt."

villkor v
  lagrum "2 §"
  = p > 0 kr eller a

värde w: belopp
  lagrum "3 §"
  = p

beslut
  bifall med w om v
  avslag annars
)");
  DecideOptions opts;
  opts.date = "2023-01-01";
  std::optional<CaseOutcome> decided = decideWhereAHolds(r, opts);
  ASSERT_TRUE(decided);
  const CaseOutcome& o = *decided;
  EXPECT_EQ(o.outcome(), Outcome::ManuellProvning);
  ASSERT_EQ(o.unknown().size(), 1u);
  EXPECT_EQ(o.unknown()[0].parameter, "p");
  EXPECT_EQ(o.unknown()[0].neededBy, (std::vector<std::string>{"w"}));
}

TEST(Api, OutcomesAreReadThroughPublicTypesOnly) {
  auto rs = compiled();
  CaseOutcome decided = decideJson(*rs, R"({"id": "P1", "indata": {"månad": "2023-03",
      "vuxna": [{"lön": 0, "inskriven": true}], "hyra": 4000}})");
  ASSERT_TRUE(decided.decided());
  EXPECT_EQ(decided.decisionDate(), std::optional<std::string>("2023-03-01"));
  EXPECT_TRUE(decided.problems().empty());
  EXPECT_FALSE(decided.error().has_value());
  EXPECT_FALSE(decided.hasTrace());
  EXPECT_STREQ(outcomeName(decided.outcome()), "bifall");

  CaseOutcome incomplete = decideJson(*rs, R"({"månad": "2023-03", "vuxna": [{"inskriven": true}], "hyra": 1})");
  ASSERT_EQ(incomplete.missing().size(), 1u);
  EXPECT_EQ(incomplete.missing()[0].path, "vuxna[0].lön");
  EXPECT_EQ(incomplete.missing()[0].neededBy, (std::vector<std::string>{"inkomst"}));
  EXPECT_FALSE(incomplete.amountOre().has_value());

  // A run-time error points into the rules; a case problem into the JSON text.
  CaseOutcome late = decideJson(*rs, R"({"månad": "2024-02", "vuxna": [{"lön": 0, "inskriven": true}], "hyra": 1})");
  ASSERT_TRUE(late.error().has_value());
  EXPECT_EQ(late.error()->code, "R0503");
  EXPECT_EQ(late.error()->location.file, "stod.regel");
  EXPECT_EQ(late.error()->location.line, 16u);  // norm(antal(vuxna)) in `värde bistånd`
  CaseOutcome refused = decideJson(*rs, "{\"månad\": \"2023-03\",\n \"hyra\": \"mycket\"}");
  ASSERT_FALSE(refused.decided());
  const std::vector<Problem> problems = refused.problems();
  ASSERT_FALSE(problems.empty());
  EXPECT_EQ(problems[0].code, "R0603");
  EXPECT_EQ(problems[0].path, "hyra");
  EXPECT_EQ(problems[0].location.line, 2u);
  EXPECT_EQ(problems[0].location.column, 10u);
}

TEST(Api, RgbRoundTripDecidesIdentically) {
  auto rs = compiled();
  std::string bytes = rs->toRgb();
  LoadResult loaded = loadRgb(bytes, "stod.rgb");
  ASSERT_TRUE(loaded.ruleset) << loaded.message;
  EXPECT_EQ(loaded.ruleset->name(), "Stöd");
  EXPECT_EQ(loaded.ruleset->sourceHashes(), rs->sourceHashes());
  DecideOptions opts;
  opts.trace = true;
  const char* json = R"({"id": "R1", "månad": "2023-05", "vuxna": [{"lön": 200, "inskriven": true}], "hyra": 3000})";
  CaseOutcome a = decideJson(*rs, json, opts);
  CaseOutcome b = decideJson(*loaded.ruleset, json, opts);
  EXPECT_EQ(renderJson(*rs, a, "x"), renderJson(*loaded.ruleset, b, "x"));
  // A single changed byte is refused.
  bytes[bytes.size() / 2] ^= 0x20;
  LoadResult altered = loadRgb(bytes, "stod.rgb");
  EXPECT_FALSE(altered.ruleset);
  EXPECT_EQ(altered.code.substr(0, 3), "R07");
}

TEST(Api, StickprovIsReproducibleAndOnlyForItsOutcome) {
  auto rs = compiled();
  int selected = 0;
  for (int i = 0; i < 200; ++i) {
    std::string json = R"({"id": "S)" + std::to_string(i) +
                       R"(", "indata": {"månad": "2023-03", "vuxna": [{"lön": 0, "inskriven": true}], "hyra": 100}})";
    CaseOutcome first = decideJson(*rs, json);
    CaseOutcome again = decideJson(*rs, json);
    EXPECT_EQ(first.stickprov(), again.stickprov());
    selected += first.stickprov();
  }
  // 50 % of 200 bifall: a keyed hash lands near half; the bound is loose but not vacuous.
  EXPECT_GT(selected, 60);
  EXPECT_LT(selected, 140);
  CaseOutcome rejected = decideJson(*rs, R"({"id": "S1", "indata": {"månad": "2023-03", "vuxna": [{"inskriven": false}]}})");
  EXPECT_FALSE(rejected.stickprov());
}

// A decision that ends tolerantly (a fact is missing) still gets its texts: a text part is tried
// in the fast mode first. That attempt must not memoise as poisoned a rule the tolerant run would
// compute: here `v = u eller t` holds whatever `u` is, because `t` does, on the VM and in native
// code alike.
TEST(Api, TextsAfterATolerantRunKeepKleenesLogic) {
  CompileResult r = compileSource("kleene.regel", R"(regelverk Kleene
  version "1"
indata { a: ja/nej, t: ja/nej, n: heltal }
villkor u lagrum "1 §" = a
villkor v lagrum "2 §" = u eller t
värde x: heltal lagrum "3 §" = n
  motivering "u är {u}, v är {v}."
villkor behövs lagrum "4 §" = a
beslut
  bifall om x > 0 och behövs
  avslag annars
)");
  ASSERT_TRUE(r.ruleset) << r.rendered;
  std::vector<std::shared_ptr<const Ruleset>> backends{r.ruleset};
  if (jitAvailable()) {
    NativeResult native = compileNative(*r.ruleset);
    ASSERT_TRUE(native.ruleset) << native.message;
    backends.push_back(native.ruleset);
  }
  DecideOptions traced;
  traced.trace = true;
  for (const auto& rs : backends) {
    CaseOutcome o = decideJson(*rs, R"({"t": true, "n": 3})", traced);
    ASSERT_EQ(o.outcome(), Outcome::Komplettering);
    const std::string text = renderText(*rs, o, "ärende", true);
    EXPECT_NE(text.find("motivering: u är …, v är ja."), std::string::npos) << text;
  }
}

TEST(Api, TraceNamesRuleLagrumVersionAndJustification) {
  auto rs = compiled();
  DecideOptions opts;
  opts.trace = true;
  CaseOutcome o = decideJson(*rs, R"({"månad": "2023-03", "vuxna": [{"lön": 500, "inskriven": true}], "hyra": 4000})", opts);
  ASSERT_TRUE(o.decided());
  const rt::ExplainedTrace trace = rt::explainTrace(rs->program(), o.internal().decision, o.internal().data);
  const auto& nodes = trace.nodes;
  auto find = [&](const std::string& name) {
    return std::find_if(nodes.begin(), nodes.end(), [&](const rt::ExplainedNode& n) { return n.name == name; });
  };
  auto bistand = find("bistånd");
  ASSERT_NE(bistand, nodes.end());
  EXPECT_EQ(bistand->valueText, "6 990 kr");
  EXPECT_EQ(bistand->lagrum, std::vector<std::string>{"4 kap. 1 § SoL"});
  EXPECT_EQ(bistand->justification, "Normen och kostnaderna minus inkomsten 500 kr ger 6 990 kr.");
  EXPECT_EQ(bistand->span.line, 15u);  // `värde bistånd` is on line 15
  auto norm = find("norm");
  ASSERT_NE(norm, nodes.end());
  EXPECT_EQ(norm->period, "2023-01-01 – 2023-12-31");
  EXPECT_EQ(norm->source, "Riksnormen 2023");
  EXPECT_EQ(norm->rowText, "1");
}

TEST(Api, UnreadableFilesAreDiagnostics) {
  CompileResult r = compileFile("finns/inte.regel");
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].code, "R0000");
  EXPECT_FALSE(r.ruleset);
  LoadResult l = loadRgbFile("finns/inte.rgb");
  EXPECT_FALSE(l.ruleset);
  EXPECT_EQ(l.code, "R0701");
  EXPECT_EQ(l.message, "filen finns/inte.rgb kan inte läsas: filen eller katalogen finns inte");
}

TEST(Api, ExamplesReportMismatchesAndCoverage) {
  std::string text = std::string(kRules) + R"(
exempel "Rätt"
  indata { månad: 2023-03, vuxna: [{ lön: 0 kr, inskriven: ja }], hyra: 1 000 kr }
  förväntat beslut bifall med 4 490 kr
exempel "Fel belopp"
  indata { månad: 2023-03, vuxna: [{ lön: 0 kr, inskriven: ja }], hyra: 1 000 kr }
  förväntat beslut bifall med 4 491 kr
exempel "Inget år"
  datum 2022-06-01
  indata { månad: 2022-06, vuxna: [{ lön: 0 kr, inskriven: ja }], hyra: 1 000 kr }
  förväntat fel "R0503"
exempel "Komplettering"
  indata { månad: 2023-03, vuxna: [{ inskriven: ja }] }
  förväntat beslut komplettering
  förväntat saknas "hyra"
  förväntat saknas "vuxna[0].lön"
exempel "Fel uppgifter och skäl"
  indata { månad: 2023-03, vuxna: [{ inskriven: nej }] }
  förväntat beslut avslag
  förväntat saknas "hyra"
  förväntat skäl "Alla är inskrivna."
)";
  std::string path = std::string(REGEL_BINARY_DIR) + "/api_examples.regel";
  FILE* f = std::fopen(path.c_str(), "wb");
  ASSERT_TRUE(f);
  std::fwrite(text.data(), 1, text.size(), f);
  std::fclose(f);
  ExampleReport r = runExamples(path);
  ASSERT_EQ(r.compile.errors, 0u) << r.compile.rendered;
  EXPECT_EQ(r.passed, 3u);
  EXPECT_EQ(r.failed, 2u);
  ASSERT_EQ(r.results[1].mismatches.size(), 1u);
  EXPECT_EQ(r.results[1].mismatches[0], "belopp: förväntat 4 491 kr, fick 4 490 kr");
  ASSERT_EQ(r.results[4].mismatches.size(), 2u);
  EXPECT_EQ(r.results[4].mismatches[0], "saknade uppgifter: förväntat hyra, fick inga");
  EXPECT_EQ(r.results[4].mismatches[1], "skäl: förväntat \"Alla är inskrivna.\" bland skälen");
  // Rows 2 and `annars` of `norm` and the last branch are never exercised.
  EXPECT_LT(r.coverage.covered(), r.coverage.total());
  EXPECT_EQ(r.coverage.covered(CoverageItem::Kind::Branch), 2u);
}

}  // namespace
