// URL parsing and resolution (RFC 3986, via libcurl's URL API). Lives in
// text/ because parsers, dedup and fetchers all need it and parsers must not
// depend on fetchers.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace akhbar::text {

struct UrlParts {
  std::string scheme;  // lower case
  std::string host;    // lower case, no brackets for IPv6
  std::string port;    // empty when not given
  std::string path;    // "/" at least
  std::string query;   // without '?'
  std::string fragment;
};

// Parses an absolute http(s) URL; nullopt for anything else or garbage.
std::optional<UrlParts> parse_http_url(std::string_view url);

// Resolves `ref` (absolute or relative) against absolute `base`. Returns
// nullopt when the result is not an http(s) URL (javascript:, mailto:, ...).
std::optional<std::string> resolve_url(std::string_view base, std::string_view ref);

// The host of an absolute URL, lower case; empty if it has none.
std::string url_host(std::string_view url);

}  // namespace akhbar::text
