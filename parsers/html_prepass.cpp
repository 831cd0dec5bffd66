#include "parsers/html_prepass.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <vector>

#include "parsers/markup_chars.h"
#include "text/ascii.h"

namespace akhbar::parsers::detail {

namespace {

bool in_list(std::string_view name, const auto& list) {
  return std::any_of(list.begin(), list.end(), [&](std::string_view candidate) {
    return text::ascii_iequals(name, candidate);
  });
}

// Position of `</name` (case-insensitive) at or after `from`, or npos.
std::size_t find_end_tag(std::string_view html, std::string_view name, std::size_t from) {
  for (std::size_t pos = html.find("</", from); pos != std::string_view::npos;
       pos = html.find("</", pos + 2)) {
    const std::size_t name_at = pos + 2;
    if (name_at + name.size() > html.size()) return std::string_view::npos;
    if (text::ascii_iequals(html.substr(name_at, name.size()), name)) {
      const std::size_t after = name_at + name.size();
      if (after == html.size()) return pos;
      const char c = html[after];
      if (c == '>' || c == '/' || is_html_space(c)) return pos;
    }
  }
  return std::string_view::npos;
}

// A stretch of the input to leave out.
struct Range {
  std::size_t from;
  std::size_t to;
};

struct TagScan {
  std::size_t end;  // just past the tag's '>', or the input's end if there is none
};

// The attributes the extractor reads (parsers/article*.cpp); gumbo never
// sees the others. Lower case; names match case-insensitively.
// Also title and alt: the link harvesters (listing pages, feed discovery)
// share this prepass and name links by them.
constexpr std::array<std::string_view, 17> kReadAttributes = {
    "class",   "id",       "itemprop", "role", "style", "hidden", "aria-hidden", "href", "rel",
    "content", "datetime", "property", "name", "type",  "lang",   "title",       "alt"};

bool is_read_attribute(std::string_view name) {
  // Cheap length test first: most attributes (src, data-*, srcset, width,
  // onclick, ...) fail it or the first letter.
  if (name.size() < 2 || name.size() > 11) return false;
  return in_list(name, kReadAttributes);
}

// Adds [from, to) to `drops`, merged with the previous range when they touch.
void add_drop(std::vector<Range>& drops, std::size_t from, std::size_t to) {
  if (!drops.empty() && drops.back().to == from) {
    drops.back().to = to;
  } else if (from < to) {
    drops.push_back({from, to});
  }
}

// Reads a tag's attributes from `from` (just past the tag name) the way the
// HTML tokenizer does (before/after attribute name and value states): a quote
// opens a value only after '=', an unquoted value ends at white space or '>'.
// With `drops`, records the attributes gumbo need not see: on a start tag
// those the extractor does not read and those past the cap; on an end tag
// (whose attributes the parser ignores) all. A dropped attribute goes with
// the white space after it, so the separator before it still separates.
// With kind.trim_href, an href value is cut after kKeptHrefChars.
// How scan_tag treats the attributes of one tag.
struct TagKind {
  bool end_tag = false;    // an end tag: all its attributes go
  bool trim_href = false;  // an <a> whose link target only needs its start
};

TagScan scan_tag(std::string_view html, std::size_t from, TagKind kind, std::vector<Range>* drops) {
  const std::size_t n = html.size();
  std::size_t kept = 0;
  std::size_t i = from;
  while (true) {
    while (i < n && (is_html_space(html[i]) || html[i] == '/')) ++i;
    if (i >= n) return {n};
    if (html[i] == '>') return {i + 1};
    const std::size_t name_at = i;
    // The name: its first character may be anything, even '='.
    ++i;
    while (i < n && !is_html_space(html[i]) && html[i] != '/' && html[i] != '>' && html[i] != '=') {
      ++i;
    }
    const std::string_view name = html.substr(name_at, i - name_at);
    std::size_t value_at = std::string_view::npos;
    std::size_t value_end = std::string_view::npos;
    while (i < n && is_html_space(html[i])) ++i;
    if (i < n && html[i] == '=') {
      ++i;
      while (i < n && is_html_space(html[i])) ++i;
      if (i < n && (html[i] == '"' || html[i] == '\'')) {
        const std::size_t close = html.find(html[i], i + 1);
        value_at = i + 1;
        value_end = close == std::string_view::npos ? n : close;
        i = close == std::string_view::npos ? n : close + 1;
      } else {
        value_at = i;
        while (i < n && !is_html_space(html[i]) && html[i] != '>') ++i;
        value_end = i;
      }
      while (i < n && is_html_space(html[i])) ++i;
    }
    if (drops == nullptr) continue;
    if (kind.end_tag || kept >= kMaxAttributesPerTag || !is_read_attribute(name)) {
      add_drop(*drops, name_at, i);
      continue;
    }
    ++kept;
    if (kind.trim_href && value_at != std::string_view::npos && text::ascii_iequals(name, "href")) {
      while (value_at < value_end && is_html_space(html[value_at])) ++value_at;
      if (value_end - value_at > kKeptHrefChars)
        add_drop(*drops, value_at + kKeptHrefChars, value_end);
    }
  }
}

// Index just past the '>' closing the tag whose attributes start at `from`,
// skipping quoted attribute values; the input's end if there is none.
std::size_t tag_end(std::string_view html, std::size_t from) {
  return scan_tag(html, from, {}, nullptr).end;
}

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == ':' || c == '_';
}

// Elements whose content is text, not markup: never scan inside them for tags.
constexpr std::array<std::string_view, 6> kRawTextKept = {"title",   "textarea", "xmp",
                                                          "noembed", "noframes", "iframe"};
constexpr std::array<std::string_view, 3> kRemoved = {"script", "style", "svg"};

// Elements that do not nest in practice (void, or with an optional end tag that
// the parser closes implicitly); counting them would make the depth drift up.
constexpr std::array<std::string_view, 35> kNotCounted = {
    "area", "base",  "br",     "col",   "embed", "hr",       "img",    "input",    "link",
    "meta", "param", "source", "track", "wbr",   "p",        "li",     "dt",       "dd",
    "tr",   "td",    "th",     "thead", "tbody", "tfoot",    "option", "optgroup", "rb",
    "rt",   "rp",    "html",   "head",  "body",  "colgroup", "image",  "keygen"};

class Stripper {
 public:
  Stripper(std::string_view html, const PrepassOptions& options) : html_(html), options_(options) {
    out_.reserve(html.size());
  }

