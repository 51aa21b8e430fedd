// printAst: the AST as an indented tree, one node per line with its byte span as @begin..end,
// for `regel build --dump ast` and tests. Values use the Swedish formatting of runtime/base/value.h.
// Below kMaxIndent levels a line starts with its depth, `[djup N]`, instead of more indentation.
#include <fmt/format.h>

#include <algorithm>
#include <iterator>
#include <utility>

#include "compiler/syntax/ast.h"

namespace regel::syntax {
namespace {

std::string at(Span s) { return fmt::format("@{}..{}", s.begin, s.end); }

std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else {
      out += c;
    }
  }
  return out + "\"";
}

std::string literalText(const Literal& l) {
  switch (l.kind) {
    case LiteralKind::Integer: return "heltal " + rt::formatRational(l.number);
    case LiteralKind::Decimal: return "tal " + rt::formatRational(l.number);
    case LiteralKind::Money: return "belopp " + rt::formatMoney(l.money);
    case LiteralKind::Percent: return "procent " + rt::formatPercent(l.number);
    case LiteralKind::Date: return "datum " + rt::formatDate(l.date);
    case LiteralKind::Month: return "månad " + rt::formatMonth(l.month);
    case LiteralKind::Text: return "text " + quoted(l.text);
    case LiteralKind::Bool: return l.boolean ? "ja" : "nej";
  }
  return "?";
}

std::string typeText(const TypeRef& t) {
  switch (t.kind) {
    case TypeRefKind::Named: return t.name.empty() ? "?" : t.name;
    case TypeRefKind::Bool: return "ja/nej";
    case TypeRefKind::List: return "lista av " + (t.inner.empty() ? std::string("?") : typeText(t.inner[0]));
    case TypeRefKind::Optional: return "valfri " + (t.inner.empty() ? std::string("?") : typeText(t.inner[0]));
  }
  return "?";
}

const char* exprKindText(ExprKind k) {
  switch (k) {
    case ExprKind::Literal: return "Literal";
    case ExprKind::Name: return "Name";
    case ExprKind::Field: return "Field";
    case ExprKind::Call: return "Call";
    case ExprKind::Negate: return "Negate";
    case ExprKind::Not: return "Not";
    case ExprKind::Binary: return "Binary";
    case ExprKind::Of: return "Of";
    case ExprKind::Compare: return "Compare";
    case ExprKind::And: return "And";
    case ExprKind::Or: return "Or";
    case ExprKind::Round: return "Round";
    case ExprKind::Duration: return "Duration";
    case ExprKind::If: return "If";
    case ExprKind::Fold: return "Fold";
    case ExprKind::Count: return "Count";
    case ExprKind::CountWhere: return "CountWhere";
    case ExprKind::Quantifier: return "Quantifier";
    case ExprKind::Order: return "Order";
  }
  return "?";
}

// The part of an expression's line after its kind: operator, name or value.
std::string exprDetail(const Expr& e) {
  static constexpr const char* kBinary[] = {"+", "-", "*", "/"};
  static constexpr const char* kCompare[] = {"=", "≠", "<", "≤", ">", "≥"};
  static constexpr const char* kFold[] = {"summa", "minsta", "största"};
  static constexpr const char* kDirection[] = {"nedåt ", "uppåt ", ""};
  static constexpr const char* kUnit[] = {"kronor", "öre", "tal"};
  static constexpr const char* kTimeUnit[] = {"dagar", "veckor", "månader", "år"};
  switch (e.kind) {
    case ExprKind::Literal: return literalText(e.lit);
    case ExprKind::Name:
    case ExprKind::Field:
    case ExprKind::Call:
    case ExprKind::CountWhere: return e.name;
    case ExprKind::Binary: return e.op < 4 ? kBinary[e.op] : "?";
    case ExprKind::Compare: return e.op < 6 ? kCompare[e.op] : "?";
    case ExprKind::Fold: return fmt::format("{} {}", e.op < 3 ? kFold[e.op] : "?", e.name);
    case ExprKind::Quantifier: return fmt::format("{} {}", e.op == 0 ? "alla" : "någon", e.name);
    case ExprKind::Round:
      return fmt::format("{}till hela {}", kDirection[static_cast<int>(e.direction) % 3],
                         kUnit[static_cast<int>(e.unit) % 3]);
    case ExprKind::Duration: return kTimeUnit[static_cast<int>(e.timeUnit) % 4];
    default: return "";
  }
}

// A chain `a + b + … + z` is a left-deep tree as tall as it is long: indenting every line by its
// depth would make the output quadratic in the chain (1.8 GB for 30 000 terms). Indentation stops
// growing here, so every line is bounded and the output linear in the number of nodes.
constexpr int kMaxIndent = 16;

class Printer {
 public:
  explicit Printer(const Ast& ast) : ast_(ast) {}

