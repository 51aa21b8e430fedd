// parseFile: checks the bytes, lexes, pre-scans the tokens, parses with ANTLR (SLL first, LL only
// when SLL fails) and builds the AST. ANTLR's English messages never reach the user: its error
// listeners are replaced by ones that report our diagnostics, and no exception escapes.
#include "compiler/syntax/parse.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>

#include "RegelLexer.h"
#include "compiler/syntax/ast_builder.h"
#include "compiler/syntax/hints.h"
#include "compiler/syntax/prescan.h"
#include "compiler/syntax/utf8.h"
#include "runtime/base/suggest.h"

namespace regel::syntax {
namespace {

using diag::Diagnostic;
using diag::Kind;
using diag::Span;

// Thrown from our hooks to leave ANTLR at once. Not a RecognitionException, which the generated
// rules would catch and recover from.
struct StopParsing {};
struct NestingStop {
  antlr4::Token* at;
};

// ANTLR's input, filled with code points we decoded ourselves (the same decoding that made the
// code point → byte offset table).
class CodePointStream : public antlr4::ANTLRInputStream {
 public:
  explicit CodePointStream(std::u32string codePoints) {
    _data = std::move(codePoints);
    reset();
  }
};

// The generated lexer, feeding each token to the pre-scan as it is made; when the pre-scan says
// stop, the rest of the input is skipped (the next token is EOF).
class ScanningLexer : public regel_antlr::RegelLexer {
 public:
  ScanningLexer(antlr4::CharStream* input, TokenScan& scan) : RegelLexer(input), scan_(scan) {}
  std::unique_ptr<antlr4::Token> nextToken() override {
    std::unique_ptr<antlr4::Token> t = RegelLexer::nextToken();
    if (!scan_.feed(t.get())) _input->seek(_input->size());
    return t;
  }

 private:
  TokenScan& scan_;
};

// The generated parser with a guard on expression recursion, which the token pre-scan cannot
// see in full (`inte a = inte b = …`, `om … annars om …` chains). It also remembers the root
// context so that a parse stopped early still yields the declarations before the stop.
class GuardedParser : public regel_antlr::RegelParser {
 public:
  using RegelParser::RegelParser;
  using RegelParser::enterRecursionRule;

  void enterRule(antlr4::ParserRuleContext* ctx, size_t state, size_t ruleIndex) override {
    if (root_ == nullptr) root_ = dynamic_cast<ProgramContext*>(ctx);
    RegelParser::enterRule(ctx, state, ruleIndex);
  }
  void enterRecursionRule(antlr4::ParserRuleContext* ctx, size_t state, size_t ruleIndex, int precedence) override {
    if (exprDepth_ >= kMaxExprRecursion) throw NestingStop{getCurrentToken()};
    ++exprDepth_;
    RegelParser::enterRecursionRule(ctx, state, ruleIndex, precedence);
  }
  void unrollRecursionContexts(antlr4::ParserRuleContext* parent) override {
    --exprDepth_;
    RegelParser::unrollRecursionContexts(parent);
  }
  void reset() override {
    RegelParser::reset();
    exprDepth_ = 0;
    root_ = nullptr;
  }
  ProgramContext* root() const { return root_; }

