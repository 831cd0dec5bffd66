// What a source's fetched body lists: the article links of a feed, of a
// sitemap (children of a sitemap index fetched through `fetch_child`), or
// of a listing page. One function per kind behind one entry point, so the
// poller stores links the same way whatever the source is.
#pragma once

#include <ctime>
#include <string>
#include <vector>

#include "base/result.h"
#include "fetchers/http_client.h"
#include "parsers/sitemap.h"

namespace akhbar::daemon {

struct SourceLink {
  std::string url;  // absolute, as the source wrote it (not canonicalised yet)
  std::string title;
  std::string published_at;  // UTC "YYYY-MM-DDTHH:MM:SSZ" or ""
  std::string updated_at;    // when the source says the entry last changed (same form) or ""
};

struct SourceListing {
  std::vector<SourceLink> links;
  std::int64_t ttl_seconds = 0;  // how long the source says it may be cached (RSS <ttl>)
};

struct SourceLinkOptions {
  // Sitemaps list years of articles: dated entries older than this are
  // skipped (undated ones are kept), newest first, at most max_links.
  std::int64_t sitemap_max_age_seconds = 3 * 86400;
  std::size_t max_links = 1000;
  parsers::SitemapWalkLimits sitemap_walk{2, 10, 200000};
};

// `kind` is "feed", "sitemap" or "listing"; `response` a successful fetch of
// the source. Errors say why the body is not a usable source of that kind.
Result<SourceListing> links_of_source(const std::string& kind,
                                      const fetchers::FetchResponse& response,
                                      const parsers::SitemapFetch& fetch_child, std::time_t now,
                                      const SourceLinkOptions& options = {});

}  // namespace akhbar::daemon
