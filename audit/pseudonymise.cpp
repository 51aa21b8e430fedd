// Pseudonymised exports: personal values found by decoding the case with its own ruleset, then
// the case and the decision re-written with simdjson (numbers keep their exact text) and the
// JSON writer.
#include "audit/pseudonymise.h"

#include <simdjson.h>

#include <algorithm>
#include <map>
#include <vector>

#include "runtime/base/json_writer.h"
#include "runtime/base/sha256.h"
#include "runtime/case/case_json.h"
#include "runtime/trace/trace.h"

namespace regel::audit {
namespace {

namespace od = simdjson::ondemand;

// Documents in the log were decoded or written by regel; a tampered one may be anything.
constexpr int kMaxDepth = 256;

// Where each personal value of one case is, and how it may appear in the decision's texts.
struct PersonalValues {
  std::map<std::string, std::string> byPath;                  // "vuxna[0].namn" → pseudonym
  std::vector<std::pair<std::string, std::string>> inTexts;   // shown value → pseudonym
};

PersonalValues findPersonal(const Ruleset& ruleset, const DecisionRecord& d, const std::string& key) {
  PersonalValues out;
  const rt::Program& p = ruleset.program();
  const rt::DecodedCase decoded = rt::decodeCase(d.input, p.types, p.inputRecord);
  const rt::CaseData& data = decoded.data;
  for (size_t r = 0; r < data.records.size(); ++r) {
    const auto& fields = p.types.records[data.records[r].recordType].fields;
    for (size_t f = 0; f < fields.size() && f < data.records[r].fieldCount; ++f) {
      if (!fields[f].personal || !data.has(r, f)) continue;
      const std::string shown = rt::formatValue(p, &data, fields[f].type, data.field(r, f));
      const std::string_view at = data.path(r);
      const std::string path = at.empty() ? fields[f].name : std::string(at) + "." + fields[f].name;
      out.byPath[path] = pseudonym(key, shown);
      out.inTexts.emplace_back(shown, out.byPath[path]);
    }
  }
  if (!d.caseId.empty()) out.inTexts.emplace_back(d.caseId, pseudonym(key, d.caseId));
  // Longer values first, so that one value inside another is not replaced piecemeal.
  std::sort(out.inTexts.begin(), out.inTexts.end(),
            [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
  return out;
}

class Rewriter {
 public:
  Rewriter(const PersonalValues& personal, const std::string& key) : personal_(personal), key_(key) {}

  // The case document with its personal fields and id replaced; false when it is no JSON.
  bool rewriteCase(std::string_view json, std::string& out) { return rewrite(json, true, out); }
  // A document of regel's (the decision, the reasons) with every text's personal values replaced.
  bool rewriteTexts(std::string_view json, std::string& out) { return rewrite(json, false, out); }

 private:
  bool rewrite(std::string_view json, bool isCase, std::string& out);
  bool value(od::value v, const std::string& path, bool inCase, int depth, rt::JsonWriter& w);
  bool object(od::object o, const std::string& path, bool inCase, int depth, rt::JsonWriter& w);
  std::string replaceTexts(std::string_view s) const;

  const PersonalValues& personal_;
  const std::string& key_;
  bool top_ = true;
};

// A scalar's token as simdjson gives it, without the whitespace after it. Not cut short, as the
// decoder's messages cut it: the token is written out, or hashed into a pseudonym.
std::string_view withoutTrailingSpace(std::string_view token) {
  while (!token.empty() && (token.back() == ' ' || token.back() == '\n' || token.back() == '\t' || token.back() == '\r')) {
    token.remove_suffix(1);
  }
  return token;
}

// Whether the byte can be part of a word: a letter, a digit, or any byte of a UTF-8 sequence
// (å, ä, ö and the rest count as letters).
bool wordByte(char c) {
  const auto b = static_cast<unsigned char>(c);
  return b >= 0x80 || (b >= '0' && b <= '9') || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || b == '_';
}

// Each personal value where it stands as a word of its own ("Bo har inkomster", "Till Bo:"), not
// inside another word ("Bostadsbidrag"): short names are replaced too, and nothing else.
std::string Rewriter::replaceTexts(std::string_view s) const {
  std::string out(s);
  for (const auto& [value, alias] : personal_.inTexts) {
    if (value.empty()) continue;
    for (size_t at = out.find(value); at != std::string::npos;) {
      const size_t end = at + value.size();
      const bool alone = (at == 0 || !wordByte(out[at - 1])) && (end == out.size() || !wordByte(out[end]));
      if (!alone) {
        at = out.find(value, at + 1);
        continue;
      }
      out.replace(at, value.size(), alias);
      at = out.find(value, at + alias.size());
    }
  }
  return out;
}

bool Rewriter::object(od::object o, const std::string& path, bool inCase, int depth, rt::JsonWriter& w) {
  const bool top = top_;
  top_ = false;
  w.beginObject();
  for (auto field : o) {
    std::string_view k;
    if (field.unescaped_key().get(k) != simdjson::SUCCESS) return false;
    w.key(k);
    od::value v;
    if (field.value().get(v) != simdjson::SUCCESS) return false;
    if (top && (k == "id" || k == "ärende")) {
      // The case's id: its pseudonym whatever its form.
      std::string_view token = v.raw_json_token();
      std::string_view text;
      const bool isText = v.get_string().get(text) == simdjson::SUCCESS;
      if (isText) {
        w.string(replaceTexts(text));
      } else {
        token = withoutTrailingSpace(token);
        if (token == "null") {
          w.null();
        } else {
          w.string(pseudonym(key_, token));
        }
      }
      continue;
    }
    const bool root = inCase && top && k == "indata";
    const std::string child = root ? std::string() : (path.empty() ? std::string(k) : path + "." + std::string(k));
    if (!value(v, child, inCase, depth + 1, w)) return false;
  }
  w.endObject();
  return true;
}

bool Rewriter::value(od::value v, const std::string& path, bool inCase, int depth, rt::JsonWriter& w) {
  if (depth > kMaxDepth) return false;
  od::json_type type;
  if (v.type().get(type) != simdjson::SUCCESS) return false;
  if (inCase && !path.empty()) {
    if (auto it = personal_.byPath.find(path); it != personal_.byPath.end()) {
      w.string(it->second);
      return true;
    }
  }
  switch (type) {
    case od::json_type::object: {
      od::object o;
      return v.get_object().get(o) == simdjson::SUCCESS && object(o, path, inCase, depth, w);
    }
    case od::json_type::array: {
      od::array a;
      if (v.get_array().get(a) != simdjson::SUCCESS) return false;
      w.beginArray();
      size_t i = 0;
      for (auto element : a) {
        od::value e;
        if (element.get(e) != simdjson::SUCCESS) return false;
        if (!value(e, path + "[" + std::to_string(i++) + "]", inCase, depth + 1, w)) return false;
      }
      w.endArray();
      return true;
    }
    case od::json_type::string: {
      std::string_view s;
      if (v.get_string().get(s) != simdjson::SUCCESS) return false;
      w.string(inCase ? std::string(s) : replaceTexts(s));
      return true;
    }
    default: {
      w.raw(withoutTrailingSpace(v.raw_json_token()));
      return true;
    }
  }
}

bool Rewriter::rewrite(std::string_view json, bool isCase, std::string& out) {
  od::parser parser;
  simdjson::padded_string padded(json);
  od::document doc;
  if (parser.iterate(padded).get(doc) != simdjson::SUCCESS) return false;
  od::value root;
  if (doc.get_value().get(root) != simdjson::SUCCESS) return false;
  rt::JsonWriter w(false);
  top_ = true;
  if (!value(root, std::string(), isCase, 0, w)) return false;
  out = w.take();
  return true;
}

}  // namespace

std::string pseudonym(const std::string& key, std::string_view value) {
  return "pseudonym:" + rt::toHex(rt::hmacSha256(key, value)).substr(0, 16);
}

LoggedDecision pseudonymise(const LoggedDecision& record, const Ruleset& ruleset, const std::string& key) {
  LoggedDecision out = record;
  DecisionRecord& d = out.decision;
  const PersonalValues personal = findPersonal(ruleset, record.decision, key);
  Rewriter rewriter(personal, key);
  // What cannot be re-written (a record altered into something that is no JSON) is replaced
  // whole: a pseudonymised export never leaks.
  if (!rewriter.rewriteCase(record.decision.input, d.input)) d.input = pseudonym(key, record.decision.input);
  if (!rewriter.rewriteTexts(record.decision.reasons, d.reasons)) d.reasons = "[]";
  if (!rewriter.rewriteTexts(record.decision.decision, d.decision)) d.decision = pseudonym(key, record.decision.decision);
  if (!d.caseId.empty()) d.caseId = pseudonym(key, record.decision.caseId);
  out.pseudonymised = true;
  return out;
}

}  // namespace regel::audit
