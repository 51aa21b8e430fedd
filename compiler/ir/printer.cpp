// A readable dump of the checked IR (`regel build --dump ir`): one rule per block, expressions
// as nested S-expressions annotated with their types.
#include <fmt/format.h>

#include "compiler/ir/ir.h"
#include "runtime/program/program.h"

namespace regel::ir {
namespace {

const char* opName(ExprOp op) {
  switch (op) {
    case ExprOp::Const: return "const";
    case ExprOp::Input: return "indata";
    case ExprOp::Local: return "lokal";
    case ExprOp::Rule: return "regel";
    case ExprOp::RuleItem: return "regel-per-element";
    case ExprOp::Base: return "bas";
    case ExprOp::Param: return "parameter";
    case ExprOp::DecisionDate: return "beslutsdatum";
    case ExprOp::Field: return "fält";
    case ExprOp::Present: return "finns";
    case ExprOp::Neg: return "neg";
    case ExprOp::Add: return "add";
    case ExprOp::Sub: return "sub";
    case ExprOp::Mul: return "mul";
    case ExprOp::Div: return "div";
    case ExprOp::MulMoneyInt: return "mul-belopp-heltal";
    case ExprOp::IntToRat: return "heltal->tal";
    case ExprOp::MoneyToRat: return "belopp->tal";
    case ExprOp::Round: return "avrunda";
    case ExprOp::Compare: return "jämför";
    case ExprOp::Not: return "inte";
    case ExprOp::And: return "och";
    case ExprOp::Or: return "eller";
    case ExprOp::If: return "om";
    case ExprOp::Fold: return "fold";
    case ExprOp::Count: return "antal";
    case ExprOp::All: return "alla";
    case ExprOp::Any: return "någon";
    case ExprOp::Max: return "max";
    case ExprOp::Min: return "min";
    case ExprOp::YearOf: return "år";
    case ExprOp::MonthOfDate: return "månad";
    case ExprOp::DayOf: return "dag";
    case ExprOp::MonthNumber: return "månadsnummer";
    case ExprOp::FirstDay: return "första_dagen";
    case ExprOp::LastDay: return "sista_dagen";
    case ExprOp::MakeMonth: return "gör_månad";
    case ExprOp::MakeDate: return "gör_datum";
    case ExprOp::AddDays: return "plus_dagar";
    case ExprOp::AddMonths: return "plus_månader";
    case ExprOp::MonthsBetween: return "månader_mellan";
    case ExprOp::YearsBetween: return "år_mellan";
    case ExprOp::Rank: return "plats";
    case ExprOp::Find: return "det_element_där";
  }
  return "?";
}

const char* domainName(Domain d) {
  switch (d) {
    case Domain::Int: return "int";
    case Domain::Money: return "öre";
    case Domain::Rat: return "rat";
    case Domain::Date: return "datum";
    case Domain::Month: return "månad";
    case Domain::Bool: return "bool";
    case Domain::Enum: return "enum";
    case Domain::Text: return "text";
  }
  return "?";
}

struct Printer {
  const Module& m;
  std::string out;

  std::string constant(const Constant& c) const {
    const auto& t = m.types[c.type];
    switch (t.kind) {
      case rt::TypeKind::Integer: return rt::formatInt(c.value.a);
      case rt::TypeKind::Money: return rt::formatMoney({c.value.a});
      case rt::TypeKind::Decimal:
      case rt::TypeKind::ExactMoney: return rt::formatRational(c.value.asRational());
      case rt::TypeKind::Percent: return rt::formatPercent(c.value.asRational());
      case rt::TypeKind::Date: return rt::formatDate({static_cast<int32_t>(c.value.a)});
      case rt::TypeKind::Month: return rt::formatMonth({static_cast<int32_t>(c.value.a)});
      case rt::TypeKind::Bool: return c.value.a ? "ja" : "nej";
      case rt::TypeKind::Text:
        return c.value.a >= 0 && size_t(c.value.a) < m.texts.size() ? "\"" + m.texts[c.value.a] + "\"" : "\"?\"";
      case rt::TypeKind::Enum: {
        const auto& values = m.types.enums[t.ref].values;
        return c.value.a >= 0 && size_t(c.value.a) < values.size() ? values[c.value.a] : "?";
      }
      default: return "?";
    }
  }

