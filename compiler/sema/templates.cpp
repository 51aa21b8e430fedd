// Texts with interpolated values: motivering, uppfyllt, ej uppfyllt, undantagens texter, skäl.
// `{namn}` names a value, `{b.fält}` a field of a record in scope (the element of a definition
// per element), `{avgift(b)}` a definition per element for such a record.
#include <cctype>
#include <optional>
#include <string_view>

#include "compiler/sema/context.h"

namespace regel::sema {
namespace {

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

bool isNameChar(unsigned char c) { return c >= 0x80 || std::isalnum(c) || c == '_'; }

bool isName(std::string_view s) {
  if (s.empty()) return false;
  for (unsigned char c : s) {
    if (!isNameChar(c)) return false;
  }
  return true;
}

void reportUnknown(Context& cx, const std::string& name, const std::string& written, Span span, const Scope& scope) {
  auto& d = cx.report(Kind::UnknownTemplateName, span, {written});
  cx.suggest(d, name, [&] {
    std::vector<std::string> names;
    for (const auto& [n, sym] : cx.symbols) names.push_back(n);
    for (const auto& l : scope.locals) names.push_back(l.name);
    return names;
  });
}

// A bare name. Naming the rule itself in its own text means its value, not a dependency (for a
// definition per element: its value for the element).
Typed checkTemplateName(Context& cx, const std::string& name, const std::string& written, Span span, Scope& scope) {
  auto it = cx.symbols.find(name);
  bool known = name == "beslutsdatum" || it != cx.symbols.end();
  for (const auto& l : scope.locals) known |= l.name == name;
  if (!known) {
    reportUnknown(cx, name, written, span, scope);
    return {};
  }
  const bool self = it != cx.symbols.end() && it->second.kind == SymbolKind::Rule && scope.currentRule == it->second.index;
  if (self) {
    const ir::Rule& rule = cx.module.rules[it->second.index];
    ir::Expr e{rule.perItem() ? ir::ExprOp::RuleItem : ir::ExprOp::Rule, rule.type};
    e.domain = domainOf(cx, rule.type);
    e.imm = it->second.index;
    e.span = span;
    if (rule.perItem()) e.a = checkNameRef(cx, rule.argName, span, scope).id;
    return {cx.add(std::move(e)), rule.type, true};
  }
  return checkNameRef(cx, name, span, scope);
}

// `avgift(b)` in `{avgift(b) för varje b i barn}` written with the loop's name: the rule, if it is
// a definition per element.
std::optional<ir::RuleId> listedRule(Context& cx, std::string_view call, std::string_view var) {
  const size_t open = call.find('(');
  if (open == std::string_view::npos || call.empty() || call.back() != ')') return std::nullopt;
  if (trimmed(call.substr(open + 1, call.size() - open - 2)) != var) return std::nullopt;
  auto it = cx.symbols.find(std::string(trimmed(call.substr(0, open))));
  if (it == cx.symbols.end() || it->second.kind != SymbolKind::Rule || !cx.module.rules[it->second.index].perItem()) {
    return std::nullopt;
  }
  return it->second.index;
}

}  // namespace

bool checkListPart(Context& cx, const std::string& written, Span span, Scope& scope, ir::TemplatePart& out) {
  static constexpr std::string_view kForEach = " för varje ";
  static constexpr std::string_view kIn = " i ";
  std::string_view s = written;
  const size_t forEach = s.find(kForEach);
  const std::string_view rest = forEach == std::string_view::npos ? "" : s.substr(forEach + kForEach.size());
  const size_t in = rest.find(kIn);
  const std::optional<ir::RuleId> rule =
      in == std::string_view::npos ? std::nullopt : listedRule(cx, trimmed(s.substr(0, forEach)), trimmed(rest.substr(0, in)));
  if (!rule) {
    cx.report(Kind::InvalidTemplate, span,
              {"en lista skrivs med en definition per element och listans namn, t.ex. {avgift(b) för varje b i barn}"});
    return false;
  }
  if (scope.currentRule == *rule) {
    cx.report(Kind::InvalidTemplate, span, {"en definition kan inte lista sig själv i sin egen text"});
    return false;
  }
  Typed list = checkInterpolation(cx, std::string(trimmed(rest.substr(in + kIn.size()))), span, scope);
  if (!list.ok) return false;
  const ir::Rule& r = cx.module.rules[*rule];
  const auto& t = cx.module.types[list.type];
  if (t.kind != TypeKind::List || t.ref != r.argType) {
    cx.report(Kind::InvalidTemplate, span,
              {"det som listas ska vara en lista av " + cx.typeName(r.argType) + " men är " + cx.typeName(list.type)});
    return false;
  }
  // Rendered once the text's own value exists: used, but no dependency that could make a cycle.
  if (scope.currentRule && !scope.inParameter) cx.ruleTextDeps[*scope.currentRule].insert(*rule);
  else if (scope.ruleDeps) scope.ruleDeps->insert(*rule);
  out.expr = list.id;
  out.listRule = *rule;
  return true;
}

// `name`, `name.field.field…` or `rule(element)`: the part of a text between braces.
Typed checkInterpolation(Context& cx, const std::string& written, Span span, Scope& base) {
  // A rule's text is rendered once its value exists: what it names is used, but is not a
  // dependency that could make a cycle.
  Scope scope = base;
  if (scope.currentRule && !scope.inParameter) scope.ruleDeps = &cx.ruleTextDeps[*scope.currentRule];
  std::string_view s = written;
  if (const size_t open = s.find('('); open != std::string_view::npos && !s.empty() && s.back() == ')') {
    const std::string callee(trimmed(s.substr(0, open)));
    const std::string arg(trimmed(s.substr(open + 1, s.size() - open - 2)));
    auto it = cx.symbols.find(callee);
    if (!isName(callee) || !isName(arg) || it == cx.symbols.end() || it->second.kind != SymbolKind::Rule ||
        !cx.module.rules[it->second.index].perItem()) {
      cx.report(Kind::InvalidTemplate, span,
                {"bara en definition per element kan anropas i en text, t.ex. {avgift(b)}"});
      return {};
    }
    Typed a = checkTemplateName(cx, arg, arg, span, scope);
    return checkItemRuleCall(cx, it->second.index, span, {a}, {span}, scope);
  }
  size_t dot = s.find('.');
  Typed t = checkTemplateName(cx, std::string(trimmed(s.substr(0, dot))), written, span, scope);
  while (t.ok && dot != std::string_view::npos) {
    const size_t next = s.find('.', dot + 1);
    const std::string field(trimmed(s.substr(dot + 1, next == std::string_view::npos ? next : next - dot - 1)));
    t = checkFieldOf(cx, t, field, span);
    dot = next;
  }
  return t;
}

ir::Template checkTemplate(Context& cx, const syntax::Text& text, Scope& scope) {
  ir::Template out;
  out.span = text.span;
  // The template is read from the source itself, so every position is exact even after
  // escapes: \{ and \} are braces, \\ a backslash, \" a quote, \n and \t as usual.
  std::string s = text.text;
  bool raw = false;
  if (text.span.file < cx.sources.size() && text.span.end >= text.span.begin + 2) {
    const std::string& src = cx.sources.file(text.span.file).text;
    if (text.span.end <= src.size() && src[text.span.begin] == '"') {
      s = src.substr(text.span.begin + 1, text.span.end - text.span.begin - 2);
      raw = true;
    }
  }
  std::string literal;
  size_t i = 0;
  // Offsets inside the text map to the file by skipping the opening quote.
  auto at = [&](size_t begin, size_t end) {
    return Span{text.span.file, text.span.begin + 1 + static_cast<uint32_t>(begin),
                text.span.begin + 1 + static_cast<uint32_t>(end)};
  };
  while (i < s.size()) {
    if (s[i] == '\\' && i + 1 < s.size()) {
      char next = s[i + 1];
      if (next == '{' || next == '}' || (raw && (next == '"' || next == '\\'))) {
        literal += next;
        i += 2;
        continue;
      }
      if (raw && (next == 'n' || next == 't')) {
        literal += next == 'n' ? '\n' : '\t';
        i += 2;
        continue;
      }
    }
    if (s[i] == '}') {
      cx.report(Kind::InvalidTemplate, at(i, i + 1), {"'}' utan '{' (skriv \\} för ett klammertecken)"});
      ++i;
      continue;
    }
    if (s[i] != '{') {
      literal += s[i++];
      continue;
    }
    size_t close = s.find('}', i);
    if (close == std::string::npos) {
      cx.report(Kind::InvalidTemplate, at(i, s.size()), {"'{' saknar avslutande '}'"});
      break;
    }
    std::string name = s.substr(i + 1, close - i - 1);
    while (!name.empty() && name.front() == ' ') name.erase(0, 1);
    while (!name.empty() && name.back() == ' ') name.pop_back();
    if (!literal.empty()) out.parts.push_back({std::move(literal), ir::kNone});
    literal.clear();
    if (name.empty()) {
      cx.report(Kind::InvalidTemplate, at(i, close + 1), {"'{}' saknar ett namn"});
    } else {
      const Span span = at(i + 1, close);
      ir::TemplatePart listed;
      Typed t;
      if (name.find(" för varje ") != std::string::npos) {
        if (checkListPart(cx, name, span, scope, listed)) out.parts.push_back(listed);
      } else {
        t = checkInterpolation(cx, name, span, scope);
      }
      if (t.ok) {
        TypeKind k = cx.kindOf(t.type);
        if (k == TypeKind::Record || k == TypeKind::List) {
          cx.report(Kind::InvalidTemplate, span, {"'" + name + "' är " + cx.typeName(t.type) + " och kan inte skrivas ut"});
        } else {
          out.parts.push_back({"", t.id});
        }
      }
    }
    i = close + 1;
  }
  if (!literal.empty()) out.parts.push_back({std::move(literal), ir::kNone});
  return out;
}

}  // namespace regel::sema
