// Regression tests for the checker's declaration pass (compiler/sema/declarations.cpp).
#include <gtest/gtest.h>

#include "tests/sema/sema_fixture.h"

namespace {

using namespace regel;

std::vector<std::string> codesOf(const std::string& body, std::string* firstArg = nullptr) {
  auto r = regel::testing::checkBody(body);
  if (firstArg && !r.firstArgs.empty()) *firstArg = r.firstArgs[0];
  return r.errors;
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
