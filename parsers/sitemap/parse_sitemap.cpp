// parse_sitemap: gzip and size checks, then the XML forms (urlset,
// sitemapindex) read with pugixml, or the plain-text form line by line.
//
// Elements are matched by local name over direct children only: extension
// vocabularies nest their own <loc> (image:image/image:loc,
// video:video/video:content_loc) one level deeper, so the page's <loc> is
// never confused with them whatever prefixes a generator picks.
#include <pugixml.hpp>

#include <algorithm>
#include <string>
#include <string_view>

#include "parsers/feed.h"
#include "parsers/feed/node_text.h"
#include "parsers/feed/xml_names.h"
#include "parsers/feed/xml_repair.h"
#include "parsers/gzip_body.h"
#include "parsers/markup_chars.h"
#include "parsers/sitemap.h"
#include "parsers/sitemap/url_list.h"
#include "text/utf8.h"

namespace akhbar::parsers {

namespace {

using feed_detail::own_text;
using feed_detail::split_name;
using sitemap_detail::UrlList;

std::string_view local_name(pugi::xml_node n) { return split_name(n.name()).local; }

pugi::xml_node child_named(pugi::xml_node parent, std::string_view local) {
  for (pugi::xml_node c = parent.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_element && local_name(c) == local) return c;
  }
  return {};
}

std::string text_of(pugi::xml_node n) {
  return n ? text::collapse_whitespace(own_text(n)) : std::string();
}

// Keywords are comma-separated (Google's news sitemap documentation); Arabic
// publishers also write the Arabic comma U+060C.
std::vector<std::string> split_keywords(std::string_view s) {
  std::vector<std::string> out;
  std::size_t start = 0;
  const auto flush = [&](std::size_t end) {
    std::string k = text::collapse_whitespace(s.substr(start, end - start));
    if (!k.empty() && std::find(out.begin(), out.end(), k) == out.end()) out.push_back(k);
  };
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == ',') {
      flush(i);
      start = i + 1;
    } else if (s.compare(i, 2, "\xD8\x8C") == 0) {
      flush(i);
      start = i + 2;
      ++i;
    }
  }
  flush(s.size());
  return out;
}

SitemapNews read_news(pugi::xml_node news) {
  SitemapNews out;
  const pugi::xml_node publication = child_named(news, "publication");
  out.publication_name = text_of(child_named(publication, "name"));
  out.language = text_of(child_named(publication, "language"));
  out.publication_date = normalize_feed_date(own_text(child_named(news, "publication_date")));
  out.title = text_of(child_named(news, "title"));
  out.keywords = split_keywords(own_text(child_named(news, "keywords")));
  return out;
}

// Calls `take(element, url)` for each <`element`> child of `root` whose
// <loc> is a new http(s) URL; stops (truncated) at the entry cap.
template <class Take>
void for_each_loc(pugi::xml_node root, std::string_view element, UrlList& list, Sitemap& out,
                  Take take) {
  for (pugi::xml_node e = root.first_child(); e; e = e.next_sibling()) {
    if (e.type() != pugi::node_element || local_name(e) != element) continue;
    std::string url;
    const UrlList::Added added = list.add(own_text(child_named(e, "loc")), url);
    if (added == UrlList::Added::kFull) {
      out.truncated = true;
      return;
    }
    if (added == UrlList::Added::kNew) take(e, std::move(url));
  }
}

void read_urlset(pugi::xml_node root, UrlList& list, Sitemap& out) {
  for_each_loc(root, "url", list, out, [&out](pugi::xml_node u, std::string url) {
    SitemapUrl entry;
    entry.url = std::move(url);
    entry.lastmod = normalize_feed_date(own_text(child_named(u, "lastmod")));
    if (const pugi::xml_node news = child_named(u, "news")) {
      entry.has_news = true;
      entry.news = read_news(news);
    }
    out.urls.push_back(std::move(entry));
  });
}

