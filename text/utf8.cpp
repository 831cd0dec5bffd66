#include "text/utf8.h"

#include <array>
#include <cstdint>
#include <cstring>

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

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

}  // namespace

char32_t next_code_point(std::string_view s, std::size_t& pos) {
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
  char32_t cp;
  for (std::size_t pos = 0; pos < s.size();) {
    const auto b0 = static_cast<unsigned char>(s[pos]);
    // ASCII runs a word at a time, but only from an ASCII byte: in Arabic
    // text the next letter follows a letter far more often than a space.
    if (b0 < 0x80) {
      pos = skip_ascii(s, pos + 1);
      continue;
    }
    // Two-byte sequences (Arabic, Persian, Urdu) without the general decoder.
    if (b0 >= 0xC2 && b0 <= 0xDF && pos + 1 < s.size() &&
        (static_cast<unsigned char>(s[pos + 1]) & 0xC0) == 0x80) {
      pos += 2;
      continue;
    }
    // Three-byte sequences (Bengali, Devanagari, CJK, most punctuation).
    if ((b0 & 0xF0) == 0xE0 && pos + 2 < s.size()) {
      const auto b1 = static_cast<unsigned char>(s[pos + 1]);
      const auto b2 = static_cast<unsigned char>(s[pos + 2]);
      // E0 needs A0-BF (no overlongs), ED 80-9F (no surrogates).
      const unsigned char low = b0 == 0xE0 ? 0xA0 : 0x80;
      const unsigned char high = b0 == 0xED ? 0x9F : 0xBF;
      if (b1 >= low && b1 <= high && (b2 & 0xC0) == 0x80) {
        pos += 3;
        continue;
      }
    }
    const std::size_t len = sequence_length(s, pos, cp);
    if (len == 0) return false;
    pos += len;
  }
  return true;
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
    std::size_t end = pos + 1;
    // Text bytes (kText) are skipped without the switch; a possible space
    // is then looked at closely.
    while (end < s.size()) {
      if (kByteKinds[static_cast<unsigned char>(s[end])] == ByteKind::kText) {
        ++end;
      } else if (space_at(s, end) == 0) {
        ++end;
      } else {
        break;
      }
    }
    if (pending_space) *w++ = ' ';
    pending_space = false;
    std::memcpy(w, s.data() + pos, end - pos);
    w += end - pos;
    pos = end;
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