  std::string run() {
    line(0, fmt::format("fil {}", ast_.file));
    header();
    for (const auto& r : ast_.records) {
      line(1, fmt::format("post {} {}", r.name, at(r.span)));
      for (const auto& f : r.fields) field(2, "fält", f);
    }
    for (const auto& e : ast_.enums) {
      line(1, fmt::format("uppräkning {} {}", e.name, at(e.span)));
      for (const auto& v : e.values) line(2, fmt::format("värde {} {}", v.text, at(v.span)));
    }
    for (const auto& in : ast_.inputs) {
      line(1, fmt::format("indata{} {}", in.name.empty() ? "" : " " + in.name, at(in.span)));
      for (const auto& f : in.fields) field(2, "fält", f);
    }
    for (const auto& p : ast_.parameters) parameter(p);
    for (const auto& d : ast_.definitions) definition(d);
    for (const auto& d : ast_.decisions) decision(d);
    for (const auto& s : ast_.stickprov) {
      line(1, fmt::format("stickprov {} av {} {}", rt::formatPercent(s.rate), rt::outcomeName(s.outcome), at(s.span)));
    }
    for (const auto& e : ast_.examples) example(e);
    for (const auto& c : ast_.comments) line(1, fmt::format("kommentar {} {}", quoted(c.text), at(c.span)));
    return std::move(out_);
  }

 private:
  void line(int depth, const std::string& text) {
    out_.append(static_cast<size_t>(std::min(depth, kMaxIndent)) * 2, ' ');
    if (depth > kMaxIndent) fmt::format_to(std::back_inserter(out_), "[djup {}] ", depth);
    out_ += text;
    out_ += '\n';
  }

  void textLine(int depth, const char* label, const Text& t) {
    line(depth, fmt::format("{} {} {}", label, quoted(t.text), at(t.span)));
  }

  void field(int depth, const char* label, const FieldDecl& f) {
    line(depth, fmt::format("{} {}: {}{}{} {}", label, f.name, typeText(f.type), f.personal ? " personuppgift" : "",
                            f.label.empty() ? "" : " etikett " + quoted(f.label), at(f.nameSpan)));
  }

  void meta(int depth, const Meta& m) {
    for (const auto& t : m.lagrum) textLine(depth, "lagrum", t);
    for (const auto& t : m.sources) textLine(depth, "källa", t);
  }

  void period(int depth, const Period& p) {
    std::string to = p.to ? " till " + rt::formatDate(*p.to) : "";
    line(depth, fmt::format("gäller från {}{} {}", rt::formatDate(p.from), to, at(p.span)));
  }

  void header() {
    const Header& h = ast_.header;
    if (!h.present) return;
    line(1, fmt::format("regelverk {} {}", h.name.text, at(h.span)));
    if (!h.version.text.empty()) textLine(2, "version", h.version);
    for (const auto& l : h.lagrum) textLine(2, "lagrum", l);
    if (!h.decisionDate.text.empty()) {
      line(2, fmt::format("beslutsdatum {} {}", h.decisionDate.text, at(h.decisionDate.span)));
    }
  }

  void cell(int depth, const Cell& c) {
    if (c.unknown) {
      textLine(depth, "okänd", c.unknownReason);
    } else {
      expr(depth, c.value);
    }
  }

  void parameter(const ParameterDecl& p) {
    line(1, fmt::format("parameter {}: {} {}", p.name, typeText(p.type), at(p.span)));
    for (const auto& a : p.args) field(2, "argument", a);
    meta(2, p.meta);
    for (const auto& v : p.versions) {
      line(2, fmt::format("version {}", at(v.span)));
      period(3, v.period);
      meta(3, v.meta);
      if (!v.isTable) {
        cell(3, v.constant);
        continue;
      }
      line(3, "tabell");
      for (const auto& r : v.rows) {
        line(4, fmt::format("rad{} {}", r.otherwise ? " annars" : "", at(r.span)));
        for (const auto& k : r.keys) tableKey(5, k);
        cell(5, r.cell);
      }
    }
  }

  void tableKey(int depth, const TableKey& k) {
    switch (k.kind) {
      case KeyKind::Exact: line(depth, fmt::format("nyckel {} {}", literalText(k.lo), at(k.span))); break;
      case KeyKind::Range:
        line(depth, fmt::format("nyckel {} till {} {}", literalText(k.lo), literalText(k.hi), at(k.span)));
        break;
      case KeyKind::AtLeast: line(depth, fmt::format("nyckel från {} {}", literalText(k.lo), at(k.span))); break;
      case KeyKind::EnumValue: line(depth, fmt::format("nyckel {} {}", k.enumValue, at(k.span))); break;
    }
  }

  void texts(int depth, const std::vector<TextClause>& ts) {
    static constexpr const char* kLabels[] = {"motivering", "uppfyllt", "ej uppfyllt"};
    for (const auto& t : ts) textLine(depth, kLabels[static_cast<int>(t.kind) % 3], t.text);
  }

