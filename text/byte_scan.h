// Byte searches sixteen bytes at a time with SSE2 (part of every x86-64),
// one byte at a time elsewhere. For scans over whole documents, where most
// bytes are text between the few bytes looked for.
#pragma once

#include <cstddef>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace akhbar::text {

// The first position at or after `from` holding one of `Bytes`, or npos.
template <char... Bytes>
std::size_t find_any_of(std::string_view s, std::size_t from) {
  std::size_t i = from;
#if defined(__SSE2__)
  for (; i + 16 <= s.size(); i += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i));
    const __m128i hits = (_mm_cmpeq_epi8(v, _mm_set1_epi8(Bytes)) | ...);
    if (const int mask = _mm_movemask_epi8(hits); mask != 0) {
      return i + static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
    }
  }
#endif
  for (; i < s.size(); ++i) {
    if (((s[i] == Bytes) || ...)) return i;
  }
  return std::string_view::npos;
}

// The first position holding a byte below 0x20 other than tab, LF and CR
// (the C0 controls XML 1.0 does not allow), or npos.
inline std::size_t find_xml_control_character(std::string_view s) {
  std::size_t i = 0;
#if defined(__SSE2__)
  for (; i + 16 <= s.size(); i += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i));
    const __m128i below_space = _mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(0x1F)), v);
    const __m128i allowed = _mm_cmpeq_epi8(v, _mm_set1_epi8('\t')) |
                            _mm_cmpeq_epi8(v, _mm_set1_epi8('\n')) |
                            _mm_cmpeq_epi8(v, _mm_set1_epi8('\r'));
    if (const int mask = _mm_movemask_epi8(_mm_andnot_si128(allowed, below_space)); mask != 0) {
      return i + static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
    }
  }
#endif
  for (; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') return i;
  }
  return std::string_view::npos;
}

}  // namespace akhbar::text
