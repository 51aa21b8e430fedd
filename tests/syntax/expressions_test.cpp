// Expressions: precedence, associativity, every expression form and byte spans.
#include "syntax_test_util.h"

namespace regel::syntax::testing {
namespace {

std::string shapeOf(const std::string& expr) {
  auto p = parseExpr(expr);
  EXPECT_EQ(p->codes(), "") << expr << "\n" << p->rendered();
  return shape(p->ast, p->value());
}

TEST(Precedence, MultiplicationBindsTighterThanAddition) {
  EXPECT_EQ(shapeOf("a + b * c"), "(+ a (* b c))");
  EXPECT_EQ(shapeOf("a * b + c"), "(+ (* a b) c)");
  EXPECT_EQ(shapeOf("a / b - c / d"), "(- (/ a b) (/ c d))");
}

TEST(Precedence, OperatorsOfOneLevelAssociateLeft) {
  EXPECT_EQ(shapeOf("a - b - c"), "(- (- a b) c)");
  EXPECT_EQ(shapeOf("a / b * c"), "(* (/ a b) c)");
  EXPECT_EQ(shapeOf("a och b och c"), "(och (och a b) c)");
}

TEST(Precedence, NotBindsTighterThanAndButLooserThanComparison) {
  EXPECT_EQ(shapeOf("inte a och b"), "(och (inte a) b)");
  EXPECT_EQ(shapeOf("inte a = b"), "(inte (= a b))");
  EXPECT_EQ(shapeOf("a eller b och c"), "(eller a (och b c))");
  EXPECT_EQ(shapeOf("inte inte a"), "(inte (inte a))");
}

TEST(Precedence, RoundingBindsLooserThanArithmeticAndTighterThanComparison) {
  EXPECT_EQ(shapeOf("x avrundat nedåt till hela kronor > 0 kr"), "(> (avrundat nedåt kronor x) 0 kr)");
  EXPECT_EQ(shapeOf("a - b avrundat uppåt till hela öre"), "(avrundat uppåt öre (- a b))");
  EXPECT_EQ(shapeOf("a avrundat till hela tal"), "(avrundat närmast tal a)");
}

TEST(Precedence, PercentOfBindsBetweenMultiplicationAndAddition) {
  EXPECT_EQ(shapeOf("25 % av summa(v.inkomst för varje v i vuxna)"),
            "(av 25 % (summa (. v inkomst) v vuxna _))");
  EXPECT_EQ(shapeOf("a + 25 % av b * 2"), "(+ a (av 25 % (* b 2)))");
}

TEST(Precedence, NegationBindsTighterThanMultiplication) {
  EXPECT_EQ(shapeOf("-a * b"), "(* (- a) b)");
  EXPECT_EQ(shapeOf("- a.b"), "(- (. a b))");
  EXPECT_EQ(shapeOf("a - -b"), "(- a (- b))");
}

TEST(Precedence, ParenthesesGroup) {
  EXPECT_EQ(shapeOf("(a + b) * c"), "(* (+ a b) c)");
  EXPECT_EQ(shapeOf("((a))"), "a");
}

TEST(Precedence, ComparisonOperatorsInBothSpellings) {
  EXPECT_EQ(shapeOf("a = b"), "(= a b)");
  EXPECT_EQ(shapeOf("a ≠ b"), "(≠ a b)");
  EXPECT_EQ(shapeOf("a != b"), "(≠ a b)");
  EXPECT_EQ(shapeOf("a < b"), "(< a b)");
  EXPECT_EQ(shapeOf("a <= b"), "(≤ a b)");
  EXPECT_EQ(shapeOf("a ≤ b"), "(≤ a b)");
  EXPECT_EQ(shapeOf("a > b"), "(> a b)");
  EXPECT_EQ(shapeOf("a >= b"), "(≥ a b)");
  EXPECT_EQ(shapeOf("a ≥ b"), "(≥ a b)");
  EXPECT_EQ(shapeOf("a + 1 > b och c"), "(och (> (+ a 1) b) c)");
}

TEST(Forms, Primaries) {
  EXPECT_EQ(shapeOf("om a > 1 så 2 annars 3"), "(om (> a 1) 2 3)");
  EXPECT_EQ(shapeOf("om a så 1 annars om b så 2 annars 3"), "(om a 1 (om b 2 3))");
  EXPECT_EQ(shapeOf("minsta(b.x för varje b i barn där b.ålder < 18)"),
            "(minsta (. b x) b barn (< (. b ålder) 18))");
  EXPECT_EQ(shapeOf("största(x för varje x i xs)"), "(största x x xs _)");
  EXPECT_EQ(shapeOf("antal(vuxna)"), "(antal vuxna)");
  EXPECT_EQ(shapeOf("antal(b i barn där b.ålder < 18)"), "(antal b barn (< (. b ålder) 18))");
  EXPECT_EQ(shapeOf("alla(v i vuxna uppfyller v.inskriven eller v.hinder)"),
            "(alla v vuxna (eller (. v inskriven) (. v hinder)))");
  EXPECT_EQ(shapeOf("någon(v i vuxna uppfyller v.inskriven)"), "(någon v vuxna (. v inskriven))");
  EXPECT_EQ(shapeOf("max(0 kr, norm(antal_vuxna) + boende)"), "(max 0 kr (+ (norm antal_vuxna) boende))");
  EXPECT_EQ(shapeOf("idag()"), "(idag)");
  EXPECT_EQ(shapeOf("a.b.c"), "(. (. a b) c)");
}

TEST(Forms, KeywordsThatAreAlsoNames) {
  // `antal`, `tal` and `datum` are keywords elsewhere but may name fields and arguments.
  EXPECT_EQ(shapeOf("antal * 2 + v.antal + v.datum"), "(+ (+ (* antal 2) (. v antal)) (. v datum))");
  EXPECT_EQ(shapeOf("antal(x)"), "(antal x)");
}

TEST(Forms, LiteralsInExpressions) {
  EXPECT_EQ(shapeOf("6 000 kr + 50 öre + 2,5 % + 0,25 + 12"), "(+ (+ (+ (+ 6 000 kr 0,50 kr) 2,5 %) 0,25) 12)");
  EXPECT_EQ(shapeOf("2023-03-01 = 2023-03-01 och m = 2023-03 och t = \"x\" och ja ≠ nej"),
            "(och (och (och (= 2023-03-01 2023-03-01) (= m 2023-03)) (= t \"x\")) (≠ ja nej))");
}

TEST(Spans, AreByteOffsetsWithSwedishLetters) {
  auto p = parseExpr("ålder + öre_x * bäst");
  ASSERT_EQ(p->codes(), "");
  const Expr& add = p->expr(p->value());
  EXPECT_EQ(add.kind, ExprKind::Binary);
  EXPECT_EQ(add.span.file, 0u);
  // "ålder" is 6 bytes, "öre_x" 6, "bäst" 5.
  EXPECT_EQ(add.span.begin, kExprOffset);
  EXPECT_EQ(add.span.end, kExprOffset + 6 + 3 + 6 + 3 + 5);
  const Expr& lhs = p->expr(add.a);
  EXPECT_EQ(lhs.name, "ålder");
  EXPECT_EQ(lhs.span.begin, kExprOffset);
  EXPECT_EQ(lhs.span.end, kExprOffset + 6);
  const Expr& mul = p->expr(add.b);
  EXPECT_EQ(mul.span.begin, kExprOffset + 9);
  EXPECT_EQ(p->expr(mul.a).name, "öre_x");
  EXPECT_EQ(p->expr(mul.b).span.begin, kExprOffset + 18);
  EXPECT_EQ(p->expr(mul.b).span.end, kExprOffset + 23);
}

TEST(Spans, FieldAndCallNamesHaveTheirOwnSpans) {
  auto p = parseExpr("summa(v.nettoinkomst för varje v i vuxna)");
  ASSERT_EQ(p->codes(), "");
  const Expr& fold = p->expr(p->value());
  EXPECT_EQ(fold.kind, ExprKind::Fold);
  EXPECT_EQ(fold.op, static_cast<uint8_t>(FoldKind::Sum));
  EXPECT_EQ(fold.name, "v");
  EXPECT_EQ(fold.nameSpan.begin, kExprOffset + 32);  // "för" is four bytes
  EXPECT_EQ(fold.span.begin, kExprOffset);
  EXPECT_EQ(fold.span.end, kExprOffset + 42);
  const Expr& field = p->expr(fold.b);
  EXPECT_EQ(field.kind, ExprKind::Field);
  EXPECT_EQ(field.name, "nettoinkomst");
  EXPECT_EQ(field.nameSpan.begin, kExprOffset + 8);
  EXPECT_EQ(field.nameSpan.end, kExprOffset + 20);
  EXPECT_EQ(field.span.begin, kExprOffset + 6);
}

TEST(Spans, MoneyLiteralCoversNumberAndUnit) {
  auto p = parseExpr("6 000 kr");
  ASSERT_EQ(p->codes(), "");
  const Expr& e = p->expr(p->value());
  EXPECT_EQ(e.kind, ExprKind::Literal);
  EXPECT_EQ(e.lit.span.begin, kExprOffset);
  EXPECT_EQ(e.lit.span.end, kExprOffset + 8);
  EXPECT_EQ(e.span.end, kExprOffset + 8);
}

TEST(LongChains, TenThousandTermsDoNotRecurse) {
  std::string expr = "1";
  for (int i = 0; i < 10000; ++i) expr += " + 1";
  auto p = parseExpr(expr);
  EXPECT_EQ(p->codes(), "");
  ASSERT_EQ(p->ast.exprs.size(), 20001u);
  EXPECT_EQ(p->expr(p->value()).kind, ExprKind::Binary);
  EXPECT_FALSE(printAst(p->ast).empty());
}

// The dump of a 30 000-term chain was 1.8 GB when every line was indented by its depth.
TEST(Printer, DeepTreesKeepEveryLineShort) {
  std::string expr = "1";
  for (int i = 1; i < 30000; ++i) expr += " + 1";
  auto p = parseExpr(expr);
  ASSERT_EQ(p->codes(), "");
  std::string out = printAst(p->ast);
  size_t lines = 0, longest = 0;
  for (size_t at = 0; at < out.size();) {
    size_t end = out.find('\n', at);
    longest = std::max(longest, end - at);
    ++lines;
    at = end + 1;
  }
  EXPECT_EQ(lines, 60003u);  // fil, regelverk, värde, regel and the 59 999 nodes
  EXPECT_LE(longest, 100u);
  EXPECT_LT(out.size(), 6'000'000u);
  EXPECT_NE(out.find("\n                                [djup 17] Binary + "), std::string::npos);
  EXPECT_NE(out.find("[djup 30002] Literal heltal 1 @23..24"), std::string::npos);
}

TEST(Printer, PrintsOneNodePerLineWithSpans) {
  auto p = parse("regelverk T\nvärde x: belopp = 6 000 kr + a.b # kommentar\n");
  ASSERT_EQ(p->codes(), "");
  EXPECT_EQ(printAst(p->ast),
            "fil 0\n"
            "  regelverk T @0..11\n"
            "  värde x: belopp @12..45\n"
            "    regel @29..45\n"
            "      Binary + @31..45\n"
            "        Literal belopp 6 000 kr @31..39\n"
            "        Field b @42..45\n"
            "          Name a @42..43\n"
            "  kommentar \" kommentar\" @46..57\n");
}

TEST(Durations, ASpanOfTimeBindsLooserThanMultiplicationAndTighterThanAddition) {
  EXPECT_EQ(shapeOf("född + 18 år"), "(+ född (år 18))");
  EXPECT_EQ(shapeOf("d - 2 * n månader + 3 dagar"), "(+ (- d (månader (* 2 n))) (dagar 3))");
  EXPECT_EQ(shapeOf("d + 1 vecka"), "(+ d (veckor 1))");
  EXPECT_EQ(shapeOf("d + (a + b) veckor"), "(+ d (veckor (+ a b)))");
  EXPECT_EQ(shapeOf("d + -1 dag"), "(+ d (dagar (- 1)))");
  EXPECT_EQ(shapeOf("d + 1 månad > m"), "(> (+ d (månader 1)) m)");
}

TEST(Durations, TheWordsForTimeAreStillNamesAndFunctions) {
  EXPECT_EQ(shapeOf("x.månad + år"), "(+ (. x månad) år)");
  EXPECT_EQ(shapeOf("dagar + månader"), "(+ dagar månader)");
  EXPECT_EQ(shapeOf("år(d) + dag(d) + månad(d) + datum(2024, 2, 29)"),
            "(+ (+ (+ (år d) (dag d)) (månad d)) (datum 2024 2 29))");
}

TEST(Order, PlaceInAListByKeys) {
  EXPECT_EQ(shapeOf("plats(b bland barn efter född fallande)"), "(plats b barn född↓)");
  EXPECT_EQ(shapeOf("första(barn efter född).namn"), "(. (första _ barn född↑) namn)");
  EXPECT_EQ(shapeOf("element(n + 1 bland barn efter född)"), "(element (+ n 1) barn född↑)");
  EXPECT_EQ(shapeOf("plats(b bland v.barn efter född fallande, ålder stigande, namn) + 1"),
            "(+ (plats b (. v barn) född↓ ålder↑ namn↑) 1)");
}

}  // namespace

}  // namespace regel::syntax::testing