 private:
  int exprDepth_ = 0;
  ProgramContext* root_ = nullptr;
};

std::vector<size_t> expectedTokens(antlr4::Parser* parser, std::exception_ptr e) {
  antlr4::misc::IntervalSet set;
  try {
    if (e) {
      try {
        std::rethrow_exception(e);
      } catch (const antlr4::RecognitionException& re) {
        set = re.getExpectedTokens();
      }
    } else if (parser != nullptr) {
      set = parser->getExpectedTokens();
    }
  } catch (...) {
    return {};  // no expected set to show: the message says "något annat"
  }
  std::vector<size_t> out;
  for (ssize_t t : set.toList()) {
    if (t == -1) out.push_back(antlr4::Token::EOF);
    if (t > 0) out.push_back(static_cast<size_t>(t));
  }
  return out;
}

// A word of the language where a name was expected and used as one (`skäl: ja/nej`,
// `värde summa: belopp`, `… = skäl och …`): say that it is reserved; a name that starts with it is
// a name. A word followed by what follows a declaration's head (`indata {` after an unclosed
// brace) is not taken for a name.
std::optional<diag::Hint> reservedWordHint(antlr4::TokenStream* tokens, antlr4::Token* offending,
                                           const std::vector<size_t>& expected) {
  if (std::find(expected.begin(), expected.end(), regel_antlr::RegelLexer::IDENT) == expected.end()) return {};
  antlr4::Token* next = nullptr;
  for (size_t i = offending->getTokenIndex() + 1; tokens != nullptr && i < tokens->size(); ++i) {
    antlr4::Token* t = tokens->get(i);
    if (t->getChannel() == antlr4::Token::DEFAULT_CHANNEL) {
      next = t;
      break;
    }
  }
  if (next == nullptr) return {};
  const TokenTypes& types = TokenTypes::get();
  const size_t n = next->getType();
  const bool nameLike = n == types.of(":") || n == types.of(",") || n == types.of("=") || n == types.of(")") ||
                        n == types.of("}") || n == types.of(".") || n == types.of("lagrum");
  if (!nameLike) return {};
  const std::string_view word = types.literal(offending->getType());
  const bool isWord = !word.empty() && std::all_of(word.begin(), word.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || static_cast<unsigned char>(c) >= 0x80 || c == '_';
  });
  if (!isWord) return {};
  return diag::Hint{diag::HintKind::ReservedWord, {std::string(word)}};
}

// Reports the parser's syntax errors as R0003/R0004 with Swedish descriptions.
class ParserErrors : public antlr4::BaseErrorListener {
 public:
  ParserErrors(const SourceText& src, std::vector<Diagnostic>& out, std::vector<uint32_t> known,
               size_t maxReported, uint32_t endOfLastToken)
      : src_(src), out_(out), known_(std::move(known)), max_(maxReported), lastEnd_(endOfLastToken) {}

  void syntaxError(antlr4::Recognizer* recognizer, antlr4::Token* offending, size_t, size_t, const std::string&,
                   std::exception_ptr e) override {
    if (++seen_ > kMaxSyntaxErrors) throw StopParsing{};
    if (reported_ >= max_) return;
    std::vector<size_t> expectedTypes = expectedTokens(dynamic_cast<antlr4::Parser*>(recognizer), e);
    std::string expected = describeExpected(expectedTypes);
    if (offending == nullptr || offending->getType() == antlr4::Token::EOF) {
      out_.push_back({Kind::UnexpectedEnd, {src_.file, lastEnd_, lastEnd_}, {expected}, {}, {}});
    } else {
      Span at = src_.span(offending);
      // The pre-scan has already explained this token (e.g. a bracket); say nothing more.
      if (std::find(known_.begin(), known_.end(), at.begin) != known_.end()) return;
      out_.push_back({Kind::UnexpectedToken, at, {describeToken(src_, offending), expected}, {}, {}});
      auto* parser = dynamic_cast<antlr4::Parser*>(recognizer);
      out_.back().hint = syntaxHint(src_, parser != nullptr ? parser->getTokenStream() : nullptr, offending);
      if (!out_.back().hint) {
        out_.back().hint =
            reservedWordHint(parser != nullptr ? parser->getTokenStream() : nullptr, offending, expectedTypes);
      }
      // A misspelt keyword (`vrde`) is a name where a keyword was expected: suggest the keyword.
      if (offending->getType() == regel_antlr::RegelLexer::IDENT) {
        std::vector<std::string> keywords;
        for (size_t t : expectedTypes) {
          std::string_view lit = TokenTypes::get().literal(t);
          if (!lit.empty()) keywords.emplace_back(lit);
        }
        if (auto s = rt::closestName(src_.textOf(offending), keywords)) out_.back().suggestion = *s;
      }
    }
    ++reported_;
  }

