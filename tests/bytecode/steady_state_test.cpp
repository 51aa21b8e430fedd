// A Decider and a reused Decision reach a steady state: recording the full trace then allocates
// nothing, so a traced decision allocates exactly as often as an untraced one (the reasons' texts).
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <new>

#include "tests/bytecode/stod_fixture.h"

namespace {
std::atomic<long> gAllocations{0};
}  // namespace

// GCC pairs the replaced operator new with its malloc and then warns that delete's free "does not
// match" — both are ours and do match.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

// Counts every allocation of this test binary; the tests below read the count over a window.
void* operator new(std::size_t n) {
  ++gAllocations;
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

namespace regel::testing {
namespace {

long allocationsDeciding(rt::Decider& decider, const std::vector<CaseBuilder>& cases, bool trace, rt::Decision& out) {
  rt::DecisionOptions o;
  o.date = date(2023, 3, 1);
  o.trace = trace;
  for (const auto& c : cases) decider.decide(c.data, o, out);  // warm up: buffers grow here
  const long before = gAllocations;
  for (int round = 0; round < 5; ++round) {
    for (const auto& c : cases) decider.decide(c.data, o, out);
  }
  return gAllocations - before;
}

TEST(SteadyState, TheTraceAllocatesNothingOnceItsBuffersHaveGrown) {
  Stod s;
  std::vector<CaseBuilder> cases = {s.adults({{123456, 100100}}, 500050, 7), s.adults({{1000000, 0}}, 0, 0),
                                    s.adults({{0, 0}, {0, 0}, {0, 0}}, 12345, 6), s.adults({{100, 0}}, 0, 7)};
  rt::Decider decider(*s.p);
  rt::Decision untraced, traced;
  const long plain = allocationsDeciding(decider, cases, false, untraced);
  const long withTrace = allocationsDeciding(decider, cases, true, traced);
  EXPECT_EQ(withTrace, plain);
  // The trace was recorded, and the reused decision holds the last case's.
  EXPECT_FALSE(traced.trace.empty());
  EXPECT_TRUE(untraced.trace.empty());
  EXPECT_EQ(traced.amount, untraced.amount);
}

}  // namespace
}  // namespace regel::testing
