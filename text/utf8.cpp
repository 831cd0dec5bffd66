#include "text/utf8.h"

#include <array>
#include <cstdint>
#include <cstring>

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace akhbar::text {

namespace {

constexpr char32_t kReplacement = 0xFFFD;

// Length of a well-formed sequence starting at s[pos], or 0 if ill-formed.
std::size_t sequence_length(std::string_view s, std::size_t pos, char32_t& cp) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
  const unsigned char b0 = byte(pos);
  if (b0 < 0x80) {
    cp = b0;
    return 1;
  }
  std::size_t len;
  char32_t min;
  if ((b0 & 0xE0) == 0xC0) {
    len = 2, cp = b0 & 0x1F, min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3, cp = b0 & 0x0F, min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4, cp = b0 & 0x07, min = 0x10000;
  } else {
    return 0;
  }
  if (pos + len > s.size()) return 0;
  for (std::size_t i = 1; i < len; ++i) {
    const unsigned char b = byte(pos + i);
    if ((b & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return len;
}

// White space, for collapse_whitespace: tab, LF, VT, FF, CR, space, U+0085,
// NBSP, U+1680, U+2000-200A, U+2028, U+2029, U+202F, U+205F, U+3000, and
// the zero-width U+200B and U+FEFF.

// White space below 0x80: tab, LF, VT, FF, CR and space.
constexpr bool is_ascii_space_byte(unsigned char b) { return b == ' ' || (b >= 0x09 && b <= 0x0D); }

// The first position at or after `pos` holding a non-ASCII byte (or the
// end), eight bytes at a time: most text akhbar reads is mostly ASCII markup.
std::size_t skip_ascii(std::string_view s, std::size_t pos) {
  constexpr std::uint64_t kHighBits = 0x8080808080808080ULL;
  while (pos + 8 <= s.size()) {
    std::uint64_t word;
    std::memcpy(&word, s.data() + pos, 8);
    if ((word & kHighBits) != 0) break;
    pos += 8;
  }
  while (pos < s.size() && static_cast<unsigned char>(s[pos]) < 0x80) ++pos;
  return pos;
}

// The length of the UTF-8 encoding of a non-ASCII white-space code point
// (above) at s[pos], or 0. Byte patterns, without decoding: every such
// code point starts with a lead byte, which is never inside another
// sequence, so a match here is exactly where a decoder would find it.
std::size_t non_ascii_space_at(std::string_view s, std::size_t pos) {
  const auto at = [&](std::size_t i) -> unsigned char {
    return pos + i < s.size() ? static_cast<unsigned char>(s[pos + i]) : 0;
  };
  switch (at(0)) {
    case 0xC2:  // U+0085, U+00A0
      return at(1) == 0x85 || at(1) == 0xA0 ? 2 : 0;
    case 0xE1:  // U+1680
      return at(1) == 0x9A && at(2) == 0x80 ? 3 : 0;
    case 0xE2:  // U+2000-200B, U+2028, U+2029, U+202F; U+205F
      if (at(1) == 0x80) {
        const unsigned char b2 = at(2);
        return (b2 >= 0x80 && b2 <= 0x8B) || b2 == 0xA8 || b2 == 0xA9 || b2 == 0xAF ? 3 : 0;
      }
      return at(1) == 0x81 && at(2) == 0x9F ? 3 : 0;
    case 0xE3:  // U+3000
      return at(1) == 0x80 && at(2) == 0x80 ? 3 : 0;
    case 0xEF:  // U+FEFF
      return at(1) == 0xBB && at(2) == 0xBF ? 3 : 0;
    default:
      return 0;
  }
}

// What a byte can start: text, ASCII white space, or maybe a non-ASCII
// white-space code point (lead bytes C2, E1, E2, E3, EF).
enum class ByteKind : unsigned char { kText, kAsciiSpace, kMaybeSpace };

constexpr std::array<ByteKind, 256> kByteKinds = [] {
  std::array<ByteKind, 256> kinds{};
  for (int b = 0; b < 256; ++b) {
    if (b < 0x80 && is_ascii_space_byte(static_cast<unsigned char>(b))) {
      kinds[b] = ByteKind::kAsciiSpace;
    } else if (b == 0xC2 || b == 0xE1 || b == 0xE2 || b == 0xE3 || b == 0xEF) {
      kinds[b] = ByteKind::kMaybeSpace;
    }
  }
  return kinds;
}();

// The length of the white space (one code point) at s[pos], or 0.
inline std::size_t space_at(std::string_view s, std::size_t pos) {
  switch (kByteKinds[static_cast<unsigned char>(s[pos])]) {
    case ByteKind::kText:
      return 0;
    case ByteKind::kAsciiSpace:
      return 1;
    case ByteKind::kMaybeSpace:
      return non_ascii_space_at(s, pos);
  }
  return 0;
}

// The length of the well-formed sequence (or ASCII run) at s[pos], or 0.
std::size_t valid_sequence_at(std::string_view s, std::size_t pos) {
  const auto b0 = static_cast<unsigned char>(s[pos]);
  // ASCII runs a word at a time, but only from an ASCII byte: in Arabic
  // text the next letter follows a letter far more often than a space.
  if (b0 < 0x80) return skip_ascii(s, pos + 1) - pos;
  // Two-byte sequences (Arabic, Persian, Urdu) without the general decoder.
  if (b0 >= 0xC2 && b0 <= 0xDF && pos + 1 < s.size() &&
      (static_cast<unsigned char>(s[pos + 1]) & 0xC0) == 0x80) {
    return 2;
  }
  // Three-byte sequences (Bengali, Devanagari, CJK, most punctuation).
  if ((b0 & 0xF0) == 0xE0 && pos + 2 < s.size()) {
    const auto b1 = static_cast<unsigned char>(s[pos + 1]);
    const auto b2 = static_cast<unsigned char>(s[pos + 2]);
    // E0 needs A0-BF (no overlongs), ED 80-9F (no surrogates).
    const unsigned char low = b0 == 0xE0 ? 0xA0 : 0x80;
    const unsigned char high = b0 == 0xED ? 0x9F : 0xBF;
    if (b1 >= low && b1 <= high && (b2 & 0xC0) == 0x80) return 3;
  }
  char32_t cp;
  return sequence_length(s, pos, cp);
}

#if defined(__SSE2__)
// The bytes as signed numbers in unsigned order (0x00 -> -128, 0xFF -> 127),
// so that SSE2's signed comparisons compare bytes as unsigned.
inline __m128i unsigned_order(__m128i v) { return _mm_xor_si128(v, _mm_set1_epi8(-128)); }
inline __m128i byte_in(__m128i ordered, unsigned char low, unsigned char high) {
  const auto bound = [](unsigned char b) { return _mm_set1_epi8(static_cast<char>(b ^ 0x80)); };
  return _mm_and_si128(_mm_cmpgt_epi8(ordered, bound(low - 1)),
                       _mm_cmplt_epi8(ordered, bound(high + 1)));
}

// How many of the 16 bytes at `p` (the start of a sequence) are ASCII and
// whole two- and three-byte sequences: 16, or 14 or 15 when a sequence
// begun at the end is finished in the next block; 0 when the block holds
// anything else (four-byte sequences, C0/C1, a stray continuation byte, an
// overlong E0 or a surrogate ED sequence), which the byte-wise check then
// looks at. Arabic script is two bytes a letter, the Indic scripts three.
inline std::size_t two_or_three_byte_block(const char* p) {
  const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  const auto high = static_cast<unsigned>(_mm_movemask_epi8(v));
  if (high == 0) return 16;
  const __m128i ordered = unsigned_order(v);
  const auto mask_of = [](__m128i m) { return static_cast<unsigned>(_mm_movemask_epi8(m)); };
  const unsigned lead2 = mask_of(byte_in(ordered, 0xC2, 0xDF));
  const unsigned lead3 = mask_of(byte_in(ordered, 0xE0, 0xEF));
  const unsigned continuation = mask_of(byte_in(ordered, 0x80, 0xBF));
  if ((lead2 | lead3 | continuation) != high) return 0;
  if (continuation != (((lead2 << 1) | (lead3 << 1) | (lead3 << 2)) & 0xFFFF)) return 0;
  // E0 must be followed by A0-BF, ED by 80-9F.
  const unsigned upper_continuation = mask_of(byte_in(ordered, 0xA0, 0xBF));
  const unsigned e0 = mask_of(_mm_cmpeq_epi8(v, _mm_set1_epi8(static_cast<char>(0xE0))));
  const unsigned ed = mask_of(_mm_cmpeq_epi8(v, _mm_set1_epi8(static_cast<char>(0xED))));
  if ((((e0 << 1) & ~upper_continuation) | ((ed << 1) & upper_continuation)) & 0xFFFF) return 0;
  if ((lead3 & 0x4000) != 0) return 14;
  if (((lead2 | lead3) & 0x8000) != 0) return 15;
  return 16;
}
#endif

// Copies the bytes from s[pos] up to the first byte that may start white
// space (not kText) to `w`; returns that byte's position (or the end) and
// advances `w`. With SSE2 sixteen bytes at a time, by a test that also lets
// through the control bytes below 0x20 (space_at then says they are text).
// Each block is stored whole before its length is known: `w` trails `pos`
// in a buffer as long as `s`, so sixteen bytes from `w` fit.
inline std::size_t copy_up_to_space_candidate(std::string_view s, std::size_t pos, char*& w) {
#if defined(__SSE2__)
  while (pos + 16 <= s.size()) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + pos));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(w), v);
    const __m128i ordered = unsigned_order(v);
    const __m128i up_to_space = _mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(0x20)), v);
    const __m128i leads =
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(static_cast<char>(0xC2))),
                                  _mm_cmpeq_epi8(v, _mm_set1_epi8(static_cast<char>(0xEF)))),
                     byte_in(ordered, 0xE1, 0xE3));
    const auto mask = static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(up_to_space, leads)));
    if (mask != 0) {
      const auto text = static_cast<std::size_t>(__builtin_ctz(mask));
      w += text;
      return pos + text;
    }
    pos += 16;
    w += 16;
  }
