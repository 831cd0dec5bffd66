// What to poll for a URL an operator gives `akhbar sources add`: the URL
// itself when it is a feed or a sitemap; else the feeds its page advertises
// (<link rel="alternate">, feed-looking links), checked by fetching them;
// else the site's conventional feed and sitemap paths (/feed, /rss.xml,
// /sitemap.xml, ...); else the page itself as a listing page when it links
// to enough articles. Every candidate is fetched and its body sniffed:
// nothing is taken on the word of a URL or a Content-Type.
#pragma once

#include <string>
#include <vector>

#include "base/result.h"
#include "fetchers/http_client.h"

namespace akhbar::daemon {

struct DiscoveredSource {
  std::string url;
  std::string kind;   // feed | sitemap | listing
  std::string title;  // the feed's title when it has one
  std::string how;    // one line for the operator: how it was found
};

// Errors say what was tried.
Result<DiscoveredSource> discover_source(fetchers::HttpClient& http, const std::string& url);

}  // namespace akhbar::daemon
