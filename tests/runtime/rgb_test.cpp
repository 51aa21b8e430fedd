// The .rgb format: round trips, and every altered or truncated file refused with a clean error.
#include <gtest/gtest.h>

#include "runtime/explain/explained_trace.h"
#include "runtime/vm/decide.h"
#include "runtime/program/disassemble.h"
#include "runtime/rgb/rgb_format.h"
#include "runtime/base/sha256.h"
#include "tests/support/case_records.h"

namespace regel::rt {
namespace {

uint32_t addChunk(Program& p, std::vector<Instr> code, uint16_t frame, uint16_t args = 0) {
  Chunk c{static_cast<uint32_t>(p.code.size()), static_cast<uint32_t>(code.size()), frame, args};
  for (const auto& in : code) {
    p.code.push_back(in);
    p.codeSpans.push_back(static_cast<uint32_t>(p.code.size() % p.spans.size()));
  }
  p.chunks.push_back(c);
  return static_cast<uint32_t>(p.chunks.size() - 1);
}

// A small program written directly in bytecode: norm by number of children from a table (one
// cell unknown), behov = norm − inkomst, bifall med behov om behov > 0, avslag annars.
Program smallProgram() {
  Program p;
  p.name = "Liten";
  p.version = "0.1";
  p.lagrum = {"1 § lagen"};
  p.sources = {{"liten.regel", "8f434346648f6b96df89dda901c5176b10a6d83961dd3c1ac88b59b2dc327aa4"}};
  p.types.intern({TypeKind::Integer});  // 0
  p.types.intern({TypeKind::Money});    // 1
  p.types.intern({TypeKind::Bool});     // 2
  p.types.intern({TypeKind::Text});     // 3
  p.types.intern({TypeKind::Percent});  // 4
  p.types.records.push_back({"Ansökan", {{"inkomst", 1, false}, {"barn", 0, false}}});
  p.texts = {"hej"};
  p.constants = {Value{100000, 0}, Value{1, 4}, Value{0, 0}};
  p.constantTypes = {1, 4, 3};
  p.spans = {{0, 0, 4, 1, 1}, {0, 10, 20, 2, 3}};

  auto op = [](Op o, uint16_t a = 0, uint16_t b = 0, uint16_t c = 0) { return Instr{o, a, b, c}; };
  ParamInfo prm;
  prm.name = "norm_tabell";
  prm.args = {{"barn", 0, false}};
  prm.type = 1;
  ParamVersionInfo pv;
  pv.from = *makeDate(2020, 1, 1);
  pv.lagrum = {"2 § förordningen"};
  pv.source = "Tabellen";
  pv.isTable = true;
  TableRow none;
  none.keys = {{KeyKind::Exact, Value::integer(0), Value::integer(0)}};
  none.cell.chunk = addChunk(p, {op(Op::LOAD_CONST, 1, 0, 0), op(Op::RET, 1)}, 2, 1);
  TableRow some;
  some.keys = {{KeyKind::AtLeast, Value::integer(1), {}}};
  some.cell.unknown = true;
  some.cell.unknownReason = "Källan saknar belopp för barn";
  pv.rows = {none, some};
  prm.versions.push_back(pv);
  p.params.push_back(prm);

  RuleInfo norm;
  norm.name = "norm";
  norm.type = 1;
  RuleVersionInfo nv;
  nv.value = addChunk(p, {op(Op::LOAD_INPUT, 1, 1), op(Op::LOOKUP_PARAM, 0, 0, 1), op(Op::RET, 0)}, 2);
  norm.versions.push_back(nv);
  p.rules.push_back(norm);

  RuleInfo behov;
  behov.name = "behov";
  behov.type = 1;
  RuleVersionInfo bv;
  bv.value = addChunk(p, {op(Op::CALL_RULE, 1, 0), op(Op::LOAD_INPUT, 2, 0), op(Op::SUB_MONEY, 0, 1, 2), op(Op::RET, 0)}, 3);
  bv.justification.parts = {{"Behovet är ", kNoChunk, 0}, {"", addChunk(p, {op(Op::CALL_RULE, 0, 1), op(Op::RET, 0)}, 1), 1}};
  behov.versions.push_back(bv);
  p.rules.push_back(behov);

  BranchInfo yes;
  yes.outcome = Outcome::Bifall;
  yes.condition = addChunk(p, {op(Op::CALL_RULE, 1, 1), op(Op::LOAD_INT, 2, 0), op(Op::LT_INT, 0, 2, 1), op(Op::RET, 0)}, 3);
  yes.amount = addChunk(p, {op(Op::CALL_RULE, 0, 1), op(Op::RET, 0)}, 1);
  BranchInfo no;
  no.outcome = Outcome::Avslag;
  no.reasons.push_back(Template{{{"Nej.", kNoChunk, 0}}, {}});
  p.decision = {yes, no};
  p.stickprov = StickprovInfo{Rational{1, 10}, Outcome::Bifall};
  return p;
}

CaseData smallCase(int64_t inkomst, int64_t barn) {
  CaseData c;
  c.caseId = "ärende-7";
  regel::test::addRecord(c, 0, "", {Value{inkomst, 0}, Value::integer(barn)}, {1, 1});
  return c;
}

DecisionOptions onDate() {
  DecisionOptions o;
  o.date = *makeDate(2023, 3, 1);
  o.trace = true;
  return o;
}

TEST(Rgb, SmallProgramDecides) {
  Program p = smallProgram();
  ASSERT_FALSE(verifyProgram(p)) << verifyProgram(p)->reason;
  Decision d = decide(p, smallCase(30000, 0), onDate());
  ASSERT_FALSE(d.error) << d.error->message;
  EXPECT_EQ(d.outcome, Outcome::Bifall);
  EXPECT_EQ(d.amount.ore, 70000);
  EXPECT_EQ(decide(p, smallCase(30000, 2), onDate()).outcome, Outcome::ManuellProvning);
  EXPECT_EQ(decide(p, smallCase(200000, 0), onDate()).reasons, (std::vector<std::string>{"Nej."}));
}

TEST(Rgb, RoundTripIsExact) {
  Program p = smallProgram();
  std::string bytes = writeRgb(p);
  ASSERT_TRUE(looksLikeRgb(bytes));
  RgbLoad loaded = readRgb(bytes, "liten.rgb");
  ASSERT_FALSE(loaded.error) << loaded.error->message;
  ASSERT_TRUE(loaded.program);
  EXPECT_EQ(writeRgb(*loaded.program), bytes);
  EXPECT_EQ(disassemble(*loaded.program), disassemble(p));
  EXPECT_EQ(loaded.program->sources[0].sha256, p.sources[0].sha256);
  const CaseData data = smallCase(30000, 0);
  Decision a = decide(p, data, onDate());
  Decision b = decide(*loaded.program, data, onDate());
  EXPECT_EQ(a.amount, b.amount);
  EXPECT_EQ(a.stickprov, b.stickprov);
  const ExplainedTrace ta = explainTrace(p, a, data), tb = explainTrace(*loaded.program, b, data);
  ASSERT_EQ(ta.nodes.size(), tb.nodes.size());
  ASSERT_FALSE(ta.empty());
  for (size_t i = 0; i < ta.nodes.size(); ++i) {
    EXPECT_EQ(ta.nodes[i].name, tb.nodes[i].name);
    EXPECT_EQ(ta.nodes[i].valueText, tb.nodes[i].valueText);
    EXPECT_EQ(ta.nodes[i].justification, tb.nodes[i].justification);
  }
}

TEST(Rgb, FlippingAnyByteIsRefused) {
  std::string bytes = writeRgb(smallProgram());
  for (size_t i = 0; i < bytes.size(); ++i) {
    std::string altered = bytes;
    altered[i] = static_cast<char>(altered[i] ^ 0x5A);
    RgbLoad r = readRgb(altered, "x.rgb");
    ASSERT_TRUE(r.error) << "byte " << i;
    EXPECT_FALSE(r.program);
    EXPECT_EQ(r.error->code.substr(0, 3), "R07") << "byte " << i;
    EXPECT_FALSE(r.error->message.empty());
  }
}

TEST(Rgb, TruncatingAtAnyLengthIsRefused) {
  std::string bytes = writeRgb(smallProgram());
  for (size_t n = 0; n < bytes.size(); ++n) {
    RgbLoad r = readRgb(std::string_view(bytes).substr(0, n), "x.rgb");
    ASSERT_TRUE(r.error) << "length " << n;
    EXPECT_FALSE(r.program);
    EXPECT_EQ(r.error->code.substr(0, 3), "R07") << "length " << n;
  }
  RgbLoad extra = readRgb(bytes + "x", "x.rgb");
  ASSERT_TRUE(extra.error);
  EXPECT_EQ(extra.error->code, "R0706");
}

// A decision log keeps the .rgb of each decision: a format-4 file (before `personuppgift`) is
// still read, and means what it meant.
TEST(Rgb, ReadsFormatFour) {
  Program p = smallProgram();
  p.appeal = "Överklaga till förvaltningsrätten.";
  const std::string four = writeRgb(p, 4);
  ASSERT_EQ(four[8], 4);
  RgbLoad r = readRgb(four, "x.rgb");
  ASSERT_TRUE(r.program) << r.error->message;
  EXPECT_EQ(r.program->appeal, "");  // format 4 has no appeal
  Program without = p;
  without.appeal.clear();
  EXPECT_EQ(writeRgb(*r.program), writeRgb(without));
  RgbLoad five = readRgb(writeRgb(p), "x.rgb");
  ASSERT_TRUE(five.program);
  EXPECT_EQ(five.program->appeal, "Överklaga till förvaltningsrätten.");
}

// Format 7 carries a field's `etikett`; a format-6 file is read without labels.
TEST(Rgb, FieldLabelsFromFormatSeven) {
  Program p = smallProgram();
  ASSERT_FALSE(p.types.records.empty());
  ASSERT_FALSE(p.types.records[p.inputRecord].fields.empty());
  p.types.records[p.inputRecord].fields[0].label = "din lön efter skatt";
  RgbLoad seven = readRgb(writeRgb(p), "x.rgb");
  ASSERT_TRUE(seven.program) << seven.error->message;
  EXPECT_EQ(seven.program->types.records[p.inputRecord].fields[0].label, "din lön efter skatt");
  const std::string six = writeRgb(p, 6);
  ASSERT_EQ(six[8], 6);
  RgbLoad r = readRgb(six, "x.rgb");
  ASSERT_TRUE(r.program) << r.error->message;
  EXPECT_EQ(r.program->types.records[p.inputRecord].fields[0].label, "");
}

TEST(Rgb, ClearErrorsForForeignAndAlteredFiles) {
  std::string bytes = writeRgb(smallProgram());
  EXPECT_EQ(readRgb("regelverk Test\n", "a.regel").error->code, "R0702");
  // Cut inside the header, which holds no length yet: what the smallest file needs.
  const RgbLoad cut = readRgb(bytes.substr(0, 10), "x.rgb");
  EXPECT_EQ(cut.error->code, "R0704");
  EXPECT_EQ(cut.error->message, "x.rgb är avkortad: den behöver minst 52 byte men har 10");
  // Cut after it: the length it declares.
  const RgbLoad cutBody = readRgb(bytes.substr(0, bytes.size() - 40), "x.rgb");
  EXPECT_EQ(cutBody.error->code, "R0704");
  EXPECT_EQ(cutBody.error->message,
            "x.rgb är avkortad: den behöver " + std::to_string(bytes.size()) + " byte men har " +
                std::to_string(bytes.size() - 40));
  std::string v2 = bytes;
  v2[8] = 1;  // a file from before 32-bit operands
  RgbLoad r = readRgb(v2, "x.rgb");
  EXPECT_EQ(r.error->code, "R0703");
  EXPECT_EQ(r.error->message, "x.rgb har formatversion 1, men denna version av regel läser bara formatversion 4–8");
  std::string later = bytes;
  later[8] = 9;  // from a later regel
  EXPECT_EQ(readRgb(later, "x.rgb").error->code, "R0703");
  v2[8] = 2;  // a file from before the calendar instructions renumbered the opcodes after them
  EXPECT_EQ(readRgb(v2, "x.rgb").error->code, "R0703");
  std::string body = bytes;
  body[40] = static_cast<char>(body[40] ^ 1);
  r = readRgb(body, "x.rgb");
  EXPECT_EQ(r.error->code, "R0705");
  EXPECT_EQ(r.error->message, "x.rgb är ändrad eller skadad: kontrollsumman (SHA-256) stämmer inte");
  EXPECT_EQ(readRgbFile("/nonexistent/x.rgb").error->code, "R0701");
}

// Re-signs an altered payload so that the structural checks, not the checksum, must catch it.
std::string resign(std::string bytes) {
  bytes.resize(bytes.size() - kRgbChecksumSize);
  Digest d = sha256(bytes);
  bytes.append(reinterpret_cast<const char*>(d.data()), d.size());
  return bytes;
}

TEST(Rgb, VerifierRefusesBadIndices) {
  auto refused = [](Program p, const std::string& code) {
    RgbLoad r = readRgb(writeRgb(p), "x.rgb");
    EXPECT_TRUE(r.error);
    if (r.error) {
      EXPECT_EQ(r.error->code, code) << r.error->message;
    }
  };
  Program p = smallProgram();
  p.code[p.chunks[p.decision[0].condition].begin + 2].b = 9;  // register outside the frame
  refused(p, "R0707");
  p = smallProgram();
  p.code[p.chunks[p.rules[1].versions[0].value].begin].b = 7;  // unknown rule
  refused(p, "R0707");
  p = smallProgram();
  p.chunks[p.rules[1].versions[0].value].frameSize = kMaxFrameRegisters + 1;  // a frame of 1 MiB and more
  refused(p, "R0707");
  p.chunks[p.rules[1].versions[0].value].frameSize = kMaxFrameRegisters;
  EXPECT_FALSE(readRgb(writeRgb(p), "x.rgb").error);
  p = smallProgram();
  p.code[p.chunks[p.rules[1].versions[0].value].begin + 3].op = Op::NOP;  // runs past its end
  refused(p, "R0707");
  p = smallProgram();
  p.code.push_back({Op::JMP, 0, 0, 0});
  p.codeSpans.push_back(0);
  p.chunks.push_back({static_cast<uint32_t>(p.code.size() - 1), 1, 1, 0});  // a loop without a list
  refused(p, "R0707");
  p = smallProgram();
  p.rules[0].versions[0].value = 99;  // unknown chunk
  refused(p, "R0706");
  p = smallProgram();
  p.constants[2] = Value{5, 0};  // text outside the table
  refused(p, "R0706");
  p = smallProgram();
  p.params[0].versions[0].rows[0].keys.clear();
  refused(p, "R0706");
  p = smallProgram();
  p.types.types.push_back({TypeKind::List, 99});
  refused(p, "R0706");
  // Definitions per element: called only with CALL_RULE_ITEM, their chunks take the element, and
  // the element's record type exists.
  p = smallProgram();
  p.rules[0].itemRecord = 0;
  p.chunks[p.rules[0].versions[0].value].argCount = 1;
  refused(p, "R0707");  // rule 1 calls it with CALL_RULE
  // A definition per element that nothing calls: only its own metadata can be wrong.
  auto withItemRule = [](uint32_t record, uint32_t args) {
    Program q = smallProgram();
    RuleInfo item;
    item.name = "per_element";
    item.type = 0;
    item.itemRecord = record;
    RuleVersionInfo v;
    v.value = addChunk(q, {Instr{Op::LOAD_INT, 1, 1, 0}, Instr{Op::RET, 1, 0, 0}}, 2, static_cast<uint16_t>(args));
    item.versions.push_back(v);
    q.rules.push_back(item);
    return q;
  };
  EXPECT_FALSE(readRgb(writeRgb(withItemRule(0, 1)), "x.rgb").error);
  refused(withItemRule(0, 0), "R0706");  // its chunk takes no element
  refused(withItemRule(5, 1), "R0706");  // an unknown record type
  p = smallProgram();
  p.code[p.chunks[p.rules[1].versions[0].value].begin].op = Op::CALL_RULE_ITEM;  // not per element
  refused(p, "R0707");
  p = smallProgram();
  p.code.push_back({static_cast<Op>(kOpCount + 3), 0, 0, 0});  // an opcode that does not exist
  p.codeSpans.push_back(0);
  refused(p, "R0707");
}

// Loops are shaped as the code generator makes them: an altered .rgb whose loop leaves to itself
// or is jumped back into after its end ran until the VM's budget of 10^8 steps (found by fuzz_rgb,
// fuzz/reproducers/fuzz_rgb/loop-runs-to-step-budget).
TEST(Rgb, VerifierRefusesLoopsThatDoNotEnd) {
  auto withChunk = [](std::vector<Instr> code, uint16_t frame) {
    Program p = smallProgram();
    addChunk(p, std::move(code), frame);
    return readRgb(writeRgb(p), "x.rgb");
  };
  auto refused = [&](std::vector<Instr> code, uint16_t frame, const std::string& why) {
    RgbLoad r = withChunk(std::move(code), frame);
    ASSERT_TRUE(r.error);
    EXPECT_EQ(r.error->code, "R0707");
    EXPECT_NE(r.error->message.find(why), std::string::npos) << r.error->message;
  };
  // Registers: counter 0 (element 1), list 2; an inner loop's counter 3 (element 4).
  const Instr ret{Op::RET, 0, 0, 0};
  // The shapes the code generator makes: a loop, and a loop in a loop.
  EXPECT_FALSE(withChunk({{Op::LIST_NEXT, 0, 2, 2}, {Op::JMP, 0, 0, 0}, ret}, 3).error);
  EXPECT_FALSE(withChunk({{Op::LIST_NEXT, 0, 2, 4}, {Op::LIST_NEXT, 3, 2, 3}, {Op::JMP, 1, 0, 0},
                          {Op::JMP, 0, 0, 0}, ret}, 5).error);
  refused({{Op::LIST_NEXT, 0, 2, 0}, ret}, 3, "lämnar sin loop bakåt");
  refused({{Op::LIST_NEXT, 0, 2, 2}, {Op::JMP, 0, 0, 0}, {Op::JMP, 0, 0, 0}}, 3, "redan har slutat");
  refused({{Op::LIST_NEXT, 0, 2, 3}, {Op::LIST_NEXT, 3, 2, 4}, {Op::JMP, 0, 0, 0}, {Op::JMP, 1, 0, 0}, ret}, 5,
          "slutar efter den loop den ligger i");
}

// Any single-byte change that still passes the checksum is either refused or gives a program
// that decides (or fails) cleanly: never a crash. Run under sanitizers to make this bite.
// Every text a .rgb holds is shown to people and written into JSON: a text that is not UTF-8
// (an altered file, resealed) is refused, while a source file's path is bytes as Linux has them.
TEST(Rgb, TextsThatAreNotUtf8AreRefusedButPathsAreBytes) {
  const std::string bytes = writeRgb(smallProgram());
  const size_t at = bytes.find("Behovet är ");
  ASSERT_NE(at, std::string::npos);
  std::string altered = bytes;
  altered[at + 2] = '\xFF';
  RgbLoad r = readRgb(resign(altered), "x.rgb");
  ASSERT_TRUE(r.error);
  EXPECT_EQ(r.error->code, "R0706");
  EXPECT_EQ(r.error->message, "x.rgb är felaktigt uppbyggd: en text är inte giltig UTF-8 (byte 2 i texten)");

  Program latin1 = smallProgram();
  latin1.sources[0].path = "r\xE4kna.regel";
  RgbLoad withPath = readRgb(writeRgb(latin1), "p.rgb");
  ASSERT_FALSE(withPath.error) << withPath.error->message;
  EXPECT_EQ(withPath.program->sources[0].path, "r\xE4kna.regel");
}

TEST(Rgb, ResignedAlterationsNeverCrash) {
  std::string bytes = writeRgb(smallProgram());
  int loaded = 0;
  for (size_t i = kRgbHeaderSize; i + kRgbChecksumSize < bytes.size(); ++i) {
    for (uint8_t mask : {uint8_t{0x01}, uint8_t{0x80}, uint8_t{0xFF}}) {
      std::string altered = bytes;
      altered[i] = static_cast<char>(altered[i] ^ mask);
      RgbLoad r = readRgb(resign(altered), "x.rgb");
      if (r.error) {
        EXPECT_EQ(r.error->code.substr(0, 3), "R07");
        continue;
      }
      ++loaded;
      for (int64_t barn : {0, 1}) {
        CaseData c = smallCase(30000, barn);
        if (c.records[0].recordType != r.program->inputRecord) continue;
        Decision d = decide(*r.program, c, onDate());
        if (d.error) {
          EXPECT_EQ(d.error->code.substr(0, 2), "R0");
        }
      }
    }
  }
  EXPECT_GT(loaded, 0);  // some changes (texts, spans, names) are harmless
}

}  // namespace
}  // namespace regel::rt
