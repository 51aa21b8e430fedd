// The .rgb payload's encoding, written once for both directions (internal to runtime/): the same
// template walks a Program with a Writer (to bytes) or a bounds-checked Reader (from bytes).
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/base/unicode.h"
#include "runtime/program/program.h"
#include "runtime/rgb/rgb_format.h"

namespace regel::rt::rgb {

class Writer {
 public:
  static constexpr bool kReading = false;
  explicit Writer(uint32_t version = kRgbFormatVersion) : version_(version) {}
  std::string out;
  uint32_t version() const { return version_; }

  void raw(const void* p, size_t n) { out.append(static_cast<const char*>(p), n); }
  template <class T>
  void num(T& v) {
    T x = v;
    uint8_t b[sizeof(T)];
    for (size_t i = 0; i < sizeof(T); ++i) b[i] = static_cast<uint8_t>(static_cast<uint64_t>(x) >> (8 * i));
    raw(b, sizeof(T));
  }
  void str(std::string& s) {
    uint32_t n = static_cast<uint32_t>(s.size());
    num(n);
    raw(s.data(), s.size());
  }
  void bytes(std::string& s) { str(s); }
  template <class E>
  void enumeration(E& e, uint8_t /*max*/) {
    uint8_t x = static_cast<uint8_t>(e);
    num(x);
  }
  template <class T, class F>
  void list(std::vector<T>& v, F each) {
    uint32_t n = static_cast<uint32_t>(v.size());
    num(n);
    for (auto& x : v) each(x);
  }
  template <class F>
  void section(const char (&tag)[5], F body) {
    raw(tag, 4);
    size_t at = out.size();
    uint32_t len = 0;
    num(len);
    body();
    len = static_cast<uint32_t>(out.size() - at - 4);
    for (int i = 0; i < 4; ++i) out[at + i] = static_cast<char>(len >> (8 * i));
  }
  bool ok() const { return true; }
  void fail(const std::string&) {}
 private:
  uint32_t version_;
};

// Reads within [pos, end); the first problem stops everything (later reads yield zeros).
class Reader {
 public:
  static constexpr bool kReading = true;
  Reader(std::string_view bytes, uint32_t version) : data_(bytes), end_(bytes.size()), version_(version) {}
  // The file's format version: what a version before the current one lacks is not read.
  uint32_t version() const { return version_; }

  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }
  bool atEnd() const { return pos_ == data_.size(); }
  void fail(std::string why) {
    if (error_.empty()) error_ = std::move(why);
  }

  template <class T>
  void num(T& v) {
    v = T{};
    if (!ok()) return;
    if (end_ - pos_ < sizeof(T)) return fail("data tar slut mitt i ett fält");
    uint64_t x = 0;
    for (size_t i = 0; i < sizeof(T); ++i) x |= static_cast<uint64_t>(static_cast<uint8_t>(data_[pos_ + i])) << (8 * i);
    pos_ += sizeof(T);
    v = static_cast<T>(x);
  }
  // A text: UTF-8, as every text the compiler writes is (messages and JSON show it).
  void str(std::string& s) {
    bytes(s);
    for (size_t i = 0; i < s.size() && ok();) {
      const size_t len = utf8SequenceLength(s, i);
      if (len == 0) return fail("en text är inte giltig UTF-8 (byte " + std::to_string(i) + " i texten)");
      i += len;
    }
  }
  // Bytes as they are: a file's path, which on Linux need not be UTF-8.
  void bytes(std::string& s) {
    uint32_t n = 0;
    num(n);
    s.clear();
    if (!ok()) return;
    if (end_ - pos_ < n) return fail("en text är längre än återstående data");
    s.assign(data_.substr(pos_, n));
    pos_ += n;
  }
  template <class E>
  void enumeration(E& e, uint8_t max) {
    uint8_t x = 0;
    num(x);
    if (x > max) fail("okänt värde " + std::to_string(x) + " i ett uppräknat fält");
    e = static_cast<E>(x <= max ? x : 0);
  }
  template <class T, class F>
  void list(std::vector<T>& v, F each) {
    uint32_t n = 0;
    num(n);
    v.clear();
    if (!ok()) return;
    // Every item takes at least one byte: a count beyond the data left is a lie, not a reason
    // to allocate.
    if (n > end_ - pos_) return fail("en lista anger fler element än data räcker till");
    v.resize(n);
    for (auto& x : v) {
      if (!ok()) return;
      each(x);
    }
  }
  template <class F>
  void section(const char (&tag)[5], F body) {
    if (!ok()) return;
    if (end_ - pos_ < 8) return fail(std::string("avsnittet ") + tag + " saknas");
    if (std::memcmp(data_.data() + pos_, tag, 4) != 0) return fail(std::string("avsnittet ") + tag + " saknas eller ligger fel");
    pos_ += 4;
    uint32_t len = 0;
    num(len);
    if (!ok()) return;
    if (end_ - pos_ < len) return fail(std::string("avsnittet ") + tag + " är längre än filen");
    size_t outer = end_;
    end_ = pos_ + len;
    body();
    if (ok() && pos_ != end_) fail(std::string("avsnittet ") + tag + " har data över");
    end_ = outer;
  }

