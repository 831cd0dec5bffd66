// Article metadata: title, author, date, canonical URL, language and site
// name from <meta>/<link>, JSON-LD and, failing those, the visible page.
#include <algorithm>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "parsers/article_internal.h"
#include "parsers/feed.h"
#include "parsers/markup_chars.h"
#include "text/ascii.h"
#include "text/url.h"
#include "text/utf8.h"

namespace akhbar::parsers::detail {

namespace {

constexpr std::size_t kMaxAuthorChars = 60;
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

void read_json_ld_article(const nlohmann::json& object, JsonLdArticle& out) {
  if (const std::string* s = json_string(object, "headline")) out.headline = *s;
  if (const std::string* s = json_string(object, "datePublished")) out.date_published = *s;
  if (const std::string* s = json_string(object, "articleBody")) out.article_body = *s;
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
// else in the page outside related/most-read boxes.
std::string time_element_date(const Page& page, int container) {
  const auto date_of = [&](int i) -> std::string {
    const DomNode& n = page.nodes[i];
    if (n.is_text) return {};
    const GumboElement& e = n.element();
    std::string_view value;
    if (n.tag == GUMBO_TAG_TIME) value = attribute(e, "datetime");
    if (value.empty() && text::ascii_iequals(attribute(e, "itemprop"), "datePublished")) {
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

}  // namespace

JsonLdArticle read_json_ld(const Page& page) {
  JsonLdArticle out;
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
        if (const auto type = value.find("@type"); type != value.end() && is_article_type(*type)) {
          read_json_ld_article(value, out);
          return out;
        }
        if (const auto graph = value.find("@graph"); graph != value.end()) {
          queue.push_back(&*graph);
        }
      }
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
