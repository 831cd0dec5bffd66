// URL canonicalisation: the form under which an article URL is stored and
// looked up, so that tracking parameters, fragments, default ports and host
// case do not make one page look like two.
#pragma once

#include <string>
#include <string_view>

namespace akhbar::dedup {

// Returns the canonical form of an absolute http(s) URL: lower-case scheme and
// host, default port and fragment dropped, percent-escapes in one form (hex in
// upper case, escaped unreserved characters decoded), tracking parameters
// removed (utm_*, fbclid, gclid, ... the list in docs/dedup.md), the remaining
// query parameters sorted by key (every non-tracking key kept: ?ArticleID=
// names the page), "www." kept (sites differ on it). The input is returned
// unchanged when it is not an http(s) URL.
std::string canonicalize_url(std::string_view url);

}  // namespace akhbar::dedup
