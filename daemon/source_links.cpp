#include "daemon/source_links.h"

#include <algorithm>

#include "base/time.h"
#include "fetchers/charset.h"
#include "parsers/feed.h"
#include "parsers/listing_links.h"

namespace akhbar::daemon {

namespace {

bool is_gzip(const std::string& body) {
  return body.size() >= 2 && static_cast<unsigned char>(body[0]) == 0x1F &&
         static_cast<unsigned char>(body[1]) == 0x8B;
}

// Sitemap bodies go to the parser as they came when gzip-compressed (it
// inflates them), else decoded to UTF-8 like every other body.
std::string sitemap_text(const fetchers::FetchResponse& response) {
  if (is_gzip(response.body)) return response.body;
  return fetchers::decode_to_utf8(response.body, response.content_type).text;
}

Result<SourceListing> feed_links(const fetchers::FetchResponse& response, const std::string& base) {
  const auto body = fetchers::decode_to_utf8(response.body, response.content_type);
  auto feed = parsers::parse_feed(body.text, {.base_url = base, .known_valid_utf8 = true});
  if (!feed) return make_error("not a usable feed: " + feed.error());
  SourceListing listing;
  listing.ttl_seconds = feed->ttl_minutes * 60;
  for (const auto& entry : feed->entries) {
    listing.links.push_back({entry.link, entry.title, entry.published_at, entry.updated_at});
  }
  return listing;
}

Result<SourceListing> sitemap_links(const fetchers::FetchResponse& response,
                                    const std::string& base,
                                    const parsers::SitemapFetch& fetch_child, std::time_t now,
                                    const SourceLinkOptions& options) {
  const std::string root_body = sitemap_text(response);
  // The root is already fetched: the walk gets it from here, children from
  // the network.
  const auto fetch = [&](const std::string& url) -> Result<std::string> {
    if (url == base) return root_body;
    return fetch_child(url);
  };
  const parsers::SitemapWalk walk =
      parsers::walk_sitemaps(base, fetch, options.sitemap_walk, {base});
  if (walk.sitemaps_read == 0 || (walk.urls.empty() && !walk.errors.empty())) {
    return make_error("not a usable sitemap: " +
                      (walk.errors.empty() ? std::string("no URLs") : walk.errors.front()));
  }
  std::vector<SourceLink> links;
  const std::string oldest = format_utc(now - options.sitemap_max_age_seconds);
  for (const auto& entry : walk.urls) {
    const std::string& date = entry.has_news && !entry.news.publication_date.empty()
                                  ? entry.news.publication_date
                                  : entry.lastmod;
    if (!date.empty() && date < oldest) continue;  // UTC text compares as time
    links.push_back(
        {entry.url, entry.has_news ? entry.news.title : std::string(), date, entry.lastmod});
  }
  // Newest first; undated ones after the dated.
  std::stable_sort(links.begin(), links.end(), [](const SourceLink& a, const SourceLink& b) {
    return a.published_at > b.published_at;
  });
  return SourceListing{std::move(links), 0};
}

Result<SourceListing> listing_links(const fetchers::FetchResponse& response,
                                    const std::string& base) {
  const auto body = fetchers::decode_to_utf8(response.body, response.content_type);
  auto harvested = parsers::harvest_listing_links(body.text, base);
  if (!harvested) return make_error("not a usable listing page: " + harvested.error());
  std::vector<SourceLink> links;
  for (const auto& link : *harvested) links.push_back({link.url, link.title, "", ""});
  return SourceListing{std::move(links), 0};
}

}  // namespace

Result<SourceListing> links_of_source(const std::string& kind,
                                      const fetchers::FetchResponse& response,
                                      const parsers::SitemapFetch& fetch_child, std::time_t now,
                                      const SourceLinkOptions& options) {
  const std::string base = response.final_url.empty() ? response.url : response.final_url;
  Result<SourceListing> links = make_error("unknown source kind '" + kind + "'");
  if (kind == "feed") {
    links = feed_links(response, base);
  } else if (kind == "sitemap") {
    links = sitemap_links(response, base, fetch_child, now, options);
  } else if (kind == "listing") {
    links = listing_links(response, base);
  }
  if (links && links->links.size() > options.max_links) links->links.resize(options.max_links);
  return links;
}

}  // namespace akhbar::daemon