 private:
  std::string_view data_;
  size_t pos_ = 0;
  size_t end_;
  uint32_t version_;
  std::string error_;
};

// ---- the encoding, shared by both directions ---------------------------------------------------

template <class A>
void io(A& a, Value& v) {
  a.num(v.a);
  a.num(v.b);
}
template <class A>
void io(A& a, Date& d) {
  a.num(d.days);
}
template <class A>
void io(A& a, std::optional<Date>& d) {
  uint8_t has = d.has_value();
  a.num(has);
  if (has > 1) a.fail("ogiltigt datumfält");
  Date x = d.value_or(Date{});
  io(a, x);
  d = has ? std::optional<Date>(x) : std::nullopt;
}
template <class A>
void io(A& a, std::vector<std::string>& v) {
  a.list(v, [&](std::string& s) { a.str(s); });
}
template <class A>
void io(A& a, std::vector<uint32_t>& v) {
  a.list(v, [&](uint32_t& x) { a.num(x); });
}
template <class A>
void io(A& a, SourceSpan& s) {
  a.num(s.file);
  a.num(s.begin);
  a.num(s.end);
  a.num(s.line);
  a.num(s.column);
}
template <class A>
void io(A& a, Template& t) {
  io(a, t.span);
  a.list(t.parts, [&](TemplatePart& p) {
    a.str(p.text);
    a.num(p.chunk);
    a.num(p.type);
    a.num(p.listRule);
  });
}
template <class A>
void io(A& a, ParamCell& c) {
  uint8_t unknown = c.unknown;
  a.num(unknown);
  c.unknown = unknown != 0;
  a.str(c.unknownReason);
  a.num(c.chunk);
}
template <class A>
void io(A& a, std::optional<FieldBound>& bound) {
  uint8_t has = bound.has_value();
  a.num(has);
  if (has > 1) a.fail("ogiltig gräns för ett fält");
  FieldBound x = bound.value_or(FieldBound{});
  a.num(x.a);
  a.num(x.b);
  bound = has ? std::optional<FieldBound>(x) : std::nullopt;
}
template <class A>
void io(A& a, FieldInfo& f) {
  a.str(f.name);
  a.num(f.type);
  // Flags: bit 0 `valfri`, bit 1 `personuppgift` (format 5; a format-4 file has only bit 0).
  uint8_t flags = static_cast<uint8_t>((f.optional ? 1 : 0) | (f.personal && a.version() >= 5 ? 2 : 0));
  a.num(flags);
  if (flags > 3) a.fail("ogiltiga flaggor för ett fält");
  f.optional = (flags & 1) != 0;
  f.personal = (flags & 2) != 0;
  if (a.version() >= 7) a.str(f.label);
  io(a, f.least);
  io(a, f.most);
}

template <class A>
void ioMeta(A& a, Program& p) {
  a.str(p.name);
  a.str(p.version);
  if (a.version() >= 5) a.str(p.appeal);
  if (a.version() >= 6) {
    uint8_t all = p.allGrounds ? 1 : 0;
    a.num(all);
    if (all > 1) a.fail("ogiltig flagga för beslutets skäl");
    p.allGrounds = all == 1;
  }
  io(a, p.lagrum);
  a.list(p.sources, [&](SourceInfo& s) {
    a.bytes(s.path);
    a.str(s.sha256);
  });
  a.num(p.inputRecord);
  uint8_t hasDate = p.decisionDateField.has_value();
  uint32_t dateField = p.decisionDateField.value_or(0);
  a.num(hasDate);
  a.num(dateField);
  p.decisionDateField = hasDate ? std::optional<uint32_t>(dateField) : std::nullopt;
  io(a, p.texts);
  uint8_t hasSample = p.stickprov.has_value();
  StickprovInfo s = p.stickprov.value_or(StickprovInfo{});
  a.num(hasSample);
  a.num(s.rate.num);
  a.num(s.rate.den);
  a.enumeration(s.outcome, static_cast<uint8_t>(kOutcomeCount - 1));
  p.stickprov = hasSample ? std::optional<StickprovInfo>(s) : std::nullopt;
}

template <class A>
void ioTypes(A& a, TypeTable& t) {
  a.list(t.types, [&](TypeNode& n) {
    a.enumeration(n.kind, static_cast<uint8_t>(TypeKind::List));
    a.num(n.ref);
  });
  a.list(t.enums, [&](EnumInfo& e) {
    a.str(e.name);
    io(a, e.values);
  });
  a.list(t.records, [&](RecordInfo& r) {
    a.str(r.name);
    a.list(r.fields, [&](FieldInfo& f) { io(a, f); });
  });
}

