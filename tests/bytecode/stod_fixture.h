// A small försörjningsstöd built as IR by hand: shared by the VM and .rgb round-trip tests.
#pragma once

#include "tests/bytecode/ir_fixture.h"

namespace regel::testing {

// A small försörjningsstöd: a norm by household size from a table, incomes summed over the
// adults, jobbstimulans as an exception, bifall with the need.
struct Stod {
  IrBuilder b;
  uint32_t vuxen, netto, forvarv, vuxna, boende, manader, norm, inkomst, bistand;
  std::shared_ptr<const rt::Program> p;

  Stod() {
    vuxen = b.record("Vuxen", {{"nettoinkomst", b.tMoney, false}, {"förvärvsinkomst", b.tMoney, false}});
    netto = 0;
    forvarv = 1;
    TypeId tVuxen = b.recordType(vuxen);
    vuxna = b.inputField("vuxna", b.listOf(tVuxen));
    boende = b.inputField("boendekostnad", b.tMoney);
    manader = b.inputField("månader_med_bistånd", b.tInt);
    norm = b.parameter("norm", b.tMoney, {{"personer", b.tInt, false}});
    auto& v = b.paramVersion(norm, date(2023, 1, 1), date(2023, 12, 31), true);
    auto row = [&](ir::KeyKind k, int64_t lo, int64_t hi, int64_t ore) {
      ir::TableRow r;
      r.keys.push_back({k, Value::integer(lo), Value::integer(hi)});
      r.cell.value = b.money(ore);
      r.span = IrBuilder::at(32 + static_cast<uint32_t>(b.m.params[norm].versions[0].rows.size()));
      b.m.params[norm].versions[0].rows.push_back(std::move(r));
    };
    (void)v;
    row(ir::KeyKind::Exact, 1, 1, 327000);
    row(ir::KeyKind::Exact, 2, 2, 590000);
    row(ir::KeyKind::AtLeast, 3, 0, 700000);

    ExprId antal = b.count(b.input(vuxna));
    uint32_t normRule = b.rule("riksnorm", b.tMoney, b.param(norm, {antal}));
    b.m.rules[normRule].versions[0].justification =
        b.templ({{"Riksnormen är ", ir::kNone}, {"", b.ruleRef(normRule)}, {".", ir::kNone}});

    ExprId sumNetto = b.fold(ir::FoldKind::Sum, b.tMoney, b.input(vuxna), 0, b.field(b.local(0, tVuxen), vuxen, netto));
    inkomst = b.declare("räknad_inkomst", b.tMoney);
    b.version(inkomst, sumNetto);
    ExprId sumForv = b.fold(ir::FoldKind::Sum, b.tMoney, b.input(vuxna), 1, b.field(b.local(1, tVuxen), vuxen, forvarv));
    ExprId quarter = b.binary(ExprOp::Mul, b.tExact, Domain::Rat, b.percent(1, 4), b.toRat(sumForv));
    ExprId reduced = b.binary(ExprOp::Sub, b.tMoney, Domain::Money, b.base(b.tMoney),
                              b.round(quarter, rt::RoundDirection::Down, 100));
    ExprId sixMonths = b.compare(ir::CompareOp::Ge, Domain::Int, b.input(manader), b.integer(6));
    b.exception(inkomst, "jobbstimulans", sixMonths, reduced).justification =
        b.templ({{"25 % av förvärvsinkomsten räknas inte.", ir::kNone}});
    b.m.rules[inkomst].localCount = 2;

    ExprId need = b.binary(ExprOp::Sub, b.tMoney, Domain::Money,
                           b.binary(ExprOp::Add, b.tMoney, Domain::Money, b.ruleRef(normRule), b.input(boende)),
                           b.ruleRef(inkomst));
    bistand = b.rule("bistånd", b.tMoney, b.maxOf(b.tMoney, {b.money(0), need}));
    norm = normRule;
    b.branch(ir::Outcome::Bifall, b.compare(ir::CompareOp::Gt, Domain::Money, b.ruleRef(bistand), b.money(0)),
             b.ruleRef(bistand));
    b.branch(ir::Outcome::Avslag, ir::kNone).reasons.push_back(b.templ({{"Inkomsterna täcker behovet.", ir::kNone}}));
    p = b.compile();
  }

  CaseBuilder adults(std::vector<std::pair<int64_t, int64_t>> incomes, int64_t housing, int64_t months) {
    CaseBuilder c(b.m);
    std::vector<Value> elems;
    for (size_t i = 0; i < incomes.size(); ++i) {
      uint32_t r = c.addRecord(vuxen, "vuxna[" + std::to_string(i + 1) + "]");
      c.set(r, netto, Value{incomes[i].first, 0});
      c.set(r, forvarv, Value{incomes[i].second, 0});
      elems.push_back(Value::integer(r));
    }
    c.set(vuxna, Value::integer(c.list(elems)));
    c.set(boende, Value{housing, 0});
    c.set(manader, Value::integer(months));
    return c;
  }
};

}  // namespace regel::testing
