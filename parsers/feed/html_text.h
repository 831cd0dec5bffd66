// Internal to the feed parser: HTML that producers escaped into feed text,
// turned into plain text. Linear in the input however it is arranged.
#pragma once

#include <string>
#include <string_view>

namespace akhbar::parsers::feed_detail {

// Markup to plain text: comments, script and style go; block tags become a
// space, other tags vanish; character references are decoded; white space is
// collapsed. A '<' that does not start a tag is text ("5 < 6").
std::string html_to_text(std::string_view html);

// The oracle's looks_like_html: an end tag or a character reference means
// the producer escaped HTML into a nominally plain-text element.
bool looks_like_html(std::string_view s);

}  // namespace akhbar::parsers::feed_detail
