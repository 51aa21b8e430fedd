// The loader's verifier: every index in range, registers inside frames, jumps inside chunks,
// loops that terminate, templates and tables well formed, before anything runs from a program.
#include <algorithm>
#include <vector>

#include "runtime/rgb/rgb_format.h"

namespace regel::rt {
namespace {

using Problem = std::optional<VerifyProblem>;

Problem meta(std::string why) { return VerifyProblem{false, std::move(why)}; }
Problem code(std::string why) { return VerifyProblem{true, std::move(why)}; }

bool isRatKind(TypeKind k) { return k == TypeKind::Decimal || k == TypeKind::Percent || k == TypeKind::ExactMoney; }

// Whether `op` writes register a (most instructions do; jumps, RET and FAIL only read or ignore it).
bool writesA(Op op) {
  const OperandKind k = opInfo(op).a;
  return (k == OperandKind::R || k == OperandKind::R2) && op != Op::JMP_IF && op != Op::JMP_IFNOT &&
         op != Op::OM_IF && op != Op::OM_ELSE && op != Op::LOGIC_JMP_IF && op != Op::LOGIC_JMP_IFNOT &&
         op != Op::RET;
}

// The target of a jump instruction, or -1.
int64_t jumpTarget(const Instr& in) {
  switch (in.op) {
    case Op::JMP: return in.a;
    case Op::JMP_IF:
    case Op::JMP_IFNOT:
    case Op::OM_IF:
    case Op::OM_ELSE:
    case Op::LOGIC_JMP_IF:
    case Op::LOGIC_JMP_IFNOT: return in.b;
    case Op::LIST_NEXT: return in.c;
    default: return -1;
  }
}

struct Verifier {
  const Program& p;
  uint32_t maxFields = 0;

  Problem types() {
    const TypeTable& t = p.types;
    for (uint32_t id = 0; id < t.types.size(); ++id) {
      const TypeNode& n = t.types[id];
      if (n.kind == TypeKind::Enum && n.ref >= t.enums.size()) return meta("en typ pekar på en okänd uppräkning");
      if (n.kind == TypeKind::Record && n.ref >= t.records.size()) return meta("en typ pekar på en okänd post");
      // Lists refer to earlier types only, so no type contains itself.
      if (n.kind == TypeKind::List && n.ref >= id) return meta("en listtyp pekar framåt i typtabellen");
    }
    for (const auto& r : t.records) {
      for (const auto& f : r.fields) {
        if (f.type >= t.types.size()) return meta("fältet '" + f.name + "' har en okänd typ");
      }
      maxFields = std::max<uint32_t>(maxFields, static_cast<uint32_t>(r.fields.size()));
    }
    if (p.inputRecord >= t.records.size()) return meta("indataposten finns inte");
    if (p.decisionDateField) {
      const auto& fields = t.records[p.inputRecord].fields;
      if (*p.decisionDateField >= fields.size()) return meta("beslutsdatumets fält finns inte");
      TypeKind k = t[fields[*p.decisionDateField].type].kind;
      if (k != TypeKind::Date && k != TypeKind::Month) return meta("beslutsdatumets fält är inte ett datum eller en månad");
    }
    return std::nullopt;
  }

  Problem typeId(TypeId t, const std::string& what) {
    if (t >= p.types.types.size()) return meta(what + " har en okänd typ");
    return std::nullopt;
  }

  Problem constants() {
    if (p.constantTypes.size() != p.constants.size()) return meta("konstanternas typer saknas");
    for (size_t i = 0; i < p.constants.size(); ++i) {
      if (auto e = typeId(p.constantTypes[i], "en konstant")) return e;
      TypeKind k = p.types[p.constantTypes[i]].kind;
      const Value v = p.constants[i];
      if (k == TypeKind::Text && (v.b != 0 || v.a < 0 || static_cast<uint64_t>(v.a) >= p.texts.size())) {
        return meta("en textkonstant pekar utanför texttabellen");
      }
      if (isRatKind(k) && v.b <= 0) return meta("en konstant är inget giltigt bråktal");
    }
    if (p.stickprov && (p.stickprov->rate.den <= 0 || p.stickprov->rate.num < 0 || p.stickprov->rate.num > p.stickprov->rate.den)) {
      return meta("stickprovets andel är ogiltig");
    }
    return std::nullopt;
  }

