// Declarations: the sample ruleset from the language description, and each declaration form.
#include "syntax_test_util.h"

namespace regel::syntax::testing {
namespace {

const char* const kSample = R"regel(regelverk Försörjningsstöd
  version "2023.1"
  lagrum "4 kap. 1 § socialtjänstlagen (2001:453)"
  beslutsdatum månad

post Vuxen { ålder: heltal, nettoinkomst: belopp, inskriven: ja/nej, hinder: valfri ja/nej }
uppräkning Boendeform { hyresrätt, bostadsrätt, villa }
indata { månad: månad, vuxna: lista av Vuxen, boende: belopp, tillgångar: belopp }

parameter norm_vuxna(antal: heltal): belopp
  lagrum "2 kap. 1 § socialtjänstförordningen (2001:937)"
  gäller från 2023-01-01 till 2023-12-31 källa "Riksnormen 2023":
    tabell
      1: 3 490 kr
      2: 6 300 kr
      annars: okänd "Fler än två vuxna anges inte i riksnormen."
parameter buffert: belopp
  gäller från 2013-01-01: 10 000 kr

värde antal_vuxna: heltal = antal(vuxna)
värde inkomst: belopp
  lagrum "4 kap. 3 § SoL"
  = summa(v.nettoinkomst för varje v i vuxna)
  motivering "Hushållets inkomst är {inkomst}."
  undantag jobbstimulans om antal_vuxna > 1:
    lagrum "4 kap. 1 b § SoL"
    = inkomst - (25 % av summa(v.nettoinkomst för varje v i vuxna)) avrundat nedåt till hela kronor
villkor arbetsvillkor
  lagrum "4 kap. 1 § andra stycket SoL"
  = alla(v i vuxna uppfyller v.inskriven eller v.hinder)
  uppfyllt "Alla står till arbetsmarknadens förfogande."
  ej uppfyllt "Någon vuxen står inte till arbetsmarknadens förfogande."
värde bistånd: belopp = max(0 kr, norm_vuxna(antal_vuxna) + boende - inkomst)
beslut
  avslag om inte arbetsvillkor
  manuell prövning om boende > 8 000 kr skäl "Boendekostnaden behöver prövas."
  bifall med bistånd om bistånd > 0 kr
  avslag annars skäl "Inkomsterna täcker behovet."
stickprov 5 % av bifall
exempel "Ensamstående"
  indata { månad: 2023-03, vuxna: [{ ålder: 30, nettoinkomst: 0 kr, inskriven: ja }], boende: 4 000 kr, tillgångar: 0 kr }
  förväntat beslut bifall med 7 490 kr
  förväntat inkomst = 0 kr
)regel";

// The byte offset of the n-th occurrence (0-based) of `needle` in kSample.
uint32_t at(std::string_view needle, int n = 0) {
  std::string_view s(kSample);
  size_t pos = s.find(needle);
  while (n-- > 0 && pos != std::string_view::npos) pos = s.find(needle, pos + 1);
  EXPECT_NE(pos, std::string_view::npos) << needle;
  return static_cast<uint32_t>(pos);
}

rt::Date date(int y, int m, int d) { return *rt::makeDate(y, m, d); }

class Sample : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { parsed_ = parse(kSample).release(); }
  static void TearDownTestSuite() { delete parsed_; }
  const Ast& ast() const { return parsed_->ast; }
  static Parsed* parsed_;
};
Parsed* Sample::parsed_ = nullptr;

TEST_F(Sample, ParsesWithoutDiagnostics) {
  EXPECT_EQ(parsed_->codes(), "") << parsed_->rendered();
  EXPECT_EQ(ast().file, 0u);
}

