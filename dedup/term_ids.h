// TermIds: a dense id for each distinct term (0, 1, 2, … in the order terms
// are first seen), for vocabularies of up to millions of terms looked up at
// every article. Open addressing, with a term's bytes inside its slot when
// they fit, so that a lookup usually reads one cache line; a node-based map
// reads a bucket and then a node, two cache misses per term once the
// vocabulary outgrows the caches. Not thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace akhbar::dedup {

class TermIds {
 public:
  // The id of `term`, assigned now (the next free id) if it is new.
  std::uint32_t id_of(std::string_view term);
  std::size_t size() const { return size_; }

 private:
  static constexpr std::size_t kInlineBytes = 27;
  // 32 bytes, two to a cache line. size 0 marks an empty slot: the empty
  // term, like every term longer than kInlineBytes, lives in long_terms_.
  struct Slot {
    std::array<char, kInlineBytes> bytes{};
    std::uint8_t size = 0;
    std::uint32_t id = 0;
  };
  static_assert(sizeof(Slot) == 32);

  void grow();

  std::vector<Slot> slots_;  // a power of two of them, at most half full
  std::size_t inline_count_ = 0;
  std::unordered_map<std::string, std::uint32_t> long_terms_;
  std::size_t size_ = 0;
};

}  // namespace akhbar::dedup
