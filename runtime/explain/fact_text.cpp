// A fact of the case as the applicant reads it: by the fields' `etikett` where the ruleset
// declares one ("lön efter skatt för vuxen nr 2"), by its path otherwise ("vuxna[1].lön").
#include <charconv>
#include <string_view>

#include "runtime/explain/explain.h"

namespace regel::rt {
namespace {

const FieldInfo* findField(const RecordInfo& record, std::string_view name) {
  for (const FieldInfo& f : record.fields) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

}  // namespace

std::optional<std::string> factForPeople(const Program& program, const std::string& path) {
  const TypeTable& types = program.types;
  const RecordInfo* record = &types.records[program.inputRecord];
  const FieldInfo* last = nullptr;
  std::string where;  // " för vuxen nr 2"
  std::string_view rest = path;
  while (!rest.empty()) {
    const size_t end = rest.find('.');
    std::string_view segment = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    std::string_view name = segment.substr(0, segment.find('['));
    if (record == nullptr) return std::nullopt;
    const FieldInfo* field = findField(*record, name);
    if (field == nullptr) return std::nullopt;
    last = field;
    TypeNode node = types[field->type];
    record = nullptr;
    if (const size_t open = segment.find('['); open != std::string_view::npos && node.kind == TypeKind::List) {
      size_t index = 0;
      const std::string_view digits = segment.substr(open + 1, segment.size() - open - 2);
      std::from_chars(digits.data(), digits.data() + digits.size(), index);
      where += (where.empty() ? " för " : ", ") + (field->label.empty() ? field->name : field->label) + " nr " +
               std::to_string(index + 1);
      node = types[node.ref];
    }
    if (node.kind == TypeKind::Record) record = &types.records[node.ref];
  }
  if (last == nullptr || last->label.empty()) return std::nullopt;
  return last->label + where;
}

std::string factSubject(const Program& program, const std::string& path) {
  const std::optional<std::string> fact = factForPeople(program, path);
  return fact ? "uppgiften om " + *fact : "uppgiften " + path;
}

}  // namespace regel::rt
