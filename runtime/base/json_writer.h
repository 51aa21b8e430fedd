// A small streaming JSON writer for decision and trace output (reading JSON is simdjson's job).
// Strings are escaped per RFC 8259; the caller keeps objects and arrays balanced.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace regel::rt {

class JsonWriter {
 public:
  explicit JsonWriter(bool pretty = true) : pretty_(pretty) {}
  JsonWriter& beginObject();
  JsonWriter& endObject();
  JsonWriter& beginArray();
  JsonWriter& endArray();
  JsonWriter& key(std::string_view k);
  JsonWriter& string(std::string_view s);
  JsonWriter& integer(int64_t v);
  JsonWriter& boolean(bool v);
  JsonWriter& null();
  // A value that is JSON already, written as it is: a number's exact text from an input.
  JsonWriter& raw(std::string_view json);
  // Shorthands for "key": value.
  JsonWriter& field(std::string_view k, std::string_view s) { return key(k).string(s); }
  JsonWriter& field(std::string_view k, const char* s) { return key(k).string(s); }
  JsonWriter& field(std::string_view k, int64_t v) { return key(k).integer(v); }
  JsonWriter& fieldBool(std::string_view k, bool v) { return key(k).boolean(v); }
  const std::string& str() const { return out_; }
  std::string take() { return std::move(out_); }

 private:
  void beforeValue();
  JsonWriter& close(char bracket);
  void newline();
  std::string out_;
  bool pretty_;
  // Per open container: whether it already has an element, and whether a key was just written.
  std::vector<bool> hasElement_;
  bool afterKey_ = false;
};

// Appends `s` as a quoted, escaped JSON string.
void appendJsonString(std::string& out, std::string_view s);

}  // namespace regel::rt
