// Regression tests for the checker's declaration pass (compiler/sema/declarations.cpp).
#include <gtest/gtest.h>

#include "compiler/sema/check.h"
#include "compiler/syntax/parse.h"

namespace {

using namespace regel;

std::vector<std::string> codesOf(const std::string& body, std::string* firstArg = nullptr) {
  diag::SourceSet sources;
  diag::DiagnosticSink sink;
  uint32_t id = sources.add("t.regel", "regelverk T version \"1\"\n" + body);
  std::vector<syntax::Ast> asts;
  asts.push_back(syntax::parseFile(sources, id, sink));
  if (!sink.hasErrors()) sema::checkRuleset(asts, sources, sink);
  std::vector<std::string> out;
  for (const auto& d : sink.all()) {
    if (diag::severityOf(d.kind) == diag::Severity::Error) out.emplace_back(diag::codeOf(d.kind));
    if (firstArg && firstArg->empty() && !d.args.empty()) *firstArg = d.args[0];
  }
  return out;
}

const std::string kDecision = "beslut\n  bifall med x om x > 0 kr\n  avslag annars\n";

// Regression: an input field named like an enum value gave no error; every use of the name
// silently meant the enum value and the field could not be read at all.
TEST(Declarations, InputFieldNamedLikeEnumValueIsADuplicate) {
  std::string arg;
  auto codes = codesOf("uppräkning Form { hyra, eget }\n"
                       "indata { hyra: belopp, form: Form }\n"
                       "värde x: belopp lagrum \"1 §\" = om form = hyra så 1 kr annars 0 kr\n" + kDecision,
                       &arg);
  EXPECT_EQ(codes, std::vector<std::string>{"R0102"});
  EXPECT_EQ(arg, "hyra");
}

// Regression: two enums sharing a value name gave no error; the second enum's value could not
// be named.
TEST(Declarations, EnumValueSharedByTwoEnumsIsADuplicate) {
  auto codes = codesOf("uppräkning A { x1, delad }\nuppräkning B { delad, y1 }\n"
                       "indata { a: A }\n"
                       "värde x: belopp lagrum \"1 §\" = om a = x1 så 1 kr annars 0 kr\n" + kDecision);
  EXPECT_EQ(codes, std::vector<std::string>{"R0102"});
}

// A value repeated within one enum, a repeated input field and a second `indata` are reported
// once each, with their own codes, and not again as R0102.
TEST(Declarations, RepeatsWithinOneDeclarationAreNotAlsoDuplicateNames) {
  EXPECT_EQ(codesOf("uppräkning A { x1, x1 }\nindata { a: A }\n"
                    "värde x: belopp lagrum \"1 §\" = om a = x1 så 1 kr annars 0 kr\n" + kDecision),
            std::vector<std::string>{"R0109"});
  EXPECT_EQ(codesOf("indata { a: belopp, a: belopp }\nvärde x: belopp lagrum \"1 §\" = a\n" + kDecision),
            std::vector<std::string>{"R0107"});
  EXPECT_EQ(codesOf("indata { a: belopp }\nindata { a: belopp }\n"
                    "värde x: belopp lagrum \"1 §\" = a\n" + kDecision),
            std::vector<std::string>{"R0309"});
  EXPECT_EQ(codesOf("uppräkning A { x1 }\nuppräkning A { x1 }\nindata { a: A }\n"
                    "värde x: belopp lagrum \"1 §\" = om a = x1 så 1 kr annars 0 kr\n" + kDecision),
            std::vector<std::string>{"R0102"});
}

}  // namespace
