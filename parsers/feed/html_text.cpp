// Tag stripping by scanning, not parsing: escaped HTML in feeds is fragments,
// often broken. Every search goes through Finder and tag_end, which keep the
// scan linear.
#include "parsers/feed/html_text.h"

#include <algorithm>
#include <initializer_list>
#include <iterator>
#include <vector>

#include "parsers/feed/html_entities.h"
#include "parsers/markup_chars.h"
#include "text/ascii.h"
#include "text/utf8.h"

namespace akhbar::parsers::feed_detail {

using detail::is_ascii_alnum;
using detail::is_ascii_alpha;

namespace {

// Element names whose tags separate words (replaced by a space, not removed).
bool is_block_tag(std::string_view name) {
  static constexpr std::string_view kBlocks[] = {
      "address", "article",    "aside",   "blockquote", "br",      "dd",     "div",   "dl",
      "dt",      "figcaption", "figure",  "footer",     "h1",      "h2",     "h3",    "h4",
      "h5",      "h6",         "header",  "hr",         "li",      "main",   "nav",   "ol",
      "p",       "pre",        "section", "table",      "tbody",   "td",     "tfoot", "th",
      "thead",   "tr",         "ul",      "title",      "caption", "center", "form",  "menu",
      "option",  "select",     "textarea"};
  return std::find(std::begin(kBlocks), std::end(kBlocks), name) != std::end(kBlocks);
}

// Finds `needle` in `haystack` from `from`, remembering the last answer per
// needle: a later search from inside an already scanned stretch is answered
// without rescanning, so a text full of unterminated "<!--" or "<x" stays
// linear, not quadratic.
class Finder {
 public:
  explicit Finder(std::string_view haystack) : haystack_(haystack) {}
  std::size_t find(std::string_view needle, std::size_t from) {
    for (Memo& m : memos_) {
      if (m.needle != needle) continue;
      // No occurrence lies in [m.from, m.at), so from there on it is m.at.
      if (from >= m.from && from <= m.at) return m.at;
      m = {needle, from, haystack_.find(needle, from)};
      return m.at;
    }
    memos_.push_back({needle, from, haystack_.find(needle, from)});
    return memos_.back().at;
  }

 private:
  struct Memo {
    std::string_view needle;
    std::size_t from;
    std::size_t at;  // npos when there is none
  };
  std::string_view haystack_;
  std::vector<Memo> memos_;
};

// The '>' closing a tag that starts before `from`. A '>' inside a quoted
// attribute value (alt="a<br>b") does not close it; an unterminated quote
// falls back to the first '>'. Quote matching can rescan text that a later
// tag scans again, so it draws on a byte budget shared by the whole text and
// falls back to the first '>' once that is spent: linear time however the
// quotes are arranged.
std::size_t tag_end(std::string_view s, std::size_t from, Finder& find, std::size_t& budget) {
  const std::size_t first_gt = find.find(">", from);
  std::size_t pos = from;
  while (true) {
    const std::size_t gt = find.find(">", pos);
    if (gt == std::string_view::npos) return first_gt;
    const std::size_t quote = detail::find_either(s.substr(0, gt), pos, '"', '\'');
    if (quote == std::string_view::npos) return gt;
    const std::size_t close = find.find(s[quote] == '"' ? "\"" : "'", quote + 1);
    if (close == std::string_view::npos || close + 1 - pos > budget) return first_gt;
    budget -= close + 1 - pos;
    pos = close + 1;
  }
}

// "script" or "style" when `s` starts with that start tag: their content is
// code, not text.
std::string_view raw_text_element(std::string_view s) {
  for (std::string_view name : {"script", "style"}) {
    if (s.size() > name.size() && s[0] == '<' && s.substr(1, name.size()) == name &&
        (s.size() == name.size() + 1 || !is_ascii_alnum(s[name.size() + 1]))) {
      return name;
    }
  }
  return {};
}

}  // namespace

std::string html_to_text(std::string_view html) {
  const std::string lower = text::ascii_lower(html);
  Finder find(lower);
  std::size_t quote_budget = 4 * html.size() + 4096;
  std::string out;
  out.reserve(html.size());
  std::size_t pos = 0;
  const auto skip_to_end = [&](std::string_view closer, std::size_t from) {
    const std::size_t end = find.find(closer, from);
    pos = end == std::string_view::npos ? html.size() : end + closer.size();
  };
  while (pos < html.size()) {
    const std::size_t lt = html.find('<', pos);
    out.append(html.substr(pos, lt == std::string_view::npos ? lt : lt - pos));
    if (lt == std::string_view::npos) break;
    pos = lt;
    const std::string_view rest = std::string_view(lower).substr(lt);
    const char next = rest.size() > 1 ? rest[1] : '\0';
    if (rest.starts_with("<!--")) {
      skip_to_end("-->", lt + 4);
    } else if (rest.starts_with("<![cdata[")) {
      const std::size_t end = find.find("]]>", lt + 9);
      if (end == std::string_view::npos) {
        out += '<';
        ++pos;
        continue;
      }
      out.append(html.substr(lt + 9, end - lt - 9));
      pos = end + 3;
    } else if (const std::string_view raw = raw_text_element(rest); !raw.empty()) {
      skip_to_end(raw == "script" ? "</script" : "</style", lt + 1);
      if (pos < html.size()) skip_to_end(">", pos);
      out += ' ';
    } else if (next == '!' || next == '?' || is_ascii_alpha(next) ||
               (next == '/' && rest.size() > 2 && is_ascii_alpha(rest[2]))) {
      const std::size_t gt = tag_end(lower, lt + 1, find, quote_budget);
      if (gt == std::string_view::npos) {
        out += '<';
        ++pos;
        continue;
      }
      std::size_t name_start = lt + (next == '/' ? 2 : 1);
      std::size_t name_end = name_start;
      while (name_end < gt && (is_ascii_alnum(lower[name_end]) || lower[name_end] == ':'))
        ++name_end;
      std::string_view name = std::string_view(lower).substr(name_start, name_end - name_start);
      if (const std::size_t colon = name.rfind(':'); colon != std::string_view::npos) {
        name.remove_prefix(colon + 1);  // "xhtml:p" from a serialised xhtml title
      }
      if (is_block_tag(name)) out += ' ';
      pos = gt + 1;
    } else {
      out += '<';
      ++pos;
    }
  }
  // Most summaries are Arabic text without any reference: no second copy.
  if (out.find('&') == std::string::npos) return text::collapse_whitespace(out);
  return text::collapse_whitespace(decode_entities(out));
}

bool looks_like_html(std::string_view s) {
  for (std::size_t i = s.find('<'); i != std::string_view::npos; i = s.find('<', i + 1)) {
    if (i + 2 < s.size() && s[i + 1] == '/' && is_ascii_alpha(s[i + 2])) {
      std::size_t j = i + 3;
      while (j < s.size() && is_ascii_alnum(s[j])) ++j;
      if (j < s.size() && s[j] == '>') return true;
    }
  }
  for (std::size_t i = s.find('&'); i != std::string_view::npos; i = s.find('&', i + 1)) {
    std::size_t j = i + 1;
    if (j < s.size() && s[j] == '#') ++j;
    const std::size_t start = j;
    while (j < s.size() && is_ascii_alnum(s[j])) ++j;
    if (j > start && j < s.size() && s[j] == ';') return true;
  }
  return false;
}

}  // namespace akhbar::parsers::feed_detail
