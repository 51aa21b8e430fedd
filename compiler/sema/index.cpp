// The semantic index (index.h), built after the checker's passes from the ASTs and what the
// checker resolved (Context::references, boundLocals, fieldSpans).
#include "compiler/sema/index.h"

#include <algorithm>
#include <map>

#include "compiler/sema/context.h"

namespace regel::sema {
namespace {

// The comments of one file by line: those alone on their line, and those after code.
class Comments {
 public:
  Comments(const diag::SourceFile& file, const syntax::Ast& ast) : file_(file) {
    for (const syntax::Comment& c : ast.comments) {
      const uint32_t line = file.position(c.span.begin).line;
      const std::string_view text = file.text;
      const size_t newline = c.span.begin == 0 ? std::string_view::npos : text.rfind('\n', c.span.begin - 1);
      const size_t from = newline == std::string_view::npos ? 0 : newline + 1;
      const std::string_view before = text.substr(from, c.span.begin - from);
      const bool alone = before.find_first_not_of(" \t") == std::string_view::npos;
      (alone ? ownLine_ : afterCode_)[line] = std::string(trim(c.text));
    }
  }

  // The block of comment lines right above the declaration that starts at `begin` (no blank line
  // between), or else the comment that ends the declaration's first line.
  std::string of(uint32_t begin) const {
    const uint32_t line = file_.position(begin).line;
    std::vector<const std::string*> block;
    for (uint32_t l = line - 1; l >= 1; --l) {
      auto it = ownLine_.find(l);
      if (it == ownLine_.end()) break;
      block.push_back(&it->second);
    }
    std::string out;
    for (auto it = block.rbegin(); it != block.rend(); ++it) {
      if (!out.empty()) out += '\n';
      out += **it;
    }
    if (out.empty()) {
      if (auto it = afterCode_.find(line); it != afterCode_.end()) out = it->second;
    }
    return out;
  }

 private:
  static std::string_view trim(std::string_view s) {
    const size_t b = s.find_first_not_of(" \t\r");
    if (b == std::string_view::npos) return {};
    return s.substr(b, s.find_last_not_of(" \t\r") - b + 1);
  }

  const diag::SourceFile& file_;
  std::map<uint32_t, std::string> ownLine_, afterCode_;
};

std::vector<std::string> textsOf(const std::vector<syntax::Text>& texts) {
  std::vector<std::string> out;
  for (const auto& t : texts) out.push_back(t.text);
  return out;
}

class Builder {
 public:
  Builder(const Context& cx, const syntax::Ast& ast)
      : cx_(cx), ast_(ast), comments_(cx.sources.file(ast.file), ast) {}

  void types(std::vector<IndexedName>& out) {
    for (const auto& r : ast_.records) {
      if (!declaredHere(cx_.typeSpans, r.name, r.nameSpan)) continue;
      out.push_back({NameKind::Record, r.name, r.nameSpan, "", "", comments_.of(r.span.begin), {}});
      fields(out, cx_.module.types[cx_.typeNames.at(r.name)].ref, r.name);
    }
    for (const auto& in : ast_.inputs) {
      if (&in != &ast_.inputs.front()) continue;  // a second input is refused (R0309)
      fields(out, cx_.module.inputRecord, in.name.empty() ? "indata" : in.name);
    }
    for (const auto& e : ast_.enums) {
      if (!declaredHere(cx_.typeSpans, e.name, e.nameSpan)) continue;
      out.push_back({NameKind::Enum, e.name, e.nameSpan, "", "", comments_.of(e.span.begin), {}});
      for (const auto& v : e.values) {
        out.push_back({NameKind::EnumValue, v.text, v.span, e.name, e.name, "", {}});
      }
    }
  }

