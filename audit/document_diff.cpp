// Comparing a logged decision document with its replay (document_diff.h).
#include "audit/document_diff.h"

#include <simdjson.h>

#include <fmt/format.h>

namespace regel::audit {
namespace {

namespace dom = simdjson::dom;

// A value as the message shows it: short, on one line.
std::string shown(dom::element e) {
  std::string s = simdjson::minify(e);
  constexpr size_t kMax = 60;
  if (s.size() > kMax) {
    size_t cut = kMax;
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;  // not inside a character
    s = s.substr(0, cut) + "…";
  }
  return s;
}

std::string member(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}

// Where `logged` and `replayed` first differ below `path`, or empty.
std::string differ(dom::element logged, dom::element replayed, const std::string& path) {
  if (logged.type() != replayed.type()) {
    return fmt::format("{}: var {}, är nu {}", path, shown(logged), shown(replayed));
  }
  switch (logged.type()) {
    case dom::element_type::OBJECT: {
      dom::object was, now;
      if (logged.get_object().get(was) != simdjson::SUCCESS || replayed.get_object().get(now) != simdjson::SUCCESS) {
        return fmt::format("{}: kan inte läsas", path);
      }
      for (dom::key_value_pair field : was) {
        dom::element there;
        if (now.at_key(field.key).get(there) != simdjson::SUCCESS) {
          return fmt::format("{}: finns inte längre", member(path, field.key));
        }
        if (std::string d = differ(field.value, there, member(path, field.key)); !d.empty()) return d;
      }
      return {};
    }
    case dom::element_type::ARRAY: {
      dom::array was, now;
      if (logged.get_array().get(was) != simdjson::SUCCESS || replayed.get_array().get(now) != simdjson::SUCCESS) {
        return fmt::format("{}: kan inte läsas", path);
      }
      if (was.size() != now.size()) {
        return fmt::format("{}: hade {} element, har nu {}", path, was.size(), now.size());
      }
      size_t i = 0;
      auto it = now.begin();
      for (dom::element e : was) {
        if (std::string d = differ(e, *it, fmt::format("{}[{}]", path, i)); !d.empty()) return d;
        ++it;
        ++i;
      }
      return {};
    }
    default:
      // Scalars: the same JSON text (numbers here are integers, texts are exact).
      if (simdjson::minify(logged) != simdjson::minify(replayed)) {
        return fmt::format("{}: var {}, är nu {}", path, shown(logged), shown(replayed));
      }
      return {};
  }
}

}  // namespace

std::string documentDifference(std::string_view logged, std::string_view replayed) {
  if (logged == replayed) return {};
  dom::parser loggedParser, replayedParser;
  dom::element was, now;
  if (loggedParser.parse(logged.data(), logged.size()).get(was) != simdjson::SUCCESS) {
    return "det loggade beslutet är ingen giltig JSON";
  }
  if (replayedParser.parse(replayed.data(), replayed.size()).get(now) != simdjson::SUCCESS) {
    return "omprövningens beslut är ingen giltig JSON";
  }
  return differ(was, now, "");
}

bool oneElementInFront(std::string_view logged, std::string_view replayed) {
  dom::parser loggedParser, replayedParser;
  dom::array was, now;
  if (loggedParser.parse(logged.data(), logged.size()).get_array().get(was) != simdjson::SUCCESS ||
      replayedParser.parse(replayed.data(), replayed.size()).get_array().get(now) != simdjson::SUCCESS ||
      now.size() != was.size() + 1) {
    return false;
  }
  auto it = now.begin();
  ++it;
  for (dom::element e : was) {
    if (simdjson::minify(e) != simdjson::minify(*it)) return false;
    ++it;
  }
  return true;
}

}  // namespace regel::audit