TEST_F(Sample, Header) {
  const Header& h = ast().header;
  EXPECT_TRUE(h.present);
  EXPECT_EQ(h.name.text, "Försörjningsstöd");
  EXPECT_EQ(h.name.span.begin, 10u);
  EXPECT_EQ(h.name.span.end, 10u + 19);  // ö, ö, ö: three two-byte letters
  EXPECT_EQ(h.version.text, "2023.1");
  EXPECT_EQ(h.version.span.begin, at("\"2023.1\""));
  ASSERT_EQ(h.lagrum.size(), 1u);
  EXPECT_EQ(h.lagrum[0].text, "4 kap. 1 § socialtjänstlagen (2001:453)");
  EXPECT_EQ(h.decisionDate.text, "månad");
  EXPECT_EQ(h.decisionDate.span.begin, at("månad"));
  EXPECT_EQ(h.span.begin, 0u);
  EXPECT_EQ(h.span.end, at("månad") + 6);
}

TEST_F(Sample, RecordEnumAndInput) {
  ASSERT_EQ(ast().records.size(), 1u);
  const RecordDecl& r = ast().records[0];
  EXPECT_EQ(r.name, "Vuxen");
  EXPECT_EQ(r.nameSpan.begin, at("Vuxen"));
  ASSERT_EQ(r.fields.size(), 4u);
  EXPECT_EQ(r.fields[0].name, "ålder");
  EXPECT_EQ(r.fields[0].nameSpan.begin, at("ålder"));
  EXPECT_EQ(r.fields[0].nameSpan.end, at("ålder") + 6);
  EXPECT_EQ(r.fields[0].type.kind, TypeRefKind::Named);
  EXPECT_EQ(r.fields[0].type.name, "heltal");
  EXPECT_EQ(r.fields[2].type.kind, TypeRefKind::Bool);
  const TypeRef& hinder = r.fields[3].type;
  EXPECT_EQ(hinder.kind, TypeRefKind::Optional);
  ASSERT_EQ(hinder.inner.size(), 1u);
  EXPECT_EQ(hinder.inner[0].kind, TypeRefKind::Bool);
  EXPECT_EQ(hinder.span.begin, at("valfri"));

  ASSERT_EQ(ast().enums.size(), 1u);
  const EnumDecl& e = ast().enums[0];
  EXPECT_EQ(e.name, "Boendeform");
  ASSERT_EQ(e.values.size(), 3u);
  EXPECT_EQ(e.values[0].text, "hyresrätt");
  EXPECT_EQ(e.values[0].span.begin, at("hyresrätt"));
  EXPECT_EQ(e.values[2].text, "villa");

  ASSERT_EQ(ast().inputs.size(), 1u);
  const InputDecl& in = ast().inputs[0];
  EXPECT_EQ(in.name, "");
  ASSERT_EQ(in.fields.size(), 4u);
  EXPECT_EQ(in.fields[1].name, "vuxna");
  EXPECT_EQ(in.fields[1].type.kind, TypeRefKind::List);
  EXPECT_EQ(in.fields[1].type.inner[0].name, "Vuxen");
}

TEST_F(Sample, TableParameter) {
  ASSERT_EQ(ast().parameters.size(), 2u);
  const ParameterDecl& p = ast().parameters[0];
  EXPECT_EQ(p.name, "norm_vuxna");
  ASSERT_EQ(p.args.size(), 1u);
  EXPECT_EQ(p.args[0].name, "antal");  // a keyword elsewhere, a name here
  EXPECT_EQ(p.args[0].type.name, "heltal");
  EXPECT_EQ(p.type.name, "belopp");
  ASSERT_EQ(p.meta.lagrum.size(), 1u);
  ASSERT_EQ(p.versions.size(), 1u);
  const ParamVersion& v = p.versions[0];
  EXPECT_EQ(v.period.from, date(2023, 1, 1));
  EXPECT_EQ(v.period.to, date(2023, 12, 31));
  EXPECT_EQ(v.period.span.begin, at("gäller från 2023-01-01"));
  ASSERT_EQ(v.meta.sources.size(), 1u);
  EXPECT_EQ(v.meta.sources[0].text, "Riksnormen 2023");
  ASSERT_TRUE(v.isTable);
  ASSERT_EQ(v.rows.size(), 3u);
  ASSERT_EQ(v.rows[0].keys.size(), 1u);
  EXPECT_EQ(v.rows[0].keys[0].kind, KeyKind::Exact);
  EXPECT_EQ(v.rows[0].keys[0].lo.kind, LiteralKind::Integer);
  EXPECT_EQ(v.rows[0].keys[0].lo.number, rt::fromInt(1));
  const Expr& cell = ast().expr(v.rows[0].cell.value);
  EXPECT_EQ(cell.lit.money, rt::Money{349000});
  EXPECT_EQ(cell.span.begin, at("3 490 kr"));
  EXPECT_TRUE(v.rows[2].otherwise);
  EXPECT_TRUE(v.rows[2].cell.unknown);
  EXPECT_EQ(v.rows[2].cell.unknownReason.text, "Fler än två vuxna anges inte i riksnormen.");

  const ParameterDecl& buffert = ast().parameters[1];
  ASSERT_EQ(buffert.versions.size(), 1u);
  EXPECT_FALSE(buffert.versions[0].isTable);
  EXPECT_FALSE(buffert.versions[0].period.to.has_value());
  EXPECT_EQ(ast().expr(buffert.versions[0].constant.value).lit.money, rt::Money{1000000});
}

