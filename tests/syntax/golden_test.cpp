// Golden tests for compiler/syntax: tests/golden/syntax/*.regel parsed on their own, with the
// rendered diagnostics compared to <name>.expected (and, when present, printAst's output to
// <name>.ast). A `fail_` file must have errors, any other none. The expected files are reviewed
// by a person; REGEL_UPDATE_GOLDEN=1 rewrites them for that review.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "compiler/diagnostics/source.h"
#include "compiler/syntax/parse.h"
#include "tests/golden_files.h"

namespace regel::syntax {
namespace {

using golden::expectGolden;
using golden::readText;
using golden::updating;
namespace fs = std::filesystem;

std::vector<fs::path> goldenFiles() { return golden::filesIn("syntax", ".regel"); }

TEST(SyntaxGolden, EveryFile) {
  auto files = goldenFiles();
  ASSERT_GE(files.size(), 15u);
  std::set<std::string> codes;
  for (const auto& file : files) {
    SCOPED_TRACE(file.string());
    diag::SourceSet sources;
    uint32_t id = sources.add(fs::relative(file, REGEL_SOURCE_DIR).generic_string(), readText(file));
    diag::DiagnosticSink sink;
    Ast ast = parseFile(sources, id, sink);
    for (const auto& d : sink.all()) codes.insert(std::string(diag::codeOf(d.kind)));
    const bool fail = file.filename().string().starts_with("fail_");
    EXPECT_EQ(sink.hasErrors(), fail) << diag::renderAll(sink.all(), sources);
    fs::path expected = file;
    expectGolden(expected.replace_extension(".expected"), diag::renderAll(sink.all(), sources));
    fs::path astFile = file;
    astFile.replace_extension(".ast");
    if (fs::exists(astFile) || (updating() && !fail)) expectGolden(astFile, printAst(ast));
  }
  // Every syntax error has a golden case, except R0007 (a file over 4 MB does not belong in the
  // repository; errors_test.cpp covers it) and R0013 (templates are checked by compiler/sema).
  for (const char* code : {"R0001", "R0002", "R0003", "R0004", "R0005", "R0006", "R0008", "R0009", "R0010",
                           "R0011", "R0012", "R0014", "R0015", "R0311"}) {
    EXPECT_TRUE(codes.count(code)) << "inget golden-fall ger " << code;
  }
}

}  // namespace
}  // namespace regel::syntax
