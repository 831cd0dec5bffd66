// ASCII-only helpers for protocol and markup tokens (header names, tag and
// attribute names, charset labels, month names). Not for text: Arabic and
// other scripts pass through unchanged.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace akhbar::text {

constexpr char ascii_lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

// Eight bytes at once: every byte 'A'-'Z' gets 0x20 added, other bytes
// (non-ASCII ones included) stay. No carries cross bytes: the sums stay
// below 0x100.
constexpr std::uint64_t ascii_lower8(std::uint64_t w) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
  const std::uint64_t low7 = w & (0x7F * kOnes);
  const std::uint64_t at_least_a = low7 + (0x80 - 'A') * kOnes;   // high bit: >= 'A'
  const std::uint64_t above_z = low7 + (0x80 - 'Z' - 1) * kOnes;  // high bit: > 'Z'
  const std::uint64_t upper = at_least_a & ~above_z & ~w & (0x80 * kOnes);
  return w | (upper >> 2);
}

// Feeds lower whole documents and summaries (tag search): a word at a time.
inline std::string ascii_lower(std::string_view s) {
  std::string out(s);
  std::size_t i = 0;
  for (; i + 8 <= out.size(); i += 8) {
    std::uint64_t w;
    std::memcpy(&w, out.data() + i, 8);
    w = ascii_lower8(w);
    std::memcpy(out.data() + i, &w, 8);
  }
  for (; i < out.size(); ++i) out[i] = ascii_lower(out[i]);
  return out;
}

constexpr bool ascii_iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  }
  return true;
}

constexpr bool is_ascii_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// `s` without leading and trailing ASCII white space.
constexpr std::string_view trim_ascii(std::string_view s) {
  while (!s.empty() && is_ascii_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_ascii_space(s.back())) s.remove_suffix(1);
  return s;
}

}  // namespace akhbar::text