TEST_F(Sample, DefinitionsWithExceptionAndTexts) {
  ASSERT_EQ(ast().definitions.size(), 4u);
  const DefinitionDecl& inkomst = ast().definitions[1];
  EXPECT_FALSE(inkomst.isCondition);
  EXPECT_EQ(inkomst.name, "inkomst");
  ASSERT_TRUE(inkomst.type.has_value());
  EXPECT_EQ(inkomst.type->name, "belopp");
  ASSERT_EQ(inkomst.versions.size(), 1u);
  const RuleBody& body = inkomst.versions[0];
  EXPECT_FALSE(body.period.has_value());
  EXPECT_EQ(body.meta.lagrum[0].text, "4 kap. 3 § SoL");
  EXPECT_EQ(shape(ast(), body.value), "(summa (. v nettoinkomst) v vuxna _)");
  ASSERT_EQ(body.texts.size(), 1u);
  EXPECT_EQ(body.texts[0].kind, TextKind::Justification);
  EXPECT_EQ(body.texts[0].text.text, "Hushållets inkomst är {inkomst}.");
  ASSERT_EQ(body.exceptions.size(), 1u);
  const ExceptionClause& ex = body.exceptions[0];
  EXPECT_EQ(ex.name, "jobbstimulans");
  EXPECT_EQ(ex.nameSpan.begin, at("jobbstimulans"));
  EXPECT_EQ(ex.overrides, "");
  EXPECT_EQ(shape(ast(), ex.condition), "(> antal_vuxna 1)");
  EXPECT_EQ(ex.meta.lagrum[0].text, "4 kap. 1 b § SoL");
  EXPECT_EQ(shape(ast(), ex.value),
            "(avrundat nedåt kronor (- inkomst (av 25 % (summa (. v nettoinkomst) v vuxna _))))");

  const DefinitionDecl& villkor = ast().definitions[2];
  EXPECT_TRUE(villkor.isCondition);
  EXPECT_FALSE(villkor.type.has_value());
  const RuleBody& vb = villkor.versions[0];
  ASSERT_EQ(vb.texts.size(), 2u);
  EXPECT_EQ(vb.texts[0].kind, TextKind::Holds);
  EXPECT_EQ(vb.texts[1].kind, TextKind::Fails);
  EXPECT_EQ(vb.texts[1].text.span.begin, at("\"Någon vuxen"));
}