  Problem operand(OperandKind kind, uint32_t x, const Instr& in, const Chunk& c, uint32_t i) {
    const std::string at = "instruktion " + std::to_string(i) + " (" + std::string(opName(in.op)) + ")";
    switch (kind) {
      case OperandKind::N:
        if (x != 0) return code(at + " har ett oanvänt fält som inte är noll");
        break;
      case OperandKind::R:
        if (x >= c.frameSize) return code(at + " använder ett register utanför ramen");
        break;
      case OperandKind::R2:
        if (uint64_t{x} + 1 >= c.frameSize) return code(at + " använder ett register utanför ramen");
        break;
      case OperandKind::K:
        if (x >= p.constants.size()) return code(at + " pekar på en okänd konstant");
        break;
      case OperandKind::I32: break;
      case OperandKind::J:
        if (x >= c.size) return code(at + " hoppar utanför sin kod");
        break;
      case OperandKind::IN:
        if (x >= p.types.records[p.inputRecord].fields.size()) return code(at + " läser ett okänt indatafält");
        break;
      case OperandKind::FLD:
        if (x >= maxFields) return code(at + " läser ett okänt fält");
        break;
      case OperandKind::DIR:
        if (x > static_cast<uint32_t>(RoundDirection::Nearest)) return code(at + " har en okänd avrundning");
        break;
      case OperandKind::RULE:
        if (x >= p.rules.size()) return code(at + " anropar en okänd definition");
        break;
      case OperandKind::PARAM:
        if (x >= p.params.size()) return code(at + " slår upp en okänd parameter");
        break;
      case OperandKind::ARGS:
        // Checked with the parameter (operand b) in instruction().
        break;
      case OperandKind::ERR:
        if (x >= kErrorKindCount) return code(at + " anger ett okänt fel");
        break;
    }
    return std::nullopt;
  }

  Problem instruction(const Instr& in, const Chunk& c, uint32_t i) {
    if (static_cast<uint8_t>(in.op) >= kOpCount) return code("okänd instruktion " + std::to_string(static_cast<uint8_t>(in.op)));
    const OpInfo& info = opInfo(in.op);
    if (auto e = operand(info.a, in.a, in, c, i)) return e;
    if (auto e = operand(info.b, in.b, in, c, i)) return e;
    if (auto e = operand(info.c, in.c, in, c, i)) return e;
    // An ordinary definition is called with CALL_RULE, one per element with CALL_RULE_ITEM (and
    // inside its own exceptions, CALL_BASE_ITEM): the VM relies on it to find the memo slot.
    const bool itemCall = in.op == Op::CALL_RULE_ITEM || in.op == Op::CALL_BASE_ITEM;
    if ((itemCall || in.op == Op::CALL_RULE || in.op == Op::CALL_BASE) && p.rules[in.b].perItem() != itemCall) {
      return code("instruktion " + std::to_string(i) + " anropar en definition på fel sätt");
    }
    if (info.c == OperandKind::ARGS) {
      size_t arity = p.params[in.b].args.size();
      if (arity > 0 && static_cast<size_t>(in.c) + arity > c.frameSize) {
        return code("instruktion " + std::to_string(i) + " lägger argument utanför ramen");
      }
    }
    return std::nullopt;
  }

