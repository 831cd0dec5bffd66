// libFuzzer target: a fetched feed body as the poller handles it, charset
// decoding then feed parsing. Malformed input must give an error value,
// never a crash or a hang.
// Build with the "fuzz" preset; see docs/benchmarks.md for how to run it.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "fetchers/charset.h"
#include "parsers/feed.h"
#include "text/utf8.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  const akhbar::fetchers::DecodedBody decoded = akhbar::fetchers::decode_to_utf8(body, "");
  if (!akhbar::text::is_valid_utf8(decoded.text)) std::abort();
  akhbar::parsers::FeedParseOptions options;
  options.base_url = "https://example.com/feeds/news.xml";
  const auto feed = akhbar::parsers::parse_feed(decoded.text, options);
  (void)feed.ok();
  return 0;
}