TEST_F(Sample, Decision) {
  ASSERT_EQ(ast().decisions.size(), 1u);
  const auto& b = ast().decisions[0].branches;
  ASSERT_EQ(b.size(), 4u);
  EXPECT_EQ(b[0].outcome, Outcome::Avslag);
  EXPECT_EQ(shape(ast(), b[0].condition), "(inte arbetsvillkor)");
  EXPECT_EQ(b[1].outcome, Outcome::ManuellProvning);
  EXPECT_EQ(b[1].outcomeSpan.begin, at("manuell"));
  EXPECT_EQ(b[1].outcomeSpan.end, at("manuell") + 17);  // "manuell prövning"
  ASSERT_EQ(b[1].reasons.size(), 1u);
  EXPECT_EQ(b[1].reasons[0].text, "Boendekostnaden behöver prövas.");
  EXPECT_EQ(b[2].outcome, Outcome::Bifall);
  EXPECT_EQ(shape(ast(), b[2].amount), "bistånd");
  EXPECT_EQ(shape(ast(), b[2].condition), "(> bistånd 0 kr)");
  EXPECT_TRUE(b[3].otherwise);
  EXPECT_EQ(b[3].condition, kNoExpr);
  EXPECT_EQ(b[3].amount, kNoExpr);

  ASSERT_EQ(ast().stickprov.size(), 1u);
  EXPECT_EQ(ast().stickprov[0].rate, (rt::Rational{1, 20}));
  EXPECT_EQ(ast().stickprov[0].outcome, Outcome::Bifall);
}

TEST_F(Sample, Example) {
  ASSERT_EQ(ast().examples.size(), 1u);
  const ExampleDecl& e = ast().examples[0];
  EXPECT_EQ(e.title.text, "Ensamstående");
  EXPECT_FALSE(e.date.has_value());
  EXPECT_EQ(e.input.kind, DataKind::Object);
  ASSERT_EQ(e.input.fields.size(), 4u);
  EXPECT_EQ(e.input.fields[0].name, "månad");
  EXPECT_EQ(e.input.fields[0].value.lit.kind, LiteralKind::Month);
  EXPECT_EQ(e.input.fields[0].value.lit.month, *rt::makeMonth(2023, 3));
  const DataValue& vuxna = e.input.fields[1].value;
  ASSERT_EQ(vuxna.kind, DataKind::List);
  ASSERT_EQ(vuxna.items.size(), 1u);
  const DataValue& vuxen = vuxna.items[0];
  ASSERT_EQ(vuxen.fields.size(), 3u);
  EXPECT_EQ(vuxen.fields[0].name, "ålder");
  EXPECT_EQ(vuxen.fields[0].nameSpan.begin, at("ålder", 1));
  EXPECT_EQ(vuxen.fields[2].value.lit.kind, LiteralKind::Bool);
  EXPECT_TRUE(vuxen.fields[2].value.lit.boolean);
  ASSERT_EQ(e.expectations.size(), 2u);
  EXPECT_EQ(e.expectations[0].kind, ExpectationKind::Decision);
  ASSERT_TRUE(e.expectations[0].amount.has_value());
  EXPECT_EQ(e.expectations[0].amount->lit.money, rt::Money{749000});
  EXPECT_EQ(e.expectations[1].kind, ExpectationKind::Value);
  EXPECT_EQ(e.expectations[1].name, "inkomst");
  EXPECT_EQ(e.expectations[1].value.lit.money, rt::Money{0});
}

TEST(Declarations, VersionedDefinition) {
  auto p = parse(
      "regelverk T\n"
      "värde gräns: belopp\n"
      "  gäller från 2023-01-01 till 2023-06-30 lagrum \"a\" = 1 kr\n"
      "  gäller från 2023-07-01 = 2 kr motivering \"b\"\n");
  ASSERT_EQ(p->codes(), "") << p->rendered();
  const DefinitionDecl& d = p->ast.definitions.at(0);
  ASSERT_EQ(d.versions.size(), 2u);
  ASSERT_TRUE(d.versions[0].period.has_value());
  EXPECT_EQ(d.versions[0].period->from, date(2023, 1, 1));
  EXPECT_EQ(d.versions[0].period->to, date(2023, 6, 30));
  EXPECT_EQ(d.versions[0].meta.lagrum.at(0).text, "a");
  EXPECT_EQ(shape(p->ast, d.versions[1].value), "2 kr");
  EXPECT_FALSE(d.versions[1].period->to.has_value());
  EXPECT_EQ(d.versions[1].texts.at(0).text.text, "b");
  EXPECT_EQ(d.versions[1].span.begin, 97u);  // the second `gäller`
}

