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

constexpr bool is_lower_alpha(char c) { return c >= 'a' && c <= 'z'; }
constexpr bool is_digit(char c) { return c >= '0' && c <= '9'; }
constexpr bool is_hex(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// Characters of a path or query that libcurl 7.88 copies as they are (with
// CURLU_URLENCODE it escapes only spaces and bytes >= 0x80).
bool is_plain_path_char(char c) {
  if (is_lower_alpha(c) || is_digit(c) || (c >= 'A' && c <= 'Z')) return true;
  switch (c) {
    case '-':
    case '_':
    case '~':
    case '.':
    case '/':
    case '?':
    case '=':
    case '&':
    case '+':
    case ',':
    case ';':
    case ':':
    case '@':
    case '!':
    case '$':
    case '\'':
    case '(':
    case ')':
    case '*':
    case '%':
      return true;
    default:
      return false;
  }
}

// A lower-case host name whose last label starts with a letter: never an
// IPv4 address (libcurl rewrites "0x7f.1" as "127.0.0.1"), no port, no user
// info, no empty label. `host` is what lies between "//" and the path.
bool is_plain_host(std::string_view host) {
  std::size_t label_start = 0;
  for (std::size_t i = 0; i < host.size(); ++i) {
    const char c = host[i];
    if (c == '.') {
      if (i == label_start) return false;
      label_start = i + 1;
    } else if (!is_lower_alpha(c) && !is_digit(c) && c != '-') {
      return false;
    }
  }
  return label_start < host.size() && is_lower_alpha(host[label_start]);
}

// An absolute http(s) URL that libcurl gives back as written, apart from the
// upper-casing of percent escapes: "http://" or "https://", a plain host, a
// path, and nothing libcurl escapes or normalises (no dot segments, no
// "%2e", no fragment, no empty query). Most links in feeds are such URLs;
// they skip libcurl's parse and reassembly, which cost more than the rest
// of a link's handling. Anything else goes through libcurl.
bool is_plain_http_url(std::string_view url) {
  std::size_t scheme_end;
  if (url.starts_with("http://")) {
    scheme_end = 7;
  } else if (url.starts_with("https://")) {
    scheme_end = 8;
  } else {
    return false;
  }
  const std::size_t path = url.find('/', scheme_end);
  if (path == std::string_view::npos || !is_plain_host(url.substr(scheme_end, path - scheme_end))) {
    return false;
  }
  for (std::size_t i = path; i < url.size(); ++i) {
    const char c = url[i];
    if (!is_plain_path_char(c)) return false;
    if (c == '.' && url[i - 1] == '/') return false;  // maybe a dot segment
    if (c == '%' && (i + 2 >= url.size() || !is_hex(url[i + 1]) || !is_hex(url[i + 2]) ||
                     (url[i + 1] == '2' && (url[i + 2] == 'e' || url[i + 2] == 'E')))) {
      return false;
    }
  }
  return url.back() != '?';
}

// The last base URL libcurl parsed, per thread: a document resolves all its
// links against one base, which is then parsed once, not once per link.
struct ParsedBase {
  std::string text;
  UrlHandle handle;  // null when `text` is not a URL libcurl accepts
};

// `base` is not empty (so the initial empty `last` never matches).
const ParsedBase& parsed_base(const std::string& base) {
  thread_local ParsedBase last;
  if (last.text == base) return last;
  last.text = base;
  last.handle.reset(curl_url());
  if (last.handle && curl_url_set(last.handle.get(), CURLUPART_URL, base.c_str(),
                                  CURLU_NON_SUPPORT_SCHEME) != CURLUE_OK) {
    last.handle.reset();
  }
  return last;
}

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
  const std::string b = trim_spaces(base);
  if (r.empty() && b.empty()) return std::nullopt;
  const ParsedBase* parsed = b.empty() ? nullptr : &parsed_base(b);
  if (parsed && !parsed->handle) return std::nullopt;  // a base libcurl rejects
  if (is_plain_http_url(r)) {
    // An absolute reference replaces the base: what libcurl would return.
    std::string out = r;
    uppercase_percent_escapes(out);
    return out;
  }
  UrlHandle u(parsed ? curl_url_dup(parsed->handle.get()) : curl_url());
  if (!u) return std::nullopt;
  if (!r.empty() && curl_url_set(u.get(), CURLUPART_URL, r.c_str(),
                                 CURLU_NON_SUPPORT_SCHEME | CURLU_URLENCODE) != CURLUE_OK) {
    return std::nullopt;
  }
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
