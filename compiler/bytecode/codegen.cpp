// Module-level code generation: metadata, rules with versions and exceptions, parameter tables,
// the decision and its templates.
#include "compiler/bytecode/codegen.h"

#include "compiler/bytecode/chunk_compiler.h"

namespace regel::bytecode {
namespace {

struct Generator {
  ProgramBuilder& pb;
  const ir::Module& m;

  rt::SourceSpan span(diag::Span s) { return pb.span(s); }

  uint32_t chunk(ir::ExprId e, uint32_t rule = ir::kNone, uint32_t args = 0) {
    if (e == ir::kNone) return rt::kNoChunk;
    ChunkCompiler c(pb, rule, args);
    return c.compile(e);
  }

  // The number of arguments of a rule's chunks: its element, for a definition per element.
  uint32_t ruleArgs(uint32_t rule) const { return rule != ir::kNone && m.rules[rule].perItem() ? 1 : 0; }

  rt::Template templ(const ir::Template& t, uint32_t rule) {
    rt::Template out;
    out.span = span(t.span);
    for (const auto& part : t.parts) {
      rt::TemplatePart p;
      if (part.expr == ir::kNone) {
        p.text = part.text;
      } else {
        p.chunk = chunk(part.expr, rule, ruleArgs(rule));
        p.type = m.exprs[part.expr].type;
        if (part.listRule != ir::kNone) p.listRule = part.listRule;
      }
      out.parts.push_back(std::move(p));
    }
    return out;
  }

  void rules() {
    for (uint32_t id = 0; id < m.rules.size(); ++id) {
      const ir::Rule& r = m.rules[id];
      rt::RuleInfo out;
      out.name = r.name;
      out.kind = r.kind == ir::RuleKind::Condition ? rt::RuleKind::Condition : rt::RuleKind::Value;
      out.type = r.type;
      out.span = span(r.span);
      if (r.perItem()) {
        out.itemRecord = m.types[r.argType].ref;
        out.argName = r.argName;
      }
      const uint32_t args = ruleArgs(id);
      for (const auto& v : r.versions) {
        rt::RuleVersionInfo ver;
        ver.from = v.from;
        ver.to = v.to;
        ver.lagrum = v.lagrum;
        ver.span = span(v.span);
        ver.value = chunk(v.value, id, args);
        ver.justification = templ(v.justification, id);
        ver.holds = templ(v.holds, id);
        ver.fails = templ(v.fails, id);
        if (v.exceptions.size() > 64) pb.error = "'" + r.name + "' har fler än 64 undantag";
        for (const auto& ex : v.exceptions) {
          rt::ExceptionInfo e;
          e.name = ex.name;
          e.lagrum = ex.lagrum;
          e.condition = chunk(ex.condition, id, args);
          e.value = chunk(ex.value, id, args);
          e.overrides = ex.overrides;
          e.refines = ex.refines == ir::kNone ? rt::kNoException : ex.refines;
          e.justification = templ(ex.justification, id);
          e.span = span(ex.span);
          ver.exceptions.push_back(std::move(e));
        }
        out.versions.push_back(std::move(ver));
      }
      pb.program().rules.push_back(std::move(out));
    }
  }

  rt::ParamCell cell(const ir::ParamCell& c, uint32_t args) {
    rt::ParamCell out;
    out.unknown = c.unknown;
    out.unknownReason = c.unknownReason;
    if (!c.unknown) out.chunk = chunk(c.value, ir::kNone, args);
    return out;
  }

  void params() {
    for (const auto& p : m.params) {
      rt::ParamInfo out;
      out.name = p.name;
      out.args = p.args;
      out.type = p.type;
      out.span = span(p.span);
      // Arguments arrive in registers 0..n-1: more than operand a can address cannot be passed.
      if (p.args.size() > rt::kMaxOperandA && pb.error.empty()) pb.error = "'" + p.name + "' har för många argument";
      const auto args = static_cast<uint32_t>(p.args.size());
      for (const auto& v : p.versions) {
        rt::ParamVersionInfo ver;
        ver.from = v.from;
        ver.to = v.to;
        ver.lagrum = v.lagrum;
        ver.source = v.source;
        ver.isTable = v.isTable;
        ver.span = span(v.span);
        if (!v.isTable) ver.constant = cell(v.constant, args);
        for (const auto& row : v.rows) {
          rt::TableRow r;
          for (const auto& k : row.keys) {
            r.keys.push_back(rt::TableKey{static_cast<rt::KeyKind>(k.kind), k.lo, k.hi});
          }
          r.cell = cell(row.cell, args);
          r.span = span(row.span);
          ver.rows.push_back(std::move(r));
        }
        out.versions.push_back(std::move(ver));
      }
      pb.program().params.push_back(std::move(out));
    }
  }

  void decision() {
    for (const auto& b : m.decision) {
      rt::BranchInfo out;
      out.outcome = b.outcome;
      out.amount = chunk(b.amount);
      out.condition = chunk(b.condition);
      for (const auto& t : b.reasons) out.reasons.push_back(templ(t, ir::kNone));
      for (const auto& c : b.cited) out.cited.push_back(c.rule);
      out.span = span(b.span);
      pb.program().decision.push_back(std::move(out));
    }
    if (m.stickprov) pb.program().stickprov = rt::StickprovInfo{m.stickprov->rate, m.stickprov->outcome};
  }
};

}  // namespace

CodegenResult generateProgram(const ir::Module& m, const diag::SourceSet& sources) {
  ProgramBuilder pb(m, sources);
  rt::Program& p = pb.program();
  p.name = m.name;
  p.version = m.version;
  p.appeal = m.appeal;
  p.lagrum = m.lagrum;
  for (const auto& s : m.sources) p.sources.push_back({s.path, s.sha256});
  p.types = m.types;
  p.inputRecord = m.inputRecord;
  p.decisionDateField = m.decisionDateField;
  p.allGrounds = m.allGrounds;
  p.texts = m.texts;
  for (const auto& c : m.constants) {
    p.constants.push_back(c.value);
    p.constantTypes.push_back(c.type);
  }
  Generator g{pb, m};
  g.rules();
  g.params();
  g.decision();
  CodegenResult result;
  if (!pb.error.empty()) {
    result.error = pb.error;
    return result;
  }
  result.program = std::make_shared<const rt::Program>(std::move(pb.program()));
  return result;
}

}  // namespace regel::bytecode
