// Class, id, role and itemprop semantics: which names mark the story and
// which mark chrome (share bars, related lists, ads), and what hides an element.
#include <array>
#include <bit>
#include <cstdint>
#include <string>
#include <string_view>

#include "parsers/article_internal.h"
#include "parsers/markup_chars.h"
#include "text/ascii.h"

namespace akhbar::parsers::detail {

namespace {

// Class/id tokens: split at anything that is not a letter or digit.
bool is_token_boundary(std::string_view s, std::size_t pos, std::size_t size) {
  const bool left = pos == 0 || !is_ascii_alnum(s[pos - 1]);
  const std::size_t after = pos + size;
  return left && (after == s.size() || !is_ascii_alnum(s[after]));
}

// A set of words searched for in one pass over a name: at each position,
// only the words starting with that character are compared.
template <std::size_t N>
class WordSet {
 public:
  static_assert(N <= 64);
  explicit constexpr WordSet(const std::array<std::string_view, N>& words) : words_(words) {
    for (std::size_t w = 0; w < N; ++w) {
      first_[static_cast<unsigned char>(words[w][0])] |= std::uint64_t{1} << w;
    }
  }

  // Some word occurs in `s`; with `whole_tokens`, only as a whole token.
  bool found_in(std::string_view s, bool whole_tokens) const {
    for (std::size_t i = 0; i < s.size(); ++i) {
      for (std::uint64_t m = first_[static_cast<unsigned char>(s[i])]; m != 0; m &= m - 1) {
        const std::string_view word = words_[std::countr_zero(m)];
        if (s.compare(i, word.size(), word) == 0 &&
            (!whole_tokens || is_token_boundary(s, i, word.size()))) {
          return true;
        }
      }
    }
    return false;
  }

 private:
  std::array<std::string_view, N> words_;
  std::array<std::uint64_t, 256> first_{};
};

constexpr WordSet kPositive(std::array<std::string_view, 11>{"article", "content", "story", "body",
                                                             "entry", "post", "text", "main",
                                                             "detail", "hentry", "blog"});
// Font-size controls ("font_sizer", "text-resizer", "fontSize") sit inside
// the story box on many sites; their "A A" / "TT" text is caught by the
// paragraph filter too, but named controls are dropped as a whole.
constexpr WordSet kNegative(std::array<std::string_view, 43>{
    "comment",  "related",     "share",      "social",     "sidebar",   "widget",   "footer",
    "header",   "menu",        "nav",        "promo",      "banner",    "popular",  "most-read",
    "mostread", "most_read",   "breadcrumb", "newsletter", "subscribe", "caption",  "credit",
    "author",   "byline",      "sponsor",    "outbrain",   "taboola",   "disqus",   "pagination",
    "masthead", "cookie",      "consent",    "modal",      "popup",     "trending", "tags",
    "keywords", "most-viewed", "fontsize",   "font-size",  "font_size", "textsize", "text-size",
    "resizer"});
// Short words that are only negative as a whole name part ("pager", not "pageRow").
constexpr WordSet kNegativeTokens(std::array<std::string_view, 16>{
    "ad", "ads", "advert", "advertisement", "adv", "meta", "tag", "print", "rating", "login",
    "tool", "tools", "pager", "next", "prev", "previous"});

// `lower`: a class or id in lower case.
bool is_negative_name(std::string_view lower) {
  return !lower.empty() &&
         (kNegative.found_in(lower, false) || kNegativeTokens.found_in(lower, true));
}

int name_weight(std::string_view lower, bool negative) {
  int weight = 0;
  if (kPositive.found_in(lower, false)) weight += 25;
  if (negative) weight -= 25;
  return weight;
}

bool is_chrome_role(std::string_view role) {
  return role == "navigation" || role == "complementary" || role == "contentinfo" ||
         role == "banner" || role == "dialog" || role == "menu";
}

// Schema.org blocks describing the publisher or an image are metadata that
// some pages leave as visible-looking text (logo URLs, the outlet's name).
bool is_metadata_itemprop(std::string_view itemprop) {
  return itemprop == "publisher" || itemprop == "image" || itemprop == "logo" ||
         itemprop == "thumbnailurl";
}

bool hides_by_style(std::string_view style) {
  if (style.empty()) return false;
  std::string compact;
  for (char c : style) {
    if (!text::is_ascii_space(c)) compact += text::ascii_lower(c);
  }
  return compact.find("display:none") != std::string::npos ||
         compact.find("visibility:hidden") != std::string::npos;
}

// Whole class names only: "mw-hide-empty-elt" hides nothing.
bool hides_by_class(std::string_view lower_class) {
  std::size_t pos = 0;
  while (pos < lower_class.size()) {
    const std::size_t start = lower_class.find_first_not_of(kHtmlSpace, pos);
    if (start == std::string_view::npos) return false;
    std::size_t end = lower_class.find_first_of(kHtmlSpace, start);
    if (end == std::string_view::npos) end = lower_class.size();
    const std::string_view name = lower_class.substr(start, end - start);
    if (name == "hidden" || name == "d-none" || name == "hide" || name == "sr-only" ||
        name == "visually-hidden" || name == "screen-reader-text") {
      return true;
    }
    pos = end;
  }
  return false;
}

}  // namespace

ElementNames read_names(const GumboElement& element) {
  std::string_view cls, id, itemprop, role, style, aria_hidden;
  bool hidden = false;
  // One pass over the attributes (gumbo lower-cases their names; the first
  // of a repeated name is the one gumbo keeps).
  for (unsigned i = 0; i < element.attributes.length; ++i) {
    const auto* attr = static_cast<const GumboAttribute*>(element.attributes.data[i]);
    const std::string_view name(attr->name);
    const std::string_view value(attr->value);
    if (name == "class") {
      cls = value;
    } else if (name == "id") {
      id = value;
    } else if (name == "itemprop") {
      itemprop = value;
    } else if (name == "role") {
      role = value;
    } else if (name == "style") {
      style = value;
    } else if (name == "hidden") {
      hidden = true;
    } else if (name == "aria-hidden") {
      aria_hidden = value;
    }
  }
  const std::string lower_class = text::ascii_lower(cls);
  const std::string lower_id = text::ascii_lower(id);
  const std::string lower_itemprop = text::ascii_lower(itemprop);
  const std::string lower_role = text::ascii_lower(role);
  const bool negative_class = is_negative_name(lower_class);
  const bool negative_id = is_negative_name(lower_id);

  ElementNames names;
  names.weight = name_weight(lower_class, negative_class) + name_weight(lower_id, negative_id);
  if (lower_itemprop == "articlebody" || lower_itemprop == "text") names.weight += 50;
  if (is_chrome_role(lower_role)) {
    names.weight -= 50;
  } else if (lower_role == "main" || lower_role == "article") {
    names.weight += 25;
  }
  names.negative = negative_class || negative_id || is_chrome_role(lower_role) ||
                   is_metadata_itemprop(lower_itemprop);
  names.hidden = hidden || text::ascii_iequals(aria_hidden, "true") || hides_by_style(style) ||
                 hides_by_class(lower_class);
  return names;
}

}  // namespace akhbar::parsers::detail