TEST(Declarations, TableKeysOfEveryKind) {
  auto p = parse(
      "regelverk T\n"
      "parameter p(n: heltal, b: Boendeform, d: datum, t: tal): belopp\n"
      "  gäller från 2023-01-01:\n"
      "    tabell\n"
      "      1 till 3, villa, 2023-01-01, 0,5: 1 kr\n"
      "      från 4, hyresrätt, från 2024-01-01, 1: 2 kr\n"
      "      annars: 3 kr\n");
  ASSERT_EQ(p->codes(), "") << p->rendered();
  const ParameterDecl& param = p->ast.parameters.at(0);
  ASSERT_EQ(param.args.size(), 4u);
  EXPECT_EQ(param.args[2].type.name, "datum");
  EXPECT_EQ(param.args[3].type.name, "tal");
  const auto& rows = param.versions.at(0).rows;
  ASSERT_EQ(rows.size(), 3u);
  ASSERT_EQ(rows[0].keys.size(), 4u);
  EXPECT_EQ(rows[0].keys[0].kind, KeyKind::Range);
  EXPECT_EQ(rows[0].keys[0].lo.number, rt::fromInt(1));
  EXPECT_EQ(rows[0].keys[0].hi.number, rt::fromInt(3));
  EXPECT_EQ(rows[0].keys[1].kind, KeyKind::EnumValue);
  EXPECT_EQ(rows[0].keys[1].enumValue, "villa");
  EXPECT_EQ(rows[0].keys[2].lo.date, date(2023, 1, 1));
  EXPECT_EQ(rows[0].keys[3].lo.kind, LiteralKind::Decimal);
  EXPECT_EQ(rows[0].keys[3].lo.number, (rt::Rational{1, 2}));
  EXPECT_EQ(rows[1].keys[0].kind, KeyKind::AtLeast);
  EXPECT_EQ(rows[1].keys[2].kind, KeyKind::AtLeast);
  EXPECT_TRUE(rows[2].otherwise);
  EXPECT_TRUE(rows[2].keys.empty());
}

TEST(Declarations, ExceptionOverridingAnother) {
  auto p = parse(
      "regelverk T\n"
      "värde a = 1\n"
      "  undantag x om b: = 2\n"
      "  undantag y till x om c: = 3 motivering \"m\"\n"
      "  undantag om d: = 4\n");
  ASSERT_EQ(p->codes(), "") << p->rendered();
  const auto& ex = p->ast.definitions.at(0).versions.at(0).exceptions;
  ASSERT_EQ(ex.size(), 3u);
  EXPECT_EQ(ex[1].name, "y");
  EXPECT_EQ(ex[1].overrides, "x");
  EXPECT_EQ(ex[1].overridesSpan.begin, 66u);
  EXPECT_EQ(ex[1].texts.at(0).text.text, "m");
  EXPECT_EQ(ex[2].name, "");
  EXPECT_EQ(shape(p->ast, ex[2].condition), "d");
}

