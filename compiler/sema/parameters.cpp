// Checks parameters: signatures, dated versions, table rows and their keys, and cell values.
#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <tuple>

#include "compiler/sema/context.h"

namespace regel::sema {
namespace {

// Converts a key literal to a Value in the argument's domain; nullopt (reported) if it does not fit.
std::optional<rt::Value> keyValue(Context& cx, const syntax::Literal& lit, const rt::FieldInfo& arg,
                                  Span span) {
  auto v = literalValue(cx, lit, arg.type);
  if (!v) cx.report(Kind::TableKeyType, span, {literalText(lit), arg.name, cx.typeName(arg.type)});
  return v;
}

bool isOrdered(TypeKind k) {
  return k == TypeKind::Integer || k == TypeKind::Decimal || k == TypeKind::Percent ||
         k == TypeKind::Money || k == TypeKind::Date || k == TypeKind::Month;
}

std::optional<ir::TableKey> checkKey(Context& cx, const syntax::TableKey& key, const rt::FieldInfo& arg) {
  ir::TableKey out;
  if (key.kind == syntax::KeyKind::EnumValue) {
    const auto& t = cx.module.types[arg.type];
    if (t.kind == TypeKind::Enum) {
      const auto& values = cx.module.types.enums[t.ref].values;
      for (uint32_t o = 0; o < values.size(); ++o) {
        if (values[o] == key.enumValue) {
          out.kind = ir::KeyKind::Exact;
          out.lo = out.hi = rt::Value::integer(o);
          return out;
        }
      }
    }
    cx.report(Kind::TableKeyType, key.span, {"'" + key.enumValue + "'", arg.name, cx.typeName(arg.type)});
    return std::nullopt;
  }
  auto lo = keyValue(cx, key.lo, arg, key.span);
  if (!lo) return std::nullopt;
  out.lo = *lo;
  out.hi = *lo;
  out.kind = ir::KeyKind::Exact;
  if (key.kind == syntax::KeyKind::Exact) return out;
  if (!isOrdered(cx.kindOf(arg.type))) {
    cx.report(Kind::TableKeyType, key.span, {"ett intervall", arg.name, cx.typeName(arg.type)});
    return std::nullopt;
  }
  if (key.kind == syntax::KeyKind::AtLeast) {
    out.kind = ir::KeyKind::AtLeast;
    return out;
  }
  auto hi = keyValue(cx, key.hi, arg, key.span);
  if (!hi) return std::nullopt;
  out.hi = *hi;
  out.kind = ir::KeyKind::Range;
  // A range whose end lies before its start matches nothing: surely a slip of the pen.
  bool empty = domainOf(cx, arg.type) == ir::Domain::Rat ? rt::compareRat(out.lo.asRational(), out.hi.asRational()) > 0
                                                         : out.lo.a > out.hi.a;
  if (empty) {
    cx.report(Kind::EmptyRange, key.span, {literalText(key.lo), literalText(key.hi)});
    return std::nullopt;
  }
  return out;
}

ir::ParamCell checkCell(Context& cx, const syntax::Ast& ast, const syntax::Cell& cell, ir::Parameter& param,
                        const std::vector<syntax::FieldDecl>& argDecls, std::set<ir::ParamId>& deps) {
  ir::ParamCell out;
  if (cell.unknown) {
    out.unknown = true;
    out.unknownReason = cell.unknownReason.text;
    return out;
  }
  Scope scope;
  scope.localCount = &param.localCount;
  scope.inParameter = true;
  scope.paramDeps = &deps;
  for (uint32_t i = 0; i < param.args.size(); ++i) {
    const Span declared = i < argDecls.size() ? argDecls[i].nameSpan : Span{};
    scope.locals.push_back({param.args[i].name, i, param.args[i].type, declared});
  }
  Typed v = checkExpr(cx, ast, cell.value, scope);
  if (!v.ok) return out;
  if (v.type != param.type) {
    TypeKind from = cx.kindOf(v.type), to = cx.kindOf(param.type);
    if (from == TypeKind::Integer && to == TypeKind::Decimal) {
      v = convertTo(cx, v, param.type);
    } else if (from == TypeKind::ExactMoney && to == TypeKind::Money) {
      cx.report(Kind::NeedsRounding, cell.span, {"värdet i '" + param.name + "'"});
      return out;
    } else {
      cx.report(Kind::ValueType, cell.span, {cx.typeName(param.type), cx.typeName(v.type)});
      return out;
    }
  }
  out.value = v.id;
  return out;
}

// A row after an `annars` row, or with the same keys as an earlier row, is never used: the
// first matching row wins. The earlier rows are indexed (the first `annars` row, the first row
// per key tuple): comparing every pair of rows made a table of 150 000 rows take half a minute.
struct RowIndex {
  using KeyTuple = std::vector<std::tuple<uint8_t, int64_t, int64_t, int64_t, int64_t>>;
  std::optional<size_t> firstOtherwise;
  std::map<KeyTuple, size_t> firstWithKeys;

