// Article metadata: title, author, date, canonical URL, language and site
// name from <meta>/<link>, JSON-LD and, failing those, the visible page.
#include <algorithm>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "parsers/arabic_dates.h"
#include "parsers/article_internal.h"
#include "parsers/feed.h"
#include "parsers/markup_chars.h"
#include "text/ascii.h"
#include "text/url.h"
#include "text/utf8.h"

namespace akhbar::parsers::detail {

namespace {

constexpr std::size_t kMaxAuthorChars = 60;
constexpr std::size_t kMaxTags = 50;
constexpr std::size_t kMaxTagChars = 100;
constexpr int kMaxDateBoxChars = 200;    // a byline/date box, not a paragraph
constexpr int kMaxDateLineChars = 100;   // an unnamed line between headline and text
constexpr int kMinParagraphChars = 80;   // a block this long starts the story's text
constexpr int kMaxHeaderBoxChars = 600;  // headline, kicker, byline, date: no story text
constexpr std::size_t kJsonLdMaxNodes = 10000;

bool looks_like_url(std::string_view s) {
  return s.starts_with("http://") || s.starts_with("https://") || s.starts_with("//") ||
         s.starts_with("www.");
}

// Content of the first <meta> whose property, name or itemprop is one of `keys`.
std::string meta_content(const Page& page, std::initializer_list<std::string_view> keys) {
  for (std::string_view key : keys) {
    for (const GumboElement* meta : page.metas) {
      for (const char* attr : {"property", "name", "itemprop"}) {
        if (text::ascii_iequals(attribute(*meta, attr), key)) {
          std::string value = text::collapse_whitespace(attribute(*meta, "content"));
          if (!value.empty()) return value;
        }
      }
    }
  }
  return {};
}

// Contents of every <meta> whose property or name is `key` (article:tag repeats).
std::vector<std::string> meta_all(const Page& page, std::string_view key) {
  std::vector<std::string> out;
  for (const GumboElement* meta : page.metas) {
    if (text::ascii_iequals(attribute(*meta, "property"), key) ||
        text::ascii_iequals(attribute(*meta, "name"), key)) {
      std::string value = text::collapse_whitespace(attribute(*meta, "content"));
      if (!value.empty()) out.push_back(std::move(value));
    }
  }
  return out;
}

std::string link_href(const Page& page, std::string_view rel) {
  for (const GumboElement* link : page.links) {
    if (text::ascii_iequals(text::collapse_whitespace(attribute(*link, "rel")), rel)) {
      std::string href = text::collapse_whitespace(attribute(*link, "href"));
      if (!href.empty()) return href;
    }
  }
  return {};
}

std::string absolute_url(std::string_view base, const std::string& ref) {
  if (ref.empty()) return {};
  if (!base.empty()) return text::resolve_url(base, ref).value_or(std::string());
  return text::parse_http_url(ref) ? ref : std::string();
}

// Like absolute_url, but a scheme-relative "//cdn/x.jpg" on a page of unknown
// address is taken as https: media hosts serve it.
std::string absolute_media_url(std::string_view base, const std::string& ref) {
  if (base.empty() && ref.starts_with("//")) return absolute_url(base, "https:" + ref);
  return absolute_url(base, ref);
}

const std::string* json_string(const nlohmann::json& object, const char* key) {
  const auto it = object.find(key);
  return (it != object.end() && it->is_string()) ? &it->get_ref<const std::string&>() : nullptr;
}

bool is_article_type(const nlohmann::json& type) {
  const auto matches = [](const nlohmann::json& t) {
    if (!t.is_string()) return false;
    const std::string& s = t.get_ref<const std::string&>();
    return s.ends_with("Article") || s.ends_with("Posting") || s == "Report";
  };
  if (type.is_array()) return std::any_of(type.begin(), type.end(), matches);
  return matches(type);
}

std::string json_author(const nlohmann::json& author) {
  if (author.is_string()) return author.get<std::string>();
  if (author.is_array() && !author.empty()) return json_author(author.front());
  if (author.is_object()) {
    if (const std::string* name = json_string(author, "name")) return *name;
  }
  return {};
}

// A string, or the first string of an array: "articleSection": ["News", ...].
std::string first_string(const nlohmann::json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_array() && !value.empty() && value.front().is_string()) {
    return value.front().get<std::string>();
  }
  return {};
}

// "image": "url" | {"url": ...} | [either, ...]; one level deep only.
std::string json_image(const nlohmann::json& image) {
  const auto of_object = [](const nlohmann::json& object) -> std::string {
    if (!object.is_object()) return {};
    for (const char* key : {"url", "contentUrl", "@id"}) {
      if (const std::string* s = json_string(object, key); s != nullptr && !s->empty()) return *s;
    }
    return {};
  };
  if (image.is_string()) return image.get<std::string>();
  if (image.is_object()) return of_object(image);
  if (image.is_array()) {
    for (const auto& item : image) {
      std::string url = item.is_string() ? item.get<std::string>() : of_object(item);
      if (!url.empty()) return url;
    }
  }
  return {};
}

// Splits a keyword list at commas (Latin and Arabic) and semicolons.
void append_keywords(std::string_view list, std::vector<std::string>& out) {
  std::string current;
  const auto flush = [&] {
    std::string word = text::collapse_whitespace(current);
    if (!word.empty()) out.push_back(std::move(word));
    current.clear();
  };
  for (std::size_t pos = 0; pos < list.size();) {
    const std::size_t start = pos;
    const char32_t cp = text::next_code_point(list, pos);
    if (cp == U',' || cp == U';' || cp == 0x060C /* ، */ || cp == 0x061B /* ؛ */) {
      flush();
    } else {
      current.append(list.substr(start, pos - start));
    }
  }
  flush();
}

std::vector<std::string> json_keywords(const nlohmann::json& keywords) {
  std::vector<std::string> out;
  if (keywords.is_string()) append_keywords(keywords.get_ref<const std::string&>(), out);
  if (keywords.is_array()) {
    for (const auto& item : keywords) {
      if (item.is_string()) append_keywords(item.get_ref<const std::string&>(), out);
    }
  }
  return out;
}

void read_json_ld_article(const nlohmann::json& object, JsonLdArticle& out) {
  if (const std::string* s = json_string(object, "headline")) out.headline = *s;
  if (const std::string* s = json_string(object, "datePublished")) out.date_published = *s;
  if (const std::string* s = json_string(object, "dateModified")) out.date_modified = *s;
  if (const std::string* s = json_string(object, "articleBody")) out.article_body = *s;
  if (const std::string* s = json_string(object, "description")) out.description = *s;
  if (const auto it = object.find("image"); it != object.end()) out.image = json_image(*it);
  if (const auto it = object.find("articleSection"); it != object.end()) {
    out.section = first_string(*it);
  }
  if (const auto it = object.find("keywords"); it != object.end()) {
    out.keywords = json_keywords(*it);
  }
  if (const auto it = object.find("author"); it != object.end()) {
    // Only a direct name or a one-level object/array: never recursion on input.
    const nlohmann::json& author = *it;
    if (author.is_array() && !author.empty() && !author.front().is_array()) {
      out.author = json_author(author.front());
    } else if (!author.is_array()) {
      out.author = json_author(author);
    }
  }
}

// Names of a schema.org BreadcrumbList's items in position order.
std::vector<std::string> json_breadcrumb(const nlohmann::json& list) {
  std::vector<std::pair<double, std::string>> items;
  const auto it = list.find("itemListElement");
  if (it == list.end() || !it->is_array()) return {};
  for (const auto& element : *it) {
    if (!element.is_object()) continue;
    std::string name;
    if (const std::string* s = json_string(element, "name")) name = *s;
    if (const auto item = element.find("item");
        name.empty() && item != element.end() && item->is_object()) {
      if (const std::string* s = json_string(*item, "name")) name = *s;
    }
    double position = static_cast<double>(items.size());
    if (const auto p = element.find("position"); p != element.end() && p->is_number()) {
      position = p->get<double>();
    }
    name = text::collapse_whitespace(name);
    if (!name.empty()) items.emplace_back(position, std::move(name));
  }
  std::stable_sort(items.begin(), items.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::string> out;
  for (auto& item : items) out.push_back(std::move(item.second));
  return out;
}

// Strips a site name from either end of a <title>: "Story | Site", "Site - Story".
std::string strip_site_name(const std::string& title, std::string_view site_name) {
  static constexpr std::string_view kSeparators[] = {" | ", " - ", " – ", " — ", " :: "};
  std::size_t at = std::string::npos;
  std::size_t length = 0;
  for (std::string_view sep : kSeparators) {
    const std::size_t pos = title.rfind(sep);
    if (pos != std::string::npos && (at == std::string::npos || pos > at)) {
      at = pos;
      length = sep.size();
    }
  }
  if (at == std::string::npos || at == 0) return title;
  std::string head = text::collapse_whitespace(title.substr(0, at));
  std::string tail = text::collapse_whitespace(title.substr(at + length));
  if (!site_name.empty() && fold(tail) == fold(site_name)) return head;
  if (!site_name.empty() && fold(head) == fold(site_name)) return tail;
  const auto words = [](const std::string& s) { return std::count(s.begin(), s.end(), ' ') + 1; };
  // Site names are short; a short head before a long tail is the site name.
  if (words(head) <= 3 && words(tail) > words(head) + 2) return tail;
  return head;
}

// "By Jane Doe", "بقلم: فلان" -> the name.
std::string clean_author(std::string author) {
  author = text::collapse_whitespace(author);
  static constexpr std::string_view kPrefixes[] = {"By", "by", "BY", "بقلم", "كتبت", "كتب"};
  for (std::string_view prefix : kPrefixes) {
    // Whole words only: "كتب" must not eat the start of a name like "كتبي".
    if (author.starts_with(prefix) && author.size() > prefix.size() &&
        (author[prefix.size()] == ' ' || author[prefix.size()] == ':')) {
      author.erase(0, prefix.size());
      break;
    }
  }
  const std::size_t start = author.find_first_not_of(" :-");
  author = start == std::string::npos ? std::string() : author.substr(start);
  if (author.size() > kMaxAuthorChars * 2 || looks_like_url(author)) return {};
  if (author.find("://") != std::string::npos) return {};  // a logo URL in a schema block
  if (text::count_chars(author) > kMaxAuthorChars) return {};
  return author;
}

bool names_author(const GumboElement& element) {
  const auto has = [](std::string_view value, std::string_view word) {
    return text::ascii_lower(value).find(word) != std::string::npos;
  };
  if (text::ascii_iequals(attribute(element, "rel"), "author")) return true;
  if (text::ascii_iequals(attribute(element, "itemprop"), "author")) return true;
  const std::string_view cls = attribute(element, "class");
  return (has(cls, "author") || has(cls, "byline") || has(cls, "writ")) && !has(cls, "comment");
}

// Visible byline: rel=author / itemprop=author / class*=author, short text.
std::string byline_author(const Page& page) {
  const auto& nodes = page.nodes;
  for (int i = 0; i < static_cast<int>(nodes.size()); ++i) {
    const DomNode& n = nodes[i];
    if (n.is_text) continue;
    if (attribute(n.element(), "class").find("comment") != std::string_view::npos) {
      i = n.end - 1;  // commenters are not the author
      continue;
    }
    if (!names_author(n.element())) continue;
    std::string author = clean_author(subtree_text(page, i));
    if (!author.empty()) return author;
  }
  return {};
}

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

std::string first_h1(const Page& page, int from, int to) {
  for (int i = from; i < to; ++i) {
    if (page.nodes[i].tag == GUMBO_TAG_H1 && !page.nodes[i].is_text) {
      std::string title = subtree_text(page, i);
      if (!title.empty()) return title;
    }
  }
  return {};
}

std::string primary_language(std::string_view tag) {
  std::string lang;
  for (char c : tag) {
    if (c == '-' || c == '_') break;
    if (!is_ascii_alpha(c)) return {};
    lang += text::ascii_lower(c);
  }
  return lang.size() >= 2 && lang.size() <= 3 ? lang : std::string();
}

std::string title_of(const Page& page, const JsonLdArticle& json_ld, int container,
                     const std::string& site_name) {
  std::string title = meta_content(page, {"og:title", "twitter:title"});
  if (!title.empty()) return site_name.empty() ? title : strip_site_name(title, site_name);
  if (container >= 0) title = first_h1(page, container, page.nodes[container].end);
  if (title.empty()) title = first_h1(page, 0, static_cast<int>(page.nodes.size()));
  if (title.empty()) title = text::collapse_whitespace(json_ld.headline);
  if (title.empty()) title = strip_site_name(page.title_tag, site_name);
  return title;
}

std::string author_of(const Page& page, const JsonLdArticle& json_ld) {
  std::string author = clean_author(meta_content(page, {"author"}));
  if (author.empty()) author = clean_author(meta_content(page, {"article:author"}));
  if (author.empty()) author = clean_author(json_ld.author);
  if (author.empty()) author = byline_author(page);
  return author;
}

bool contains_any(std::string_view haystack, std::initializer_list<std::string_view> needles) {
  return std::any_of(needles.begin(), needles.end(), [&](std::string_view needle) {
    return haystack.find(needle) != std::string_view::npos;
  });
}

std::string lower_names(const GumboElement& e) {
  return text::ascii_lower(attribute(e, "class")) + ' ' + text::ascii_lower(attribute(e, "id")) +
         ' ' + text::ascii_lower(attribute(e, "itemprop"));
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

struct VisibleDates {
  std::string published;
  std::string modified;
};

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

std::string image_of(const Page& page, const JsonLdArticle& json_ld, std::string_view base) {
  std::string image = absolute_media_url(
      base, meta_content(page, {"og:image:secure_url", "og:image", "og:image:url", "twitter:image",
                                "twitter:image:src"}));
  if (image.empty()) image = absolute_media_url(base, text::collapse_whitespace(json_ld.image));
  if (image.empty()) image = absolute_media_url(base, link_href(page, "image_src"));
  return image;
}

std::string description_of(const Page& page, const JsonLdArticle& json_ld) {
  std::string description = meta_content(page, {"og:description", "description"});
  if (description.empty()) description = text::collapse_whitespace(json_ld.description);
  if (description.empty()) description = meta_content(page, {"twitter:description"});
  return description;
}

bool is_home_label(const std::string& folded) {
  static constexpr std::string_view kHome[] = {"الرئيسيه", "الصفحه الرئيسيه", "home", "homepage",
                                               "خانه",     "صفحه اصلي"};
  return std::find(std::begin(kHome), std::end(kHome), folded) != std::end(kHome);
}

// The deepest breadcrumb entry that is neither "home" nor the story itself.
std::string section_from_trail(const std::vector<std::string>& trail, const std::string& title) {
  const std::string folded_title = fold(title);
  for (auto it = trail.rbegin(); it != trail.rend(); ++it) {
    const std::string folded = fold(*it);
    if (folded.empty() || is_home_label(folded) || folded == folded_title) continue;
    if (text::count_chars(*it) > 40) continue;  // a headline, not a section
    return *it;
  }
  return {};
}

// Link texts of the first breadcrumb trail on the page.
std::vector<std::string> dom_breadcrumb(const Page& page) {
  const auto& nodes = page.nodes;
  for (int i = 0; i < static_cast<int>(nodes.size()); ++i) {
    const DomNode& n = nodes[i];
    if (n.is_text || lower_names(n.element()).find("breadcrumb") == std::string::npos) continue;
    std::vector<std::string> trail;
    for (int j = i + 1; j < n.end; ++j) {
      if (nodes[j].is_text || nodes[j].tag != GUMBO_TAG_A) continue;
      std::string label = subtree_text(page, j);
      if (!label.empty()) trail.push_back(std::move(label));
      j = nodes[j].end - 1;
    }
    return trail;
  }
  return {};
}

std::string section_of(const Page& page, const JsonLdArticle& json_ld, const std::string& title) {
  std::string section = meta_content(page, {"article:section"});
  if (section.empty()) section = text::collapse_whitespace(json_ld.section);
  if (section.empty()) section = section_from_trail(json_ld.breadcrumb, title);
  if (section.empty()) section = section_from_trail(dom_breadcrumb(page), title);
  return section;
}

// Links marked rel="tag" (the microformat most blog engines emit).
std::vector<std::string> rel_tag_links(const Page& page) {
  std::vector<std::string> out;
  for (int i = 0; i < static_cast<int>(page.nodes.size()); ++i) {
    const DomNode& n = page.nodes[i];
    if (n.is_text || n.tag != GUMBO_TAG_A) continue;
    const std::string rel = text::ascii_lower(attribute(n.element(), "rel"));
    // "category tag" names the section, not a tag.
    if (rel != "tag") continue;
    std::string label = subtree_text(page, i);
    if (!label.empty()) out.push_back(std::move(label));
  }
  return out;
}

// article:tag metas and JSON-LD keywords; failing those, news_keywords and
// keywords metas (often site-wide SEO lists), then rel=tag links.
std::vector<std::string> tags_of(const Page& page, const JsonLdArticle& json_ld) {
  std::vector<std::string> raw;
  for (const std::string& tag : meta_all(page, "article:tag")) append_keywords(tag, raw);
  raw.insert(raw.end(), json_ld.keywords.begin(), json_ld.keywords.end());
  if (raw.empty()) {
    for (const char* key : {"news_keywords", "keywords"}) {
      for (const std::string& list : meta_all(page, key)) append_keywords(list, raw);
    }
  }
  if (raw.empty()) raw = rel_tag_links(page);
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (std::string& tag : raw) {
    if (out.size() >= kMaxTags) break;
    tag = text::collapse_whitespace(tag);
    if (tag.empty() || text::count_chars(tag) > kMaxTagChars) continue;
    if (!seen.insert(fold(tag)).second) continue;
    out.push_back(std::move(tag));
  }
  return out;
}

}  // namespace

JsonLdArticle read_json_ld(const Page& page) {
  JsonLdArticle out;
  bool have_article = false;
  bool have_breadcrumb = false;
  for (const std::string& raw : page.json_ld) {
    const nlohmann::json doc = nlohmann::json::parse(raw, nullptr, false);
    if (doc.is_discarded()) continue;
    // Breadth-first over arrays and @graph, bounded: never recursion on input.
    std::vector<const nlohmann::json*> queue{&doc};
    for (std::size_t i = 0; i < queue.size() && i < kJsonLdMaxNodes; ++i) {
      const nlohmann::json& value = *queue[i];
      if (value.is_array()) {
        for (const auto& item : value) queue.push_back(&item);
      } else if (value.is_object()) {
        const auto type = value.find("@type");
        if (!have_article && type != value.end() && is_article_type(*type)) {
          read_json_ld_article(value, out);
          have_article = true;
        } else if (!have_breadcrumb && type != value.end() && *type == "BreadcrumbList") {
          out.breadcrumb = json_breadcrumb(value);
          have_breadcrumb = true;
        }
        if (const auto graph = value.find("@graph"); graph != value.end()) {
          queue.push_back(&*graph);
        }
      }
      if (have_article && have_breadcrumb) return out;
    }
  }
  return out;
}

void read_metadata(const Page& page, const JsonLdArticle& json_ld, int container,
                   const ExtractOptions& options, ExtractedArticle& article) {
  article.site_name = meta_content(page, {"og:site_name"});
  article.title = title_of(page, json_ld, container, article.site_name);
  article.author = author_of(page, json_ld);
  article.published_at = published_of(page, json_ld, container);
  article.modified_at = modified_of(page, json_ld, container);
  if (article.published_at.empty() || article.modified_at.empty()) {
    const VisibleDates visible = visible_dates(page, container, article.title);
    if (article.published_at.empty()) article.published_at = visible.published;
    if (article.modified_at.empty()) article.modified_at = visible.modified;
  }
  article.image_url = image_of(page, json_ld, options.url);
  article.description = description_of(page, json_ld);
  article.section = section_of(page, json_ld, article.title);
  article.tags = tags_of(page, json_ld);

  article.canonical_url = absolute_url(options.url, link_href(page, "canonical"));
  if (article.canonical_url.empty()) {
    article.canonical_url = absolute_url(options.url, meta_content(page, {"og:url"}));
  }
  article.language = primary_language(text::collapse_whitespace(page.html_lang));
  if (article.language.empty()) {
    article.language = primary_language(meta_content(page, {"og:locale"}));
  }
}

}  // namespace akhbar::parsers::detail