void read_index(pugi::xml_node root, UrlList& list, Sitemap& out) {
  for_each_loc(root, "sitemap", list, out, [&out](pugi::xml_node s, std::string url) {
    out.sitemaps.push_back(
        {std::move(url), normalize_feed_date(own_text(child_named(s, "lastmod")))});
  });
}

// One URL per line (sitemaps.org "Text file"); blank lines and lines that
// are not URLs are skipped.
Result<Sitemap> read_text(std::string_view text, UrlList& list, Sitemap out) {
  out.kind = SitemapKind::kText;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = detail::trim_xml_space(text.substr(pos, end - pos));
    pos = end + 1;
    if (line.empty()) continue;
    SitemapUrl entry;
    const UrlList::Added added = list.add(line, entry.url);
    if (added == UrlList::Added::kFull) {
      out.truncated = true;
      break;
    }
    if (added == UrlList::Added::kNew) out.urls.push_back(std::move(entry));
  }
  out.skipped = list.skipped();
  if (out.urls.empty()) return make_error("not a sitemap: no line is an http(s) URL");
  return out;
}

std::string shown(std::string_view name) {
  constexpr std::size_t kMax = 64;
  return name.size() > kMax ? std::string(name.substr(0, kMax)) + "..." : std::string(name);
}

}  // namespace

Result<Sitemap> parse_sitemap(std::string_view body, const SitemapOptions& options) {
  Sitemap out;
  std::string inflated;
  if (is_gzip(body)) {
    GunzipOptions gz;
    gz.max_output = options.max_bytes;
    Result<std::string> r = gunzip_body(body, gz);
    if (!r) return make_error("sitemap: " + r.error());
    inflated = std::move(r).value();
    body = inflated;
    out.was_gzip = true;
  } else if (body.size() > options.max_bytes) {
    return make_error("sitemap is larger than the " + std::to_string(options.max_bytes) +
                      "-byte limit");
  }

  // Sitemaps must be UTF-8 (sitemaps.org "XML tag definitions"); anything
  // else is made valid rather than passed on. NUL would end pugixml's parse.
  std::string buffer = text::sanitize_utf8(body);
  std::erase(buffer, '\0');
  std::size_t start = 0;
  if (std::string_view(buffer).starts_with("\xEF\xBB\xBF")) start = 3;
  while (start < buffer.size() && detail::is_xml_space(buffer[start])) ++start;
  UrlList list(options.base_url, options.max_entries);
  if (start >= buffer.size()) return make_error("sitemap is empty");
  if (buffer[start] != '<') return read_text(std::string_view(buffer).substr(start), list, out);

  pugi::xml_document doc;
  std::string repaired;
  pugi::xml_parse_result parsed = doc.load_buffer_inplace(
      buffer.data() + start, buffer.size() - start, pugi::parse_default, pugi::encoding_utf8);
  if (!parsed) {
    out.malformed = true;
    out.malformed_reason = "not well-formed XML: " + std::string(parsed.description()) +
                           " at offset " + std::to_string(start + parsed.offset);
    // The in-place parse changed `buffer`; repair from the original text.
    std::string fresh = text::sanitize_utf8(body);
    std::erase(fresh, '\0');
    repaired = feed_detail::repair_xml(fresh);
    doc.reset();
    parsed = doc.load_buffer_inplace(repaired.data(), repaired.size(), pugi::parse_default,
                                     pugi::encoding_utf8);
  }
  const pugi::xml_node root = doc.document_element();
  if (!root) {
    return make_error("not a sitemap: " +
                      (out.malformed ? out.malformed_reason : std::string("no root element")));
  }
  const std::string_view root_name = local_name(root);
  if (root_name == "urlset") {
    out.kind = SitemapKind::kUrlset;
    read_urlset(root, list, out);
  } else if (root_name == "sitemapindex") {
    out.kind = SitemapKind::kIndex;
    read_index(root, list, out);
  } else {
    return make_error("not a sitemap: root element is <" + shown(root.name()) +
                      ">, expected <urlset> or <sitemapindex>");
  }
  out.skipped = list.skipped();
  return out;
}

}  // namespace akhbar::parsers
