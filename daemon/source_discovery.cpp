#include "daemon/source_discovery.h"

#include "fetchers/charset.h"
#include "parsers/feed.h"
#include "parsers/feed_discovery.h"
#include "parsers/listing_links.h"

namespace akhbar::daemon {

namespace {

// A listing page must link to at least this many article-like URLs.
constexpr std::size_t kMinListingLinks = 5;
// Advertised feeds fetched to check them, at most.
constexpr std::size_t kMaxAdvertisedChecked = 3;

struct Probe {
  fetchers::FetchResponse response;
  parsers::SourceKind kind = parsers::SourceKind::kUnknown;
  std::string text;  // decoded body
};

Probe probe(fetchers::HttpClient& http, const std::string& url) {
  Probe p;
  p.response = http.fetch({url});
  if (!p.response.ok()) return p;
  p.kind = parsers::detect_source_kind(p.response.body, p.response.content_type);
  p.text = fetchers::decode_to_utf8(p.response.body, p.response.content_type).text;
  return p;
}

std::string final_url(const Probe& p) {
  return p.response.final_url.empty() ? p.response.url : p.response.final_url;
}

// A source when `p` is a feed or a sitemap.
std::optional<DiscoveredSource> as_source(const Probe& p, const std::string& how) {
  if (p.kind == parsers::SourceKind::kFeed) {
    auto feed = parsers::parse_feed(p.text, {.base_url = final_url(p), .known_valid_utf8 = true});
    if (!feed || feed->entries.empty()) return std::nullopt;
    return DiscoveredSource{final_url(p), "feed", feed->title, how};
  }
  if (p.kind == parsers::SourceKind::kSitemap) {
    return DiscoveredSource{final_url(p), "sitemap", "", how};
  }
  return std::nullopt;
}

}  // namespace

Result<DiscoveredSource> discover_source(fetchers::HttpClient& http, const std::string& url) {
  const Probe first = probe(http, url);
  if (!first.response.ok()) {
    return make_error("cannot fetch " + url + ": " + first.response.describe_failure());
  }
  if (auto source =
          as_source(first, "the URL is a " + std::string(parsers::source_kind_name(first.kind)))) {
    return *source;
  }
  if (first.kind != parsers::SourceKind::kHtml) {
    return make_error(url + " is neither a feed, a sitemap nor an HTML page");
  }
  const std::string page = final_url(first);
  std::size_t checked = 0;
  for (const auto& advertised : parsers::discover_feeds(first.text, page)) {
    if (checked++ == kMaxAdvertisedChecked) break;
    if (auto source =
            as_source(probe(http, advertised.url),
                      advertised.from_link_tag ? "advertised by the page (link rel=alternate)"
                                               : "linked from the page")) {
      return *source;
    }
  }
  for (const auto& conventional : parsers::conventional_source_urls(page)) {
    if (auto source = as_source(probe(http, conventional), "found at a conventional path")) {
      return *source;
    }
  }
  auto links = parsers::harvest_listing_links(first.text, page);
  if (links && links->size() >= kMinListingLinks) {
    return DiscoveredSource{page, "listing", "",
                            "no feed or sitemap found; the page links to " +
                                std::to_string(links->size()) + " articles"};
  }
  return make_error("no feed or sitemap found for " + url + " (advertised, linked or at " +
                    "/feed, /rss.xml, /sitemap.xml ...), and the page is not a listing of " +
                    "articles");
}

}  // namespace akhbar::daemon
