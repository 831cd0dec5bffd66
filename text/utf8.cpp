#include "text/utf8.h"

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

bool is_space(char32_t cp) {
  switch (cp) {
    case 0x09:
    case 0x0A:
    case 0x0B:
    case 0x0C:
    case 0x0D:
    case 0x20:
    case 0x85:
    case 0xA0:
    case 0x1680:
    case 0x2028:
    case 0x2029:
    case 0x202F:
    case 0x205F:
    case 0x3000:
    case 0x200B:
    case 0xFEFF:
      return true;
    default:
      return cp >= 0x2000 && cp <= 0x200A;
  }
}

// is_space for a byte below 0x80: tab, LF, VT, FF, CR and space.
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
    pos = skip_ascii(s, pos);
    if (pos == s.size()) break;
    // Two-byte sequences (Arabic, Persian, Urdu) without the general decoder.
    const auto b0 = static_cast<unsigned char>(s[pos]);
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
  std::string out;
  out.reserve(s.size());
  bool pending_space = false;
  for (std::size_t pos = 0; pos < s.size();) {
    const std::size_t start = pos;
    const unsigned char b = static_cast<unsigned char>(s[pos]);
    if (b < 0x80) {
      // ASCII, most of any feed or page: no decoding, and a run of
      // non-space ASCII is appended at once.
      if (is_ascii_space_byte(b)) {
        ++pos;
        pending_space = !out.empty();
        continue;
      }
      std::size_t end = pos + 1;
      while (end < s.size() && static_cast<unsigned char>(s[end]) < 0x80 &&
             !is_ascii_space_byte(static_cast<unsigned char>(s[end]))) {
        ++end;
      }
      if (pending_space) out += ' ';
      pending_space = false;
      out.append(s.data() + pos, end - pos);
      pos = end;
      continue;
    }
    const char32_t cp = next_code_point(s, pos);
    if (is_space(cp)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    out.append(s.substr(start, pos - start));
  }
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