 private:
  const SourceText& src_;
  std::vector<Diagnostic>& out_;
  std::vector<uint32_t> known_;
  size_t max_;
  uint32_t lastEnd_;
  size_t seen_ = 0, reported_ = 0;
};

// The lexer turns every unknown character into an UNKNOWN_CHAR token, so this is a safety net.
class LexerErrors : public antlr4::BaseErrorListener {
 public:
  LexerErrors(const SourceText& src, std::vector<Diagnostic>& out) : src_(src), out_(out) {}
  void syntaxError(antlr4::Recognizer* recognizer, antlr4::Token*, size_t, size_t, const std::string&,
                   std::exception_ptr) override {
    auto* lexer = dynamic_cast<antlr4::Lexer*>(recognizer);
    if (lexer == nullptr || out_.size() >= kMaxSyntaxErrors) return;
    size_t cp = lexer->getCharIndex();
    uint32_t begin = src_.byteAt(cp);
    uint32_t end = src_.byteAt(cp + 1);
    std::u32string one;
    std::vector<uint32_t> offsets;
    decodeUtf8(src_.text.substr(begin, end - begin), one, offsets);
    out_.push_back({Kind::UnexpectedCharacter, {src_.file, begin, end}, {describeChar(one.empty() ? U' ' : one[0])}, {}, {}});
  }

 private:
  const SourceText& src_;
  std::vector<Diagnostic>& out_;
};

// The end of the last token the parser sees: where "the file ends too early" points.
uint32_t endOfLastToken(const std::vector<antlr4::Token*>& tokens, const SourceText& src) {
  for (auto it = tokens.rbegin(); it != tokens.rend(); ++it) {
    if ((*it)->getType() != antlr4::Token::EOF && (*it)->getChannel() == antlr4::Token::DEFAULT_CHANNEL) {
      return src.span(*it).end;
    }
  }
  return 0;
}

antlr4::Token* firstToken(const std::vector<antlr4::Token*>& tokens) {
  for (antlr4::Token* t : tokens) {
    if (t->getType() == antlr4::Token::EOF || t->getChannel() == antlr4::Token::DEFAULT_CHANNEL) return t;
  }
  return nullptr;
}

// Every parse holds this: the generated lexer and parser share their DFA and context caches (static
// members) without a lock of their own.
std::mutex& antlrMutex() {
  static std::mutex m;
  return m;
}

// The bound on the caches; only tests change it, to see the caches dropped.
std::atomic<size_t> cacheBound{kMaxParserCacheEntries};

size_t cacheEntries(antlr4::atn::ATNSimulator& sim, const std::vector<antlr4::dfa::DFA>& dfas) {
  size_t n = sim.getSharedContextCache().size();
  for (const auto& dfa : dfas) n += dfa.states.size();
  return n;
}

// The lexer's and the parser's caches, dropped together when they hold more than the bound. Made
// after the lexer and the parser and destroyed before them (still under the lock), whichever way
// the parse ends.
class BoundedCaches {
 public:
  BoundedCaches(antlr4::Lexer& lexer, antlr4::Parser& parser)
      : lexer_(*lexer.getInterpreter<antlr4::atn::LexerATNSimulator>()),
        parser_(*parser.getInterpreter<antlr4::atn::ParserATNSimulator>()) {}
  BoundedCaches(const BoundedCaches&) = delete;
  BoundedCaches& operator=(const BoundedCaches&) = delete;
  ~BoundedCaches() {
    if (entries() <= cacheBound.load(std::memory_order_relaxed)) return;
    lexer_.clearDFA();
    lexer_.getSharedContextCache().clear();
    parser_.clearDFA();
    parser_.getSharedContextCache().clear();
  }
  size_t entries() const { return cacheEntries(lexer_, lexer_._decisionToDFA) + cacheEntries(parser_, parser_.decisionToDFA); }