#endif
  while (pos < s.size() && kByteKinds[static_cast<unsigned char>(s[pos])] == ByteKind::kText) {
    *w++ = s[pos++];
  }
  return pos;
}

}  // namespace

char32_t detail::next_code_point_general(std::string_view s, std::size_t& pos) {
  char32_t cp = 0;
  const std::size_t len = sequence_length(s, pos, cp);
  if (len == 0) {
    ++pos;
    return kReplacement;
  }
  pos += len;
  return cp;
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

bool is_valid_utf8(std::string_view s) {
  std::size_t pos = 0;
#if defined(__SSE2__)
  // Sixteen bytes at a time while they are ASCII, two- and three-byte
  // sequences; a block holding anything else is checked byte by byte below,
  // and the blocks resume after it.
  while (true) {
    while (pos + 16 <= s.size()) {
      const std::size_t checked = two_or_three_byte_block(s.data() + pos);
      if (checked == 0) break;
      pos += checked;
    }
    if (pos >= s.size()) return true;
    const std::size_t until = std::min(pos + 16, s.size());
    while (pos < until) {
      const std::size_t len = valid_sequence_at(s, pos);
      if (len == 0) return false;
      pos += len;
    }
  }
#else
  while (pos < s.size()) {
    const std::size_t len = valid_sequence_at(s, pos);
    if (len == 0) return false;
    pos += len;
  }
  return true;
#endif
}

std::string sanitize_utf8(std::string_view s) {
  if (is_valid_utf8(s)) return std::string(s);
  std::string out;
  out.reserve(s.size() + 16);
  for (std::size_t pos = 0; pos < s.size();) {
    const std::size_t start = pos;
    const char32_t cp = next_code_point(s, pos);
    if (cp == kReplacement && pos == start + 1) {
      append_utf8(out, kReplacement);
    } else {
      out.append(s.substr(start, pos - start));
    }
  }
  return out;
}

std::size_t count_chars(std::string_view s) {
  std::size_t n = 0;
  for (std::size_t pos = 0; pos < s.size(); ++n) next_code_point(s, pos);
  return n;
}

std::string collapse_whitespace(std::string_view s) {
  // The result is never longer than `s` (one space stands for a run of
  // them): it is written through a pointer into a buffer of that size, not
  // appended piece by piece, and cut to length at the end.
  std::string out(s.size(), '\0');
  char* const begin = out.data();
  char* w = begin;
  bool pending_space = false;
  for (std::size_t pos = 0; pos < s.size();) {
    if (const std::size_t space = space_at(s, pos); space != 0) {
      pos += space;
      pending_space = w != begin;
      continue;
    }
    // Text up to the next white space is copied as it is: the same bytes a
    // decoder would copy, valid sequences and ill-formed bytes alike.
    if (pending_space) *w++ = ' ';
    pending_space = false;
    *w++ = s[pos++];
    while ((pos = copy_up_to_space_candidate(s, pos, w)) < s.size() && space_at(s, pos) == 0) {
      *w++ = s[pos++];
    }
  }
  out.resize(static_cast<std::size_t>(w - begin));
  return out;
}

std::string to_nfc(std::string_view s) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) return std::string(s);
  const icu::UnicodeString input =
      icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
  if (nfc->isNormalized(input, status) && U_SUCCESS(status)) return std::string(s);
  status = U_ZERO_ERROR;
  const icu::UnicodeString normalized = nfc->normalize(input, status);
  if (U_FAILURE(status)) return std::string(s);
  std::string out;
  normalized.toUTF8String(out);
  return out;
}

}  // namespace akhbar::text
