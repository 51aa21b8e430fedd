// Shared by the golden tests: reading files, listing a golden folder, and comparing output with a
// reviewed expected file (REGEL_UPDATE_GOLDEN=1 rewrites the files for that review instead).
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace regel::golden {

namespace fs = std::filesystem;

inline std::string readText(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline bool updating() {
  const char* v = std::getenv("REGEL_UPDATE_GOLDEN");
  return v != nullptr && std::string(v) == "1";
}

inline void expectGolden(const fs::path& expectedPath, const std::string& actual) {
  if (updating()) {
    std::ofstream(expectedPath, std::ios::binary) << actual;
    return;
  }
  ASSERT_TRUE(fs::exists(expectedPath)) << "saknar " << expectedPath;
  EXPECT_EQ(readText(expectedPath), actual) << "golden: " << expectedPath;
}

// The files of tests/golden/<area> with extension `ext`, sorted.
inline std::vector<fs::path> filesIn(const std::string& area, const std::string& ext) {
  std::vector<fs::path> out;
  fs::path dir = fs::path(REGEL_SOURCE_DIR) / "tests" / "golden" / area;
  if (!fs::exists(dir)) return out;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() == ext) out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace regel::golden
