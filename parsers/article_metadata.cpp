// Article metadata: title, author, canonical URL, language, site name, image,
// description, section and tags from <meta>/<link>, JSON-LD and, failing
// those, the visible page. Dates are read in article_dates.cpp, JSON-LD in
// article_json_ld.cpp.
#include <algorithm>
#include <initializer_list>
#include <set>
#include <string>
#include <vector>

#include "parsers/article_internal.h"
#include "parsers/article_metadata_parts.h"
#include "parsers/markup_chars.h"
#include "text/ascii.h"
#include "text/url.h"
#include "text/utf8.h"

namespace akhbar::parsers::detail {

namespace {

constexpr std::size_t kMaxAuthorChars = 60;
constexpr std::size_t kMaxTags = 50;
constexpr std::size_t kMaxTagChars = 100;

bool looks_like_url(std::string_view s) {
  return s.starts_with("http://") || s.starts_with("https://") || s.starts_with("//") ||
         s.starts_with("www.");
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

std::string lower_names(const GumboElement& e) {
  return text::ascii_lower(attribute(e, "class")) + ' ' + text::ascii_lower(attribute(e, "id")) +
         ' ' + text::ascii_lower(attribute(e, "itemprop"));
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
  article.amp_url = absolute_url(options.url, link_href(page, "amphtml"));
  article.language = primary_language(text::collapse_whitespace(page.html_lang));
  if (article.language.empty()) {
    article.language = primary_language(meta_content(page, {"og:locale"}));
  }
}

}  // namespace akhbar::parsers::detail
