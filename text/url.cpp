#include "text/url.h"
#include "text/ascii.h"
#include "text/utf8.h"

#include <curl/curl.h>

#include <algorithm>
#include <memory>

namespace akhbar::text {

namespace {

struct UrlDeleter {
  void operator()(CURLU* u) const { curl_url_cleanup(u); }
};
using UrlHandle = std::unique_ptr<CURLU, UrlDeleter>;

// libcurl writes the escapes it adds in lower case; RFC 3986 section 6.2.2.1
// makes upper case the normal form, and one form keeps equal URLs equal.
void uppercase_percent_escapes(std::string& s) {
  for (size_t i = 0; i + 2 < s.size(); ++i) {
    if (s[i] == '%' && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      s[i + 1] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[i + 1])));
      s[i + 2] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[i + 2])));
    }
  }
}

std::string get_part(CURLU* u, CURLUPart part, unsigned flags = 0) {
  char* value = nullptr;
  if (curl_url_get(u, part, &value, flags) != CURLUE_OK || value == nullptr) return {};
  std::string out(value);
  curl_free(value);
  uppercase_percent_escapes(out);
  return out;
}

// URL parsers strip leading and trailing C0 controls and spaces (WHATWG URL
// standard, "basic URL parser"); feeds often wrap links in new lines.
std::string trim_spaces(std::string_view s) {
  const auto not_space = [](unsigned char c) { return c > 0x20; };
  auto b = std::find_if(s.begin(), s.end(), not_space);
  auto e = std::find_if(s.rbegin(), std::make_reverse_iterator(b), not_space).base();
  return std::string(b, e);
}

bool is_http(const std::string& scheme) { return scheme == "http" || scheme == "https"; }

}  // namespace

std::optional<UrlParts> parse_http_url(std::string_view url) {
  UrlHandle u(curl_url());
  const std::string s = trim_spaces(url);
  if (!u || s.empty()) return std::nullopt;
  if (curl_url_set(u.get(), CURLUPART_URL, s.c_str(), CURLU_NON_SUPPORT_SCHEME | CURLU_URLENCODE) !=
      CURLUE_OK) {
    return std::nullopt;
  }
  UrlParts parts;
  parts.scheme = ascii_lower(get_part(u.get(), CURLUPART_SCHEME));
  if (!is_http(parts.scheme)) return std::nullopt;
  parts.host = ascii_lower(get_part(u.get(), CURLUPART_HOST));
  if (parts.host.size() > 2 && parts.host.front() == '[' && parts.host.back() == ']') {
    parts.host.pop_back();
    parts.host.erase(0, 1);
  }
  // libcurl percent-decodes the host; bytes that are not UTF-8 make no host
  // name (WHATWG URL standard, "host parsing": decoding failure).
  if (parts.host.empty() || !is_valid_utf8(parts.host)) return std::nullopt;
  parts.port = get_part(u.get(), CURLUPART_PORT);
  parts.path = get_part(u.get(), CURLUPART_PATH);
  if (parts.path.empty())
    parts.path.push_back('/');  // (not = "/": GCC 12 -Wrestrict false positive)
  parts.query = get_part(u.get(), CURLUPART_QUERY);
  parts.fragment = get_part(u.get(), CURLUPART_FRAGMENT);
  return parts;
}

std::optional<std::string> resolve_url(std::string_view base, std::string_view ref) {
  const std::string r = trim_spaces(ref);
  UrlHandle u(curl_url());
  if (!u) return std::nullopt;
  const std::string b = trim_spaces(base);
  if (!b.empty() &&
      curl_url_set(u.get(), CURLUPART_URL, b.c_str(), CURLU_NON_SUPPORT_SCHEME) != CURLUE_OK) {
    return std::nullopt;
  }
  if (!r.empty() && curl_url_set(u.get(), CURLUPART_URL, r.c_str(),
                                 CURLU_NON_SUPPORT_SCHEME | CURLU_URLENCODE) != CURLUE_OK) {
    return std::nullopt;
  }
  if (r.empty() && b.empty()) return std::nullopt;
  if (!is_http(ascii_lower(get_part(u.get(), CURLUPART_SCHEME)))) return std::nullopt;
  std::string out = get_part(u.get(), CURLUPART_URL);
  // As above: a percent-encoded host that decodes to invalid UTF-8.
  if (out.empty() || !is_valid_utf8(out)) return std::nullopt;
  return out;
}

std::string url_host(std::string_view url) {
  const auto parts = parse_http_url(url);
  return parts ? parts->host : std::string();
}

}  // namespace akhbar::text
