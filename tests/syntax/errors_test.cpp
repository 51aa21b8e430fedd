// Syntax errors: each code at its exact byte position, robustness against hostile input, and the
// limits (file size, nesting, number of errors).
#include <random>
#include <string>
#include <vector>

#include "syntax_test_util.h"

namespace regel::syntax::testing {
namespace {

std::string message(const Parsed& p, size_t i = 0) { return diag::messageOf(p.diags.at(i)); }

// ---- bytes -------------------------------------------------------------------------------------

TEST(Utf8, InvalidByteIsReportedAtItsOffsetAndNothingIsParsed) {
  // A Latin-1 'å' (0xE5) followed by 'r': the sequence starts at the 0xE5.
  auto p = parse("regelverk T\nvärde \xE5r = 1\n");
  EXPECT_EQ(p->codes(), "R0001@19..20");
  EXPECT_EQ(message(*p), "filen är inte giltig UTF-8 (felaktig byte 0xE5)");
  EXPECT_FALSE(p->ast.header.present);
  EXPECT_TRUE(p->ast.definitions.empty());
}

TEST(Utf8, EveryKindOfInvalidSequence) {
  auto first = [](const std::string& bytes) {
    auto p = parse("regelverk T # " + bytes + "\n");
    return p->diags.empty() ? std::string("ok") : p->codes() + " " + p->diags[0].args.at(0);
  };
  EXPECT_EQ(first("\x80"), "R0001@14..15 80");              // stray continuation byte
  EXPECT_EQ(first("\xC0\xAF"), "R0001@14..15 C0");          // overlong '/'
  EXPECT_EQ(first("\xE0\x80\xAF"), "R0001@14..15 E0");      // overlong, three bytes
  EXPECT_EQ(first("\xF0\x80\x80\xAF"), "R0001@14..15 F0");  // overlong, four bytes
  EXPECT_EQ(first("\xED\xA0\x80"), "R0001@14..15 ED");      // surrogate U+D800
  EXPECT_EQ(first("\xED\xBF\xBF"), "R0001@14..15 ED");      // surrogate U+DFFF
  EXPECT_EQ(first("\xF4\x90\x80\x80"), "R0001@14..15 F4");  // U+110000
  EXPECT_EQ(first("\xF5\x80\x80\x80"), "R0001@14..15 F5");
  EXPECT_EQ(first("\xFF"), "R0001@14..15 FF");
  EXPECT_EQ(first("a\xE2\x82"), "R0001@15..16 E2");  // truncated before the newline
  EXPECT_EQ(first("\xED\x9F\xBF"), "ok");          // U+D7FF
  EXPECT_EQ(first("\xF4\x8F\xBF\xBF"), "ok");      // U+10FFFF
  EXPECT_EQ(first("\xEF\xBF\xBD \xC2\xA0 \xF0\x9F\x98\x80"), "ok");
  auto truncatedAtEnd = parse("# \xF0\x9F\x98");
  EXPECT_EQ(truncatedAtEnd->codes(), "R0001@2..3");
}

TEST(Limits, FortyMegabytesOfGarbageIsRefusedAtOnce) {
  std::string garbage(40 * 1024 * 1024, '\0');
  std::mt19937 rng(42);
  for (char& c : garbage) c = static_cast<char>(rng());
  // R0007 comes only from the size check, made before the bytes are decoded or lexed.
  auto p = parse(garbage);
  EXPECT_EQ(p->codes(), "R0007@0..0");
  EXPECT_EQ(message(*p), "filen är för stor (41 943 040 byte; högst 33 554 432 byte)");
}

TEST(Limits, AFileOfExactlyTheLimitIsRead) {
  std::string text = "regelverk T\n";
  text.resize(kMaxSourceBytes, ' ');
  EXPECT_EQ(parse(text)->codes(), "");
  text.push_back(' ');
  EXPECT_EQ(parse(text)->codes(), "R0007@0..0");
}

TEST(Limits, ValidButHostileTextStopsEarly) {
  // Almost 4 MB of stray characters and brackets: the scan stops at the error limit.
  std::string text;
  std::mt19937 rng(7);
  const std::vector<std::string> alphabet = {"§", "$", "?", "@", "(", ")", "{", "}", "[", "]", "\"", "\n"};
  while (text.size() < kMaxSourceBytes - 4) text += alphabet[rng() % alphabet.size()];
  auto p = parse(text);
  EXPECT_EQ(p->diags.size(), kMaxSyntaxErrors) << p->codes();
}

// ---- characters and texts ----------------------------------------------------------------------

TEST(Lexical, StrayCharacter) {
  auto p = parse("regelverk T\nvärde a = 1 § 2 kr\n");
  // '§' is dropped and reported; the parser then finds `1 2 kr` and says so once.
  EXPECT_EQ(p->codes(), "R0002@25..27 R0003@28..29");
  EXPECT_EQ(message(*p), "tecknet '§' hör inte till språket");
  auto q = parse("regelverk T\nvärde a = 1 kr$\n");
  EXPECT_EQ(q->codes(), "R0002@27..28");
  EXPECT_EQ(q->ast.definitions.size(), 1u);
}

TEST(Lexical, InvisibleCharactersAreNamedByCodePoint) {
  auto p = parse("regelverk T\x01\n");
  EXPECT_EQ(p->codes(), "R0002@11..12");
  EXPECT_EQ(message(*p), "tecknet 'U+0001' hör inte till språket");
}

TEST(Lexical, UnterminatedTextEndsAtTheLineEnd) {
  auto p = parse("regelverk T\nvärde a = \"abc (x\nvärde b = 2\n");
  EXPECT_EQ(p->codes(), "R0005@23..30");
  EXPECT_EQ(message(*p), "texten saknar avslutande citattecken");
  ASSERT_EQ(p->ast.definitions.size(), 2u);  // the next line is parsed as usual
  EXPECT_EQ(p->expr(p->value()).lit.text, "abc (x");
  auto escapedQuote = parse("regelverk T\nvärde a = \"abc\\\"\n");
  EXPECT_EQ(escapedQuote->codes(), "R0005@23..29");
}

TEST(Lexical, BackslashBeforeALineBreakIsAnUnterminatedText) {
  auto p = parse("regelverk T\nvärde a = \"abc\\\ndef\"\n");
  EXPECT_EQ(p->codes(), "R0005@23..28");
}

// ---- brackets ----------------------------------------------------------------------------------

TEST(Brackets, UnclosedBraceIsReportedAtTheOpener) {
  auto p = parse("regelverk T\npost A { x: heltal\nvärde a = 1\n");
  // The '{' at 19 is never closed; the parser's first complaint follows, nothing more.
  EXPECT_EQ(p->codes(), "R0011@19..20 R0003@31..37");
  EXPECT_EQ(message(*p), "'{' stängs aldrig");
  EXPECT_EQ(message(*p, 1), "oväntat 'värde'; här förväntades ',', '}' eller ett namn");
}

TEST(Brackets, ADeclarationKeywordClosesOpenBrackets) {
  // Without the rule the '{' of B would pair with A's missing '}' and be blamed instead.
  auto p = parse("regelverk T\npost A { x: heltal\npost B { y: heltal }\n");
  EXPECT_EQ(p->codes().substr(0, 12), "R0011@19..20");
}

TEST(Brackets, UnmatchedCloser) {
  auto p = parse("regelverk T\nvärde a = (1 + 2))\n");
  EXPECT_EQ(p->codes(), "R0014@30..31");
  EXPECT_EQ(message(*p), "')' saknar en motsvarande öppnande '('");
  EXPECT_EQ(shape(p->ast, p->value()), "(+ 1 2)");  // the closer is dropped
}

TEST(Brackets, CrossedBrackets) {
  auto p = parse("regelverk T\nexempel \"E\" indata { a: [1, 2 }\n");
  EXPECT_EQ(p->codes().substr(0, 12), "R0011@36..37");
  // `]` typed for `)`: the '(' is never closed and the ']' closes nothing.
  auto q = parse("regelverk T\nvärde a = max(1, 2]\n");
  EXPECT_EQ(q->codes().substr(0, 25), "R0011@26..27 R0014@31..32");
  EXPECT_EQ(message(*q, 1), "']' saknar en motsvarande öppnande '['");
}

TEST(Brackets, ManyUnclosed) {
  auto p = parse("regelverk T\nvärde a = ((1\nvärde b = [\n");
  // The parser's one complaint (at the second `värde`) comes between them in source order.
  EXPECT_EQ(p->codes(), "R0011@23..24 R0011@24..25 R0003@27..33 R0011@38..39");
}

// ---- nesting -----------------------------------------------------------------------------------

std::string nested(int depth) {
  return "regelverk T\nvärde a = " + std::string(static_cast<size_t>(depth), '(') + "1" +
         std::string(static_cast<size_t>(depth), ')') + "\n";
}

TEST(Nesting, TwoHundredLevelsAreFine) {
  auto p = parse(nested(kMaxNesting));
  EXPECT_EQ(p->codes(), "");
  EXPECT_EQ(shape(p->ast, p->value()), "1");
}

TEST(Nesting, AThousandLevelsAreRefusedAtTheFirstTooDeep) {
  auto p = parse(nested(1000));
  EXPECT_EQ(p->codes(), "R0006@223..224");  // the 201st '(' (23 + 200)
  EXPECT_EQ(message(*p), "uttrycket är för djupt nästlat (mer än 200 nivåer)");
  EXPECT_TRUE(p->ast.definitions.empty());
}

TEST(Nesting, AHundredThousandLevelsDoNotCrash) {
  auto p = parse(nested(100000));
  EXPECT_EQ(p->codes(), "R0006@223..224");
}

TEST(Nesting, PrefixOperatorsInARow) {
  std::string minus;
  for (int i = 0; i < 100000; ++i) minus += "- ";
  EXPECT_EQ(parse("regelverk T\nvärde a = " + minus + "1\n")->codes(), "R0006@423..424");
  std::string inte;
  for (int i = 0; i < 300; ++i) inte += "inte ";
  EXPECT_EQ(parse("regelverk T\nvärde a = " + inte + "ja\n")->codes(), "R0006@1023..1027");
  std::string lista;
  for (int i = 0; i < 100000; ++i) lista += "lista av ";
  EXPECT_EQ(parse("regelverk T\nindata { a: " + lista + "heltal }\n")->codes(), "R0006@1815..1820");  // the '{' is a level too
  std::string data = std::string(100000, '[') + std::string(100000, ']');
  EXPECT_EQ(parse("regelverk T\nexempel \"E\" indata { a: " + data + " }\n")->codes(), "R0006@235..236");
}

TEST(Nesting, DeepExpressionsTheTokenScanCannotSee) {
  // `inte a = inte a = …` nests without brackets or prefixes in a row; the parser's guard stops it.
  std::string inte;
  for (int i = 0; i < 100000; ++i) inte += "inte a = ";
  auto p = parse("regelverk T\nvärde a = " + inte + "1\n");
  ASSERT_EQ(p->diags.size(), 1u);
  EXPECT_EQ(diag::codeOf(p->diags[0].kind), "R0006");
  std::string ifs;
  for (int i = 0; i < 100000; ++i) ifs += "om a så 1 annars ";
  auto q = parse("regelverk T\nvärde a = " + ifs + "1\n");
  ASSERT_EQ(q->diags.size(), 1u);
  EXPECT_EQ(diag::codeOf(q->diags[0].kind), "R0006");
  // A declaration read before the deep one is not kept, nor what the AST builder said of it
  // (`fastställt beloppet`): only the nesting is reported, as for a file parsed whole.
  auto r = parse("regelverk T\nbeslut\n  fastställt beloppet med 1 om ja\nvärde a = " + ifs + "1\n");
  ASSERT_EQ(r->diags.size(), 1u);
  EXPECT_EQ(diag::codeOf(r->diags[0].kind), "R0006");
  EXPECT_TRUE(r->ast.decisions.empty());
  // Within the guard a long `om … annars om …` chain is fine.
  std::string ok;
  for (int i = 0; i < 300; ++i) ok += "om a så 1 annars ";
  EXPECT_EQ(parse("regelverk T\nvärde a = " + ok + "1\n")->codes(), "");
}

// ---- parser errors -----------------------------------------------------------------------------

TEST(Parser, UnexpectedTokenNamesTheTokenAndWhatWasExpected) {
  auto p = parse("regelverk T\npost A { x heltal }\n");
  EXPECT_EQ(p->codes(), "R0003@23..29");
  EXPECT_EQ(message(*p), "oväntat namnet 'heltal'; här förväntades ':'");
  auto q = parse("regelverk T\nvärde a = 1 +* 2\n");
  EXPECT_EQ(q->codes(), "R0003@26..27");
  EXPECT_EQ(message(*q), "oväntat '*'; här förväntades ett uttryck");
  auto r = parse("regelverk T\nvärde a = 1 2\n");
  EXPECT_EQ(message(*r), "oväntat talet 2; här förväntades en deklaration (t.ex. 'värde', 'villkor', 'parameter')");
  auto s = parse("regelverk T\nvärde a\n  \"text\"\n");
  EXPECT_EQ(s->codes(), "R0003@23..29");
  EXPECT_EQ(message(*s), "oväntat texten \"text\"; här förväntades 'lagrum', ':', '(', 'källa', 'gäller' eller '='");
}

std::vector<std::string> definitionNames(const Ast& ast) {
  std::vector<std::string> names;
  for (const DefinitionDecl& d : ast.definitions) names.push_back(d.name);
  return names;
}

// A file is first parsed one declaration at a time; an error in a later declaration makes the
// parser read the whole file again with error recovery. What the first reading built is dropped:
// each declaration, and each diagnostic of the AST builder (`fastställt beloppet`), appears once.
TEST(Parser, AnErrorInALaterDeclarationKeepsEachEarlierOneOnce) {
  auto p = parse("regelverk T\nvärde a = 1\nbeslut\n  fastställt beloppet med a om a > 0\nvärde b = 1 +* 2\nvärde c = 3\n");
  EXPECT_EQ(p->codes(), "R0003@46..54 R0003@84..85");
  EXPECT_EQ(definitionNames(p->ast), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(p->ast.decisions.size(), 1u);
  EXPECT_TRUE(p->ast.header.present);
}

// A file whose only error is the missing header is read one declaration at a time: every
// declaration kept, in order, and the missing header still reported.
TEST(Parser, DeclarationsAreReadInOrderWithoutAHeader) {
  auto p = parse("värde a = 1\nparameter p: heltal\n  gäller från 2020-01-01\n    : 2\nvärde b = a + p\n");
  EXPECT_EQ(p->codes(), "R0311@0..6");
  EXPECT_EQ(definitionNames(p->ast), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(p->ast.parameters.size(), 1u);
  EXPECT_FALSE(p->ast.header.present);
}

TEST(Parser, UnexpectedEndPointsJustAfterTheLastToken) {
  auto p = parse("regelverk T\nvärde a = 1 +\n\n# slut\n");
  EXPECT_EQ(p->codes(), "R0004@26..26");
  EXPECT_EQ(message(*p), "filen tar slut för tidigt; här förväntades ett uttryck");
  auto q = parse("regelverk T\nvärde");
  EXPECT_EQ(q->codes(), "R0004@18..18");
  EXPECT_EQ(message(*q), "filen tar slut för tidigt; här förväntades ett namn");
}

TEST(Parser, RendersInSwedishWithACaret) {
  auto p = parse("regelverk T\nbeslut\n  bifall om a >\n", "regler/x.regel");
  EXPECT_EQ(p->rendered(),
            "regler/x.regel:3:16: fel[R0004]: filen tar slut för tidigt; här förväntades ett uttryck\n"
            "    3 |   bifall om a >\n"
            "      |                ^\n"
            "1 fel, inga varningar\n");
}

TEST(Parser, ErrorsAreLimited) {
  std::string text = "regelverk T\n";
  for (int i = 0; i < 200; ++i) text += "värde = 1\n";
  auto p = parse(text);
  EXPECT_EQ(p->diags.size(), kMaxSyntaxErrors);
}

TEST(Parser, DeclarationsBeforeAnErrorAreKept) {
  auto p = parse("regelverk T\nvärde a = 1\nvärde b = \nvärde c = 3\n");
  EXPECT_EQ(p->codes(), "R0003@37..43");
  ASSERT_GE(p->ast.definitions.size(), 1u);
  EXPECT_EQ(p->ast.definitions[0].name, "a");
}

// ---- robustness --------------------------------------------------------------------------------

const char* const kValid =
    "regelverk T version \"1\" beslutsdatum m\n"
    "post P { a: heltal, b: valfri lista av P }\n"
    "uppräkning E { x, y }\n"
    "indata { m: månad, ps: lista av P }\n"
    "parameter p(n: heltal): belopp gäller från 2023-01-01: tabell 1 till 2: 1 kr annars: okänd \"?\"\n"
    "värde v: belopp = summa(q.a * 1 kr för varje q i ps där q.a > 0) avrundat nedåt till hela kronor\n"
    "  undantag u om antal(ps) = 0: = 0 kr motivering \"{v}\"\n"
    "villkor c = alla(q i ps uppfyller inte q.a < 1 eller om ja så nej annars ja)\n"
    "beslut bifall med v om c avslag annars skäl \"s\"\n"
    "stickprov 5 % av bifall\n"
    "exempel \"e\" indata { m: 2023-01, ps: [{ a: -1 }] } förväntat beslut bifall med 0 kr\n";

TEST(Robustness, EveryPrefixOfAValidFile) {
  ASSERT_EQ(parse(kValid)->codes(), "");
  const std::string text = kValid;
  for (size_t n = 0; n < text.size(); ++n) {
    auto p = parse(text.substr(0, n));
    EXPECT_LE(p->diags.size(), kMaxSyntaxErrors);
    (void)printAst(p->ast);
  }
}

TEST(Robustness, RandomEditsNeverCrash) {
  const std::string text = kValid;
  const std::vector<std::string> inserts = {"(", ")", "{", "}", "[", "]", ",", ":", "=", "om", "värde", "\"",
                                            "-", "inte", "§", "1", "kr", "\n", "till", "annars", "#", "\\"};
  std::mt19937 rng(1234);
  for (int i = 0; i < 400; ++i) {
    std::string edited = text;
    for (int k = 0; k < 3; ++k) {
      size_t pos = rng() % edited.size();
      if (rng() % 2 == 0) {
        edited.erase(pos, 1 + rng() % 4);
      } else {
        edited.insert(pos, inserts[rng() % inserts.size()]);
      }
    }
    // Edits may split a multi-byte letter: then R0001 is the answer, which is fine too.
    auto p = parse(edited);
    EXPECT_LE(p->diags.size(), kMaxSyntaxErrors);
    (void)printAst(p->ast);
  }
}

}  // namespace
}  // namespace regel::syntax::testing
