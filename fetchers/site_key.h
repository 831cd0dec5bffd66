// The politeness unit: requests to one "site" share a concurrency cap, a
// minimum delay and a Retry-After pause. A site is the registrable domain
// (public suffix + one label, from the Public Suffix List through libpsl), so
// www.aljazeera.net and mubasher.aljazeera.net are one site while two blogs
// under blogspot.com are two. IP literals and single-label hosts are their
// own site.
#pragma once

#include <string>
#include <string_view>

namespace akhbar::fetchers {

// The site of `host` (lower-cased, without port). Empty host gives "".
std::string site_of_host(std::string_view host);

// The site of an absolute URL; "" when it has no host.
std::string site_of_url(std::string_view url);

}  // namespace akhbar::fetchers
