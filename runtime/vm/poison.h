// What a value of the tolerant mode depends on when it could not be computed: the missing facts
// and unknown figures behind it, so that a komplettering asks for exactly the facts that could
// still change the decision. A fact read by the side of an `och` that a known nej on the other
// side decided, or by an element of `alla` after another element decided nej, is dropped with
// the poison that carried it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace regel::rt::vm {

// A register's poison: kNoPoison, or a set in the decision's PoisonSets.
using Poison = uint32_t;
constexpr Poison kNoPoison = 0;

// The kinds of what a poison depends on.
constexpr uint8_t kPoisonMissing = 1;
constexpr uint8_t kPoisonUnknown = 2;

// The poison sets of one decision: leaves for single facts and figures, and unions of two sets
// made in O(1) as a node over both (a loop that joins one more missing element per step must not
// copy a growing set each time). A set's members are listed only when the decision needs them.
class PoisonSets {
 public:
  PoisonSets() { clear(); }
  // Forgets every set: a new decision.
  void clear();
  // The set of the one missing fact `fact` (an index of Context::missing), or unknown figure.
  Poison missingFact(uint32_t fact);
  Poison unknownFigure(uint32_t figure);
  // A poison that records nothing (while the trace's texts are computed, nothing is collected).
  Poison uncollected(uint8_t kind) const { return kind == kPoisonMissing ? kUncollectedMissing : kUncollectedUnknown; }
  Poison join(Poison a, Poison b);
  uint8_t kinds(Poison p) const { return p < nodes_.size() ? nodes_[p].kinds : 0; }
  // The facts and figures `p` depends on, as sorted indexes. A decision that made more than
  // kMaxNodes sets depends, conservatively, on every fact and figure recorded (factCount,
  // figureCount). Returns the number of sets visited: the work it took.
  size_t members(Poison p, uint32_t factCount, uint32_t figureCount, std::vector<uint32_t>& facts,
                 std::vector<uint32_t>& figures);

  static constexpr uint32_t kMaxNodes = 1u << 22;

 private:
  enum class NodeKind : uint8_t { None, Fact, Figure, Join, Everything };
  struct Node {
    NodeKind kind = NodeKind::None;
    uint8_t kinds = 0;
    uint32_t a = 0;  // Fact/Figure: its index; Join: the left set
    uint32_t b = 0;  // Join: the right set
  };
  static constexpr Poison kUncollectedMissing = 1;
  static constexpr Poison kUncollectedUnknown = 2;
  static constexpr Poison kEverything = 3;  // every fact and figure recorded (beyond kMaxNodes)

  Poison leaf(NodeKind kind, uint8_t bits, uint32_t index, std::vector<Poison>& byIndex);

  std::vector<Node> nodes_;
  std::vector<Poison> factLeaf_;    // per fact index: its leaf, or kNoPoison
  std::vector<Poison> figureLeaf_;  // per figure index
  std::vector<uint32_t> seen_;      // members(): the visit mark per node
  uint32_t visit_ = 0;
};

}  // namespace regel::rt::vm