  std::string run() {
    std::size_t pos = 0;
    while (true) {
      const std::size_t lt = html_.find('<', pos);
      squeeze_white_space(pos, lt == std::string_view::npos ? html_.size() : lt);
      if (lt == std::string_view::npos) break;
      pos = handle_markup(lt);
    }
    out_.append(html_.substr(copied_));
    return std::move(out_);
  }

 private:
  // Handles the markup starting at html_[lt] == '<'; returns where to go on.
  std::size_t handle_markup(std::size_t lt) {
    if (html_.compare(lt, 4, "<!--") == 0) {
      const std::size_t close = html_.find("-->", lt + 4);
      return drop(lt, close == std::string_view::npos ? html_.size() : close + 3);
    }
    const bool closing = lt + 1 < html_.size() && html_[lt + 1] == '/';
    const std::size_t name_at = lt + 1 + (closing ? 1 : 0);
    std::size_t name_end = name_at;
    while (name_end < html_.size() && is_name_char(html_[name_end])) ++name_end;
    if (name_end == name_at) return lt + 1;
    const std::string_view name = html_.substr(name_at, name_end - name_at);
    // The tokenizer's tag name runs on to white space, '/' or '>'.
    std::size_t attributes_at = name_end;
    while (attributes_at < html_.size() && !is_html_space(html_[attributes_at]) &&
           html_[attributes_at] != '/' && html_[attributes_at] != '>') {
      ++attributes_at;
    }
    drops_.clear();
    const TagKind kind{closing, !options_.full_link_targets && !closing && name.size() == 1 &&
                                    text::ascii_lower(name[0]) == 'a'};
    const TagScan scan = scan_tag(html_, attributes_at, kind, &drops_);
    const std::size_t end = scan.end;
    if (closing) return close_tag(lt, scan, name);

    if (in_list(name, kRemoved)) {
      std::array<char, 8> lower_name{};
      for (std::size_t i = 0; i < name.size(); ++i) lower_name[i] = text::ascii_lower(name[i]);
      const std::string_view lname(lower_name.data(), name.size());
      const std::size_t close = find_end_tag(html_, lname, end);
      if (lname == "script" && is_json_ld(html_.substr(name_end, end - name_end))) {
        keep(scan);
        return close == std::string_view::npos ? html_.size() : close;
      }
      return drop(lt, close == std::string_view::npos ? html_.size() : tag_end(html_, close + 2));
    }
    for (std::string_view raw : kRawTextKept) {
      if (text::ascii_iequals(name, raw)) {
        keep(scan);
        const std::size_t close = find_end_tag(html_, raw, end);
        return close == std::string_view::npos ? html_.size() : close;
      }
    }
    if (in_list(name, kNotCounted)) return keep(scan);
    if (depth_ >= kMaxNestingDepth) {
      ++suppressed_;
      return drop(lt, end);
    }
    ++depth_;
    return keep(scan);
  }