  std::string expr(ExprId id) const {
    if (id == kNone) return "-";
    const Expr& e = m.exprs[id];
    std::string head = fmt::format("({}", opName(e.op));
    switch (e.op) {
      case ExprOp::Const: return fmt::format("{}: {}", constant(m.constants[e.imm]), m.types.nameOf(e.type));
      case ExprOp::Input: return fmt::format("indata.{}", m.types.records[m.inputRecord].fields[e.imm].name);
      case ExprOp::Local: return fmt::format("lokal{}", e.imm);
      case ExprOp::Rule: return m.rules[e.imm].name;
      case ExprOp::RuleItem: return fmt::format("{}({})", m.rules[e.imm].name, expr(e.a));
      case ExprOp::Base: return "(bas)";
      case ExprOp::DecisionDate: return "beslutsdatum";
      case ExprOp::Param: head += " " + m.params[e.imm].name; break;
      case ExprOp::Field: {
        const auto& rec = m.types[m.exprs[e.a].type];
        std::string field = rec.kind == rt::TypeKind::Record ? m.types.records[rec.ref].fields[e.imm].name : "?";
        return fmt::format("{}.{}", expr(e.a), field);
      }
      case ExprOp::Compare: {
        static const char* ops[] = {"=", "≠", "<", "<=", ">", ">="};
        head += fmt::format(" {} {}", ops[e.sub], domainName(e.domain));
        break;
      }
      case ExprOp::Round: {
        static const char* dirs[] = {"nedåt", "uppåt", "närmaste"};
        head += fmt::format(" {} {}", dirs[e.sub], e.imm == 100 ? "kronor" : e.imm == 1 ? "öre" : "heltal");
        break;
      }
      case ExprOp::Fold: {
        static const char* folds[] = {"summa", "minsta", "största"};
        head = fmt::format("({} lokal{}", folds[e.sub], e.imm);
        break;
      }
      case ExprOp::Count:
      case ExprOp::All:
      case ExprOp::Any:
        if (e.imm != kNone) head += fmt::format(" lokal{}", e.imm);
        break;
      default: head += fmt::format(" {}", domainName(e.domain)); break;
    }
    for (ExprId c : {e.a, e.b, e.c}) {
      if (c != kNone) head += " " + expr(c);
    }
    for (ExprId c : e.args) head += " " + expr(c);
    return head + fmt::format("): {}", m.types.nameOf(e.type));
  }

  std::string tmpl(const Template& t) const {
    std::string s;
    for (const auto& p : t.parts) {
      if (p.expr == kNone) {
        s += p.text;
      } else if (p.listRule != kNone) {
        s += "{" + m.rules[p.listRule].name + " för varje i " + expr(p.expr) + "}";
      } else {
        s += "{" + expr(p.expr) + "}";
      }
    }
    return "\"" + s + "\"";
  }

  static std::string period(const std::optional<rt::Date>& from, const std::optional<rt::Date>& to) {
    if (!from && !to) return "";
    return fmt::format(" gäller {} – {}", from ? rt::formatDate(*from) : "", to ? rt::formatDate(*to) : "");
  }

  void rules() {
    for (const auto& r : m.rules) {
      const std::string arg = r.perItem() ? fmt::format("({}: {})", r.argName, m.types.nameOf(r.argType)) : "";
      out += fmt::format("{} {}{}: {} (lokaler {})\n", r.kind == RuleKind::Condition ? "villkor" : "värde",
                         r.name, arg, m.types.nameOf(r.type), r.localCount);
      for (const auto& v : r.versions) {
        out += fmt::format("  version{}\n", period(v.from, v.to));
        for (const auto& l : v.lagrum) out += fmt::format("    lagrum \"{}\"\n", l);
        out += fmt::format("    = {}\n", expr(v.value));
        if (!v.justification.empty()) out += "    motivering " + tmpl(v.justification) + "\n";
        if (!v.holds.empty()) out += "    uppfyllt " + tmpl(v.holds) + "\n";
        if (!v.fails.empty()) out += "    ej uppfyllt " + tmpl(v.fails) + "\n";
        for (const auto& e : v.exceptions) {
          out += fmt::format("    undantag {} om {}\n      = {}\n", e.name, expr(e.condition), expr(e.value));
          for (uint32_t o : e.overrides) out += fmt::format("      går före {}\n", v.exceptions[o].name);
        }
      }
    }
  }

  void params() {
    for (const auto& p : m.params) {
      std::string args;
      for (const auto& a : p.args) args += (args.empty() ? "" : ", ") + a.name + ": " + m.types.nameOf(a.type);
      out += fmt::format("parameter {}({}): {}\n", p.name, args, m.types.nameOf(p.type));
      for (const auto& v : p.versions) {
        out += fmt::format("  version{}{}\n", period(v.from, v.to), v.source.empty() ? "" : " källa \"" + v.source + "\"");
        auto cell = [&](const ParamCell& c) {
          return c.unknown ? "okänd \"" + c.unknownReason + "\"" : expr(c.value);
        };
        if (!v.isTable) out += "    = " + cell(v.constant) + "\n";
        for (const auto& row : v.rows) {
          std::string keys;
          for (const auto& k : row.keys) {
            std::string key = k.kind == KeyKind::Any     ? "*"
                              : k.kind == KeyKind::Exact ? std::to_string(k.lo.a)
                              : k.kind == KeyKind::Range ? fmt::format("{}..{}", k.lo.a, k.hi.a)
                                                         : fmt::format("{}..", k.lo.a);
            keys += (keys.empty() ? "" : ", ") + key;
          }
          out += fmt::format("    [{}] = {}\n", keys, cell(row.cell));
        }
      }
    }
  }

  void decision() {
    out += "beslut\n";
    for (const auto& b : m.decision) {
      out += fmt::format("  {}{} om {}\n", rt::outcomeName(b.outcome),
                         b.amount == kNone ? "" : " med " + expr(b.amount),
                         b.condition == kNone ? "annars" : expr(b.condition));
      for (const auto& r : b.reasons) out += "    skäl " + tmpl(r) + "\n";
      for (const auto& c : b.cited) out += "    citerar " + m.rules[c.rule].name + "\n";
    }
  }
};

}  // namespace

std::string printModule(const Module& m) {
  Printer p{m, {}};
  p.out += fmt::format("regelverk {} version \"{}\"\n", m.name, m.version);
  if (m.decisionDateField) {
    p.out += fmt::format("beslutsdatum indata.{}\n", m.types.records[m.inputRecord].fields[*m.decisionDateField].name);
  }
  p.params();
  p.rules();
  p.decision();
  return p.out;
}

}  // namespace regel::ir
