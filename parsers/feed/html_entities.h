// Internal to the feed parser: HTML character references in text that feeds
// escape twice ("&amp;eacute;" in an RSS description), decoded as browsers
// and Python's html.unescape do.
#pragma once

#include <string>
#include <string_view>

namespace akhbar::parsers::feed_detail {

// `s` with every named (HTML 4 set plus &apos;) and numeric reference
// decoded. An '&' that starts no reference stays literal; the few legacy
// names browsers accept without ';' ("&amp", "&nbsp") are decoded too.
std::string decode_entities(std::string_view s);

}  // namespace akhbar::parsers::feed_detail
