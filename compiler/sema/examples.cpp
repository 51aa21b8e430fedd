// Checks `exempel` blocks against the input schema and turns them into cases and expectations.
#include <fmt/format.h>

#include <cctype>
#include <charconv>
#include <map>
#include <optional>
#include <string_view>

#include "compiler/sema/context.h"
#include "runtime/base/field_limits.h"

namespace regel::sema {
namespace {

using syntax::DataKind;
using syntax::LiteralKind;

struct CaseBuilder {
  Context& cx;
  rt::CaseData& data;
  bool tooLarge = false;  // the example's records have reached kMaxCaseSlots (reported once)

  // Converts a scalar literal to a value of `type`; reports and returns nullopt on mismatch.
  std::optional<rt::Value> scalar(const syntax::DataValue& v, TypeId type, const std::string& path) {
    TypeKind k = cx.kindOf(type);
    auto fail = [&]() -> std::optional<rt::Value> {
      cx.report(Kind::ExampleValueType, v.span, {path, cx.typeName(type)});
      return std::nullopt;
    };
    if (v.kind == DataKind::EnumValue) {
      if (k != TypeKind::Enum) return fail();
      const auto& values = cx.module.types.enums[cx.module.types[type].ref].values;
      for (uint32_t o = 0; o < values.size(); ++o) {
        if (values[o] == v.enumValue) return rt::Value::integer(o);
      }
      return fail();
    }
    if (v.kind != DataKind::Literal) return fail();
    if (k == TypeKind::Text) {
      if (v.lit.kind != LiteralKind::Text) return fail();
      data.texts.push_back(v.lit.text);
      return rt::Value{static_cast<int64_t>(data.texts.size() - 1), 1};
    }
    auto value = literalValue(cx, v.lit, type);
    if (!value) return fail();
    return value;
  }

  std::optional<rt::Value> value(const syntax::DataValue& v, TypeId type, const std::string& path) {
    const auto& t = cx.module.types[type];
    if (t.kind == TypeKind::Record) {
      if (v.kind != DataKind::Object) {
        cx.report(Kind::ExampleValueType, v.span, {path, cx.typeName(type)});
        return std::nullopt;
      }
      // A case's bound on its records' fields holds for an example's input too.
      if (!data.roomFor(static_cast<uint32_t>(cx.module.types.records[t.ref].fields.size()))) {
        if (!tooLarge) {
          cx.report(Kind::CodeLimitExceeded, v.span,
                    {"exemplets indata har för många poster: deras fält blir tillsammans fler än " +
                     rt::formatInt(static_cast<int64_t>(rt::kMaxCaseSlots))});
        }
        tooLarge = true;
        return std::nullopt;
      }
      return rt::Value::integer(record(v, t.ref, path));
    }
    if (t.kind == TypeKind::List) {
      if (v.kind != DataKind::List) {
        cx.report(Kind::ExampleValueType, v.span, {path, cx.typeName(type)});
        return std::nullopt;
      }
      std::vector<rt::Value> items;
      for (size_t i = 0; i < v.items.size(); ++i) {
        auto item = value(v.items[i], t.ref, fmt::format("{}[{}]", path, i));
        if (item) items.push_back(*item);
      }
      data.lists.push_back(std::move(items));
      return rt::Value::integer(static_cast<int64_t>(data.lists.size() - 1));
    }
    return scalar(v, type, path);
  }

