// First passes of the checker: declare types (records, enums, the input) and every named value.
#include <fmt/format.h>

#include "compiler/sema/context.h"

namespace regel::sema {

Context::Context(const diag::SourceSet& s, diag::DiagnosticSink& d) : sources(s), sink(d) {
  auto& t = module.types;
  tInt = t.intern({TypeKind::Integer});
  tDec = t.intern({TypeKind::Decimal});
  tMoney = t.intern({TypeKind::Money});
  tExact = t.intern({TypeKind::ExactMoney});
  tPct = t.intern({TypeKind::Percent});
  tDate = t.intern({TypeKind::Date});
  tMonth = t.intern({TypeKind::Month});
  tText = t.intern({TypeKind::Text});
  tBool = t.intern({TypeKind::Bool});
}

ir::ExprId Context::add(ir::Expr e) {
  module.exprs.push_back(std::move(e));
  return static_cast<ir::ExprId>(module.exprs.size() - 1);
}

ir::ConstId Context::addConstant(TypeId type, rt::Value v) {
  auto [it, added] = constantIndex.try_emplace({type, v.a, v.b}, static_cast<ir::ConstId>(module.constants.size()));
  if (added) module.constants.push_back({type, v});
  return it->second;
}

Typed Context::constant(TypeId type, rt::Value v, Span span) {
  ir::Expr e{ir::ExprOp::Const, type};
  e.domain = domainOf(*this, type);
  e.imm = addConstant(type, v);
  e.span = span;
  return {add(std::move(e)), type, true};
}

namespace {

const std::map<std::string, TypeKind>& builtinTypes() {
  static const std::map<std::string, TypeKind> kTypes = {
      {"heltal", TypeKind::Integer}, {"tal", TypeKind::Decimal},   {"belopp", TypeKind::Money},
      {"procent", TypeKind::Percent}, {"datum", TypeKind::Date},   {"månad", TypeKind::Month},
      {"text", TypeKind::Text},
  };
  return kTypes;
}

std::vector<std::string> knownTypeNames(const Context& cx) {
  std::vector<std::string> names;
  for (const auto& [n, k] : builtinTypes()) names.push_back(n);
  for (const auto& [n, id] : cx.typeNames) names.push_back(n);
  return names;
}

// A declared limit of field `f` of type `type` as a bound, or nullopt after reporting why not.
std::optional<rt::FieldBound> fieldBound(Context& cx, const syntax::FieldDecl& f, TypeId type,
                                         const syntax::LimitValue& limit) {
  const TypeKind k = cx.kindOf(type);
  const bool ordered = k == TypeKind::Integer || k == TypeKind::Decimal || k == TypeKind::Money ||
                       k == TypeKind::Percent || k == TypeKind::Date || k == TypeKind::Month;
  std::optional<rt::Value> v = ordered ? literalValue(cx, limit.lit, type) : std::nullopt;
  if (v && limit.negative) {
    // A negated integer or money is exact; a rational's numerator changes sign.
    if (k == TypeKind::Date || k == TypeKind::Month || v->a == INT64_MIN) {
      v.reset();
    } else {
      v->a = -v->a;
    }
  }
  if (!v) {
    const std::string written = (limit.negative ? "-" : "") + literalText(limit.lit);
    cx.report(Kind::LimitType, limit.span, {written, f.name, cx.typeName(type)});
    return std::nullopt;
  }
  return rt::FieldBound{v->a, v->b};
}

// Whether bound x is above bound y for values of kind `k`.
bool boundAbove(TypeKind k, const rt::FieldBound& x, const rt::FieldBound& y) {
  if (k == TypeKind::Decimal || k == TypeKind::Percent) return rt::compareRat({x.a, x.b}, {y.a, y.b}) > 0;
  return x.a > y.a;
}

// Declares a field list (a record's or the input's), reporting duplicates.
std::vector<rt::FieldInfo> declareFields(Context& cx, const std::vector<syntax::FieldDecl>& fields) {
  std::vector<rt::FieldInfo> out;
  std::map<std::string, Span> seen;
  for (const auto& f : fields) {
    if (auto it = seen.find(f.name); it != seen.end()) {
      cx.report(Kind::DuplicateField, f.nameSpan, {f.name}).notes.push_back({it->second, "först här"});
      continue;
    }
    seen[f.name] = f.nameSpan;
    bool optional = false;
    TypeId t = resolveType(cx, f.type, true, &optional);
    rt::FieldInfo info{f.name, t, optional};
    info.personal = f.personal;
    info.label = f.label;
    if (f.least) info.least = fieldBound(cx, f, t, *f.least);
    if (f.most) info.most = fieldBound(cx, f, t, *f.most);
    if (info.least && info.most && boundAbove(cx.kindOf(t), *info.least, *info.most)) {
      cx.report(Kind::EmptyRange, f.least->span, {literalText(f.least->lit), literalText(f.most->lit)});
    }
    out.push_back(std::move(info));
  }
  return out;
}

// Where each declared field of record `index` is named (a repeated field: its first declaration,
// the one the record keeps).
void noteFieldSpans(Context& cx, uint32_t index, const std::vector<syntax::FieldDecl>& decls) {
  if (!cx.indexing) return;
  const auto& fields = cx.module.types.records[index].fields;
  for (uint32_t i = 0; i < fields.size(); ++i) {
    for (const auto& f : decls) {
      if (f.name != fields[i].name) continue;
      cx.fieldSpans[{index, i}] = f.nameSpan;
      break;
    }
  }
}

bool claimName(Context& cx, const std::string& name, Span span, Symbol sym) {
  if (auto it = cx.symbols.find(name); it != cx.symbols.end()) {
    auto& d = cx.report(Kind::DuplicateName, span, {name});
    d.notes.push_back({it->second.span, "först definierat här"});
    return false;
  }
  sym.span = span;
  cx.symbols[name] = sym;
  return true;
}

}  // namespace

TypeId resolveType(Context& cx, const syntax::TypeRef& ref, bool allowOptional, bool* optional) {
  auto& types = cx.module.types;
  switch (ref.kind) {
    case syntax::TypeRefKind::Bool: return cx.tBool;
    case syntax::TypeRefKind::Optional:
      if (!allowOptional || optional == nullptr) {
        cx.report(Kind::OptionalNotAllowed, ref.span);
      } else {
        *optional = true;
      }
      return resolveType(cx, ref.inner.at(0), false, nullptr);
    case syntax::TypeRefKind::List: {
      TypeId elem = resolveType(cx, ref.inner.at(0), false, nullptr);
      return types.intern({TypeKind::List, elem});
    }
    case syntax::TypeRefKind::Named: break;
  }
  if (auto it = builtinTypes().find(ref.name); it != builtinTypes().end()) {
    return types.intern({it->second});
  }
  if (auto it = cx.typeNames.find(ref.name); it != cx.typeNames.end()) {
    if (auto at = cx.typeSpans.find(ref.name); at != cx.typeSpans.end()) cx.referenceTo(ref.span, at->second);
    return it->second;
  }
  auto& d = cx.report(Kind::UnknownType, ref.span, {ref.name});
  cx.suggest(d, ref.name, [&] { return knownTypeNames(cx); });
  return cx.tInt;
}

void declareTypes(Context& cx, const std::vector<syntax::Ast>& files) {
  auto& types = cx.module.types;
  // Names first, so records may refer to each other and to enums in any order.
  for (const auto& ast : files) {
    for (const auto& r : ast.records) {
      if (cx.typeNames.count(r.name) || builtinTypes().count(r.name)) {
        cx.report(Kind::DuplicateName, r.nameSpan, {r.name});
        continue;
      }
      types.records.push_back({r.name, {}});
      cx.typeNames[r.name] = types.intern({TypeKind::Record, uint32_t(types.records.size() - 1)});
      cx.typeSpans[r.name] = r.nameSpan;
    }
    for (const auto& e : ast.enums) {
      if (cx.typeNames.count(e.name) || builtinTypes().count(e.name)) {
        cx.report(Kind::DuplicateName, e.nameSpan, {e.name});
        continue;
      }
      rt::EnumInfo info{e.name, {}};
      std::map<std::string, Span> seen;
      for (const auto& v : e.values) {
        if (seen.count(v.text)) {
          cx.report(Kind::DuplicateEnumValue, v.span, {v.text, e.name});
          continue;
        }
        seen[v.text] = v.span;
        info.values.push_back(v.text);
      }
      types.enums.push_back(std::move(info));
      cx.typeNames[e.name] = types.intern({TypeKind::Enum, uint32_t(types.enums.size() - 1)});
      cx.typeSpans[e.name] = e.nameSpan;
    }
  }
  for (const auto& ast : files) {
    for (const auto& r : ast.records) {
      auto it = cx.typeNames.find(r.name);
      if (it == cx.typeNames.end()) continue;
      uint32_t index = types[it->second].ref;
      if (!types.records[index].fields.empty()) continue;  // a duplicate declaration
      types.records[index].fields = declareFields(cx, r.fields);
      noteFieldSpans(cx, index, r.fields);
    }
  }
  // The input is a record of its own; the root of every case.
  const syntax::InputDecl* input = nullptr;
  for (const auto& ast : files) {
    for (const auto& in : ast.inputs) {
      if (input != nullptr) {
        cx.report(Kind::DuplicateInput, in.span).notes.push_back({input->span, "först här"});
        continue;
      }
      input = &in;
    }
  }
  types.records.push_back({input && !input->name.empty() ? input->name : "indata", {}});
  cx.module.inputRecord = static_cast<uint32_t>(types.records.size() - 1);
  if (input == nullptr) {
    Span at{files.empty() ? 0u : files[0].file, 0, 0};
    cx.report(Kind::MissingInput, at);
    return;
  }
  auto fields = declareFields(cx, input->fields);
  types.records[cx.module.inputRecord].fields = std::move(fields);
  noteFieldSpans(cx, cx.module.inputRecord, input->fields);
}

// A definition per element takes one argument, a record: `värde avgift(b: Barn)`. The argument
// is Local 0 of every expression in the rule. With another type the rule is still checked as one
// per element, so that its body gives no errors that follow from this one.
static void declareItemArgument(Context& cx, ir::RuleId id, const syntax::DefinitionDecl& decl) {
  ir::Rule& rule = cx.module.rules[id];
  if (decl.args.size() != 1) {
    cx.report(Kind::ItemRuleArgumentCount, decl.argsSpan, {decl.name, std::to_string(decl.args.size())});
  }
  for (const syntax::FieldDecl& arg : decl.args) {
    const TypeId type = resolveType(cx, arg.type, false, nullptr);
    cx.ruleArgTypes[id].push_back(type);
    // An unknown type name is reported by resolveType already.
    const bool known = arg.type.kind != syntax::TypeRefKind::Named || builtinTypes().count(arg.type.name) > 0 ||
                       cx.typeNames.count(arg.type.name) > 0;
    if (known && cx.kindOf(type) != TypeKind::Record) {
      cx.report(Kind::ItemArgumentType, arg.type.span, {arg.name, decl.name, cx.typeName(type)});
    }
  }
  rule.argName = decl.args.front().name;
  rule.argType = cx.ruleArgTypes[id].front();
  rule.localCount = static_cast<uint32_t>(decl.args.size());
}

void declareValues(Context& cx, const std::vector<syntax::Ast>& files) {
  // Enum values are bare names too; a clash with another name is reported like any duplicate.
  // Only the declaration that declareTypes registered is read, and a value repeated within it
  // (R0109, already reported) only once. (Skipping every name already taken instead hid a
  // clash: an enum value and an input field of one name gave no R0102, and the field silently
  // became unreachable — every use of the name meant the enum value.)
  for (const auto& ast : files) {
    for (const auto& e : ast.enums) {
      auto it = cx.typeNames.find(e.name);
      if (it == cx.typeNames.end()) continue;
      const Span& registered = cx.typeSpans[e.name];
      if (registered.file != e.nameSpan.file || registered.begin != e.nameSpan.begin) continue;
      // After a syntax error a record and an enum may both have lost their names: the span alone
      // does not tell which one was registered.
      if (cx.module.types[it->second].kind != TypeKind::Enum) continue;
      uint32_t index = cx.module.types[it->second].ref;
      const auto& values = cx.module.types.enums[index].values;
      std::set<std::string> seen;
      for (const auto& v : e.values) {
        if (!seen.insert(v.text).second) continue;
        for (uint32_t o = 0; o < values.size(); ++o) {
          if (values[o] == v.text) claimName(cx, v.text, v.span, {SymbolKind::EnumValue, index, o});
        }
      }
    }
  }
  // The input's fields: only the first `indata` is the input (a second one is R0309), and a
  // repeated field (R0107) is claimed once.
  const auto& inputFields = cx.inputRecord().fields;
  const syntax::InputDecl* input = nullptr;
  for (const auto& ast : files) {
    if (!input && !ast.inputs.empty()) input = &ast.inputs.front();
  }
  if (input) {
    std::set<std::string> seen;
    for (const auto& f : input->fields) {
      if (!seen.insert(f.name).second) continue;
      for (uint32_t i = 0; i < inputFields.size(); ++i) {
        if (inputFields[i].name == f.name) claimName(cx, f.name, f.nameSpan, {SymbolKind::Input, i, 0});
      }
    }
  }
  for (const auto& ast : files) {
    for (const auto& p : ast.parameters) {
      ir::ParamId id = static_cast<ir::ParamId>(cx.pendingParams.size());
      if (!claimName(cx, p.name, p.nameSpan, {SymbolKind::Parameter, id, 0})) continue;
      cx.pendingParams.push_back({&ast, &p});
      ir::Parameter param;
      param.name = p.name;
      param.span = p.span;
      cx.module.params.push_back(std::move(param));
    }
    for (const auto& d : ast.definitions) {
      ir::RuleId id = static_cast<ir::RuleId>(cx.pendingRules.size());
      if (d.name == "beslutsdatum") {
        cx.report(Kind::DuplicateName, d.nameSpan, {d.name});
        continue;
      }
      if (!claimName(cx, d.name, d.nameSpan, {SymbolKind::Rule, id, 0})) continue;
      cx.pendingRules.push_back({&ast, &d});
      ir::Rule rule;
      rule.name = d.name;
      rule.kind = d.isCondition ? ir::RuleKind::Condition : ir::RuleKind::Value;
      rule.span = d.nameSpan;
      rule.type = d.isCondition ? cx.tBool : cx.tInt;
      cx.module.rules.push_back(std::move(rule));
    }
  }
  size_t n = cx.module.rules.size();
  cx.ruleChecked.assign(n, false);
  cx.ruleArgTypes.resize(n);
  cx.ruleRuleDeps.resize(n);
  cx.ruleTextDeps.resize(n);
  cx.ruleInputDeps.resize(n);
  cx.ruleParamDeps.resize(n);
  // Declared types are resolved up front so that forward references know a rule's type.
  for (ir::RuleId id = 0; id < n; ++id) {
    const auto* decl = cx.pendingRules[id].decl;
    if (!decl->args.empty()) declareItemArgument(cx, id, *decl);
    if (decl->type) {
      cx.module.rules[id].type = resolveType(cx, *decl->type, false, nullptr);
      cx.ruleChecked[id] = true;
    } else if (decl->isCondition) {
      cx.ruleChecked[id] = true;
    }
  }
}

std::string Context::sourceText(Span span) const {
  if (span.file >= sources.size()) return {};
  const std::string& text = sources.file(span.file).text;
  if (span.begin > span.end || span.end > text.size()) return {};
  return text.substr(span.begin, span.end - span.begin);
}

std::string literalText(const syntax::Literal& lit) {
  using L = syntax::LiteralKind;
  switch (lit.kind) {
    case L::Integer:
    case L::Decimal: return rt::formatRational(lit.number);
    case L::Percent: return rt::formatPercent(lit.number);
    case L::Money: return rt::formatMoney(lit.money);
    case L::Date: return rt::formatDate(lit.date);
    case L::Month: return rt::formatMonth(lit.month);
    case L::Bool: return lit.boolean ? "ja" : "nej";
    case L::Text: return "\"" + lit.text + "\"";
  }
  return {};
}

std::optional<rt::Value> literalValue(const Context& cx, const syntax::Literal& lit, TypeId type) {
  using L = syntax::LiteralKind;
  switch (cx.kindOf(type)) {
    case TypeKind::Integer:
      if (lit.kind == L::Integer) return rt::Value::integer(lit.number.num);
      break;
    case TypeKind::Decimal:
      if (lit.kind == L::Integer || lit.kind == L::Decimal) return rt::Value::rational(lit.number);
      break;
    case TypeKind::Percent:
      if (lit.kind == L::Percent) return rt::Value::rational(lit.number);
      break;
    case TypeKind::Money:
      if (lit.kind == L::Money) return rt::Value::money(lit.money);
      break;
    case TypeKind::Date:
      if (lit.kind == L::Date) return rt::Value::date(lit.date);
      break;
    case TypeKind::Month:
      if (lit.kind == L::Month) return rt::Value::month(lit.month);
      break;
    case TypeKind::Bool:
      if (lit.kind == L::Bool) return rt::Value::boolean(lit.boolean);
      break;
    default: break;
  }
  return std::nullopt;
}

std::vector<std::string> textsOf(const std::vector<syntax::Text>& ts) {
  std::vector<std::string> out;
  for (const auto& t : ts) out.push_back(t.text);
  return out;
}

std::string describeSymbol(SymbolKind k) {
  switch (k) {
    case SymbolKind::Rule: return "en definition";
    case SymbolKind::Input: return "ett indatafält";
    case SymbolKind::Parameter: return "en parameter";
    case SymbolKind::EnumValue: return "ett uppräkningsvärde";
    case SymbolKind::DecisionDate: return "beslutsdatumet";
  }
  return "ett namn";
}

}  // namespace regel::sema
