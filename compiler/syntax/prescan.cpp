// The token pre-scan: lexical errors, bracket balance and nesting depth (see prescan.h).
#include "compiler/syntax/prescan.h"

#include <algorithm>
#include <string>

#include <unicode/uchar.h>

#include "RegelLexer.h"
#include "compiler/syntax/parse.h"
#include "compiler/syntax/utf8.h"
#include "runtime/base/controls.h"

namespace regel::syntax {

using diag::Kind;
using diag::Span;
using regel_antlr::RegelLexer;

namespace {

void drop(antlr4::Token* t) {
  if (auto* w = dynamic_cast<antlr4::WritableToken*>(t)) w->setChannel(kDroppedChannel);
}

char32_t firstCodePoint(std::string_view s) {
  std::u32string cps;
  std::vector<uint32_t> offsets;
  decodeUtf8(s, cps, offsets);
  return cps.empty() ? U'\0' : cps.front();
}

}  // namespace

// Bracket balance and nesting depth over the tokens the parser will see.
class TokenScan::Brackets {
 public:
  Brackets(const SourceText& src, std::vector<diag::Diagnostic>& out) : src_(src), out_(out) {
    const TokenTypes& tt = TokenTypes::get();
    static constexpr const char* kBrackets[][2] = {{"(", ")"}, {"[", "]"}, {"{", "}"}};
    for (const auto& b : kBrackets) pairs_.push_back({tt.of(b[0]), tt.of(b[1]), b[0], b[1]});
    for (auto p : {"-", "inte", "valfri", "lista"}) prefix_.push_back(tt.of(p));
    av_ = tt.of("av");
    for (auto k : {"regelverk", "post", "uppräkning", "indata", "parameter", "värde", "villkor", "beslut",
                   "stickprov", "exempel"}) {
      declarationStart_.push_back(tt.of(k));
    }
  }

  // False when the nesting is too deep (R0006 reported).
  bool step(antlr4::Token* t) {
    const size_t type = t->getType();
    for (const Pair& p : pairs_) {
      if (type == p.open) {
        if (!deeper(t)) return false;
        stack_.push_back({p.close, src_.span(t), p.openText, depth_});
        return true;
      }
      if (type == p.close) {
        close(t, p);
        return true;
      }
    }
    if (has(prefix_, type)) return deeper(t);
    if (type == av_) return true;  // `lista av lista av …` is one run of prefixes
    if (has(declarationStart_, type)) closeAll();
    depth_ = base();
    return true;
  }

  void closeAll() {
    for (const Open& o : stack_) out_.push_back({Kind::UnclosedBracket, o.span, {o.text}, {}, {}});
    stack_.clear();
    depth_ = 0;
  }

 private:
  struct Pair {
    size_t open, close;
    const char* openText;
    const char* closeText;
  };
  struct Open {
    size_t closer;
    Span span;
    std::string text;
    int depthAfter;
  };

  // The depth at the start of the innermost open bracket's contents.
  int base() const { return stack_.empty() ? 0 : stack_.back().depthAfter; }
  static bool has(const std::vector<size_t>& set, size_t type) {
    return std::find(set.begin(), set.end(), type) != set.end();
  }

  bool deeper(antlr4::Token* t) {
    if (++depth_ <= kMaxNesting) return true;
    out_.push_back({Kind::NestingTooDeep, src_.span(t), {std::to_string(kMaxNesting)}, {}, {}});
    return false;
  }

  void close(antlr4::Token* t, const Pair& p) {
    auto match = std::find_if(stack_.rbegin(), stack_.rend(), [&](const Open& o) { return o.closer == p.close; });
    if (match == stack_.rend()) {
      out_.push_back({Kind::UnmatchedCloser, src_.span(t), {p.closeText, p.openText}, {}, {}});
      drop(t);  // the parser goes on as if it were not there
    } else {
      // Openers above the match were never closed: `( [ )` leaves '[' open.
      const size_t keep = static_cast<size_t>(stack_.rend() - match) - 1;
      for (size_t i = stack_.size(); i-- > keep + 1;) {
        out_.push_back({Kind::UnclosedBracket, stack_[i].span, {stack_[i].text}, {}, {}});
      }
      stack_.resize(keep);
    }
    depth_ = base();
  }