 private:
  antlr4::atn::LexerATNSimulator& lexer_;
  antlr4::atn::ParserATNSimulator& parser_;
};

// How the fast parse ended.
enum class FastParse { Done, Failed, TooDeep };

// The parse nearly every file takes: SLL with bail-out, one declaration at a time. Each
// declaration's tree becomes AST and is dropped before the next is parsed, so the parser holds one
// declaration's tree, not the whole file's: the file's tree was most of the memory a large ruleset
// took to compile, and every page of it was new (bench/COMPILE_SCALING.md). SLL prediction at the
// end of a declaration parsed on its own lets anything follow, so where a declaration may go on it
// goes on exactly when it would inside `program`: on a file without errors the AST is the one the
// whole-file parse builds. Failed when SLL meets an error anywhere: the caller then parses the
// whole file again.
FastParse parseByDeclaration(GuardedParser& parser, antlr4::TokenStream& tokens, AstBuilder& builder,
                             const SourceText& src, std::vector<Diagnostic>& out) {
  using antlr4::atn::ParserATNSimulator;
  using antlr4::atn::PredictionMode;
  parser.removeErrorListeners();
  parser.setErrorHandler(std::make_shared<antlr4::BailErrorStrategy>());
  parser.getInterpreter<ParserATNSimulator>()->setPredictionMode(PredictionMode::SLL);
  const size_t regelverk = TokenTypes::get().of("regelverk");
  try {
    if (tokens.LA(1) == regelverk) {
      builder.header(parser.header());
      parser.getTreeTracker().reset();
    }
    while (tokens.LA(1) != antlr4::Token::EOF) {
      builder.declaration(parser.declaration());
      parser.getTreeTracker().reset();
    }
    return FastParse::Done;
  } catch (const antlr4::ParseCancellationException&) {
    return FastParse::Failed;
  } catch (const NestingStop& stop) {
    out.push_back({Kind::NestingTooDeep, src.span(stop.at), {fmt::format("{}", kMaxNesting)}, {}, {}});
    return FastParse::TooDeep;
  }
}

// The whole file with full LL and error recovery, after the fast parse failed: the errors are
// reported as the parser meets them. Returns the tree, possibly partial; null when nothing may be
// built (nesting too deep).
regel_antlr::RegelParser::ProgramContext* parseWithRecovery(GuardedParser& parser, ParserErrors& errors,
                                                            const SourceText& src, std::vector<Diagnostic>& out) {
  using antlr4::atn::ParserATNSimulator;
  using antlr4::atn::PredictionMode;
  try {
    parser.reset();
    parser.addErrorListener(&errors);
    parser.setErrorHandler(std::make_shared<antlr4::DefaultErrorStrategy>());
    parser.getInterpreter<ParserATNSimulator>()->setPredictionMode(PredictionMode::LL);
    return parser.program();
  } catch (const StopParsing&) {
    return parser.root();
  } catch (const NestingStop& stop) {
    out.push_back({Kind::NestingTooDeep, src.span(stop.at), {fmt::format("{}", kMaxNesting)}, {}, {}});
    return nullptr;
  }
}

// Keeps only what the token pre-scan put in `ast` (the comments): what a failed fast parse built
// is built again from the full parse.
void dropDeclarations(Ast& ast) {
  Ast kept;
  kept.file = ast.file;
  kept.comments = std::move(ast.comments);
  ast = std::move(kept);
}

// The diagnostic for a file that does not start with `regelverk`, if it does not: the parse
// accepts a file without the header so that what follows is still checked.
std::optional<Diagnostic> missingHeader(bool hasHeader, const std::vector<antlr4::Token*>& tokens,
                                        const SourceText& src) {
  const size_t regelverk = TokenTypes::get().of("regelverk");
  antlr4::Token* first = firstToken(tokens);
  if (hasHeader || (first != nullptr && first->getType() == regelverk)) return std::nullopt;
  Span at = first == nullptr || first->getType() == antlr4::Token::EOF ? Span{src.file, 0, 0} : src.span(first);
  return Diagnostic{Kind::MissingHeader, at, {}, {}, {}};
}

// Everything parseFile does, allowed to throw; diagnostics go to `pre` (the pre-scan's, reported
// first) and `rest` (parser and builder, reported in source order after them).
void parseInto(const diag::SourceFile& file, uint32_t fileId, Ast& ast, std::vector<Diagnostic>& pre,
               std::vector<Diagnostic>& rest) {
  const std::string& text = file.text;
  if (text.size() > kMaxSourceBytes) {
    pre.push_back({Kind::FileTooLarge, {fileId, 0, 0},
                   {rt::formatInt(static_cast<int64_t>(text.size())), rt::formatInt(static_cast<int64_t>(kMaxSourceBytes))}, {}, {}});
    return;
  }
  if (std::optional<size_t> bad = findInvalidUtf8(text)) {
    const auto at = static_cast<uint32_t>(*bad);
    pre.push_back({Kind::InvalidUtf8, {fileId, at, at + 1}, {fmt::format("{:02X}", static_cast<unsigned char>(text[at]))}, {}, {}});
    return;
  }
  SourceText src;
  src.file = fileId;
  src.text = text;
  std::u32string codePoints;
  decodeUtf8(text, codePoints, src.offsets);

  CodePointStream input(std::move(codePoints));
  TokenScan scanner(src, ast);
  ScanningLexer lexer(&input, scanner);
  LexerErrors lexerErrors(src, pre);
  lexer.removeErrorListeners();
  lexer.addErrorListener(&lexerErrors);
  antlr4::CommonTokenStream tokens(&lexer);
  GuardedParser parser(&tokens);
  BoundedCaches caches(lexer, parser);
  tokens.fill();

  PrescanResult scan = scanner.finish();
  std::vector<uint32_t> known;
  for (Diagnostic& d : scan.diagnostics) {
    known.push_back(d.span.begin);
    pre.push_back(std::move(d));
  }
  if (scan.stop) return;

  tokens.seek(0);  // the pre-scan moved tokens off the default channel
  const size_t restBefore = rest.size();
  {
    AstBuilder builder(src, ast, rest);
    const FastParse fast = parseByDeclaration(parser, tokens, builder, src, rest);
    if (fast == FastParse::TooDeep) {
      // Only the nesting is reported, as when the whole file is parsed: nothing is built.
      dropDeclarations(ast);
      rest.erase(rest.begin() + static_cast<std::ptrdiff_t>(restBefore), rest.end() - 1);
    }
    // Before what the builder reported, as the full parse has it.
    if (fast == FastParse::Done) {
      if (auto d = missingHeader(ast.header.present, tokens.getTokens(), src)) rest.insert(rest.begin() + restBefore, *d);
    }
    if (fast != FastParse::Failed) return;
  }
  dropDeclarations(ast);
  rest.resize(restBefore);
  // After a lexical or bracket error the parser's first complaint may help; the rest would be
  // consequences of the same mistake.
  const size_t maxParserErrors = pre.empty() ? kMaxSyntaxErrors : 1;
  ParserErrors errors(src, rest, known, maxParserErrors, endOfLastToken(tokens.getTokens(), src));
  regel_antlr::RegelParser::ProgramContext* tree = parseWithRecovery(parser, errors, src, rest);
  if (tree == nullptr) return;
  if (auto d = missingHeader(tree->header() != nullptr, tokens.getTokens(), src)) rest.push_back(*d);
  AstBuilder(src, ast, rest).build(tree);
}

}  // namespace