// An instruction as a file of an older format holds it: before format 8 an om was a plain
// conditional jump (OM_IF → JMP_IFNOT, OM_ELSE → JMP, OM_JOIN → NOP), which the fast mode runs
// alike; only the tolerant mode's look at both arms is lost.
inline Instr olderInstr(const Instr& in, uint32_t version) {
  if (version >= 8) return in;
  switch (in.op) {
    case Op::OM_IF: return Instr{Op::JMP_IFNOT, in.a, in.b, 0};
    case Op::OM_ELSE: return Instr{Op::JMP, in.b & kMaxOperandA, 0, 0};
    case Op::OM_JOIN: return Instr{Op::NOP, 0, 0, 0};
    default: return in;
  }
}

template <class A>
void ioCode(A& a, Program& p) {
  // Each instruction: op u8, a u32 (at most kMaxOperandA), b u32, c u32 (format version 2).
  a.list(p.code, [&](Instr& stored) {
    Instr in = A::kReading ? stored : olderInstr(stored, a.version());
    uint8_t op = static_cast<uint8_t>(in.op);
    a.num(op);
    in.op = static_cast<Op>(op);  // unknown opcodes are refused by the verifier (R0707)
    uint32_t x = in.a;
    a.num(x);
    if (x > kMaxOperandA) a.fail("en instruktions första operand är större än 24 bitar");
    in.a = x & kMaxOperandA;
    a.num(in.b);
    a.num(in.c);
    if constexpr (A::kReading) stored = in;
  });
  io(a, p.codeSpans);
  a.list(p.spans, [&](SourceSpan& s) { io(a, s); });
  a.list(p.chunks, [&](Chunk& c) {
    a.num(c.begin);
    a.num(c.size);
    a.num(c.frameSize);
    a.num(c.argCount);
  });
}

template <class A>
void ioRules(A& a, Program& p) {
  a.list(p.rules, [&](RuleInfo& r) {
    a.str(r.name);
    a.enumeration(r.kind, 1);
    a.num(r.type);
    a.num(r.itemRecord);
    a.str(r.argName);
    io(a, r.span);
    a.list(r.versions, [&](RuleVersionInfo& v) {
      io(a, v.from);
      io(a, v.to);
      io(a, v.lagrum);
      a.num(v.value);
      io(a, v.justification);
      io(a, v.holds);
      io(a, v.fails);
      a.list(v.exceptions, [&](ExceptionInfo& e) {
        a.str(e.name);
        io(a, e.lagrum);
        a.num(e.condition);
        a.num(e.value);
        io(a, e.overrides);
        a.num(e.refines);
        io(a, e.justification);
        io(a, e.span);
      });
      io(a, v.span);
    });
  });
}

template <class A>
void ioParams(A& a, Program& p) {
  a.list(p.params, [&](ParamInfo& prm) {
    a.str(prm.name);
    a.list(prm.args, [&](FieldInfo& f) { io(a, f); });
    a.num(prm.type);
    io(a, prm.span);
    a.list(prm.versions, [&](ParamVersionInfo& v) {
      io(a, v.from);
      io(a, v.to);
      io(a, v.lagrum);
      a.str(v.source);
      uint8_t table = v.isTable;
      a.num(table);
      v.isTable = table != 0;
      io(a, v.constant);
      a.list(v.rows, [&](TableRow& row) {
        a.list(row.keys, [&](TableKey& k) {
          a.enumeration(k.kind, static_cast<uint8_t>(KeyKind::Any));
          io(a, k.lo);
          io(a, k.hi);
        });
        io(a, row.cell);
        io(a, row.span);
      });
      io(a, v.span);
    });
  });
}

template <class A>
void ioDecision(A& a, Program& p) {
  a.list(p.decision, [&](BranchInfo& b) {
    a.enumeration(b.outcome, static_cast<uint8_t>(kOutcomeCount - 1));
    a.num(b.amount);
    a.num(b.condition);
    a.list(b.reasons, [&](Template& t) { io(a, t); });
    io(a, b.cited);
    io(a, b.span);
  });
}

// The whole payload: one section per part, in a fixed order.
template <class A>
void ioProgram(A& a, Program& p) {
  a.section("META", [&] { ioMeta(a, p); });
  a.section("TYPE", [&] { ioTypes(a, p.types); });
  a.section("CONS", [&] {
    a.list(p.constants, [&](Value& v) { io(a, v); });
    io(a, p.constantTypes);
  });
  a.section("CODE", [&] { ioCode(a, p); });
  a.section("RULE", [&] { ioRules(a, p); });
  a.section("PARM", [&] { ioParams(a, p); });
  a.section("DECI", [&] { ioDecision(a, p); });
}

}  // namespace regel::rt::rgb