  const SourceText& src_;
  std::vector<diag::Diagnostic>& out_;
  std::vector<Pair> pairs_;
  std::vector<size_t> prefix_, declarationStart_;
  size_t av_ = 0;
  std::vector<Open> stack_;
  int depth_ = 0;
};

TokenScan::TokenScan(const SourceText& src, Ast& ast)
    : src_(src), ast_(ast), brackets_(std::make_unique<Brackets>(src, result_.diagnostics)) {}

TokenScan::~TokenScan() = default;

bool TokenScan::feed(antlr4::Token* t) {
  if (result_.stop) return false;
  if (t->getType() == antlr4::Token::EOF) return true;
  lexical(t);
  if (t->getChannel() == antlr4::Token::DEFAULT_CHANNEL && !brackets_->step(t)) {
    // Only the R0006 matters then; bracket errors before it would be noise.
    diag::Diagnostic tooDeep = std::move(result_.diagnostics.back());
    result_.diagnostics.pop_back();
    std::erase_if(result_.diagnostics, [](const diag::Diagnostic& d) {
      return d.kind == Kind::UnclosedBracket || d.kind == Kind::UnmatchedCloser;
    });
    result_.diagnostics.push_back(std::move(tooDeep));
    result_.stop = true;
  }
  if (result_.diagnostics.size() >= kMaxSyntaxErrors) result_.stop = true;
  return !result_.stop;
}

void TokenScan::lexical(antlr4::Token* t) {
  if (t->getStartIndex() < dropBefore_) {
    drop(t);
    return;
  }
  const Span span = src_.span(t);
  if (t->getType() == RegelLexer::STRING || t->getType() == RegelLexer::COMMENT) {
    actingCharacter(span, t->getType() == RegelLexer::COMMENT);
  }
  if (t->getType() == RegelLexer::COMMENT) {
    std::string_view text = src_.textOf(t);
    ast_.comments.push_back({span, std::string(text.substr(text.empty() ? 0 : 1))});
    return;
  }
  if (t->getType() != RegelLexer::UNKNOWN_CHAR) return;
  const char32_t c = firstCodePoint(src_.textOf(t));
  if (c == U'"') {
    // The text runs to the end of its line (texts never span lines): parse it as a STRING so that
    // the rest of the file is checked as usual.
    size_t lineEnd = src_.text.find_first_of("\r\n", span.begin);
    if (lineEnd == std::string_view::npos) lineEnd = src_.text.size();
    result_.diagnostics.push_back(
        {Kind::UnterminatedString, {src_.file, span.begin, static_cast<uint32_t>(lineEnd)}, {}, {}, {}});
    actingCharacter({src_.file, span.begin, static_cast<uint32_t>(lineEnd)}, false);
    const auto endCp = static_cast<size_t>(
        std::lower_bound(src_.offsets.begin(), src_.offsets.end(), static_cast<uint32_t>(lineEnd)) -
        src_.offsets.begin());
    if (auto* ct = dynamic_cast<antlr4::CommonToken*>(t)) {
      ct->setType(RegelLexer::STRING);
      ct->setStopIndex(endCp - 1);
    }
    dropBefore_ = endCp;
    return;
  }
  drop(t);
  if (c == U'\uFEFF' && span.begin == 0) return;  // a byte order mark is no error
  result_.diagnostics.push_back({Kind::UnexpectedCharacter, span, {describeChar(c)}, {}, {}});
  // A digit of another form (full width, as an input method for Chinese or Japanese types them;
  // Arabic-Indic) looks like a number but is not one to the language.
  if (c > U'9' && u_charType(static_cast<UChar32>(c)) == U_DECIMAL_DIGIT_NUMBER) {
    result_.diagnostics.back().hint =
        diag::Hint{diag::HintKind::ForeignDigit,
                   {describeChar(c), std::to_string(u_charDigitValue(static_cast<UChar32>(c)))}};
  }
}

// A text is shown in reasons, explanations and letters, and a comment is read by whoever reviews
// the rules: a control character there would act rather than show (an escape sequence on a
// terminal), and a bidirectional control can make the source look as if it did something other
// than it does ("Trojan Source"). A tab is space, and a line break in a text (after a backslash)
// is R0005's.
void TokenScan::actingCharacter(Span span, bool comment) {
  const std::string_view text = std::string_view(src_.text).substr(span.begin, span.end - span.begin);
  std::optional<rt::FoundControl> found = rt::findControl(text, true);
  while (found && (found->codePoint == U'\r' || found->codePoint == U'\n')) {
    found = rt::findControl(text, true, found->offset + found->length);
  }
  if (!found) return;
  const auto at = span.begin + static_cast<uint32_t>(found->offset);
  const Span where{src_.file, at, at + static_cast<uint32_t>(found->length)};
  std::string what = comment ? "kommentaren" : "texten";
  if (found->kind == rt::ControlKind::Bidi) {
    result_.diagnostics.push_back({Kind::BidiControl, where,
                                   {std::move(what), rt::codePointName(found->codePoint),
                                    std::string(rt::bidiControlName(found->codePoint))},
                                   {}, {}});
  } else {
    result_.diagnostics.push_back(
        {Kind::ControlCharacter, where, {std::move(what), rt::codePointName(found->codePoint)}, {}, {}});
  }
}

PrescanResult TokenScan::finish() {
  if (!result_.stop) brackets_->closeAll();
  std::stable_sort(result_.diagnostics.begin(), result_.diagnostics.end(),
                   [](const diag::Diagnostic& a, const diag::Diagnostic& b) { return a.span.begin < b.span.begin; });
  return std::move(result_);
}

}  // namespace regel::syntax
