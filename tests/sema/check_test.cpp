// Checker unit tests: the IR it produces for well-typed rules (types, conversions, versions,
// exceptions, citations) and the diagnostics' codes and exact positions for ill-typed ones.
#include <gtest/gtest.h>

#include "compiler/sema/check.h"
#include "compiler/sema/context.h"
#include "compiler/syntax/parse.h"

namespace {

using namespace regel;

struct Checked {
  diag::SourceSet sources;
  diag::DiagnosticSink sink;
  ir::Module module;
};

std::unique_ptr<Checked> check(const std::string& body) {
  auto c = std::make_unique<Checked>();
  std::string text = "regelverk T version \"1\"\n" + body;
  uint32_t id = c->sources.add("t.regel", text);
  std::vector<syntax::Ast> asts;
  asts.push_back(syntax::parseFile(c->sources, id, c->sink));
  if (!c->sink.hasErrors()) c->module = sema::checkRuleset(asts, c->sources, c->sink);
  return c;
}

const ir::Rule& rule(const ir::Module& m, const std::string& name) {
  for (const auto& r : m.rules) {
    if (r.name == name) return r;
  }
  throw std::runtime_error("no rule " + name);
}

std::vector<std::string> codes(const Checked& c) {
  std::vector<std::string> out;
  for (const auto& d : c.sink.all()) out.emplace_back(diag::codeOf(d.kind));
  return out;
}

const std::string kDecision = "beslut\n  bifall med x om x > 0 kr\n  avslag annars\n";

TEST(Check, InfersTypesOfUndeclaredDefinitions) {
  auto c = check("indata { a: belopp, n: heltal }\nvärde m = a * n\nvärde t = n / 2\n"
                 "värde x: belopp lagrum \"1 §\" = m + (t * a) avrundat nedåt till hela kronor\n" + kDecision);
  ASSERT_FALSE(c->sink.hasErrors()) << codes(*c).size();
  const auto& types = c->module.types;
  EXPECT_EQ(types.nameOf(rule(c->module, "m").type), "belopp");
  EXPECT_EQ(types.nameOf(rule(c->module, "t").type), "tal");
  EXPECT_EQ(types.nameOf(rule(c->module, "x").type), "belopp");
}

TEST(Check, PercentOfMoneyIsUnroundedUntilRounded) {
  auto bad = check("indata { a: belopp }\nvärde x: belopp lagrum \"1 §\" = 25 % av a\n" + kDecision);
  ASSERT_EQ(codes(*bad), std::vector<std::string>{"R0203"});
  const auto& d = bad->sink.all()[0];
  // The span covers the whole expression `25 % av a`.
  std::string text = bad->sources.file(0).text.substr(d.span.begin, d.span.end - d.span.begin);
  EXPECT_EQ(text, "25 % av a");
  auto good = check("indata { a: belopp }\nvärde x: belopp lagrum \"1 §\" = (25 % av a) avrundat nedåt till hela öre\n" + kDecision);
  EXPECT_FALSE(good->sink.hasErrors());
  const ir::Expr& e = good->module.exprs[rule(good->module, "x").versions[0].value];
  EXPECT_EQ(e.op, ir::ExprOp::Round);
  EXPECT_EQ(e.imm, 1u);  // whole öre
  EXPECT_EQ(e.sub, static_cast<uint8_t>(rt::RoundDirection::Down));
}

TEST(Check, MoneyAndIntegerDoNotMix) {
  auto c = check("indata { a: belopp, n: heltal }\nvärde x: belopp lagrum \"1 §\" = a + n\n" + kDecision);
  EXPECT_EQ(codes(*c), std::vector<std::string>{"R0202"});
  EXPECT_EQ(diag::messageOf(c->sink.all()[0]), "'+' kan inte användas på belopp och heltal");
}

TEST(Check, UnknownNameSuggestsTheClosest) {
  auto c = check("indata { bostadskostnad: belopp }\nvärde x: belopp lagrum \"1 §\" = bostadskostand\n" + kDecision);
  // The misspelt use leaves the field unused, but that waits until the error is fixed.
  ASSERT_EQ(codes(*c), (std::vector<std::string>{"R0101"}));
  EXPECT_EQ(c->sink.all()[0].suggestion, "bostadskostnad");
  auto lc = c->sources.file(0).position(c->sink.all()[0].span.begin);
  EXPECT_EQ(lc.line, 3u);
  EXPECT_EQ(lc.column, 32u);
}

// Each suggestion compares with every name: past the limit a file of misspellings would cost
// errors × names, so the later errors get none.
TEST(Check, SuggestionsStopAfterTheFirstHundredErrors) {
  std::string body = "indata { bostadskostnad: belopp }\nvärde x: belopp lagrum \"1 §\" = bostadskostnad\n";
  for (int i = 0; i < 150; ++i) body += "värde y" + std::to_string(i) + ": belopp = bostadskostand\n";
  auto c = check(body + kDecision);
  const auto& all = c->sink.all();
  ASSERT_EQ(c->sink.errorCount(), 150u);
  size_t suggested = 0;
  for (const auto& d : all) suggested += d.suggestion == "bostadskostnad";
  EXPECT_EQ(suggested, sema::Context::kMaxSuggestedErrors);
  EXPECT_EQ(all.front().suggestion, "bostadskostnad");
  EXPECT_EQ(all.back().suggestion, "");
}

// A name of a megabyte is quoted cut in the message, and is too long to be anyone's typo.
TEST(Check, AHugeUnknownNameIsQuotedCut) {
  std::string huge(1 << 20, 'a');
  auto c = check("indata { a: belopp }\nvärde x: belopp lagrum \"1 §\" = " + huge + "\n" + kDecision);
  ASSERT_EQ(codes(*c), (std::vector<std::string>{"R0101"}));
  std::string message = diag::messageOf(c->sink.all()[0]);
  EXPECT_EQ(message, "okänt namn '" + std::string(120, 'a') + "…'");
  EXPECT_EQ(c->sink.all()[0].suggestion, "");
  EXPECT_LT(diag::render(c->sink.all()[0], c->sources).size(), 1000u);
}

TEST(Check, CycleIsShownWithItsPath) {
  auto c = check("indata { a: belopp }\nvärde p: belopp lagrum \"1 §\" = a + q\nvärde q: belopp lagrum \"2 §\" = p - a\n"
                 "värde x: belopp lagrum \"3 §\" = p\n" + kDecision);
  ASSERT_EQ(codes(*c), std::vector<std::string>{"R0301"});
  EXPECT_EQ(diag::messageOf(c->sink.all()[0]), "definitionerna beror på varandra i en cykel: p → q → p");
}

TEST(Check, ATextMayNameALaterValueWithoutACycle) {
  // `bistånd`'s text names `utbetalning`, which is computed from `bistånd`: no cycle, no warning.
  auto c = check("indata { a: belopp }\n"
                 "värde bistånd: belopp lagrum \"1 §\" = a motivering \"Utbetalas: {utbetalning}.\"\n"
                 "värde utbetalning: belopp lagrum \"2 §\" = bistånd + 1 kr\n"
                 "beslut\n  bifall med bistånd om bistånd > 0 kr\n  avslag annars\n");
  EXPECT_TRUE(codes(*c).empty());
}

TEST(Check, ExceptionsSeeTheBaseValueAndPriorities) {
  auto c = check("indata { a: belopp, n: heltal }\n"
                 "värde x: belopp lagrum \"1 §\" = a\n"
                 "  undantag liten om n > 1: = x + 1 kr\n"
                 "  undantag stor till liten om n > 5: = x + 2 kr\n" + kDecision);
  ASSERT_FALSE(c->sink.hasErrors());
  const auto& v = rule(c->module, "x").versions[0];
  ASSERT_EQ(v.exceptions.size(), 2u);
  EXPECT_EQ(v.exceptions[1].overrides, std::vector<uint32_t>{0});
  const ir::Expr& add = c->module.exprs[v.exceptions[0].value];
  EXPECT_EQ(c->module.exprs[add.a].op, ir::ExprOp::Base);
  // Ordered by `till`, the overlapping conditions are not a conflict.
  EXPECT_TRUE(codes(*c).empty());
}

TEST(Check, OverlappingExceptionsWithoutPriorityWarn) {
  auto c = check("indata { a: belopp, n: heltal }\n"
                 "värde x: belopp lagrum \"1 §\" = a\n"
                 "  undantag liten om n > 1 och n < 10: = a + 1 kr\n"
                 "  undantag stor om n >= 9: = a + 2 kr\n"
                 "  undantag ingen om n < 0: = a + 3 kr\n" + kDecision);
  // liten/stor overlap at n = 9; ingen overlaps neither.
  EXPECT_EQ(codes(*c), std::vector<std::string>{"R0302"});
  EXPECT_FALSE(c->sink.hasErrors());
}

TEST(Check, DatedVersionsAreSortedAndMustNotOverlap) {
  auto c = check("indata { a: belopp }\n"
                 "värde x: belopp\n"
                 "  gäller från 2025-07-01 lagrum \"12 kap. 1 § SoL (2025:400)\" = a\n"
                 "  gäller från 2013-01-01 till 2025-06-30 lagrum \"4 kap. 1 § SoL\" = a + 1 kr\n" + kDecision);
  ASSERT_FALSE(c->sink.hasErrors());
  const auto& r = rule(c->module, "x");
  ASSERT_EQ(r.versions.size(), 2u);
  EXPECT_EQ(rt::formatDate(*r.versions[0].from), "2013-01-01");
  EXPECT_EQ(r.versions[1].lagrum, std::vector<std::string>{"12 kap. 1 § SoL (2025:400)"});
  auto bad = check("indata { a: belopp }\nvärde x: belopp\n"
                   "  gäller från 2013-01-01 lagrum \"1 §\" = a\n"
                   "  gäller från 2025-07-01 lagrum \"2 §\" = a\n" + kDecision);
  EXPECT_EQ(codes(*bad), std::vector<std::string>{"R0303"});
}

TEST(Check, BranchesCiteTheConditionsTheyName) {
  auto c = check("indata { a: belopp, ok: ja/nej }\n"
                 "villkor v lagrum \"1 §\" = ok uppfyllt \"Ja.\" ej uppfyllt \"Nej.\"\n"
                 "värde x: belopp lagrum \"2 §\" = a\n"
                 "beslut\n  avslag om inte v\n  bifall med x om x > 0 kr\n  avslag annars\n");
  ASSERT_FALSE(c->sink.hasErrors());
  ASSERT_EQ(c->module.decision.size(), 3u);
  ASSERT_EQ(c->module.decision[0].cited.size(), 1u);
  EXPECT_EQ(c->module.rules[c->module.decision[0].cited[0].rule].name, "v");
}

TEST(Check, TemplatesResolveNames) {
  auto c = check("indata { a: belopp }\nvärde x: belopp lagrum \"1 §\" = a motivering \"Beloppet {x} av {a}.\"\n" + kDecision);
  ASSERT_FALSE(c->sink.hasErrors());
  const auto& t = rule(c->module, "x").versions[0].justification;
  ASSERT_EQ(t.parts.size(), 5u);
  EXPECT_EQ(t.parts[0].text, "Beloppet ");
  EXPECT_EQ(c->module.exprs[t.parts[1].expr].op, ir::ExprOp::Rule);
  EXPECT_EQ(c->module.exprs[t.parts[3].expr].op, ir::ExprOp::Input);
  auto bad = check("indata { a: belopp }\nvärde x: belopp lagrum \"1 §\" = a motivering \"Beloppet {y}.\"\n" + kDecision);
  ASSERT_EQ(codes(*bad), std::vector<std::string>{"R0112"});
  std::string text = bad->sources.file(0).text;
  const auto& span = bad->sink.all()[0].span;
  EXPECT_EQ(text.substr(span.begin, span.end - span.begin), "y");
}

// An example's input is a case: its records' fields together have the same bound (kMaxCaseSlots).
TEST(Check, AnExampleWhoseRecordsPassTheCaseBoundIsRefusedOnce) {
  std::string fields;
  for (int i = 0; i < 1000; ++i) fields += " f" + std::to_string(i) + ": heltal\n";
  std::string many;
  for (int i = 0; i < 4195; ++i) many += i ? ", {}" : "{}";
  auto c = check("post B {\n" + fields + "}\nindata { a: belopp, breda: lista av B }\n"
                 "värde x: belopp lagrum \"1 §\" = a\n" + kDecision +
                 "exempel \"E\" indata { a: 100 kr, breda: [" + many + "] }\n  förväntat beslut bifall med 100 kr\n");
  // R0401: no rule reads `breda` (the example only has to be read).
  ASSERT_EQ(codes(*c), (std::vector<std::string>{"R0401", "R0318"}));
  EXPECT_EQ(diag::messageOf(c->sink.all()[1]),
            "regelverket kan inte kompileras: exemplets indata har för många poster: deras fält blir "
            "tillsammans fler än 4 194 304");
}

TEST(Check, ExamplesBecomeCases) {
  auto c = check("post V { ålder: heltal }\nindata { a: belopp, vuxna: lista av V }\n"
                 "värde x: belopp lagrum \"1 §\" = a\n" + kDecision +
                 "exempel \"E\" indata { a: 6 000,50 kr, vuxna: [{ ålder: 30 }, {}] }\n"
                 "  förväntat beslut bifall med 6 000,50 kr\n  förväntat x = 6 000,50 kr\n");
  ASSERT_FALSE(c->sink.hasErrors());
  ASSERT_EQ(c->module.examples.size(), 1u);
  const auto& ex = c->module.examples[0];
  EXPECT_EQ(ex.amount.ore, 600050);
  ASSERT_EQ(ex.input.records.size(), 3u);
  EXPECT_EQ(ex.input.field(0, 0).a, 600050);
  EXPECT_EQ(ex.input.path(1), "vuxna[0]");
  EXPECT_FALSE(ex.input.has(2, 0));  // the second adult gives no age
  ASSERT_EQ(ex.values.size(), 1u);
}

}  // namespace
