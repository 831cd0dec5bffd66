// Charset decoding: every body becomes valid UTF-8 before a parser sees it.
// The charset is taken, in order, from a byte-order mark, the HTTP
// Content-Type, an XML declaration, an HTML <meta charset>/http-equiv, and
// finally guessed (valid UTF-8, else windows-1256, the common legacy Arabic
// code page). Invalid bytes become U+FFFD; nothing invalid is passed on.
#pragma once

#include <string>
#include <string_view>

namespace akhbar::fetchers {

struct DecodedBody {
  std::string text;     // valid UTF-8, BOM removed
  std::string charset;  // the charset used, lower case (e.g. "utf-8", "windows-1256")
  std::string source;   // where it came from: "bom", "http", "xml", "meta", "guess"
};

DecodedBody decode_to_utf8(std::string_view body, std::string_view content_type);

// The charset parameter of a Content-Type header value, lower case; empty if none.
std::string charset_from_content_type(std::string_view content_type);

}  // namespace akhbar::fetchers
