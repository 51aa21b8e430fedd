// Literals: Swedish numbers, money, öre, percent, dates, months, texts and their errors.
#include "compiler/syntax/literals.h"

#include "syntax_test_util.h"

namespace regel::syntax::testing {
namespace {

using diag::Kind;

Literal number(std::string_view text, NumberUnit unit = NumberUnit::None) {
  Literal lit;
  auto err = convertNumber(text, unit, lit);
  EXPECT_FALSE(err.has_value()) << text;
  return lit;
}

std::optional<Kind> numberError(std::string_view text, NumberUnit unit) {
  Literal lit;
  return convertNumber(text, unit, lit);
}

TEST(Numbers, IntegersAndDecimals) {
  Literal twelve = number("12");
  EXPECT_EQ(twelve.kind, LiteralKind::Integer);
  EXPECT_EQ(twelve.number, rt::fromInt(12));
  Literal quarter = number("0,25");
  EXPECT_EQ(quarter.kind, LiteralKind::Decimal);
  EXPECT_EQ(quarter.number, (rt::Rational{1, 4}));
  EXPECT_EQ(number("1,0").kind, LiteralKind::Decimal);
  EXPECT_EQ(number("1,0").number, rt::fromInt(1));
  EXPECT_EQ(number("6 000").number, rt::fromInt(6000));
  EXPECT_EQ(number("1 234 567,125").number, (rt::Rational{9876537, 8}));
}

TEST(Numbers, GroupingSpacesOfAllThreeKinds) {
  EXPECT_EQ(number("6 000").number, rt::fromInt(6000));
  EXPECT_EQ(number("6\u00A0000").number, rt::fromInt(6000));       // no-break space
  EXPECT_EQ(number("6\u202F000").number, rt::fromInt(6000));       // narrow no-break space
  EXPECT_EQ(number("12\u202F000\u00A0000").number, rt::fromInt(12000000));
}

TEST(Numbers, MoneyIsWholeOre) {
  EXPECT_EQ(number("6 000", NumberUnit::Kronor).money, rt::Money{600000});
  EXPECT_EQ(number("6 000,50", NumberUnit::Kronor).money, rt::Money{600050});
  EXPECT_EQ(number("0,05", NumberUnit::Kronor).money, rt::Money{5});
  EXPECT_EQ(number("50", NumberUnit::Ore).money, rt::Money{50});
  EXPECT_EQ(number("50", NumberUnit::Ore).kind, LiteralKind::Money);
  EXPECT_EQ(numberError("0,5", NumberUnit::Ore), Kind::MoneyTooPrecise);
  EXPECT_EQ(numberError("0,005", NumberUnit::Kronor), Kind::MoneyTooPrecise);
  EXPECT_EQ(numberError("0,050", NumberUnit::Kronor), std::nullopt);  // trailing zeros are fine
}

TEST(Numbers, PercentIsAFraction) {
  EXPECT_EQ(number("25", NumberUnit::Percent).number, (rt::Rational{1, 4}));
  EXPECT_EQ(number("2,5", NumberUnit::Percent).number, (rt::Rational{1, 40}));
  EXPECT_EQ(number("100", NumberUnit::Percent).number, rt::fromInt(1));
  EXPECT_EQ(number("25", NumberUnit::Percent).kind, LiteralKind::Percent);
}

TEST(Numbers, OutOfRange) {
  EXPECT_EQ(numberError("9 223 372 036 854 775 808", NumberUnit::None), Kind::NumberOutOfRange);
  EXPECT_EQ(numberError("9 223 372 036 854 775 807", NumberUnit::None), std::nullopt);
  EXPECT_EQ(numberError("92 233 720 368 547 758", NumberUnit::Kronor), std::nullopt);
  EXPECT_EQ(numberError("92 233 720 368 547 759", NumberUnit::Kronor), Kind::NumberOutOfRange);
  EXPECT_EQ(numberError("0,1234567890123456789012345678901234567891", NumberUnit::None), Kind::NumberOutOfRange);
}

TEST(Numbers, NegationForExampleData) {
  Literal money = number("5", NumberUnit::Kronor);
  ASSERT_TRUE(negateLiteral(money));
  EXPECT_EQ(money.money, rt::Money{-500});
  Literal text;
  text.kind = LiteralKind::Text;
  EXPECT_FALSE(negateLiteral(text));
}

TEST(DatesAndMonths, ValidAndInvalid) {
  Literal lit;
  EXPECT_EQ(convertDate("2024-02-29", lit), std::nullopt);
  EXPECT_EQ(lit.kind, LiteralKind::Date);
  EXPECT_EQ(lit.date, *rt::makeDate(2024, 2, 29));
  EXPECT_EQ(convertDate("2023-02-29", lit), Kind::InvalidDate);
  EXPECT_EQ(convertDate("2023-02-30", lit), Kind::InvalidDate);
  EXPECT_EQ(convertDate("2023-00-10", lit), Kind::InvalidDate);
  EXPECT_EQ(convertMonth("2023-12", lit), std::nullopt);
  EXPECT_EQ(lit.kind, LiteralKind::Month);
  EXPECT_EQ(lit.month, *rt::makeMonth(2023, 12));
  EXPECT_EQ(convertMonth("2023-13", lit), Kind::InvalidMonth);
  EXPECT_EQ(convertMonth("2023-00", lit), Kind::InvalidMonth);
}

TEST(Strings, Escapes) {
  std::vector<StringProblem> problems;
  EXPECT_EQ(unescapeString(R"("a\"b\\c\nd\te")", TextMode::Plain, problems), "a\"b\\c\nd\te");
  EXPECT_TRUE(problems.empty());
  EXPECT_EQ(unescapeString(R"("")", TextMode::Plain, problems), "");
  EXPECT_EQ(unescapeString(R"("åäö")", TextMode::Plain, problems), "åäö");
}

TEST(Strings, BracesStayTemplateSyntaxInTemplatesOnly) {
  std::vector<StringProblem> problems;
  EXPECT_EQ(unescapeString(R"("Summa {x} \{y\}")", TextMode::Template, problems), R"(Summa {x} \{y\})");
  EXPECT_EQ(unescapeString(R"("Summa {x} \{y\}")", TextMode::Plain, problems), "Summa {x} {y}");
  EXPECT_TRUE(problems.empty());
}

TEST(Strings, UnknownEscapeIsReportedWhereItIs) {
  std::vector<StringProblem> problems;
  EXPECT_EQ(unescapeString(R"("ab\qc\é")", TextMode::Plain, problems), R"(ab\qc\é)");
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0].kind, Kind::InvalidEscape);
  EXPECT_EQ(problems[0].offset, 3u);
  EXPECT_EQ(problems[0].length, 2u);
  EXPECT_EQ(problems[0].escaped, "q");
  EXPECT_EQ(problems[1].offset, 6u);
  EXPECT_EQ(problems[1].length, 3u);  // 'é' is two bytes
  EXPECT_EQ(problems[1].escaped, "é");
}

