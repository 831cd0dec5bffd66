// libFuzzer target: an OPML file as `akhbar sources import` will read it,
// through import and, when that succeeds, export and a second import, which
// must succeed and give the same URLs (the round-trip promise of opml.h).
// Build with the "fuzz" preset; see docs/benchmarks.md for how to run it.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "fetchers/charset.h"
#include "parsers/opml.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  const akhbar::fetchers::DecodedBody decoded = akhbar::fetchers::decode_to_utf8(body, "");
  const auto first = akhbar::parsers::parse_opml(decoded.text, "https://example.com/list.opml");
  if (!first) return 0;
  const auto again = akhbar::parsers::parse_opml(akhbar::parsers::write_opml(first->sources));
  if (!again || again->sources.size() != first->sources.size()) std::abort();
  return 0;
}
