// After a syntax error the checker goes on over what could be read: it reports the problems in
// declarations the error did not touch, and nothing that may follow from the code that was lost.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "regel/compile.h"

namespace regel {
namespace {

const char* const kHead = R"(regelverk "Prov"
  version "1"
  beslutsdatum datum

indata {
  datum: datum
  inkomst: belopp
  oanvänt: heltal
}
)";

std::vector<std::string> codesAndLines(const CompileResult& r) {
  std::vector<std::string> out;
  for (const auto& d : r.diagnostics) out.push_back(d.code + "@" + std::to_string(d.location.line));
  return out;
}

TEST(AfterSyntaxErrors, WhatMayFollowFromTheLostCodeIsNotReported) {
  const std::string source = std::string(kHead) + R"(
värde a: belopp = inkomst +

värde b: heltal = inkomst

värde c: belopp = saknas_här

beslut
  bifall med a om b > 0
  avslag annars
)";
  CompileResult r = compileSource("prov.regel", source);
  EXPECT_EQ(r.ruleset, nullptr);
  // The syntax error is reported at `värde` of b (where a's expression should have gone on), so
  // b counts as touched. The unknown name in c may be a name whose declaration was lost, and the
  // unused input `oanvänt` may have had its user there: neither is reported.
  const std::vector<std::string> codes = codesAndLines(r);
  ASSERT_FALSE(codes.empty());
  EXPECT_EQ(codes.front().substr(0, 5), "R0003");
  for (const auto& c : codes) {
    EXPECT_NE(c.substr(0, 5), "R0101") << c;
    EXPECT_NE(c.substr(0, 5), "R0401") << c;
  }
}

// A record and an enum that both lost their names to a syntax error (found by fuzz_compile,
// fuzz/reproducers): the checker took the record it had registered under the empty name for the
// enum and read past the enums, which libstdc++'s assertions (the sanitized build's and the fuzz
// targets') stop at.
TEST(AfterSyntaxErrors, ARecordAndAnEnumWithoutNamesAreNotTakenForEachOther) {
  CompileResult r = compileSource("prov.regel", std::string("r post uppräkning beslut\0", 26));
  EXPECT_EQ(r.ruleset, nullptr);
  EXPECT_EQ(codesAndLines(r), (std::vector<std::string>{"R0003@1", "R0311@1", "R0002@1"}));
}

TEST(AfterSyntaxErrors, ATypeErrorAfterTheBrokenDeclarationIsFound) {
  const std::string source = std::string(kHead) + R"(
värde a: belopp = inkomst +

värde vanlig: belopp = inkomst

värde c: heltal = inkomst

beslut
  bifall med a om c > 0
  avslag annars
)";
  CompileResult r = compileSource("prov.regel", source);
  EXPECT_EQ(r.ruleset, nullptr);
  const std::vector<std::string> codes = codesAndLines(r);
  // R0205 in c (line 15), whose declaration the syntax error did not reach.
  EXPECT_NE(std::find(codes.begin(), codes.end(), "R0205@15"), codes.end()) << ::testing::PrintToString(codes);
  bool syntaxFirst = !codes.empty() && codes.front().substr(0, 3) == "R00";
  EXPECT_TRUE(syntaxFirst) << ::testing::PrintToString(codes);
  for (const auto& d : r.diagnostics) {
    if (d.code != "R0205") continue;
    EXPECT_EQ(d.location.column, 19u);
    EXPECT_NE(d.message.find("'c'"), std::string::npos) << d.message;
  }
}

TEST(AfterSyntaxErrors, NothingIsReportedInsideTheBrokenDeclaration) {
  // The type error sits in the same declaration as the syntax error: it is not reported, since
  // the declaration was not read as written.
  const std::string source = std::string(kHead) + R"(
värde a: heltal = inkomst + + 1

beslut
  bifall om a > 0
  avslag annars
)";
  CompileResult r = compileSource("prov.regel", source);
  for (const auto& d : r.diagnostics) EXPECT_EQ(d.code.substr(0, 3), "R00") << d.code << " " << d.message;
}

}  // namespace
}  // namespace regel