  void values(std::vector<IndexedName>& out) {
    for (const auto& p : ast_.parameters) {
      const Symbol* sym = symbolAt(p.name, p.nameSpan, SymbolKind::Parameter);
      if (sym == nullptr) continue;
      const ir::Parameter& param = cx_.module.params[sym->index];
      const auto& lagrum = p.meta.lagrum.empty() && !p.versions.empty() ? p.versions.front().meta.lagrum : p.meta.lagrum;
      out.push_back({NameKind::Parameter, p.name, p.nameSpan, cx_.typeName(param.type), "", comments_.of(p.span.begin),
                     textsOf(lagrum)});
      for (size_t i = 0; i < p.args.size() && i < param.args.size(); ++i) {
        out.push_back({NameKind::Argument, p.args[i].name, p.args[i].nameSpan, cx_.typeName(param.args[i].type),
                       p.name, "", {}});
      }
    }
    for (const auto& d : ast_.definitions) {
      const Symbol* sym = symbolAt(d.name, d.nameSpan, SymbolKind::Rule);
      if (sym == nullptr) continue;
      const ir::RuleId id = sym->index;
      const bool typed = id < cx_.ruleChecked.size() && cx_.ruleChecked[id];
      std::vector<std::string> lagrum = d.versions.empty() ? std::vector<std::string>{}
                                                           : textsOf(d.versions.front().meta.lagrum);
      out.push_back({d.isCondition ? NameKind::Condition : NameKind::Definition, d.name, d.nameSpan,
                     typed ? cx_.typeName(cx_.module.rules[id].type) : "", "", comments_.of(d.span.begin),
                     std::move(lagrum)});
      for (const auto& version : d.versions) {
        for (const auto& ex : version.exceptions) {
          if (ex.name.empty()) continue;
          out.push_back({NameKind::Exception, ex.name, ex.nameSpan, "", d.name, comments_.of(ex.span.begin),
                         textsOf(ex.meta.lagrum)});
        }
      }
      const auto& argTypes = cx_.ruleArgTypes[id];
      for (size_t i = 0; i < d.args.size() && i < argTypes.size(); ++i) {
        out.push_back({NameKind::Argument, d.args[i].name, d.args[i].nameSpan, cx_.typeName(argTypes[i]), d.name, "", {}});
      }
    }
  }

 private:
  static bool declaredHere(const std::map<std::string, diag::Span>& spans, const std::string& name, diag::Span at) {
    auto it = spans.find(name);
    return it != spans.end() && it->second == at;
  }

  // The symbol this declaration claimed (a duplicate claims none).
  const Symbol* symbolAt(const std::string& name, diag::Span at, SymbolKind kind) const {
    auto it = cx_.symbols.find(name);
    if (it == cx_.symbols.end() || it->second.kind != kind || it->second.span != at) return nullptr;
    return &it->second;
  }

  void fields(std::vector<IndexedName>& out, uint32_t record, const std::string& container) {
    const auto& info = cx_.module.types.records[record].fields;
    for (uint32_t i = 0; i < info.size(); ++i) {
      auto at = cx_.fieldSpans.find({record, i});
      if (at == cx_.fieldSpans.end()) continue;
      const diag::Span span = at->second;
      out.push_back({NameKind::Field, info[i].name, span, cx_.typeName(info[i].type), container, comments_.of(span.begin), {}});
    }
  }

  const Context& cx_;
  const syntax::Ast& ast_;
  Comments comments_;
};

}  // namespace

SemanticIndex buildIndex(const Context& cx, const std::vector<syntax::Ast>& files) {
  SemanticIndex index;
  for (const auto& ast : files) {
    if (ast.file >= cx.sources.size()) continue;
    Builder b(cx, ast);
    b.types(index.names);
    b.values(index.names);
  }
  for (const auto& local : cx.boundLocals) {
    index.names.push_back({NameKind::Local, local.name, local.span, cx.typeName(local.type), "", "", {}});
  }
  // In source order, each declaration once (a body checked twice binds its locals twice).
  std::stable_sort(index.names.begin(), index.names.end(), [](const IndexedName& a, const IndexedName& b) {
    return a.span < b.span;
  });
  index.names.erase(std::unique(index.names.begin(), index.names.end(),
                                [](const IndexedName& a, const IndexedName& b) { return a.span == b.span; }),
                    index.names.end());
  std::map<diag::Span, uint32_t> byDeclaration;
  for (uint32_t i = 0; i < index.names.size(); ++i) byDeclaration.emplace(index.names[i].span, i);
  std::map<diag::Span, uint32_t> references;
  for (const auto& r : cx.references) {
    auto it = byDeclaration.find(r.declared);
    if (it != byDeclaration.end()) references.emplace(r.at, it->second);
  }
  for (const auto& [at, name] : references) index.references.push_back({at, name});
  return index;
}

}  // namespace regel::sema
