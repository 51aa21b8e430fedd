// The per-decision context: memo slots, version resolution by date, registers, facts and errors.
#include <algorithm>

#include "runtime/vm/vm.h"

namespace regel::rt::vm {
namespace {

bool isRatKind(TypeKind k) { return k == TypeKind::Decimal || k == TypeKind::Percent || k == TypeKind::ExactMoney; }

bool covers(const std::optional<Date>& from, const std::optional<Date>& to, Date d) {
  return (!from || *from <= d) && (!to || d <= *to);
}

// The version whose period covers `d`, or kNoVersion. Rule and parameter versions share it.
template <class Version>
int32_t versionCovering(const std::vector<Version>& versions, Date d) {
  for (size_t i = 0; i < versions.size(); ++i) {
    if (covers(versions[i].from, versions[i].to, d)) return static_cast<int32_t>(i);
  }
  return kNoVersion;
}

// Parameter versions always start on a date; rule versions may not.
std::optional<Date> startOf(Date from) { return from; }
std::optional<Date> startOf(const std::optional<Date>& from) { return from; }

template <class Version>
void addBoundaries(const std::vector<Version>& versions, std::vector<Date>& out) {
  for (const auto& v : versions) {
    if (auto from = startOf(v.from)) out.push_back(*from);
    if (v.to && v.to->days < INT32_MAX) out.push_back(Date{v.to->days + 1});
  }
}

// Whether a chunk only loads a constant and returns it: its value is the same in every decision.
bool loadsConstant(const Program& p, uint32_t chunk) {
  if (chunk >= p.chunks.size() || p.chunks[chunk].size != 2) return false;
  const Instr* code = p.code.data() + p.chunks[chunk].begin;
  return (code[0].op == Op::LOAD_CONST || code[0].op == Op::LOAD_INT) && code[1].op == Op::RET &&
         code[1].a == code[0].a;
}

}  // namespace

Context::Context(const Program& p) : program(p) {
  ruleVersion.resize(p.rules.size());
  paramVersion.resize(p.params.size());
  ruleSlots.resize(p.rules.size());
  for (const auto& r : p.types.records) {
    recordFieldCounts.push_back(static_cast<uint32_t>(r.fields.size()));
    fieldTypeBase.push_back(static_cast<uint32_t>(fieldTypes.size()));
    for (const auto& f : r.fields) fieldTypes.push_back(f.type);
  }
  indexTexts();
  for (const auto& r : p.rules) ruleTypes.push_back(r.type);
  for (const auto& param : p.params) paramTypes.push_back(param.type);
  paramSlots.resize(p.params.size());
  itemIndex.assign(p.rules.size(), UINT32_MAX);
  for (uint32_t r = 0; r < p.rules.size(); ++r) {
    if (!p.rules[r].perItem()) continue;
    itemIndex[r] = static_cast<uint32_t>(itemSlots.size());
    itemSlots.emplace_back();
  }
  for (const auto& param : p.params) {
    ratArgBase.push_back(static_cast<uint32_t>(ratArgs.size()));
    for (const auto& a : param.args) {
      ratArgs.push_back(a.type < p.types.types.size() && isRatKind(p.types[a.type].kind) ? 1 : 0);
    }
  }
  for (const auto& r : p.rules) addBoundaries(r.versions, boundaries);
  for (const auto& param : p.params) addBoundaries(param.versions, boundaries);
  std::sort(boundaries.begin(), boundaries.end());
  boundaries.erase(std::unique(boundaries.begin(), boundaries.end()), boundaries.end());
  returnedRule.reserve(p.chunks.size());
  for (uint32_t c = 0; c < p.chunks.size(); ++c) returnedRule.push_back(ruleReturnedBy(p, c).value_or(kNoRuleReturned));
  regs.resize(256);
  poison.resize(256);
  registerCount = 256;
  indexParameters();
}

// Builds the direct tables and folds the constant cells of every parameter version. Folding runs
// each constant chunk once, on an empty case (a constant reads nothing from it).
void Context::indexParameters() {
  const Program& p = program;
  CaseData empty;
  const size_t inputFields =
      p.inputRecord < p.types.records.size() ? p.types.records[p.inputRecord].fields.size() : 0;
  empty.addRecord(p.inputRecord, static_cast<uint32_t>(inputFields), "");
  data = &empty;
  auto fold = [&](const ParamCell& cell, FoldedCell& out) {
    if (cell.unknown || !loadsConstant(p, cell.chunk)) return;
    Value v;
    if (execute<false, false>(*this, cell.chunk, 0, v) == Exit::Ok) out = {true, v};
  };
  for (uint32_t id = 0; id < p.params.size(); ++id) {
    paramIndexBase.push_back(static_cast<uint32_t>(paramIndex.size()));
    const ParamInfo& param = p.params[id];
    for (const ParamVersionInfo& ver : param.versions) {
      VersionIndex& ix = paramIndex.emplace_back();
      if (!ver.isTable) {
        fold(ver.constant, ix.constant);
        continue;
      }
      buildDirectTable(ver, ratArgs.data() + ratArgBase[id], static_cast<uint32_t>(param.args.size()), ix.table);
      ix.rows.resize(ver.rows.size());
      for (size_t r = 0; r < ver.rows.size(); ++r) fold(ver.rows[r].cell, ix.rows[r]);
    }
  }
  data = nullptr;
  error.reset();
  top = 0;
  depth = 0;
}

void Context::indexTexts() {
  const auto index = [&](const Template& t) {
    TextParts out{t.empty() ? nullptr : &t, static_cast<uint32_t>(textChunks.size()), 0};
    for (const auto& part : t.parts) {
      if (part.chunk == kNoChunk) continue;
      textChunks.push_back(part.chunk);
      ++out.chunkCount;
    }
    return out;
  };
  for (const auto& r : program.rules) {
    versionTextBase.push_back(static_cast<uint32_t>(versionTexts.size()));
    for (const auto& ver : r.versions) {
      VersionTexts texts{index(ver.justification), index(ver.holds), index(ver.fails),
                         static_cast<uint32_t>(exceptionTexts.size()), r.kind == RuleKind::Condition};
      for (const auto& ex : ver.exceptions) exceptionTexts.push_back(index(ex.justification));
      versionTexts.push_back(texts);
    }
  }
}

std::optional<std::string> Context::checkCase(const CaseData& c) {
  const size_t records = c.records.size();
  if (records == 0) return "indataposten saknas";
  if (c.records[0].recordType != program.inputRecord) return "den första posten är inte indataposten";
  // The input record's fields are slots 0…, where LOAD_INPUT reads them.
  if (c.records[0].first != 0 || c.slots.size() != c.present.size()) return "en post ligger utanför ärendets fält";
  // The view's arrays only grow: a case with fewer records than one before uses a prefix of them.
  const bool bind = native != nullptr;
  if (bind && viewFields.size() < records) {
    viewFields.resize(records);
    viewPresent.resize(records);
    viewFieldCounts.resize(records);
  }
  const size_t types = recordFieldCounts.size();
  for (size_t i = 0; i < records; ++i) {
    const RecordInstance& r = c.records[i];
    if (r.recordType >= types) return "en post har en okänd typ";
    const size_t n = recordFieldCounts[r.recordType];
    if (r.fieldCount != n) return "posten " + std::string(c.path(i)) + " har fel antal fält";
    if (uint64_t{r.first} + n > c.slots.size()) return "en post ligger utanför ärendets fält";
    if (!bind) continue;
    viewFields[i] = c.slots.data() + r.first;
    viewPresent[i] = c.present.data() + r.first;
    viewFieldCounts[i] = static_cast<uint32_t>(n);
  }
  if (bind) bindLists(c);
  return std::nullopt;
}

void Context::bindLists(const CaseData& c) {
  const size_t lists = c.lists.size();
  if (viewSizes.size() < lists) {
    viewElements.resize(lists);
    viewSizes.resize(lists);
  }
  for (size_t i = 0; i < lists; ++i) {
    viewElements[i] = c.lists[i].data();
    viewSizes[i] = c.lists[i].size();
  }
  view.fields = viewFields.data();
  view.present = viewPresent.data();
  view.fieldCounts = viewFieldCounts.data();
  view.records = c.records.size();
  view.elements = viewElements.data();
  view.sizes = viewSizes.data();
  view.lists = lists;
}

void Context::attachNative(const NativeCode* code) {
  native = code;
  view.loopSteps = &loopSteps;
  view.epoch = &epoch;
  view.ruleSlots = ruleSlots.data();
  view.top = &top;
  view.depth = &depth;
  view.registerCount = &registerCount;
  view.paramVersions = paramVersion.data();
  view.ruleVersions = ruleVersion.data();
  view.versionEpoch = &versionEpoch;
  view.natives = code != nullptr ? code->untracedTable() : nullptr;
}

void Context::resetDecision() {
  if (++epoch == 0) {
    // The epoch wrapped: clear the slots once so no old slot looks current.
    std::fill(ruleSlots.begin(), ruleSlots.end(), RuleSlot{});
    std::fill(paramSlots.begin(), paramSlots.end(), ParamSlot{});
    for (auto& slots : itemSlots) std::fill(slots.begin(), slots.end(), RuleSlot{});
    epoch = 1;
  }
  const size_t records = data != nullptr ? data->records.size() : 0;
  for (auto& slots : itemSlots) {
    if (slots.size() < records) slots.resize(records);
  }
  top = 0;
  depth = 0;
  lastPoison = kNoPoison;
  poisons.clear();
  if (!readerMembers_.empty()) readerMembers_.clear();
  readerMembersWork_ = 0;
  loopSteps = kMaxLoopSteps;
  collecting = true;
  ruleStack.clear();
  missing.clear();
  if (!missingAt.empty()) missingAt.clear();
  if (!missingNeeders.empty()) missingNeeders.clear();
  missingReaders.clear();
  unknownReaders.clear();
  if (!unknownNeeders.empty()) unknownNeeders.clear();
  unknown.clear();
  error.reset();
  errorSpeculative = false;
}

void Context::dropVersions() {
  if (++versionEpoch == 0) {
    std::fill(ruleVersion.begin(), ruleVersion.end(), VersionSlot{});
    std::fill(paramVersion.begin(), paramVersion.end(), VersionSlot{});
    versionEpoch = 1;
  }
}

void Context::setDate(Date d) {
  // The dates of a batch mostly lie between the same two boundaries: a date in the interval
  // resolved keeps everything as it is, without a search.
  const bool hadDate = hasDate;
  if (hadDate && resolvedInterval >= 0) {
    const auto k = static_cast<size_t>(resolvedInterval);
    if ((k == 0 || boundaries[k - 1] <= d) && (k == boundaries.size() || d < boundaries[k])) {
      date = d;
      return;
    }
  }
  date = d;
  hasDate = true;
  const int64_t interval = std::upper_bound(boundaries.begin(), boundaries.end(), d) - boundaries.begin();
  if (hadDate && interval == resolvedInterval) return;
  resolvedInterval = interval;
  dropVersions();
}

void Context::clearDate() {
  hasDate = false;
  date = Date{};
  resolvedInterval = -1;
  dropVersions();
}

void Context::grow(uint32_t size) {
  size_t n = std::max<size_t>(size, regs.size() * 2);
  regs.resize(n);
  poison.resize(n);
  registerCount = static_cast<uint32_t>(n);
}

int32_t Context::resolveRuleVersion(uint32_t rule) {
  const auto& versions = program.rules[rule].versions;
  int32_t v;
  if (!hasDate) {
    // Without a date only a rule with one undated version can be used.
    const bool undated = versions.size() == 1 && !versions[0].from && !versions[0].to;
    v = undated ? 0 : kNeedsDate;
  } else {
    v = versionCovering(versions, date);
  }
  ruleVersion[rule] = {versionEpoch, v};
  return v;
}

int32_t Context::resolveParamVersion(uint32_t param) {
  // Every parameter version starts on a date, so none can be chosen without one.
  const int32_t v = hasDate ? versionCovering(program.params[param].versions, date) : kNeedsDate;
  paramVersion[param] = {versionEpoch, v};
  return v;
}

Exit Context::failCaseData(MissingInCase what, uint32_t pc) { return failCaseData(what, program.spanAt(pc)); }

Exit Context::failCaseData(MissingInCase what, SourceSpan span) {
  const char* missing = what == MissingInCase::Record ? "en post saknas"
                        : what == MissingInCase::List ? "en lista saknas"
                                                      : "ett element saknas i en lista";
  return fail(ErrorKind::InvalidCaseData, {missing}, span);
}

Exit Context::failArith(ArithError error, uint32_t pc) {
  return failAt(error == ArithError::DivisionByZero ? ErrorKind::DivisionByZero : ErrorKind::Overflow, {}, pc);
}

Exit Context::failInstruction(ErrorKind kind, uint32_t wording, uint32_t pc) {
  std::vector<std::string> args;
  if (kind == ErrorKind::EmptyList) args.push_back(wording == 0 ? "minsta" : "största");
  return failAt(kind, std::move(args), pc);
}

Exit Context::failTooManySteps(uint32_t pc) {
  return failAt(ErrorKind::TooManySteps, {formatInt(static_cast<int64_t>(kMaxLoopSteps))}, pc);
}

Exit Context::failTooDeep(const Chunk& chunk) {
  return fail(ErrorKind::TooDeep, {std::to_string(kMaxDepth)}, program.spanAt(chunk.begin));
}

Exit Context::fail(ErrorKind kind, std::vector<std::string> args, SourceSpan span) {
  if (collecting && (!error || errorSpeculative)) {
    error = makeError(kind, std::move(args), span, program.sourcePath(span));
    errorSpeculative = false;
  }
  return Exit::Error;
}

std::string Context::neededByName() const {
  if (ruleStack.empty()) return "beslutet";
  const RuleCall c = ruleStack.back();
  return ruleCallName(program, data, c.rule, c.record);
}

std::string Context::fieldPath(uint32_t record, uint32_t field) const {
  return data->fieldPath(record, program.types.records[data->records[record].recordType].fields[field].name);
}

Poison Context::recordMissing(uint32_t record, uint32_t field) {
  if (!collecting) return poisons.uncollected(kPoisonMissing);
  std::string by = neededByName();
  const auto [at, fresh] = missingAt.try_emplace(uint64_t{record} << 32 | field, static_cast<uint32_t>(missing.size()));
  const uint32_t index = at->second;
  if (missingNeeders.insert(std::to_string(index) + '\n' + by).second) {
    const RuleCall reader = ruleStack.empty() ? kDecisionReader : ruleStack.back();
    if (fresh) {
      missing.push_back({fieldPath(record, field), {std::move(by)}, record, field});
      missingReaders.push_back({reader});
    } else {
      missing[index].neededBy.push_back(std::move(by));
      missingReaders[index].push_back(reader);
    }
  }
  return poisons.missingFact(index);
}

const Context::PoisonMembers* Context::membersOf(Poison poison) {
  if (auto at = readerMembers_.find(poison); at != readerMembers_.end()) return &at->second;
  if (readerMembersWork_ >= kMaxNeedersWork) return nullptr;
  PoisonMembers& m = readerMembers_[poison];
  readerMembersWork_ += poisons.members(poison, static_cast<uint32_t>(missing.size()),
                                        static_cast<uint32_t>(unknown.size()), m.facts, m.figures);
  return &m;
}

std::vector<std::string> Context::needersOf(const std::vector<std::string>& neededBy,
                                           const std::vector<RuleCall>& readers, uint32_t index, bool figure) {
  std::vector<std::string> needers;
  for (size_t i = 0; i < readers.size() && i < neededBy.size(); ++i) {
    bool needs = true;
    if (readers[i].rule != kDecisionReader.rule) {
      const RuleSlot& slot = rule(readers[i]);
      if (slot.state == Memo::Done) {
        needs = false;
      } else if (slot.state == Memo::Poisoned) {
        if (const PoisonMembers* m = membersOf(slot.poison)) {
          const std::vector<uint32_t>& in = figure ? m->figures : m->facts;
          needs = std::binary_search(in.begin(), in.end(), index);
        }
      }
    }
    if (needs) needers.push_back(neededBy[i]);
  }
  // The decision needs it through something that read it; should none of the readers keep it (a
  // value the memo does not hold), all of them are named rather than none.
  return needers.empty() ? neededBy : needers;
}

MissingFact Context::neededFact(uint32_t fact) {
  MissingFact m = missing[fact];
  m.neededBy = needersOf(m.neededBy, missingReaders[fact], fact, false);
  return m;
}

UnknownFigure Context::neededFigure(uint32_t figure) {
  UnknownFigure u = unknown[figure];
  u.neededBy = needersOf(u.neededBy, unknownReaders[figure], figure, true);
  return u;
}

void Context::addFigureReader(uint32_t figure, std::string by) {
  // A set, not a search of neededBy: a figure read per element by many elements stays linear.
  if (!unknownNeeders.insert(std::to_string(figure) + '\n' + by).second) return;
  unknown[figure].neededBy.push_back(std::move(by));
  unknownReaders[figure].push_back(ruleStack.empty() ? kDecisionReader : ruleStack.back());
}

void Context::recordFigureReaders(Poison poison) {
  if (!collecting || !(poisons.kinds(poison) & kPoisonUnknown)) return;
  std::vector<uint32_t> facts, figures;
  poisons.members(poison, static_cast<uint32_t>(missing.size()), static_cast<uint32_t>(unknown.size()), facts, figures);
  const std::string by = neededByName();
  for (uint32_t f : figures) addFigureReader(f, by);
}

Poison Context::recordUnknown(uint32_t param, uint32_t version, const ParamCell& cell, SourceSpan span) {
  if (!collecting) return poisons.uncollected(kPoisonUnknown);
  const ParamInfo& p = program.params[param];
  const ParamVersionInfo& ver = p.versions[version];
  std::string by = neededByName();
  for (size_t i = 0; i < unknown.size(); ++i) {
    const UnknownFigure& u = unknown[i];
    if (u.parameter != p.name || u.reason != cell.unknownReason || !(u.span == span)) continue;
    addFigureReader(static_cast<uint32_t>(i), std::move(by));
    return poisons.unknownFigure(static_cast<uint32_t>(i));
  }
  unknownNeeders.insert(std::to_string(unknown.size()) + '\n' + by);
  unknown.push_back({p.name, cell.unknownReason, periodText(ver.from, ver.to), {std::move(by)}, span});
  unknownReaders.push_back({ruleStack.empty() ? kDecisionReader : ruleStack.back()});
  return poisons.unknownFigure(static_cast<uint32_t>(unknown.size() - 1));
}

}  // namespace regel::rt::vm