  static KeyTuple keysOf(const ir::TableRow& row) {
    KeyTuple out;
    for (const auto& k : row.keys) out.emplace_back(static_cast<uint8_t>(k.kind), k.lo.a, k.lo.b, k.hi.a, k.hi.b);
    return out;
  }
  // Reports `row` (the `index`th) if an earlier row shadows it, then records it.
  void add(Context& cx, const ir::TableRow& row, size_t index) {
    KeyTuple keys = keysOf(row);
    auto same = firstWithKeys.find(keys);
    if (firstOtherwise && (same == firstWithKeys.end() || *firstOtherwise <= same->second)) {
      cx.report(Kind::TableRowsOverlap, row.span, {"en tidigare rad 'annars' gäller redan alla fall"});
    } else if (same != firstWithKeys.end()) {
      cx.report(Kind::TableRowsOverlap, row.span, {"en tidigare rad har samma nycklar"});
    }
    bool otherwise = std::all_of(row.keys.begin(), row.keys.end(),
                                 [](const ir::TableKey& k) { return k.kind == ir::KeyKind::Any; });
    if (otherwise && !firstOtherwise) firstOtherwise = index;
    firstWithKeys.try_emplace(std::move(keys), index);
  }
};

}  // namespace

void checkParameterSignatures(Context& cx) {
  for (ir::ParamId id = 0; id < cx.pendingParams.size(); ++id) {
    const auto* decl = cx.pendingParams[id].decl;
    ir::Parameter& p = cx.module.params[id];
    std::set<std::string> seen;
    for (const auto& a : decl->args) {
      if (!seen.insert(a.name).second) cx.report(Kind::DuplicateField, a.nameSpan, {a.name});
      TypeId t = resolveType(cx, a.type, false, nullptr);
      p.args.push_back({a.name, t, false});
      p.argDomains.push_back(domainOf(cx, t));
    }
    p.localCount = static_cast<uint32_t>(p.args.size());
    p.type = resolveType(cx, decl->type, false, nullptr);
  }
}

void checkParameters(Context& cx) {
  std::vector<std::set<ir::ParamId>> deps(cx.pendingParams.size());
  for (ir::ParamId id = 0; id < cx.pendingParams.size(); ++id) {
    const auto& [ast, decl] = cx.pendingParams[id];
    ir::Parameter& p = cx.module.params[id];
    for (const auto& v : decl->versions) {
      ir::ParamVersion out;
      out.from = v.period.from;
      out.to = v.period.to;
      out.span = v.span;
      out.lagrum = textsOf(v.meta.lagrum.empty() ? decl->meta.lagrum : v.meta.lagrum);
      const auto& sources = v.meta.sources.empty() ? decl->meta.sources : v.meta.sources;
      for (const auto& s : sources) out.source += (out.source.empty() ? "" : "; ") + s.text;
      if (out.to && out.to->days < out.from.days) {
        cx.report(Kind::InvalidPeriod, v.period.span, {rt::formatDate(out.from), rt::formatDate(*out.to)});
      }
      out.isTable = v.isTable;
      if (!v.isTable) {
        out.constant = checkCell(cx, *ast, v.constant, p, decl->args, deps[id]);
      }
      RowIndex rowIndex;
      for (const auto& row : v.rows) {
        ir::TableRow r;
        r.span = row.span;
        if (row.otherwise) {
          r.keys.assign(p.args.size(), ir::TableKey{});
        } else if (row.keys.size() != p.args.size()) {
          size_t n = row.keys.size();
          cx.report(Kind::TableKeyCount, row.span,
                    {fmt::format("{} {}", n, n == 1 ? "nyckel" : "nycklar"), std::to_string(p.args.size())});
          continue;  // a malformed row must not be taken for an `annars` row
        } else {
          bool keysOk = true;
          for (size_t k = 0; k < row.keys.size(); ++k) {
            auto key = checkKey(cx, row.keys[k], p.args[k]);
            keysOk &= key.has_value();
            r.keys.push_back(key ? *key : ir::TableKey{});
          }
          // A row whose key was refused is reported already; it must not pass for an `annars`.
          if (!keysOk) {
            checkCell(cx, *ast, row.cell, p, decl->args, deps[id]);
            continue;
          }
        }
        r.cell = checkCell(cx, *ast, row.cell, p, decl->args, deps[id]);
        rowIndex.add(cx, r, out.rows.size());
        out.rows.push_back(std::move(r));
      }
      for (const auto& earlier : p.versions) {
        int32_t aHi = earlier.to ? earlier.to->days : INT32_MAX;
        int32_t bHi = out.to ? out.to->days : INT32_MAX;
        if (earlier.from.days <= bHi && out.from.days <= aHi) {
          auto text = [](const ir::ParamVersion& pv) {
            return rt::formatDate(pv.from) + " – " + (pv.to ? rt::formatDate(*pv.to) : "tills vidare");
          };
          cx.report(Kind::OverlappingPeriods, v.period.span, {p.name, text(earlier), text(out)});
        }
      }
      p.versions.push_back(std::move(out));
    }
    std::sort(p.versions.begin(), p.versions.end(),
              [](const ir::ParamVersion& a, const ir::ParamVersion& b) { return a.from.days < b.from.days; });
  }
  // A parameter whose cells call parameters in a cycle would never finish a lookup.
  std::vector<uint8_t> state(deps.size(), 0);
  std::function<bool(ir::ParamId, std::vector<ir::ParamId>&)> visit = [&](ir::ParamId p, std::vector<ir::ParamId>& path) {
    if (state[p] == 2) return false;
    if (state[p] == 1) {
      std::string text;
      auto start = std::find(path.begin(), path.end(), p);
      for (auto it = start; it != path.end(); ++it) text += cx.module.params[*it].name + " → ";
      text += cx.module.params[p].name;
      cx.report(Kind::DefinitionCycle, cx.pendingParams[p].decl->nameSpan, {text});
      return true;
    }
    state[p] = 1;
    path.push_back(p);
    for (auto d : deps[p]) {
      if (visit(d, path)) break;
    }
    path.pop_back();
    state[p] = 2;
    return false;
  };
  for (ir::ParamId p = 0; p < deps.size(); ++p) {
    std::vector<ir::ParamId> path;
    visit(p, path);
  }
}

}  // namespace regel::sema
