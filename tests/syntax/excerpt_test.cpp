// The source line under a diagnostic: shown whole when short, cut to a window around the span when
// long (a one-line file of megabytes must not be echoed under every diagnostic on it).
#include <gtest/gtest.h>

#include <string>

#include "compiler/diagnostics/excerpt.h"
#include "compiler/diagnostics/source.h"

namespace regel::diag {
namespace {

TEST(Excerpt, AShortLineIsShownWhole) {
  Excerpt e = excerptOf("värde x = a\t+ b", 14, 15);
  EXPECT_EQ(e.text, "värde x = a + b");
  EXPECT_EQ(e.caretColumn, 13u);
  EXPECT_EQ(e.caretWidth, 1u);
}

TEST(Excerpt, ALineOfExactlyTheWindowIsNotCut) {
  std::string line(kMaxExcerptCodePoints, 'a');
  Excerpt e = excerptOf(line, 90, 95);
  EXPECT_EQ(e.text, line);
  EXPECT_EQ(e.caretColumn, 90u);
  EXPECT_EQ(e.caretWidth, 5u);
}

TEST(Excerpt, ALongLineIsCutAroundTheSpan) {
  std::string line = std::string(5000, 'a') + "ööö" + std::string(5000, 'b');
  const uint32_t at = 5000;
  Excerpt e = excerptOf(line, at, at + 6);  // "ööö" is six bytes, three code points
  EXPECT_EQ(e.text, "…" + std::string(kExcerptContext, 'a') + "ööö" +
                        std::string(kMaxExcerptCodePoints - kExcerptContext - 3, 'b') + "…");
  EXPECT_EQ(e.caretColumn, 1 + kExcerptContext);
  EXPECT_EQ(e.caretWidth, 3u);
}

TEST(Excerpt, ASpanNearTheEndFillsTheWindowFromTheEnd) {
  std::string line = std::string(1000, 'a') + "slut";
  Excerpt e = excerptOf(line, 1000, 1004);
  EXPECT_EQ(e.text, "…" + std::string(kMaxExcerptCodePoints - 4, 'a') + "slut");
  EXPECT_EQ(e.caretColumn, 1 + kMaxExcerptCodePoints - 4);
  EXPECT_EQ(e.caretWidth, 4u);
}

TEST(Excerpt, ASpanPastTheWindowEndsUnderTheEllipsis) {
  std::string line(120000, 'x');
  Excerpt e = excerptOf(line, 0, 120000);
  EXPECT_EQ(e.text, std::string(kMaxExcerptCodePoints, 'x') + "…");
  EXPECT_EQ(e.caretColumn, 0u);
  EXPECT_EQ(e.caretWidth, kMaxExcerptCodePoints + 1);
}

// A whole-line span on a 120 KB line: the rendering stays a few lines long.
TEST(Excerpt, RenderedDiagnosticOnALongLineIsShort) {
  SourceSet sources;
  std::string text = "värde x: heltal = 1";
  for (int i = 0; i < 30000; ++i) text += " + 1";
  uint32_t id = sources.add("lång.regel", text + "\n");
  Diagnostic d{Kind::NestingTooDeep, Span{id, 19, static_cast<uint32_t>(text.size())}, {"1000"}, {}, {}};
  std::string out = render(d, sources);
  EXPECT_LT(out.size(), 700u) << out;
  EXPECT_NE(out.find("lång.regel:1:19: fel[R0006]"), std::string::npos) << out;
  EXPECT_NE(out.find("    1 | värde x: heltal = 1 + 1"), std::string::npos) << out;
  EXPECT_NE(out.find(" 1 …\n      |                   ^~~"), std::string::npos) << out;
}

// Past line 99 999 the gutter widens with the line number, and the caret stays under the span.
TEST(Excerpt, TheCaretStaysUnderTheSpanOnLinesOfSixDigits) {
  SourceSet sources;
  const std::string text = std::string(123455, '\n') + "värde x = y\n";
  uint32_t id = sources.add("m.regel", text);
  const uint32_t at = static_cast<uint32_t>(text.find('y'));
  Diagnostic d{Kind::NestingTooDeep, Span{id, at, at + 1}, {"1000"}, {}, {}};
  const std::string out = render(d, sources);
  EXPECT_NE(out.find("\n123456 | värde x = y\n       |           ^\n"), std::string::npos) << out;
}

TEST(SourcePosition, ColumnsFarIntoALongLineCountCodePoints) {
  std::string text = "a\n";
  for (int i = 0; i < 10000; ++i) text += "åb";  // three bytes, two code points
  text += "\nc";
  SourceFile f("f.regel", text);
  for (uint32_t k : {0u, 1u, 1365u, 1366u, 2730u, 9999u}) {
    LineColumn lc = f.position(2 + 3 * k);
    EXPECT_EQ(lc.line, 2u);
    EXPECT_EQ(lc.column, 2 * k + 1) << k;
  }
  EXPECT_EQ(f.position(static_cast<uint32_t>(text.size())).line, 3u);
  EXPECT_EQ(f.position(static_cast<uint32_t>(text.size())).column, 2u);
  EXPECT_EQ(f.position(static_cast<uint32_t>(text.size()) - 2).column, 20001u);  // the newline
}

TEST(SourcePosition, AnOffsetAtTheEndOfAFileOfWholeMarks) {
  std::string text(2 * SourceFile::kMarkBytes * 3, 'x');
  SourceFile f("f.regel", text);
  EXPECT_EQ(f.position(static_cast<uint32_t>(text.size())).column, text.size() + 1);
  EXPECT_EQ(f.position(static_cast<uint32_t>(text.size()) - 1).column, text.size());
}

// Lines end as the parser ends them: at LF, at CRLF (one line end), and at a CR alone (files from
// old Mac editors), so that an error is placed on its line and the line shown without the CR.
TEST(SourcePosition, CrLfAndALoneCrEachEndALine) {
  const std::string text = "a\r\nb\rc\nd\r";
  SourceFile f("f.regel", text);
  EXPECT_EQ(f.position(text.find('b')).line, 2u);
  EXPECT_EQ(f.position(text.find('c')).line, 3u);
  EXPECT_EQ(f.position(text.find('c')).column, 1u);
  EXPECT_EQ(f.position(text.find('d')).line, 4u);
  EXPECT_EQ(f.lineText(1), "a");
  EXPECT_EQ(f.lineText(2), "b");
  EXPECT_EQ(f.lineText(4), "d");
}

}  // namespace
}  // namespace regel::diag
