// Sitemaps (https://www.sitemaps.org/protocol.html) become article URLs:
// <urlset> documents with <lastmod> and Google News <news:news> metadata,
// <sitemapindex> documents (their child sitemaps are returned, not fetched:
// the caller recurses, see walk_sitemaps), plain-text sitemaps (one URL per
// line), and any of these gzip-compressed (.xml.gz bodies as bytes).
// Pure: bytes in, value out, no network.
//
// Lenient like parse_feed: malformed XML is repaired (parsers/feed/
// xml_repair) and read with `malformed` set; unknown extensions (image:,
// video:, xhtml:link) are ignored. Only http(s) URLs are kept, resolved
// against the base URL. The protocol's limits (50,000 URLs and 50 MB
// uncompressed per file, sitemaps.org "Sitemap file location" / "Using
// Sitemap index files") are the default caps.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace akhbar::parsers {

// Google News sitemap metadata (https://developers.google.com/search/docs/
// crawling-indexing/sitemaps/news-sitemap): present when `has_news`.
struct SitemapNews {
  std::string publication_name;
  std::string language;               // as written ("ar", "zh-cn")
  std::string publication_date;       // "YYYY-MM-DDTHH:MM:SSZ" (UTC); empty if unparseable
  std::string title;                  // plain text, white space collapsed
  std::vector<std::string> keywords;  // split at ',' and the Arabic comma, trimmed
};

struct SitemapUrl {
  std::string url;      // absolute http(s)
  std::string lastmod;  // "YYYY-MM-DDTHH:MM:SSZ" (UTC); empty if absent or unparseable
  bool has_news = false;
  SitemapNews news;
};

// A child sitemap named by a <sitemapindex>.
struct SitemapRef {
  std::string url;  // absolute http(s)
  std::string lastmod;
};

enum class SitemapKind { kUrlset, kIndex, kText };

struct Sitemap {
  SitemapKind kind = SitemapKind::kUrlset;
  std::vector<SitemapUrl> urls;      // kUrlset, kText; in document order, no duplicates
  std::vector<SitemapRef> sitemaps;  // kIndex; in document order, no duplicates
  bool was_gzip = false;             // the body was gzip bytes
  bool malformed = false;            // read by the lenient pass
  std::string malformed_reason;
  bool truncated = false;   // more entries than max_entries; the rest dropped
  std::size_t skipped = 0;  // <loc>s that were empty, not http(s) or garbage
};

struct SitemapOptions {
  std::string base_url;             // the sitemap's own URL: relative <loc>s resolve against it
  std::size_t max_entries = 50000;  // sitemaps.org: 50,000 URLs per file
  std::size_t max_bytes = std::size_t{52428800};  // sitemaps.org: 50 MB (52,428,800 bytes)
};

// Errors: gzip data that is corrupt, truncated or inflates past max_bytes;
// an uncompressed body over max_bytes; XML whose root is neither <urlset>
// nor <sitemapindex>; text with no http(s) URL line.
Result<Sitemap> parse_sitemap(std::string_view body, const SitemapOptions& options = {});

// The URLs of the `Sitemap:` lines of a robots.txt body (case-insensitive
// field name, comments dropped, relative values resolved against
// `robots_url`), in order, without duplicates. Nothing else of robots.txt
// is read.
std::vector<std::string> robots_txt_sitemaps(std::string_view robots_txt,
                                             std::string_view robots_url);

// Recursion over sitemap indexes, for a caller that fetches: `fetch` returns
// the body at a URL (or an error). Children of an index are fetched down to
// max_depth levels below the root, at most max_sitemaps bodies in all, each
// URL once (indexes that name each other cannot loop).
struct SitemapWalkLimits {
  int max_depth = 2;
  std::size_t max_sitemaps = 50;
  std::size_t max_urls = 200000;
};

struct SitemapWalk {
  std::vector<SitemapUrl> urls;  // from every urlset reached, no duplicates
  std::size_t sitemaps_read = 0;
  std::vector<std::string> errors;  // "URL: message" for each body that failed
  bool capped = false;              // a limit stopped the walk early
};

using SitemapFetch = std::function<Result<std::string>(const std::string& url)>;

SitemapWalk walk_sitemaps(const std::string& root_url, const SitemapFetch& fetch,
                          const SitemapWalkLimits& limits = {}, const SitemapOptions& options = {});

}  // namespace akhbar::parsers
