#include "dedup/term_ids.h"

#include <cstring>
#include <functional>

namespace akhbar::dedup {

namespace {

std::size_t hash_of(std::string_view term) { return std::hash<std::string_view>{}(term); }

}  // namespace

std::uint32_t TermIds::id_of(std::string_view term) {
  if (term.empty() || term.size() > kInlineBytes) {
    const auto [it, added] =
        long_terms_.try_emplace(std::string(term), static_cast<std::uint32_t>(size_));
    if (added) ++size_;
    return it->second;
  }
  if (2 * (inline_count_ + 1) > slots_.size()) grow();
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = hash_of(term) & mask;; i = (i + 1) & mask) {
    Slot& slot = slots_[i];
    if (slot.size == 0) {
      std::memcpy(slot.bytes.data(), term.data(), term.size());
      slot.size = static_cast<std::uint8_t>(term.size());
      slot.id = static_cast<std::uint32_t>(size_++);
      ++inline_count_;
      return slot.id;
    }
    if (slot.size == term.size() && std::memcmp(slot.bytes.data(), term.data(), term.size()) == 0) {
      return slot.id;
    }
  }
}

void TermIds::grow() {
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(old.empty() ? 1024 : 2 * old.size(), Slot{});
  const std::size_t mask = slots_.size() - 1;
  for (const Slot& slot : old) {
    if (slot.size == 0) continue;
    std::size_t i = hash_of(std::string_view(slot.bytes.data(), slot.size)) & mask;
    while (slots_[i].size != 0) i = (i + 1) & mask;
    slots_[i] = slot;
  }
}

}  // namespace akhbar::dedup