TEST(Declarations, ExampleDataValues) {
  auto p = parse(
      "regelverk T\n"
      "exempel \"E\" datum 2023-05-01\n"
      "  indata { a: -5 kr, b: -2,5, c: -10 %, d: villa, e: [], f: [1, 2,], g: \"x\", h: nej, "
      "datum: 2023-05-01, antal: 3 }\n"
      "  förväntat beslut avslag\n"
      "  förväntat beslut manuell prövning\n"
      "  förväntat beslut komplettering med 0 kr\n"
      "  förväntat x = { y: 1 }\n");
  ASSERT_EQ(p->codes(), "") << p->rendered();
  const ExampleDecl& e = p->ast.examples.at(0);
  EXPECT_EQ(e.date, date(2023, 5, 1));
  const auto& f = e.input.fields;
  ASSERT_EQ(f.size(), 10u);
  EXPECT_EQ(f[0].value.lit.money, rt::Money{-500});
  EXPECT_EQ(f[0].value.span.begin, 55u);  // the minus sign
  EXPECT_EQ(f[1].value.lit.number, (rt::Rational{-5, 2}));
  EXPECT_EQ(f[1].value.lit.kind, LiteralKind::Decimal);
  EXPECT_EQ(f[2].value.lit.number, (rt::Rational{-1, 10}));
  EXPECT_EQ(f[3].value.kind, DataKind::EnumValue);
  EXPECT_EQ(f[3].value.enumValue, "villa");
  EXPECT_EQ(f[4].value.kind, DataKind::List);
  EXPECT_TRUE(f[4].value.items.empty());
  EXPECT_EQ(f[5].value.items.size(), 2u);
  EXPECT_EQ(f[6].value.lit.text, "x");
  EXPECT_FALSE(f[7].value.lit.boolean);
  EXPECT_EQ(f[8].name, "datum");
  EXPECT_EQ(f[9].name, "antal");
  ASSERT_EQ(e.expectations.size(), 4u);
  EXPECT_EQ(e.expectations[0].outcome, Outcome::Avslag);
  EXPECT_FALSE(e.expectations[0].amount.has_value());
  EXPECT_EQ(e.expectations[1].outcome, Outcome::ManuellProvning);
  EXPECT_EQ(e.expectations[2].outcome, Outcome::Komplettering);
  EXPECT_EQ(e.expectations[3].value.kind, DataKind::Object);
}

TEST(Declarations, NamedInputAndNestedTypes) {
  auto p = parse("regelverk \"Med mellanslag\"\nindata Ansökan { barn: lista av valfri lista av Barn, d: datum }\n");
  ASSERT_EQ(p->codes(), "") << p->rendered();
  EXPECT_EQ(p->ast.header.name.text, "Med mellanslag");
  const InputDecl& in = p->ast.inputs.at(0);
  EXPECT_EQ(in.name, "Ansökan");
  const TypeRef& t = in.fields.at(0).type;
  EXPECT_EQ(t.kind, TypeRefKind::List);
  EXPECT_EQ(t.inner.at(0).kind, TypeRefKind::Optional);
  EXPECT_EQ(t.inner.at(0).inner.at(0).kind, TypeRefKind::List);
  EXPECT_EQ(t.inner.at(0).inner.at(0).inner.at(0).name, "Barn");
  EXPECT_EQ(in.fields.at(1).type.name, "datum");
}

TEST(Declarations, CommentsAreKeptWithSpans) {
  auto p = parse("# först\nregelverk T # efter\nvärde a = 1 #sist");
  ASSERT_EQ(p->codes(), "");
  ASSERT_EQ(p->ast.comments.size(), 3u);
  EXPECT_EQ(p->ast.comments[0].text, " först");
  EXPECT_EQ(p->ast.comments[0].span.begin, 0u);
  EXPECT_EQ(p->ast.comments[0].span.end, 8u);
  EXPECT_EQ(p->ast.comments[1].text, " efter");
  EXPECT_EQ(p->ast.comments[1].span.begin, 21u);
  EXPECT_EQ(p->ast.comments[2].text, "sist");
}

TEST(Declarations, MissingHeaderIsReportedOnceAndTheRestIsBuilt) {
  auto p = parse("\n  värde a = 1\nvärde b = 2\n");
  EXPECT_EQ(p->codes(), "R0311@3..9");
  EXPECT_FALSE(p->ast.header.present);
  EXPECT_EQ(p->ast.definitions.size(), 2u);
  EXPECT_EQ(parse("")->codes(), "R0311@0..0");
}

TEST(Declarations, ByteOrderMarkIsIgnored) {
  auto p = parse("\xEF\xBB\xBFregelverk T\n");
  EXPECT_EQ(p->codes(), "");
  EXPECT_EQ(p->ast.header.span.begin, 3u);
}

}  // namespace
}  // namespace regel::syntax::testing
