// Compiles bench/stod.regel for the benchmarks and the check (exits with the diagnostics if it
// does not compile).
#pragma once

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "regel/compile.h"

namespace bench {

inline std::string stodPath() { return std::string(REGEL_BENCH_DIR) + "/stod.regel"; }

inline std::string readStodSource() {
  std::ifstream in(stodPath(), std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  if (!in) {
    std::fprintf(stderr, "cannot read %s\n", stodPath().c_str());
    std::exit(2);
  }
  return ss.str();
}

inline std::shared_ptr<const regel::Ruleset> compileStod() {
  regel::CompileResult r = regel::compileSource(stodPath(), readStodSource());
  if (!r.ruleset) {
    std::fprintf(stderr, "%s: does not compile\n%s", stodPath().c_str(), r.rendered.c_str());
    std::exit(2);
  }
  return r.ruleset;
}

}  // namespace bench
