// Class, id, role and itemprop semantics: which names mark the story and
// which mark chrome (share bars, related lists, ads), and what hides an element.
#include <algorithm>
#include <array>
#include <string>
#include <string_view>

#include "parsers/article_internal.h"
#include "parsers/markup_chars.h"
#include "text/ascii.h"

namespace akhbar::parsers::detail {

namespace {

bool contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

// Class/id tokens: split at anything that is not a letter or digit.
bool has_token(std::string_view s, std::string_view token) {
  std::size_t pos = 0;
  while ((pos = s.find(token, pos)) != std::string_view::npos) {
    const bool left = pos == 0 || !is_ascii_alnum(s[pos - 1]);
    const std::size_t after = pos + token.size();
    const bool right = after == s.size() || !is_ascii_alnum(s[after]);
    if (left && right) return true;
    pos = after;
  }
  return false;
}

bool has_class(std::string_view classes, std::string_view name) {
  std::size_t pos = 0;
  while (pos < classes.size()) {
    const std::size_t start = classes.find_first_not_of(kHtmlSpace, pos);
    if (start == std::string_view::npos) return false;
    std::size_t end = classes.find_first_of(kHtmlSpace, start);
    if (end == std::string_view::npos) end = classes.size();
    if (classes.substr(start, end - start) == name) return true;
    pos = end;
  }
  return false;
}

constexpr std::array<std::string_view, 11> kPositive = {"article", "content", "story", "body",
                                                        "entry",   "post",    "text",  "main",
                                                        "detail",  "hentry",  "blog"};
constexpr std::array<std::string_view, 37> kNegative = {
    "comment",  "related",    "share",      "social",     "sidebar",   "widget",   "footer",
    "header",   "menu",       "nav",        "promo",      "banner",    "popular",  "most-read",
    "mostread", "most_read",  "breadcrumb", "newsletter", "subscribe", "caption",  "credit",
    "author",   "byline",     "sponsor",    "outbrain",   "taboola",   "disqus",   "pagination",
    "masthead", "cookie",     "consent",    "modal",      "popup",     "trending", "tags",
    "keywords", "most-viewed"};
// Short words that are only negative as a whole name part ("pager", not "pageRow").
constexpr std::array<std::string_view, 16> kNegativeTokens = {
    "ad",     "ads",   "advert", "advertisement", "adv",   "meta", "tag",  "print",
    "rating", "login", "tool",   "tools",         "pager", "next", "prev", "previous"};

bool is_negative_name(std::string_view raw) {
  if (raw.empty()) return false;
  const std::string s = text::ascii_lower(raw);
  return std::any_of(kNegative.begin(), kNegative.end(), [&](auto w) { return contains(s, w); }) ||
         std::any_of(kNegativeTokens.begin(), kNegativeTokens.end(),
                     [&](auto w) { return has_token(s, w); });
}

int name_weight(std::string_view raw) {
  if (raw.empty()) return 0;
  const std::string s = text::ascii_lower(raw);
  int weight = 0;
  if (std::any_of(kPositive.begin(), kPositive.end(), [&](auto w) { return contains(s, w); })) {
    weight += 25;
  }
  if (is_negative_name(raw)) weight -= 25;
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

}  // namespace

int class_weight(const GumboElement& element) {
  int weight = name_weight(attribute(element, "class")) + name_weight(attribute(element, "id"));
  const std::string itemprop = text::ascii_lower(attribute(element, "itemprop"));
  if (itemprop == "articlebody" || itemprop == "text") weight += 50;
  const std::string role = text::ascii_lower(attribute(element, "role"));
  if (is_chrome_role(role)) {
    weight -= 50;
  } else if (role == "main" || role == "article") {
    weight += 25;
  }
  return weight;
}

bool has_negative_name(const GumboElement& element) {
  return is_negative_name(attribute(element, "class")) ||
         is_negative_name(attribute(element, "id")) ||
         is_chrome_role(text::ascii_lower(attribute(element, "role"))) ||
         is_metadata_itemprop(text::ascii_lower(attribute(element, "itemprop")));
}

bool is_hidden(const GumboElement& element) {
  if (gumbo_get_attribute(&element.attributes, "hidden") != nullptr) return true;
  if (text::ascii_iequals(attribute(element, "aria-hidden"), "true")) return true;
  const std::string_view style = attribute(element, "style");
  if (!style.empty()) {
    std::string compact;
    for (char c : style) {
      if (!text::is_ascii_space(c)) compact += text::ascii_lower(c);
    }
    if (contains(compact, "display:none") || contains(compact, "visibility:hidden")) return true;
  }
  // Whole class names only: "mw-hide-empty-elt" hides nothing.
  const std::string cls = text::ascii_lower(attribute(element, "class"));
  return has_class(cls, "hidden") || has_class(cls, "d-none") || has_class(cls, "hide") ||
         has_class(cls, "sr-only") || has_class(cls, "visually-hidden") ||
         has_class(cls, "screen-reader-text");
}

}  // namespace akhbar::parsers::detail
