#include "runtime/vm/poison.h"

#include <algorithm>

namespace regel::rt::vm {

void PoisonSets::clear() {
  factLeaf_.clear();
  figureLeaf_.clear();
  // The four fixed sets never change once made: after a decision that made no set of its own
  // (most decisions) nothing else is left to clear.
  if (nodes_.size() == 4) return;
  nodes_.resize(4);
  nodes_[kNoPoison] = Node{};
  nodes_[kUncollectedMissing] = Node{NodeKind::None, kPoisonMissing, 0, 0};
  nodes_[kUncollectedUnknown] = Node{NodeKind::None, kPoisonUnknown, 0, 0};
  nodes_[kEverything] = Node{NodeKind::Everything, kPoisonMissing | kPoisonUnknown, 0, 0};
}

Poison PoisonSets::leaf(NodeKind kind, uint8_t bits, uint32_t index, std::vector<Poison>& byIndex) {
  if (index >= byIndex.size()) byIndex.resize(index + 1, kNoPoison);
  if (byIndex[index] != kNoPoison) return byIndex[index];
  if (nodes_.size() >= kMaxNodes) return kEverything;
  nodes_.push_back(Node{kind, bits, index, 0});
  byIndex[index] = static_cast<Poison>(nodes_.size() - 1);
  return byIndex[index];
}

Poison PoisonSets::missingFact(uint32_t fact) { return leaf(NodeKind::Fact, kPoisonMissing, fact, factLeaf_); }

Poison PoisonSets::unknownFigure(uint32_t figure) {
  return leaf(NodeKind::Figure, kPoisonUnknown, figure, figureLeaf_);
}

Poison PoisonSets::join(Poison a, Poison b) {
  if (a == kNoPoison || a == b) return b;
  if (b == kNoPoison) return a;
  if (a == kEverything || b == kEverything || nodes_.size() >= kMaxNodes) return kEverything;
  // The uncollected sets hold nothing: joined with a real set only their kind remains.
  const auto empty = [](Poison p) { return p == kUncollectedMissing || p == kUncollectedUnknown; };
  if (empty(a) && (nodes_[b].kinds & nodes_[a].kinds) == nodes_[a].kinds) return b;
  if (empty(b) && (nodes_[a].kinds & nodes_[b].kinds) == nodes_[b].kinds) return a;
  nodes_.push_back(Node{NodeKind::Join, static_cast<uint8_t>(nodes_[a].kinds | nodes_[b].kinds), a, b});
  return static_cast<Poison>(nodes_.size() - 1);
}

size_t PoisonSets::members(Poison p, uint32_t factCount, uint32_t figureCount, std::vector<uint32_t>& facts,
                           std::vector<uint32_t>& figures) {
  facts.clear();
  figures.clear();
  if (p >= nodes_.size()) return 0;
  if (seen_.size() < nodes_.size()) seen_.resize(nodes_.size(), 0);
  if (++visit_ == 0) {
    std::fill(seen_.begin(), seen_.end(), 0);
    visit_ = 1;
  }
  // Iterative: a loop over a long list makes a deep chain of joins.
  std::vector<Poison> stack{p};
  size_t visited = 0;
  while (!stack.empty()) {
    const Poison at = stack.back();
    stack.pop_back();
    if (seen_[at] == visit_) continue;
    seen_[at] = visit_;
    ++visited;
    const Node& n = nodes_[at];
    switch (n.kind) {
      case NodeKind::None: break;
      case NodeKind::Fact: facts.push_back(n.a); break;
      case NodeKind::Figure: figures.push_back(n.a); break;
      case NodeKind::Join:
        stack.push_back(n.a);
        stack.push_back(n.b);
        break;
      case NodeKind::Everything:
        for (uint32_t i = 0; i < factCount; ++i) facts.push_back(i);
        for (uint32_t i = 0; i < figureCount; ++i) figures.push_back(i);
        break;
    }
  }
  std::sort(facts.begin(), facts.end());
  facts.erase(std::unique(facts.begin(), facts.end()), facts.end());
  std::sort(figures.begin(), figures.end());
  figures.erase(std::unique(figures.begin(), figures.end()), figures.end());
  return visited + facts.size() + figures.size();
}

}  // namespace regel::rt::vm