Ast parseFile(const diag::SourceSet& sources, uint32_t fileId, diag::DiagnosticSink& sink) {
  Ast ast;
  ast.file = fileId;
  if (fileId >= sources.size()) return ast;
  std::vector<Diagnostic> pre, rest;
  try {
    std::lock_guard<std::mutex> lock(antlrMutex());
    parseInto(sources.file(fileId), fileId, ast, pre, rest);
  } catch (const std::exception& e) {
    // Not expected: ANTLR's own exceptions are caught above. Report rather than crash.
    rest.push_back({Kind::UnexpectedToken, {fileId, 0, 0}, {fmt::format("internt fel i tolken ({})", e.what()), "giltig kod"}, {}, {}});
  } catch (...) {
    rest.push_back({Kind::UnexpectedToken, {fileId, 0, 0}, {"internt fel i tolken", "giltig kod"}, {}, {}});
  }
  // One list in source order; at the same place the pre-scan's explanation comes first.
  for (Diagnostic& d : rest) pre.push_back(std::move(d));
  std::stable_sort(pre.begin(), pre.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return a.span.begin < b.span.begin;
  });
  if (pre.size() > kMaxSyntaxErrors) pre.resize(kMaxSyntaxErrors);
  for (Diagnostic& d : pre) {
    Diagnostic& out = sink.report(d.kind, d.span, std::move(d.args));
    out.notes = std::move(d.notes);
    out.suggestion = std::move(d.suggestion);
    out.hint = std::move(d.hint);
  }
  return ast;
}

void setParserCacheBound(size_t entries) { cacheBound.store(entries, std::memory_order_relaxed); }

size_t parserCacheEntries() {
  std::lock_guard<std::mutex> lock(antlrMutex());
  antlr4::ANTLRInputStream input("");
  regel_antlr::RegelLexer lexer(&input);
  antlr4::CommonTokenStream tokens(&lexer);
  regel_antlr::RegelParser parser(&tokens);
  return BoundedCaches(lexer, parser).entries();
}

}  // namespace regel::syntax
