// Internal to api/: collects coverage over the decisions of a ruleset's exempel.
#pragma once

#include <map>
#include <tuple>
#include <utility>

#include "regel/examples.h"
#include "runtime/vm/decide.h"
#include "runtime/program/program.h"

namespace regel::api {

class CoverageTracker {
 public:
  explicit CoverageTracker(const rt::Program& program);
  // Marks what a traced decision used.
  void record(const rt::Decision& d);
  Coverage take() { return std::move(coverage_); }

 private:
  size_t add(CoverageItem::Kind kind, std::string description, const rt::SourceSpan& span);
  void mark(const std::map<std::tuple<uint32_t, uint32_t, int32_t>, size_t>& m, uint32_t a, uint32_t b, int32_t c);

  const rt::Program& program_;
  Coverage coverage_;
  std::map<std::pair<uint32_t, uint32_t>, size_t> rules_;
  std::map<std::tuple<uint32_t, uint32_t, uint32_t>, size_t> exceptions_;
  std::vector<size_t> branches_;
  std::map<std::tuple<uint32_t, uint32_t, int32_t>, size_t> rows_;
};

}  // namespace regel::api
