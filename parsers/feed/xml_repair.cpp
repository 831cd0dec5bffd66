// Linear scans over the raw document: each position is looked at a bounded
// number of times whatever the markup looks like.
#include "parsers/feed/xml_repair.h"

#include <algorithm>
#include <cctype>
#include <set>
#include <vector>

#include "parsers/markup_chars.h"
#include "text/byte_scan.h"

namespace akhbar::parsers::feed_detail {

using detail::is_ascii_alnum;
using detail::is_ascii_alpha;
using detail::is_ascii_digit;
using detail::is_xml_space;

namespace {

bool is_name_char(char c) {
  return is_ascii_alnum(c) || c == '_' || c == '-' || c == '.' || c == ':' ||
         static_cast<unsigned char>(c) >= 0x80;
}

bool is_name_start(char c) {
  return is_ascii_alpha(c) || c == '_' || c == ':' || static_cast<unsigned char>(c) >= 0x80;
}

// End of a "<!DOCTYPE ...>" starting at `lt`, internal subset included.
std::size_t doctype_end(std::string_view s, std::size_t lt) {
  const std::size_t bracket = s.find_first_of("[>", lt);
  if (bracket == std::string_view::npos) return bracket;
  if (s[bracket] == '>') return bracket;
  const std::size_t close = s.find("]", bracket);
  if (close == std::string_view::npos) return close;
  return s.find('>', close);
}

// Names declared by <!ENTITY name ...> in the internal subset.
std::set<std::string, std::less<>> declared_entities(std::string_view doctype) {
  std::set<std::string, std::less<>> names;
  for (std::size_t at = doctype.find("<!ENTITY"); at != std::string_view::npos;
       at = doctype.find("<!ENTITY", at + 8)) {
    std::size_t i = at + 8;
    while (i < doctype.size() && (is_xml_space(doctype[i]) || doctype[i] == '%')) ++i;
    const std::size_t start = i;
    while (i < doctype.size() && is_name_char(doctype[i])) ++i;
    names.emplace(doctype.substr(start, i - start));
  }
  return names;
}

// What is wrong with the '&' at `amp`, or empty when it starts a reference.
std::string reference_error(std::string_view s, std::size_t amp,
                            const std::set<std::string, std::less<>>& entities) {
  std::size_t i = amp + 1;
  if (i < s.size() && s[i] == '#') {
    ++i;
    const bool hex = i < s.size() && s[i] == 'x';
    if (hex) ++i;
    const std::size_t start = i;
    while (i < s.size() &&
           (hex ? std::isxdigit(static_cast<unsigned char>(s[i])) != 0 : is_ascii_digit(s[i]))) {
      ++i;
    }
    if (i > start && i < s.size() && s[i] == ';') return {};
    return "'&#' without a character reference at offset " + std::to_string(amp);
  }
  const std::size_t start = i;
  if (i < s.size() && is_name_start(s[i])) {
    while (i < s.size() && is_name_char(s[i])) ++i;
  }
  if (i == start || i >= s.size() || s[i] != ';') {
    return "'&' without a reference at offset " + std::to_string(amp);
  }
  const std::string_view name = s.substr(start, i - start);
  static constexpr std::string_view kPredefined[] = {"amp", "lt", "gt", "quot", "apos"};
  if (std::find(std::begin(kPredefined), std::end(kPredefined), name) != std::end(kPredefined) ||
      entities.contains(name)) {
    return {};
  }
  return "undefined entity &" + std::string(name) + "; at offset " + std::to_string(amp);
}

// The '>' ending the tag that starts at `lt`, skipping quoted attribute
// values; npos when the document ends first.
std::size_t tag_end(std::string_view s, std::size_t lt) {
  for (std::size_t i = lt + 1;;) {
    i = text::find_any_of<'>', '"', '\''>(s, i);
    if (i == std::string_view::npos || s[i] == '>') return i;
    const std::size_t close = s.find(s[i], i + 1);  // the end of a quoted value
    if (close == std::string_view::npos) return close;
    i = close + 1;
  }
}

}  // namespace

std::string unreported_xml_error(std::string_view s) {
  // The XML declaration must be the very first thing (after a BOM).
  const std::size_t first = s.starts_with("\xEF\xBB\xBF") ? 3 : 0;
  // Control characters other than tab, CR and LF are not XML characters.
  if (const std::size_t at = text::find_xml_control_character(s); at != std::string_view::npos) {
    return "control character " + std::to_string(static_cast<unsigned char>(s[at])) +
           " at offset " + std::to_string(at);
  }
  std::set<std::string, std::less<>> entities;
  std::size_t pos = 0;
  while (pos < s.size()) {
    const std::size_t next = text::find_any_of<'<', '&'>(s, pos);
    if (next == std::string_view::npos) break;
    if (s[next] == '&') {
      if (std::string error = reference_error(s, next, entities); !error.empty()) return error;
      pos = next + 1;
      continue;
    }
    const std::string_view rest = s.substr(next);
    std::size_t end;
    if (rest.starts_with("<!--")) {
      end = s.find("-->", next + 4);
      if (end != std::string_view::npos) end += 2;
    } else if (rest.starts_with("<![CDATA[")) {
      end = s.find("]]>", next + 9);
      if (end != std::string_view::npos) end += 2;
    } else if (rest.starts_with("<?")) {
      if (next > first && rest.starts_with("<?xml") && rest.size() > 5 && is_xml_space(rest[5])) {
        return "XML declaration not at the start of the document (offset " + std::to_string(next) +
               ")";
      }
      end = s.find("?>", next + 2);
      if (end != std::string_view::npos) end += 1;
    } else if (rest.starts_with("<!DOCTYPE")) {
      end = doctype_end(s, next);
      if (end != std::string_view::npos) entities = declared_entities(s.substr(next, end - next));
    } else {
      // A tag: references may appear in its attribute values.
      end = tag_end(s, next);
      const std::string_view tag =
          s.substr(next, end == std::string_view::npos ? std::string_view::npos : end - next);
      for (std::size_t amp = tag.find('&'); amp != std::string_view::npos;
           amp = tag.find('&', amp + 1)) {
        if (std::string error = reference_error(s, next + amp, entities); !error.empty()) {
          return error;
        }
      }
    }
    if (end == std::string_view::npos) break;  // pugixml reports the truncation
    pos = end + 1;
  }
  return {};
}

std::string repair_xml(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 64);
  std::vector<std::string_view> open;
  bool root_seen = false;
  std::size_t pos = 0;
  // Garbage before the document: skip to the first thing that is markup.
  while (pos < s.size()) {
    pos = s.find('<', pos);
    if (pos == std::string_view::npos) return {};
    const char next = pos + 1 < s.size() ? s[pos + 1] : '\0';
    if (next == '?' || next == '!' || is_name_start(next)) break;
    ++pos;
  }
  while (pos < s.size()) {
    const std::size_t lt = s.find('<', pos);
    const std::string_view text = s.substr(pos, lt == std::string_view::npos ? lt : lt - pos);
    if (!open.empty()) out.append(text);
    if (lt == std::string_view::npos) break;
    const std::string_view rest = s.substr(lt);
    const char next = rest.size() > 1 ? rest[1] : '\0';
    std::size_t end = std::string_view::npos;
    if (rest.starts_with("<!--")) {
      end = s.find("-->", lt + 4);
      if (end == std::string_view::npos) break;
      end += 2;
      out.append(s.substr(lt, end + 1 - lt));
    } else if (rest.starts_with("<![CDATA[")) {
      end = s.find("]]>", lt + 9);
      if (end == std::string_view::npos) {
        if (!open.empty()) out.append(s.substr(lt)).append("]]>");
        break;
      }
      end += 2;
      if (!open.empty()) out.append(s.substr(lt, end + 1 - lt));
    } else if (next == '?') {
      end = s.find("?>", lt + 2);
      if (end == std::string_view::npos) break;
      ++end;
      if (!root_seen) out.append(s.substr(lt, end + 1 - lt));
    } else if (next == '!') {
      end = doctype_end(s, lt);
      if (end == std::string_view::npos) break;
      if (!root_seen) out.append(s.substr(lt, end + 1 - lt));
    } else if (next == '/' && rest.size() > 2 && is_name_start(rest[2])) {
      end = tag_end(s, lt);
      if (end == std::string_view::npos) break;
      std::size_t name_end = lt + 2;
      while (name_end < end && is_name_char(s[name_end])) ++name_end;
      const std::string_view name = s.substr(lt + 2, name_end - lt - 2);
      // Only the innermost open elements are searched: an end tag that
      // closes something deeper is dropped. Keeps the pass linear however
      // many unmatched end tags a hostile document has.
      constexpr std::size_t kSearchDepth = 64;
      const auto search_end =
          open.size() > kSearchDepth ? open.rbegin() + kSearchDepth : open.rend();
      auto match = std::find(open.rbegin(), search_end, name);
      if (match == search_end) match = open.rend();
      if (match != open.rend()) {
        // Close everything opened since, then the element itself.
        const std::size_t keep = static_cast<std::size_t>(open.rend() - match) - 1;
        while (open.size() > keep) {
          out.append("</").append(open.back()).append(">");
          open.pop_back();
        }
        if (open.empty()) break;  // the document element is closed
      }
    } else if (is_name_start(next)) {
      end = tag_end(s, lt);
      if (end == std::string_view::npos) break;
      std::size_t name_end = lt + 1;
      while (name_end < end && is_name_char(s[name_end])) ++name_end;
      if (root_seen && open.empty()) break;  // a second document element
      root_seen = true;
      out.append(s.substr(lt, end + 1 - lt));
      if (s[end - 1] != '/') open.push_back(s.substr(lt + 1, name_end - lt - 1));
    } else {
      if (!open.empty()) out.append("&lt;");
      end = lt;
    }
    pos = end + 1;
  }
  while (!open.empty()) {
    out.append("</").append(open.back()).append(">");
    open.pop_back();
  }
  return out;
}

}  // namespace akhbar::parsers::feed_detail
