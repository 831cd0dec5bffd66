// Publication and modification dates: <meta>, JSON-LD, <time> and
// itemprop elements, and failing those the dates written for readers in the
// article's header and byline area (Arabic month names of both families,
// Arabic-Indic digits: parsers/arabic_dates.h).
#include <algorithm>
#include <initializer_list>
#include <string>
#include <utility>

#include "parsers/arabic_dates.h"
#include "parsers/article_internal.h"
#include "parsers/article_metadata_parts.h"
#include "parsers/feed.h"
#include "text/ascii.h"
#include "text/utf8.h"

namespace akhbar::parsers::detail {

namespace {

constexpr int kMaxDateBoxChars = 200;    // a byline/date box, not a paragraph
constexpr int kMaxDateLineChars = 100;   // an unnamed line between headline and text
constexpr int kMinParagraphChars = 80;   // a block this long starts the story's text
constexpr int kMaxHeaderBoxChars = 600;  // headline, kicker, byline, date: no story text

bool under_negative_box(const Page& page, int index) {
  for (int a = page.nodes[index].parent; a >= 0; a = page.nodes[a].parent) {
    if (page.nodes[a].class_weight < 0) return true;
  }
  return false;
}

// datetime of the first <time> (or itemprop=datePublished) in the story,
// else in the page outside related/most-read boxes. With `itemprop` =
// "dateModified", only elements carrying that itemprop count.
std::string time_element_date(const Page& page, int container,
                              std::string_view itemprop = "datePublished") {
  const bool published = itemprop == "datePublished";
  const auto date_of = [&](int i) -> std::string {
    const DomNode& n = page.nodes[i];
    if (n.is_text) return {};
    const GumboElement& e = n.element();
    std::string_view value;
    if (n.tag == GUMBO_TAG_TIME && published) {
      const std::string_view prop = attribute(e, "itemprop");
      if (!text::ascii_iequals(prop, "dateModified")) value = attribute(e, "datetime");
    }
    if (value.empty() && text::ascii_iequals(attribute(e, "itemprop"), itemprop)) {
      value = attribute(e, "datetime");
      if (value.empty()) value = attribute(e, "content");
    }
    return normalize_feed_date(text::collapse_whitespace(value));
  };
  if (container >= 0) {
    for (int i = container; i < page.nodes[container].end; ++i) {
      if (std::string date = date_of(i); !date.empty()) return date;
    }
  }
  for (int i = 0; i < static_cast<int>(page.nodes.size()); ++i) {
    if (std::string date = date_of(i); !date.empty() && !under_negative_box(page, i)) return date;
  }
  return {};
}

bool contains_any(std::string_view haystack, std::initializer_list<std::string_view> needles) {
  return std::any_of(needles.begin(), needles.end(), [&](std::string_view needle) {
    return haystack.find(needle) != std::string_view::npos;
  });
}

// Inside a list, a link, page chrome or a box of other stories: dates there
// belong to other stories or to the page, not to this article.
bool in_other_stories(const Page& page, int index) {
  for (int a = page.nodes[index].parent; a >= 0; a = page.nodes[a].parent) {
    const DomNode& n = page.nodes[a];
    switch (n.tag) {
      case GUMBO_TAG_LI:
      case GUMBO_TAG_A:
      case GUMBO_TAG_NAV:
      case GUMBO_TAG_ASIDE:
        return true;
      case GUMBO_TAG_FOOTER: {
        // The page's footer, not an <article>'s own ("published on ...").
        bool in_article = false;
        for (int b = n.parent; b >= 0 && !in_article; b = page.nodes[b].parent) {
          in_article = page.nodes[b].tag == GUMBO_TAG_ARTICLE;
        }
        if (!in_article) return true;
        break;
      }
      default:
        break;
    }
    if (contains_any(lower_names(n.element()),
                     {"related", "popular", "most", "trend", "comment", "sidebar", "widget",
                      "recommend", "latest", "footer", "menu", "teaser", "outbrain", "taboola"})) {
      return true;
    }
  }
  return false;
}

// Class/id/itemprop naming a date or byline box.
bool names_date_box(const GumboElement& e) {
  return contains_any(lower_names(e), {"date", "time", "publish", "posted", "byline", "meta",
                                       "info", "stamp", "author", "updated", "modified"});
}

// Words that announce a last-updated stamp rather than the publication.
bool is_update_name(const GumboElement& e) {
  return contains_any(lower_names(e), {"update", "modif"});
}

// Splits a date box's text at "آخر تحديث" / "Updated": the part before it
// dates the publication, the part after it the last change.
std::pair<std::string, std::string> split_at_update(const std::string& text) {
  static constexpr std::string_view kMarkers[] = {"آخر تحديث",
                                                  "اخر تحديث",
                                                  "تم التحديث",
                                                  "تحديث",
                                                  "محدث",
                                                  "آخر تعديل",
                                                  "Updated",
                                                  "updated",
                                                  "UPDATED",
                                                  "Modified",
                                                  "modified",
                                                  "بروزرسانی",
                                                  "به‌روزرسانی"};
  std::size_t at = std::string::npos;
  for (std::string_view marker : kMarkers) at = std::min(at, text.find(marker));
  if (at == std::string::npos) return {text, {}};
  return {text.substr(0, at), text.substr(at)};
}

// Index of the headline <h1>: the one whose text is the title, else the
// first in the story container, else the first on the page; -1 if none.
int headline_index(const Page& page, int container, const std::string& title) {
  const std::string folded_title = fold(title);
  int first = -1;
  int in_container = -1;
  for (int i = 0; i < static_cast<int>(page.nodes.size()); ++i) {
    const DomNode& n = page.nodes[i];
    if (n.is_text || n.tag != GUMBO_TAG_H1) continue;
    if (!folded_title.empty() && fold(subtree_text(page, i)) == folded_title) return i;
    if (first < 0) first = i;
    if (in_container < 0 && container >= 0 && i > container && i < page.nodes[container].end) {
      in_container = i;
    }
  }
  return in_container >= 0 ? in_container : first;
}

}  // namespace

// Dates written for readers ("الأحد 20 نوفمبر 2026 - 09:30", "٢٠ تشرين
// الثاني ٢٠٢٦") in the article's header and byline area: <time> text, boxes
// named as dates or bylines, and short lines between the headline and the
// text, all within the box that holds both headline and story. Never body
// paragraphs, lists or boxes of other stories.
VisibleDates visible_dates(const Page& page, int container, const std::string& title) {
  VisibleDates out;
  const auto& nodes = page.nodes;
  const int headline = headline_index(page, container, title);
  if (container < 0 && headline < 0) return out;
  // The article box: the nearest common ancestor of headline and container.
  int box = container >= 0 ? container : nodes[headline].parent;
  if (headline >= 0) {
    while (box > 0 && !(headline >= box && headline < nodes[box].end)) box = nodes[box].parent;
  }
  if (box < 0) return out;
  // From the headline, or from its wrapper when that is a small header box (a
  // date above the headline), to the end of the story: bars with today's
  // date come before it.
  int area_start = headline >= 0 ? headline : container;
  if (headline >= 0) {
    const int wrapper = nodes[headline].parent;
    if (wrapper >= box && nodes[wrapper].raw_chars <= kMaxHeaderBoxChars) area_start = wrapper;
  }
  const int area_end = container >= 0 ? nodes[container].end : nodes[box].end;
  // Where the story's text starts: its first paragraph-sized block.
  int text_start = headline >= 0 ? nodes[headline].end : std::max(container, 0);
  while (text_start < area_end &&
         (nodes[text_start].is_text || nodes[text_start].own_chars < kMinParagraphChars)) {
    ++text_start;
  }
  const auto take = [&](const std::string& text, bool update_box) {
    const auto [before, after] = split_at_update(text);
    if (out.published.empty() && !update_box) out.published = parse_visible_date(before);
    if (out.modified.empty()) out.modified = parse_visible_date(update_box ? text : after);
  };
  for (int i = area_start; i < area_end && out.published.empty(); ++i) {
    const DomNode& n = nodes[i];
    if (n.is_text) continue;
    const bool is_time = n.tag == GUMBO_TAG_TIME;
    const bool named = names_date_box(n.element()) && n.raw_chars <= kMaxDateBoxChars;
    // An unnamed short line after the headline and before the text.
    const bool header_line = headline >= 0 && i >= nodes[headline].end && i < text_start &&
                             is_block_tag(n.tag) && n.raw_chars <= kMaxDateLineChars;
    if (!is_time && !named && !header_line) continue;
    if (n.raw_chars == 0 || in_other_stories(page, i)) continue;
    take(subtree_text(page, i), is_update_name(n.element()));
  }
  // <time> text elsewhere in the article box (a "published on" line below the text).
  for (int i = box; i < nodes[box].end && out.published.empty(); ++i) {
    const DomNode& n = nodes[i];
    if (n.is_text || n.tag != GUMBO_TAG_TIME || n.raw_chars > kMaxDateBoxChars) continue;
    if (in_other_stories(page, i)) continue;
    take(subtree_text(page, i), is_update_name(n.element()));
  }
  return out;
}

std::string published_of(const Page& page, const JsonLdArticle& json_ld, int container) {
  std::string date = normalize_feed_date(meta_content(page, {"article:published_time"}));
  if (date.empty()) date = normalize_feed_date(text::collapse_whitespace(json_ld.date_published));
  if (date.empty()) date = time_element_date(page, container);
  if (date.empty()) {
    date = normalize_feed_date(
        meta_content(page, {"pubdate", "publishdate", "date", "dc.date.issued", "og:published_time",
                            "parsely-pub-date", "sailthru.date"}));
  }
  return date;
}

std::string modified_of(const Page& page, const JsonLdArticle& json_ld, int container) {
  std::string date = normalize_feed_date(
      meta_content(page, {"article:modified_time", "og:updated_time", "dateModified"}));
  if (date.empty()) date = normalize_feed_date(text::collapse_whitespace(json_ld.date_modified));
  if (date.empty()) date = time_element_date(page, container, "dateModified");
  if (date.empty()) {
    date = normalize_feed_date(meta_content(page, {"last-modified", "dc.date.modified"}));
  }
  return date;
}

}  // namespace akhbar::parsers::detail
