// Listing pages (a site's front page, a section page) become article URLs:
// the page's links to the same site whose URL looks like an article, outside
// navigation, footers and share bars, deduplicated, with the anchor text as
// title. General rules only (no per-site knowledge); see docs/feeds.md
// "Listing pages" for the rules and their reasons. Pure: HTML in, value out.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace akhbar::parsers {

struct ListingLink {
  std::string url;    // absolute http(s), fragment dropped
  std::string title;  // the longest anchor text among the links to `url` (or title/alt)
  int score = 0;      // how article-like the URL and anchor look; higher is more
};

struct ListingOptions {
  // Links scoring below this are dropped. A score of 2 needs at least one
  // URL signal: a numeric id, a date path, a long slug.
  int min_score = 2;
  std::size_t max_links = 1000;  // the page's first links win
};

// `html`: the page as UTF-8; `page_url`: where it was fetched (absolute
// http(s)), which decides the site and resolves relative links.
// Errors: page_url is not an absolute http(s) URL. A page with no article
// links gives an empty list.
Result<std::vector<ListingLink>> harvest_listing_links(std::string_view html,
                                                       const std::string& page_url,
                                                       const ListingOptions& options = {});

// The host without a leading "www.", "m." or "amp." (lower case): two URLs
// whose hosts give the same site key, or where one is a subdomain of the
// other's, belong to one site here.
std::string site_key(std::string_view host);
bool same_site(std::string_view host_a, std::string_view host_b);

}  // namespace akhbar::parsers
