// Internal to parsers/: the character classes of markup tokens that
// text/ascii.h does not cover. XML and HTML each define their own white
// space, narrower than text::is_ascii_space: a form feed or vertical tab next
// to a feed's link or date is not white space to an XML reader, and HTML has
// no vertical tab. Letters and digits are ASCII whatever the C locale says.
#pragma once

#include <string_view>

namespace akhbar::parsers::detail {

// XML's white space (the S production): space, tab, CR, LF.
constexpr bool is_xml_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// `s` without leading and trailing XML white space.
constexpr std::string_view trim_xml_space(std::string_view s) {
  while (!s.empty() && is_xml_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_xml_space(s.back())) s.remove_suffix(1);
  return s;
}

// HTML's ASCII white space: XML's plus form feed.
inline constexpr std::string_view kHtmlSpace = " \t\n\r\f";

constexpr bool is_html_space(char c) { return is_xml_space(c) || c == '\f'; }

constexpr bool is_ascii_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
constexpr bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }
constexpr bool is_ascii_alnum(char c) { return is_ascii_alpha(c) || is_ascii_digit(c); }

// The first position at or after `from` holding `a` or `b`, or npos. What
// string_view::find_first_of does for a two-character set, without its call
// to memchr for every byte of the text.
constexpr std::size_t find_either(std::string_view s, std::size_t from, char a, char b) {
  for (std::size_t i = from; i < s.size(); ++i) {
    if (s[i] == a || s[i] == b) return i;
  }
  return std::string_view::npos;
}

}  // namespace akhbar::parsers::detail
