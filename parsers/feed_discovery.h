// Feed discovery for `akhbar sources add URL`: what a fetched body is
// (detect_source_kind), which feeds an HTML page advertises (discover_feeds:
// <link rel="alternate"> autodiscovery, then <a href> links that look like
// feeds), and the conventional paths worth probing when it advertises none
// (conventional_source_urls). Pure: text in, values out; the caller fetches.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace akhbar::parsers {

enum class SourceKind { kFeed, kSitemap, kHtml, kUnknown };

// "feed", "sitemap", "html", "unknown".
std::string_view source_kind_name(SourceKind kind);

// What `body` is, from its first bytes (the root element, a JSON Feed
// version, a list of URLs, gzip bytes inflated first) and, only when the
// body does not tell, from `content_type` (the HTTP header, may be empty).
// Bodies win over headers: servers label feeds text/html and sitemaps
// text/plain often enough.
SourceKind detect_source_kind(std::string_view body, std::string_view content_type);

struct DiscoveredFeed {
  std::string url;             // absolute http(s)
  std::string title;           // the link's title attribute or anchor text; may be empty
  std::string type;            // the declared MIME type, lower case; empty for <a> links
  bool from_link_tag = false;  // <link rel="alternate"> rather than <a href>
  int score = 0;               // the list is sorted by it, highest first
};

// Feeds the page at `page_url` points to, best first, each URL once:
// <link rel="alternate"> with an RSS, Atom, RDF or JSON Feed type (relative
// hrefs resolved against <base> or the page URL); comment feeds after the
// others; then <a href> links whose path has a word rss/feed/feeds/atom or
// ends in .rss/.xml/.atom, on the same site or a feed host (feedburner).
std::vector<DiscoveredFeed> discover_feeds(std::string_view html, const std::string& page_url);

// Absolute URLs at the origin of `page_url` for the caller to probe, feeds
// first then sitemaps: /feed, /rss, /rss.xml, /feed.xml, /atom.xml,
// /sitemap.xml, /news-sitemap.xml, /sitemap_index.xml. Empty when page_url
// is not http(s).
std::vector<std::string> conventional_source_urls(const std::string& page_url);

}  // namespace akhbar::parsers
