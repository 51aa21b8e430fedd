// The disassembler: operands are rendered by their kind from runtime/program/opcodes.def.
#include "runtime/program/disassemble.h"

#include <fmt/format.h>

#include "runtime/program/runtime_errors.h"
#include "runtime/trace/trace.h"

namespace regel::rt {
namespace {

std::string constantText(const Program& p, uint32_t k) {
  if (k >= p.constants.size()) return fmt::format("k{} (?)", k);
  TypeId t = k < p.constantTypes.size() ? p.constantTypes[k] : kNoType;
  std::string v = formatValue(p, nullptr, t, p.constants[k]);
  if (t < p.types.types.size() && p.types[t].kind == TypeKind::Text) v = "\"" + v + "\"";
  return fmt::format("k{} ({})", k, v);
}

std::string operand(const Program& p, OperandKind kind, uint32_t x) {
  switch (kind) {
    case OperandKind::N: return "";
    case OperandKind::R:
    case OperandKind::R2:
    case OperandKind::ARGS: return fmt::format("r{}", x);
    case OperandKind::K: return constantText(p, x);
    case OperandKind::I32: return std::to_string(static_cast<int32_t>(x));
    case OperandKind::J: return fmt::format("→{}", x);
    case OperandKind::IN: {
      const auto& fields = p.types.records.size() > p.inputRecord ? p.types.records[p.inputRecord].fields
                                                                  : std::vector<FieldInfo>{};
      return x < fields.size() ? fields[x].name : fmt::format("fält {}", x);
    }
    case OperandKind::FLD: return fmt::format(".{}", x);
    case OperandKind::DIR: return x == 0 ? "nedåt" : x == 1 ? "uppåt" : x == 2 ? "närmast" : "?";
    case OperandKind::RULE: return x < p.rules.size() ? p.rules[x].name : fmt::format("regel {}", x);
    case OperandKind::PARAM: return x < p.params.size() ? p.params[x].name : fmt::format("parameter {}", x);
    case OperandKind::ERR: return x < kErrorKindCount ? std::string(errorCode(static_cast<ErrorKind>(x))) : "?";
  }
  return "?";
}

void templ(const Program& p, const Template& t, const std::string& label, const std::string& indent, std::string& out) {
  if (t.empty()) return;
  out += fmt::format("{}{}:\n", indent, label);
  for (const auto& part : t.parts) {
    if (part.chunk == kNoChunk) {
      out += fmt::format("{}  text \"{}\"\n", indent, part.text);
    } else {
      out += fmt::format("{}  värde ({}):\n", indent, p.types.nameOf(part.type));
      out += disassembleChunk(p, part.chunk, indent + "    ");
    }
  }
}

void rule(const Program& p, const RuleInfo& r, std::string& out) {
  out += fmt::format("{} {}: {}\n", r.kind == RuleKind::Condition ? "villkor" : "värde", r.name, p.types.nameOf(r.type));
  for (const auto& v : r.versions) {
    out += fmt::format("  version {}\n", periodText(v.from, v.to));
    out += "    värde:\n" + disassembleChunk(p, v.value, "      ");
    for (size_t i = 0; i < v.exceptions.size(); ++i) {
      const auto& e = v.exceptions[i];
      out += fmt::format("    undantag {}\n", e.name.empty() ? std::to_string(i + 1) : e.name);
      out += "      villkor:\n" + disassembleChunk(p, e.condition, "        ");
      out += "      värde:\n" + disassembleChunk(p, e.value, "        ");
      templ(p, e.justification, "motivering", "      ", out);
    }
    templ(p, v.justification, "motivering", "    ", out);
    templ(p, v.holds, "uppfyllt", "    ", out);
    templ(p, v.fails, "ej uppfyllt", "    ", out);
  }
}

void cell(const Program& p, const ParamCell& c, const std::string& indent, std::string& out) {
  if (c.unknown) {
    out += fmt::format("{}okänd \"{}\"\n", indent, c.unknownReason);
  } else {
    out += disassembleChunk(p, c.chunk, indent);
  }
}

void param(const Program& p, const ParamInfo& param, std::string& out) {
  std::string args;
  for (const auto& a : param.args) args += (args.empty() ? "" : ", ") + a.name + ": " + p.types.nameOf(a.type);
  out += fmt::format("parameter {}({}) -> {}\n", param.name, args, p.types.nameOf(param.type));
  for (const auto& v : param.versions) {
    out += fmt::format("  version {}\n", periodText(v.from, v.to));
    if (!v.isTable) cell(p, v.constant, "    ", out);
    for (const auto& row : v.rows) {
      std::string keys;
      for (size_t i = 0; i < row.keys.size() && i < param.args.size(); ++i) {
        keys += (i > 0 ? ", " : "") + formatKey(p, param.args[i].type, row.keys[i]);
      }
      out += fmt::format("    rad {}:\n", keys);
      cell(p, row.cell, "      ", out);
    }
  }
}

}  // namespace

std::string disassembleInstr(const Program& p, const Instr& in) {
  if (static_cast<uint8_t>(in.op) >= kOpCount) return fmt::format("?{}", static_cast<uint8_t>(in.op));
  const OpInfo& info = opInfo(in.op);
  std::string ops;
  const OperandKind kinds[3] = {info.a, info.b, info.c};
  const uint32_t values[3] = {in.a, in.b, in.c};
  for (int i = 0; i < 3; ++i) {
    std::string s = operand(p, kinds[i], values[i]);
    if (s.empty()) continue;
    ops += (ops.empty() ? "" : ", ") + s;
  }
  return fmt::format("{:<14} {}", info.name, ops);
}

std::string disassembleChunk(const Program& p, uint32_t chunk, const std::string& indent) {
  if (chunk == kNoChunk) return indent + "(ingen kod)\n";
  if (chunk >= p.chunks.size()) return indent + "(ogiltig chunk)\n";
  const Chunk& c = p.chunks[chunk];
  std::string out = fmt::format("{}; chunk {}, {} register\n", indent, chunk, c.frameSize);
  for (uint32_t i = 0; i < c.size && c.begin + i < p.code.size(); ++i) {
    SourceSpan s = p.spanAt(c.begin + i);
    std::string line = disassembleInstr(p, p.code[c.begin + i]);
    out += fmt::format("{}{:>4}  {:<44}", indent, i, line);
    if (s.line > 0) out += fmt::format(" ; {}:{}", s.line, s.column);
    while (!out.empty() && out.back() == ' ') out.pop_back();
    out += "\n";
  }
  return out;
}

std::string disassemble(const Program& p) {
  std::string out = fmt::format("; regelverk {} {}\n", p.name, p.version);
  for (const auto& s : p.sources) out += fmt::format("; källa {} sha256 {}\n", s.path, s.sha256);
  out += fmt::format("; {} instruktioner, {} chunkar, {} konstanter\n", p.code.size(), p.chunks.size(), p.constants.size());
  for (const auto& r : p.rules) {
    out += "\n";
    rule(p, r, out);
  }
  for (const auto& prm : p.params) {
    out += "\n";
    param(p, prm, out);
  }
  out += "\nbeslut\n";
  for (size_t i = 0; i < p.decision.size(); ++i) {
    const BranchInfo& b = p.decision[i];
    out += fmt::format("  gren {}: {}{}\n", i + 1, outcomeName(b.outcome), b.condition == kNoChunk ? " annars" : "");
    if (b.condition != kNoChunk) out += "    villkor:\n" + disassembleChunk(p, b.condition, "      ");
    if (b.amount != kNoChunk) out += "    belopp:\n" + disassembleChunk(p, b.amount, "      ");
    for (const auto& t : b.reasons) templ(p, t, "skäl", "    ", out);
  }
  if (p.stickprov) {
    out += fmt::format("\nstickprov {} av {}\n", formatPercent(p.stickprov->rate), outcomeName(p.stickprov->outcome));
  }
  return out;
}

}  // namespace regel::rt
