// Internal to the feed parser: what a feed element says, read from
// pugixml nodes. Every function here loops over direct children only; whole
// subtrees are serialised by pugixml, whose printer is iterative.
#pragma once

#include <pugixml.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace akhbar::parsers::feed_detail {

// How an element's content is to be read (Atom's type attribute; RSS
// elements are kText or kHtml by definition). kText is plain text that may
// turn out to be escaped HTML (RSS titles); kPlain is plain text that is
// never guessed at (Atom type="text").
enum class TextType { kText, kPlain, kHtml, kXhtml, kOpaque };

bool has_element_child(pugi::xml_node n);

// The element's own text, CDATA included, trimmed of XML white space: what
// identifiers, URLs and dates are written as. Child elements do not contribute.
std::string own_text(pugi::xml_node n);

// A plain-text field. Nominally plain elements get the HTML treatment only
// when they look like escaped HTML, as feed readers do. Empty for a null node.
std::string plain_text(pugi::xml_node n, TextType type = TextType::kText);

// Summaries keep their markup: the article extractor, not the feed parser,
// decides what text is. Empty for a null node.
std::string summary_markup(pugi::xml_node n, TextType type);

// Base64 content (Atom 0.3 mode="base64", RFC 4287 §4.1.3.3 for other
// media types) decoded the way Python's base64.decodebytes does: characters
// outside the alphabet are skipped, padding is required. Empty optional when
// it does not decode, or decodes to something that is not UTF-8.
std::optional<std::string> decode_base64_text(std::string_view encoded);

// The element's own text as a normalised date; empty for a null node or an
// unparseable date.
std::string date_of(pugi::xml_node n);

}  // namespace akhbar::parsers::feed_detail