TEST(Strings, UnterminatedTextHasNoClosingQuote) {
  std::vector<StringProblem> problems;
  EXPECT_EQ(unescapeString(R"("abc)", TextMode::Plain, problems), "abc");
  EXPECT_EQ(unescapeString(R"("abc\")", TextMode::Plain, problems), "abc\"");
  EXPECT_EQ(unescapeString(R"(")", TextMode::Plain, problems), "");
  EXPECT_TRUE(problems.empty());
}

// ---- through the parser ------------------------------------------------------------------------

Literal literalOf(const std::string& expr) {
  auto p = parseExpr(expr);
  EXPECT_EQ(p->codes(), "") << expr << "\n" << p->rendered();
  if (p->value() == kNoExpr) return {};
  return p->expr(p->value()).lit;
}

TEST(ParsedLiterals, EveryForm) {
  EXPECT_EQ(literalOf("6 000 kr").money, rt::Money{600000});
  EXPECT_EQ(literalOf("6 000,50 kr").money, rt::Money{600050});
  EXPECT_EQ(literalOf("6\u00A0000 kr").money, rt::Money{600000});
  EXPECT_EQ(literalOf("6\u202F000,50 kr").money, rt::Money{600050});
  EXPECT_EQ(literalOf("75 öre").money, rt::Money{75});
  EXPECT_EQ(literalOf("25 %").number, (rt::Rational{1, 4}));
  EXPECT_EQ(literalOf("2,5 %").number, (rt::Rational{1, 40}));
  EXPECT_EQ(literalOf("12").kind, LiteralKind::Integer);
  EXPECT_EQ(literalOf("12").number, rt::fromInt(12));
  EXPECT_EQ(literalOf("0,25").kind, LiteralKind::Decimal);
  EXPECT_EQ(literalOf("0,25").number, (rt::Rational{1, 4}));
  EXPECT_EQ(literalOf("2023-03-01").date, *rt::makeDate(2023, 3, 1));
  EXPECT_EQ(literalOf("2023-03").month, *rt::makeMonth(2023, 3));
  EXPECT_EQ(literalOf(R"("rad\nett \"citat\"")").text, "rad\nett \"citat\"");
  EXPECT_EQ(literalOf("ja").kind, LiteralKind::Bool);
  EXPECT_TRUE(literalOf("ja").boolean);
  EXPECT_FALSE(literalOf("nej").boolean);
}

TEST(ParsedLiterals, SpansCoverTheUnit) {
  auto p = parseExpr("6 000,50 kr");
  ASSERT_EQ(p->codes(), "");
  const Literal& lit = p->expr(p->value()).lit;
  EXPECT_EQ(lit.span.begin, kExprOffset);
  EXPECT_EQ(lit.span.end, kExprOffset + 11);
}

TEST(ParsedLiterals, TemplateTextsKeepBracesAndPlainTextsDoNot) {
  auto p = parse(
      "regelverk T lagrum \"\\{1\\}\"\n"
      "värde a = \"\\{x\\}\" motivering \"{a} \\{b\\}\"\n");
  ASSERT_EQ(p->codes(), "") << p->rendered();
  EXPECT_EQ(p->ast.header.lagrum.at(0).text, "{1}");
  EXPECT_EQ(p->expr(p->value()).lit.text, "{x}");
  EXPECT_EQ(p->ast.definitions.at(0).versions.at(0).texts.at(0).text.text, "{a} \\{b\\}");
}

TEST(ParsedLiterals, Errors) {
  // Each error with its code, its exact byte span and its argument.
  auto money = parseExpr("0,5 öre");
  EXPECT_EQ(money->codes(), "R0015@23..31");  // "öre" is four bytes
  EXPECT_EQ(money->diags.at(0).args, std::vector<std::string>{"0,5 öre"});
  auto kronor = parseExpr("1 + 0,001 kr");
  EXPECT_EQ(kronor->codes(), "R0015@27..35");
  EXPECT_EQ(kronor->diags.at(0).args, std::vector<std::string>{"0,001 kr"});
  auto big = parseExpr("99 999 999 999 999 999 999");
  EXPECT_EQ(big->codes(), "R0008@23..49");
  EXPECT_EQ(big->diags.at(0).args, std::vector<std::string>{"99 999 999 999 999 999 999"});
  auto date = parseExpr("2023-02-30");
  EXPECT_EQ(date->codes(), "R0009@23..33");
  EXPECT_EQ(date->diags.at(0).args, std::vector<std::string>{"2023-02-30"});
  auto month = parseExpr("2023-13");
  EXPECT_EQ(month->codes(), "R0010@23..30");
  auto escape = parseExpr(R"("a\qb")");
  EXPECT_EQ(escape->codes(), "R0012@25..27");
  EXPECT_EQ(escape->diags.at(0).args, std::vector<std::string>{"q"});
  EXPECT_EQ(diag::messageOf(escape->diags.at(0)), "okänd escape-sekvens '\\q' i texten");
}

TEST(ParsedLiterals, InvalidDatesInPeriodsAndExamples) {
  auto p = parse(
      "regelverk T\n"
      "parameter p: belopp gäller från 2023-04-31: 1 kr\n"
      "exempel \"E\" datum 2023-02-29 indata { m: 2023-00 }\n");
  EXPECT_EQ(p->codes(), "R0009@46..56 R0009@81..91 R0010@104..111") << p->rendered();
}

TEST(ParsedLiterals, NegativeDataMustBeNumeric) {
  auto p = parse("regelverk T\nexempel \"E\" indata { a: -ja }\n");
  EXPECT_EQ(p->codes(), "R0003@36..37");
  EXPECT_EQ(diag::messageOf(p->diags.at(0)), "oväntat '-'; här förväntades ett tal, ett belopp eller en procentsats");
}

}  // namespace
}  // namespace regel::syntax::testing
