// UTF-8 helpers. Every string that leaves the fetchers is valid UTF-8; these
// functions are how the rest of akhbar keeps it that way and counts text in
// characters (code points), never bytes.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace akhbar::text {

// True when `s` is well-formed UTF-8 (no overlongs, no surrogates, <= U+10FFFF).
bool is_valid_utf8(std::string_view s);

// Copies `s`, replacing every ill-formed sequence with U+FFFD.
std::string sanitize_utf8(std::string_view s);

// Number of code points in valid UTF-8 `s` (ill-formed bytes count one each).
std::size_t count_chars(std::string_view s);

// Collapses every run of Unicode white space (including NBSP and the
// zero-width/bidi controls pages use for spacing) into one ASCII space and
// trims both ends. Text direction marks are not white space: RTL text is kept
// as the page wrote it.
std::string collapse_whitespace(std::string_view s);

// Canonical composition (NFC), as stored text should be.
std::string to_nfc(std::string_view s);

// Appends the UTF-8 encoding of code point `cp` to `out`.
void append_utf8(std::string& out, char32_t cp);

namespace detail {
// next_code_point for everything but ASCII and two-byte sequences.
char32_t next_code_point_general(std::string_view s, std::size_t& pos);
}  // namespace detail

// Decodes one code point at `pos` and advances `pos`; ill-formed input yields
// U+FFFD and advances one byte. Inline for ASCII and two-byte sequences
// (Arabic script), which are most of what akhbar decodes.
inline char32_t next_code_point(std::string_view s, std::size_t& pos) {
  const auto b0 = static_cast<unsigned char>(s[pos]);
  if (b0 < 0x80) {
    ++pos;
    return b0;
  }
  if (b0 >= 0xC2 && b0 <= 0xDF && pos + 1 < s.size() &&
      (static_cast<unsigned char>(s[pos + 1]) & 0xC0) == 0x80) {
    const auto b1 = static_cast<unsigned char>(s[pos + 1]);
    pos += 2;
    return (static_cast<char32_t>(b0 & 0x1F) << 6) | (b1 & 0x3F);
  }
  return detail::next_code_point_general(s, pos);
}

}  // namespace akhbar::text