  std::size_t close_tag(std::size_t lt, const TagScan& scan, std::string_view name) {
    // Only end tags of counted elements balance the depth.
    if (in_list(name, kNotCounted) || in_list(name, kRawTextKept) || in_list(name, kRemoved)) {
      return keep(scan);
    }
    if (suppressed_ > 0) {
      --suppressed_;
      return drop(lt, scan.end);
    }
    if (depth_ > 0) --depth_;
    return keep(scan);
  }

  static bool is_json_ld(std::string_view attributes) {
    static constexpr std::string_view kNeedle = "ld+json";
    if (attributes.size() < kNeedle.size()) return false;
    for (std::size_t i = 0; i + kNeedle.size() <= attributes.size(); ++i) {
      if (text::ascii_iequals(attributes.substr(i, kNeedle.size()), kNeedle)) return true;
    }
    return false;
  }

  // For a tag that stays: leaves out the attributes scan_tag marked. Fewer
  // attributes are less for gumbo to tokenize, store, search and free, and
  // the cap keeps its duplicate check (each attribute against all earlier
  // ones of the tag) from going quadratic. Returns the tag's end.
  std::size_t keep(const TagScan& scan) {
    for (const Range& r : drops_) drop(r.from, r.to);
    return scan.end;
  }

  // Keeps only the first character of each run of HTML white space in the
  // text html_[from, to): indentation is a sixth of a page's bytes after the
  // rest of this pass, gumbo reads it character by character, and the
  // extractor collapses every run to one space anyway. Raw text (JSON-LD,
  // <title>, <textarea>) is never passed here.
  void squeeze_white_space(std::size_t from, std::size_t to) {
    for (std::size_t i = from; i + 1 < to; ++i) {
      if (!is_html_space(html_[i]) || !is_html_space(html_[i + 1])) continue;
      std::size_t end = i + 2;
      while (end < to && is_html_space(html_[end])) ++end;
      drop(i + 1, end);
      i = end;
    }
  }

  // Removes html_[from, to): copies what precedes it and skips it.
  std::size_t drop(std::size_t from, std::size_t to) {
    out_.append(html_.substr(copied_, from - copied_));
    copied_ = to;
    return to;
  }

  std::string_view html_;
  PrepassOptions options_;
  std::string out_;
  std::size_t copied_ = 0;
  int depth_ = 0;
  long suppressed_ = 0;
  std::vector<Range> drops_;  // of the tag at hand; kept here to reuse its memory
};

}  // namespace

std::string strip_html_noise(std::string_view html, const PrepassOptions& options) {
  return Stripper(html, options).run();
}

}  // namespace akhbar::parsers::detail
