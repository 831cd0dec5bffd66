// libFuzzer target: a fetched source body as the poller will hand it over,
// raw bytes (gzip or not), through the sitemap reader, the source-kind
// sniffer and the robots.txt Sitemap: reader, then (decoded to UTF-8) the
// listing-page and feed-discovery link harvesters. Malformed input must give
// an error value, never a crash, a hang or an unbounded allocation.
// Build with the "fuzz" preset; see docs/benchmarks.md for how to run it.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "fetchers/charset.h"
#include "parsers/feed_discovery.h"
#include "parsers/listing_links.h"
#include "parsers/sitemap.h"
#include "text/utf8.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  akhbar::parsers::SitemapOptions options;
  options.base_url = "https://example.com/sitemaps/news.xml";
  options.max_bytes = 4u << 20;  // keeps a bomb's cost inside the fuzzer's budget
  const auto sitemap = akhbar::parsers::parse_sitemap(body, options);
  if (sitemap) {
    for (const auto& u : sitemap->urls) {
      if (!akhbar::text::is_valid_utf8(u.url) || !akhbar::text::is_valid_utf8(u.news.title)) {
        std::abort();
      }
    }
  }
  (void)akhbar::parsers::detect_source_kind(body, "");
  (void)akhbar::parsers::robots_txt_sitemaps(body, "https://example.com/robots.txt");

  const std::string html = akhbar::fetchers::decode_to_utf8(body, "text/html").text;
  const auto links = akhbar::parsers::harvest_listing_links(html, "https://www.example.com/news/");
  if (links) {
    for (const auto& l : *links) {
      if (!akhbar::text::is_valid_utf8(l.title)) std::abort();
    }
  }
  (void)akhbar::parsers::discover_feeds(html, "https://www.example.com/");
  return 0;
}