  // Loops are shaped as the code generator makes them, so that each runs at most once per
  // element of its list each time it is entered: every backward jump goes to a LIST_NEXT from
  // inside that loop's body (before the LIST_NEXT's exit, which is forward), nothing in between
  // writes its counter, and loops nest. The VM's step budget alone would end any loop, but only
  // after 10^8 steps: a loop that leaves to itself, or that is jumped back into after its end,
  // made one decision of an altered .rgb take minutes under the sanitizers (found by fuzz_rgb).
  Problem loops(const Chunk& c) {
    const Instr* ins = p.code.data() + c.begin;
    std::vector<uint32_t> open;  // the exits of the loops around instruction j, innermost last
    for (uint32_t j = 0; j < c.size; ++j) {
      while (!open.empty() && open.back() <= j) open.pop_back();
      if (ins[j].op == Op::LIST_NEXT) {
        if (ins[j].c <= j) return code("instruktion " + std::to_string(j) + " lämnar sin loop bakåt");
        if (!open.empty() && ins[j].c > open.back()) {
          return code("instruktion " + std::to_string(j) + " börjar en loop som slutar efter den loop den ligger i");
        }
        open.push_back(ins[j].c);
      }
      const int64_t t = jumpTarget(ins[j]);
      if (t < 0 || t > int64_t{j}) continue;
      const Instr& head = ins[t];
      if (head.op != Op::LIST_NEXT) return code("instruktion " + std::to_string(j) + " hoppar bakåt utan att gå igenom en lista");
      if (j >= head.c) return code("instruktion " + std::to_string(j) + " hoppar tillbaka in i en loop som redan har slutat");
      for (uint32_t k = static_cast<uint32_t>(t) + 1; k < j; ++k) {
        const Instr& w = ins[k];
        bool clobbers = writesA(w.op) && (w.a == head.a || (w.op == Op::LIST_NEXT && w.a + 1u == head.a));
        if (clobbers) return code("instruktion " + std::to_string(k) + " ändrar en loopräknare");
      }
    }
    return std::nullopt;
  }

  Problem chunks() {
    if (p.codeSpans.size() != p.code.size()) return meta("källpositionerna stämmer inte med koden");
    for (uint32_t s : p.codeSpans) {
      if (s >= p.spans.size()) return meta("en källposition saknas");
    }
    for (const Instr& in : p.code) {
      if (static_cast<uint8_t>(in.op) >= kOpCount) return code("okänd instruktion " + std::to_string(static_cast<uint8_t>(in.op)));
    }
    for (size_t id = 0; id < p.chunks.size(); ++id) {
      const Chunk& c = p.chunks[id];
      const std::string which = "kodblock " + std::to_string(id);
      if (c.size == 0 || c.begin > p.code.size() || c.size > p.code.size() - c.begin) return code(which + " ligger utanför koden");
      if (c.argCount > c.frameSize) return code(which + " har fler argument än register");
      if (c.frameSize > kMaxFrameRegisters) return code(which + " har fler register än 65 536");
      for (uint32_t i = 0; i < c.size; ++i) {
        if (auto e = instruction(p.code[c.begin + i], c, i)) return code(which + ": " + e->reason);
      }
      Op last = p.code[c.begin + c.size - 1].op;
      if (last != Op::RET && last != Op::JMP && last != Op::FAIL) return code(which + " kan fortsätta förbi sitt slut");
      if (auto e = loops(c)) return code(which + ": " + e->reason);
    }
    return std::nullopt;
  }

  // A chunk reference: present (or optional), in range, with the right number of arguments.
  Problem chunkRef(uint32_t id, bool optional, uint32_t args, const std::string& what) {
    if (id == kNoChunk) return optional ? std::nullopt : meta(what + " saknar kod");
    if (id >= p.chunks.size()) return meta(what + " pekar på ett okänt kodblock");
    if (p.chunks[id].argCount != args) return meta(what + " har fel antal argument");
    return std::nullopt;
  }