  void definition(const DefinitionDecl& d) {
    std::string type = d.type ? ": " + typeText(*d.type) : "";
    std::string args;
    for (const auto& a : d.args) args += (args.empty() ? "(" : ", ") + a.name + ": " + typeText(a.type);
    if (!args.empty()) args += ")";
    line(1, fmt::format("{} {}{}{} {}", d.isCondition ? "villkor" : "värde", d.name, args, type, at(d.span)));
    for (const auto& b : d.versions) {
      line(2, fmt::format("regel {}", at(b.span)));
      if (b.period) period(3, *b.period);
      meta(3, b.meta);
      expr(3, b.value);
      texts(3, b.texts);
      for (const auto& e : b.exceptions) {
        std::string over = e.overrides.empty() ? "" : (e.refines ? " från " : " till ") + e.overrides;
        line(3, fmt::format("undantag{}{} {}", e.name.empty() ? "" : " " + e.name, over, at(e.span)));
        line(4, "om");
        expr(5, e.condition);
        meta(4, e.meta);
        line(4, "=");
        expr(5, e.value);
        texts(4, e.texts);
      }
    }
  }

  void decision(const DecisionDecl& d) {
    line(1, fmt::format("beslut{} {}", d.allGrounds ? " alla skäl" : "", at(d.span)));
    for (const auto& b : d.branches) {
      line(2, fmt::format("{}{} {}", rt::outcomeName(b.outcome), b.otherwise ? " annars" : "", at(b.span)));
      if (b.amount != kNoExpr) {
        line(3, "med");
        expr(4, b.amount);
      }
      if (!b.otherwise) {
        line(3, "om");
        expr(4, b.condition);
      }
      for (const auto& r : b.reasons) textLine(3, "skäl", r);
    }
  }

  void example(const ExampleDecl& e) {
    line(1, fmt::format("exempel {} {}", quoted(e.title.text), at(e.span)));
    if (e.date) line(2, "datum " + rt::formatDate(*e.date));
    data(2, "indata", e.input);
    for (const auto& x : e.expectations) {
      if (x.kind == ExpectationKind::Decision) {
        line(2, fmt::format("förväntat beslut {} {}", rt::outcomeName(x.outcome), at(x.span)));
        if (x.amount) data(3, "med", *x.amount);
      } else {
        line(2, fmt::format("förväntat {} {}", x.name, at(x.span)));
        data(3, "=", x.value);
      }
    }
  }

  void data(int depth, const std::string& label, const DataValue& v) {
    switch (v.kind) {
      case DataKind::Object:
        line(depth, fmt::format("{} objekt {}", label, at(v.span)));
        for (const auto& f : v.fields) data(depth + 1, f.name + ":", f.value);
        break;
      case DataKind::List:
        line(depth, fmt::format("{} lista {}", label, at(v.span)));
        for (const auto& item : v.items) data(depth + 1, "-", item);
        break;
      case DataKind::Literal: line(depth, fmt::format("{} {} {}", label, literalText(v.lit), at(v.span))); break;
      case DataKind::EnumValue: line(depth, fmt::format("{} {} {}", label, v.enumValue, at(v.span))); break;
    }
  }

  // Iterative: a chain `a + b + … + z` is a left-deep tree as tall as it is long.
  void expr(int depth, ExprId root) {
    std::vector<std::pair<ExprId, int>> stack{{root, depth}};
    while (!stack.empty()) {
      auto [id, d] = stack.back();
      stack.pop_back();
      if (id == kNoExpr || id >= ast_.exprs.size()) {
        line(d, "<saknas>");
        continue;
      }
      const Expr& e = ast_.exprs[id];
      std::string detail = exprDetail(e);
      line(d, fmt::format("{}{}{} {}", exprKindText(e.kind), detail.empty() ? "" : " ", detail, at(e.span)));
      std::vector<ExprId> children;
      switch (e.kind) {
        case ExprKind::Literal:
        case ExprKind::Name: break;
        case ExprKind::Call: children = e.args; break;
        case ExprKind::Field:
        case ExprKind::Negate:
        case ExprKind::Not:
        case ExprKind::Round:
        case ExprKind::Duration:
        case ExprKind::Count: children = {e.a}; break;
        case ExprKind::If: children = {e.a, e.b, e.c}; break;
        case ExprKind::Fold:  // in source order: body, list, filter
          children = {e.b, e.a};
          if (e.c != kNoExpr) children.push_back(e.c);
          break;
        case ExprKind::CountWhere: children = {e.a, e.c}; break;
        default: children = {e.a, e.b}; break;
      }
      for (auto it = children.rbegin(); it != children.rend(); ++it) stack.push_back({*it, d + 1});
    }
  }

  const Ast& ast_;
  std::string out_;
};

}  // namespace

std::string printAst(const Ast& ast) { return Printer(ast).run(); }

}  // namespace regel::syntax