  int64_t record(const syntax::DataValue& v, uint32_t recordType, const std::string& path) {
    const rt::RecordInfo& info = cx.module.types.records[recordType];
    const size_t index = data.addRecord(recordType, static_cast<uint32_t>(info.fields.size()), path);
    // Where each field was first given: given twice, one value would win without a word (a case
    // in JSON with a key twice is refused too, R0610).
    std::vector<const syntax::DataField*> given(info.fields.size(), nullptr);
    for (const auto& f : v.fields) {
      size_t i = 0;
      while (i < info.fields.size() && info.fields[i].name != f.name) ++i;
      if (i == info.fields.size()) {
        auto& d = cx.report(Kind::UnknownExampleField, f.nameSpan, {f.name});
        cx.suggest(d, f.name, [&] { return fieldNames(info); });
        continue;
      }
      if (given[i] != nullptr) {
        cx.report(Kind::DuplicateExampleField, f.nameSpan, {f.name}).notes.push_back({given[i]->nameSpan, "första gången här"});
        continue;
      }
      given[i] = &f;
      std::string fieldPath = path.empty() ? f.name : path + "." + f.name;
      auto fv = value(f.value, info.fields[i].type, fieldPath);
      if (!fv) continue;
      // Outside the field's declared limits: the case would be refused, so the exempel is wrong.
      const rt::FieldInfo& field = info.fields[i];
      const TypeKind kind = cx.kindOf(field.type);
      if ((field.least || field.most) && !rt::withinLimits(kind, field, {fv->a, fv->b})) {
        cx.report(Kind::ExampleValueType, f.value.span, {fieldPath, rt::limitsText(kind, field)});
        continue;
      }
      data.set(index, i, *fv);
    }
    return static_cast<int64_t>(index);
  }
};

// Why `path` (of `förväntat saknas`) names no fact that the example's input could lack, or nullopt
// when it names one. A path is written as `regel run` writes a missing fact: field names joined by
// '.', a list's element by its number from 0 ("vuxna[1].ålder"). `unknown` gets the name of a field
// that does not exist, with the record it was looked for in, for a "menade du" suggestion.
struct FactProblem {
  std::string why;
  std::string unknown;
  uint32_t record = 0;
};
std::optional<FactProblem> whyNoFact(const Context& cx, const rt::CaseData& data, const std::string& path) {
  const rt::TypeTable& types = cx.module.types;
  uint32_t recordType = cx.module.inputRecord;
  int64_t instance = data.records.empty() ? -1 : 0;  // the record instance in the example, if given
  std::string_view rest = path;
  while (true) {
    const size_t dot = rest.find('.');
    const std::string_view segment = rest.substr(0, dot);
    const bool more = dot != std::string_view::npos;
    rest = more ? rest.substr(dot + 1) : std::string_view();
    if (segment.empty()) return FactProblem{"ett fältnamn saknas i sökvägen (en punkt står först, sist eller två gånger i rad)", {}, 0};
    const size_t open = segment.find('[');
    const std::string name(segment.substr(0, open));
    const rt::RecordInfo& record = types.records[recordType];
    uint32_t f = 0;
    while (f < record.fields.size() && record.fields[f].name != name) ++f;
    if (f == record.fields.size()) {
      const std::string where = recordType == cx.module.inputRecord ? "indata" : "posten " + record.name;
      return FactProblem{where + " har inget fält '" + name + "'", name, recordType};
    }
    const rt::TypeNode& type = types[record.fields[f].type];
    const bool given = instance >= 0 && data.has(static_cast<size_t>(instance), f);
    const rt::Value value = given ? data.field(static_cast<size_t>(instance), f) : rt::Value{};
    rt::TypeNode reached = type;
    instance = type.kind == TypeKind::Record && given ? value.a : -1;
    if (open != std::string_view::npos) {
      const std::string_view digits = segment.substr(open + 1, segment.size() - open - 2);
      size_t index = 0;
      const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), index);
      if (segment.back() != ']' || digits.empty() || ec != std::errc() || end != digits.data() + digits.size()) {
        return FactProblem{"'" + std::string(segment) + "' är felskrivet; skriv elementets nummer från 0, t.ex. '" + name + "[0]'", {}, 0};
      }
      if (type.kind != TypeKind::List) return FactProblem{"'" + name + "' är ingen lista", {}, 0};
      const size_t count = given ? data.lists[static_cast<size_t>(value.a)].size() : 0;
      if (index >= count) {
        return FactProblem{"exemplet ger " + std::to_string(count) + " element i '" + name + "' (numrerade från 0)", {}, 0};
      }
      reached = types[type.ref];
      instance = reached.kind == TypeKind::Record ? data.lists[static_cast<size_t>(value.a)][index].a : -1;
    }
    if (!more) return std::nullopt;
    if (reached.kind == TypeKind::List) {
      return FactProblem{"'" + name + "' är en lista; ange elementet, t.ex. '" + name + "[0]." + std::string(rest) + "'", {}, 0};
    }
    if (reached.kind != TypeKind::Record) return FactProblem{"'" + name + "' är ingen post", {}, 0};
    recordType = reached.ref;
  }
}

}  // namespace