  Problem templ(const Template& t, const std::string& what, uint32_t args = 0) {
    for (const auto& part : t.parts) {
      if (part.chunk == kNoChunk) continue;
      if (auto e = chunkRef(part.chunk, false, args, what)) return e;
      if (auto e = typeId(part.type, what)) return e;
      if (part.listRule != kNoListRule) {
        if (part.listRule >= p.rules.size() || !p.rules[part.listRule].perItem() ||
            p.types[part.type].kind != TypeKind::List) {
          return meta(what + " har en text som listar en okänd definition per element");
        }
      }
    }
    return std::nullopt;
  }

  Problem rules() {
    for (const auto& r : p.rules) {
      const std::string what = "definitionen '" + r.name + "'";
      if (auto e = typeId(r.type, what)) return e;
      if (r.perItem() && r.itemRecord >= p.types.records.size()) return meta(what + " gäller en okänd post");
      const uint32_t args = r.chunkArgs();
      for (const auto& v : r.versions) {
        if (auto e = chunkRef(v.value, false, args, what)) return e;
        for (const Template* t : {&v.justification, &v.holds, &v.fails}) {
          if (auto e = templ(*t, what, args)) return e;
        }
        if (v.exceptions.size() > 64) return meta(what + " har fler än 64 undantag");
        for (const auto& ex : v.exceptions) {
          if (auto e = chunkRef(ex.condition, false, args, what)) return e;
          if (auto e = chunkRef(ex.value, false, args, what)) return e;
          if (auto e = templ(ex.justification, what, args)) return e;
          for (uint32_t o : ex.overrides) {
            if (o >= v.exceptions.size()) return meta(what + " har ett undantag med okänd prioritet");
          }
          if (ex.refines != kNoException && ex.refines >= v.exceptions.size()) {
            return meta(what + " har ett undantag från ett okänt undantag");
          }
        }
      }
    }
    return std::nullopt;
  }

  Problem params() {
    for (const auto& prm : p.params) {
      const std::string what = "parametern '" + prm.name + "'";
      if (auto e = typeId(prm.type, what)) return e;
      for (const auto& a : prm.args) {
        if (auto e = typeId(a.type, what)) return e;
      }
      if (prm.args.size() > kMaxOperandA) return meta(what + " har för många argument");
      const auto args = static_cast<uint32_t>(prm.args.size());
      for (const auto& v : prm.versions) {
        if (!v.isTable && !v.constant.unknown) {
          if (auto e = chunkRef(v.constant.chunk, false, args, what)) return e;
        }
        for (const auto& row : v.rows) {
          if (row.keys.size() != prm.args.size()) return meta(what + " har en tabellrad med fel antal nycklar");
          if (!row.cell.unknown) {
            if (auto e = chunkRef(row.cell.chunk, false, args, what)) return e;
          }
        }
      }
    }
    return std::nullopt;
  }

  Problem decision() {
    for (size_t i = 0; i < p.decision.size(); ++i) {
      const BranchInfo& b = p.decision[i];
      const std::string what = "beslutsgren " + std::to_string(i + 1);
      if (auto e = chunkRef(b.amount, true, 0, what)) return e;
      if (auto e = chunkRef(b.condition, true, 0, what)) return e;
      for (const auto& t : b.reasons) {
        if (auto e = templ(t, what)) return e;
      }
      for (uint32_t c : b.cited) {
        if (c >= p.rules.size() || p.rules[c].perItem()) return meta(what + " citerar en okänd definition");
      }
    }
    return std::nullopt;
  }
};

}  // namespace

std::optional<VerifyProblem> verifyProgram(const Program& program) {
  Verifier v{program};
  if (auto e = v.types()) return e;
  if (auto e = v.constants()) return e;
  if (auto e = v.chunks()) return e;
  if (auto e = v.rules()) return e;
  if (auto e = v.params()) return e;
  if (auto e = v.decision()) return e;
  return std::nullopt;
}

}  // namespace regel::rt