void checkExamples(Context& cx, const std::vector<syntax::Ast>& files) {
  for (const auto& ast : files) {
    for (const auto& ex : ast.examples) {
      ir::Example out;
      out.title = ex.title.text;
      out.date = ex.date;
      out.span = ex.span;
      CaseBuilder builder{cx, out.input};
      if (ex.input.kind == DataKind::Object) {
        builder.record(ex.input, cx.module.inputRecord, "");
      }
      bool hasDecision = false;
      // An example expects one decision (or one error) and one value per definition: a second
      // would silently replace the first.
      const syntax::Expectation* decisionExpected = nullptr;
      std::map<std::string, const syntax::Expectation*> valueExpected;
      for (const auto& e : ex.expectations) {
        const bool aboutDecision = e.kind == syntax::ExpectationKind::Decision || e.kind == syntax::ExpectationKind::Error;
        if (aboutDecision || e.kind == syntax::ExpectationKind::Value) {
          const syntax::Expectation*& first = aboutDecision ? decisionExpected : valueExpected[e.name];
          if (first != nullptr) {
            cx.report(Kind::DuplicateExpectation, e.span, {aboutDecision ? "beslutet" : "'" + e.name + "'"})
                .notes.push_back({first->span, "första gången här"});
            continue;
          }
          first = &e;
        }
        if (e.kind == syntax::ExpectationKind::Decision) {
          hasDecision = true;
          out.outcome = e.outcome;
          if (e.amount) {
            auto v = builder.scalar(*e.amount, cx.tMoney, "beloppet");
            if (v) {
              out.hasAmount = true;
              out.amount = rt::Money{v->a};
            }
          }
          continue;
        }
        if (e.kind == syntax::ExpectationKind::Error) {
          // A runtime error code: R05xx (the runtime's own list, which the compiler does not see).
          const std::string& code = e.text.text;
          bool wellFormed = code.size() == 5 && code.rfind("R05", 0) == 0 &&
                            std::isdigit(static_cast<unsigned char>(code[3])) &&
                            std::isdigit(static_cast<unsigned char>(code[4]));
          if (!wellFormed) cx.report(Kind::InvalidExpectedError, e.text.span, {code});
          out.expectedError = code;
          hasDecision = true;
          continue;
        }
        if (e.kind == syntax::ExpectationKind::Missing) {
          if (auto problem = whyNoFact(cx, out.input, e.text.text)) {
            auto& d = cx.report(Kind::UnknownExpectedFact, e.text.span, {e.text.text, problem->why});
            if (!problem->unknown.empty()) {
              cx.suggest(d, problem->unknown, [&] {
                std::vector<std::string> names;
                for (const auto& f : cx.module.types.records[problem->record].fields) names.push_back(f.name);
                return names;
              });
            }
          }
          out.expectedMissing.push_back(e.text.text);
          continue;
        }
        if (e.kind == syntax::ExpectationKind::Reason) {
          out.expectedReasons.push_back(e.text.text);
          continue;
        }
        auto it = cx.symbols.find(e.name);
        if (it == cx.symbols.end() || it->second.kind != SymbolKind::Rule) {
          auto& d = cx.report(Kind::UnknownExpectedName, e.nameSpan, {e.name});
          cx.suggest(d, e.name, [&] {
            std::vector<std::string> names;
            for (const auto& r : cx.module.rules) names.push_back(r.name);
            return names;
          });
          continue;
        }
        const ir::Rule& rule = cx.module.rules[it->second.index];
        if (rule.perItem()) {
          // A definition per element has a value per element, not one for the case.
          cx.report(Kind::UnknownExpectedName, e.nameSpan, {e.name})
              .notes.push_back({rule.span, "'" + e.name + "' räknas per element; förvänta dig i stället ett värde som "
                                           "använder den, t.ex. en summa över listan"});
          continue;
        }
        auto v = builder.value(e.value, rule.type, e.name);
        if (v) out.values.push_back({e.name, it->second.index, *v, rule.type, e.span});
      }
      if (!hasDecision) cx.report(Kind::ExampleNeedsDecision, ex.title.span);
      cx.module.examples.push_back(std::move(out));
    }
  }
}

}  // namespace regel::sema
