#include "dedup/url_canonical.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <vector>

#include "text/ascii.h"
#include "text/url.h"

namespace akhbar::dedup {

namespace {

// Parameters that only say where a click came from, never which page it is.
// A trailing '*' marks a prefix. The list and the source of each name are in
// docs/dedup.md, "Tracking parameters": utm_* (Google Analytics campaigns),
// Brave's query string filter, per-platform click identifiers, and the
// campaign parameters of syndication and share buttons. Generic names such
// as "ref", "source" or "from" are NOT here: some sites use them to pick the
// page.
constexpr std::string_view kTrackingParameters[] = {
    "utm_*",       "fbclid",        "gclid",
    "gclsrc",      "dclid",         "gbraid",
    "wbraid",      "msclkid",       "yclid",
    "twclid",      "ttclid",        "igshid",
    "li_fat_id",   "mc_cid",        "mc_eid",
    "_ga",         "_gl",           "_hsenc",
    "_hsmi",       "__hssc",        "__hstc",
    "__hsfp",      "hsctatracking", "mkt_tok",
    "oly_anon_id", "oly_enc_id",    "vero_id",
    "vero_conv",   "rb_clickid",    "s_cid",
    "_openstat",   "ml_subscriber", "ml_subscriber_hash",
    "wickedid",    "__s",           "ocid",
    "ref_src",     "cmpid",         "wt.mc_id",
};

bool is_tracking(std::string_view name) {
  const std::string lower = text::ascii_lower(name);
  for (const std::string_view p : kTrackingParameters) {
    if (p.back() == '*' ? lower.rfind(p.substr(0, p.size() - 1), 0) == 0 : lower == p) {
      return true;
    }
  }
  return false;
}

bool is_unreserved(unsigned char c) {
  return std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// RFC 3986 section 6.2.2.2: an escaped unreserved character ("%41", "%7E")
// is the character itself. Other escapes stay (text/url already upper-cases
// their hex digits), since decoding "%2F" or "%26" would change the meaning.
std::string decode_unreserved(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      const int hi = hex_value(s[i + 1]);
      const int lo = hex_value(s[i + 2]);
      if (hi >= 0 && lo >= 0 && is_unreserved(static_cast<unsigned char>(hi * 16 + lo))) {
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
        continue;
      }
    }
    out += s[i];
  }
  return out;
}

// Tracking parameters removed, the rest sorted so that parameter order does
// not make two URLs of one page differ. Every other key is kept: keys such as
// ArticleID, id or p name the article.
std::string normalise_query(std::string_view query) {
  std::vector<std::string> kept;
  size_t start = 0;
  while (start <= query.size()) {
    size_t end = query.find('&', start);
    if (end == std::string_view::npos) end = query.size();
    const std::string_view pair = query.substr(start, end - start);
    const std::string_view name = pair.substr(0, pair.find('='));
    if (!pair.empty() && !is_tracking(decode_unreserved(name))) {
      kept.push_back(decode_unreserved(pair));
    }
    start = end + 1;
  }
  // Stable by key only: the order of repeated keys (a=2&a=1) can matter.
  std::stable_sort(kept.begin(), kept.end(), [](const std::string& a, const std::string& b) {
    return std::string_view(a).substr(0, a.find('=')) < std::string_view(b).substr(0, b.find('='));
  });
  std::string out;
  for (const std::string& pair : kept) {
    if (!out.empty()) out += '&';
    out += pair;
  }
  return out;
}

}  // namespace

std::string canonicalize_url(std::string_view url) {
  const auto parts = text::parse_http_url(url);
  if (!parts) return std::string(url);
  std::string out = parts->scheme + "://";
  out += parts->host.find(':') != std::string::npos ? "[" + parts->host + "]" : parts->host;
  const bool default_port = parts->port.empty() ||
                            (parts->scheme == "http" && parts->port == "80") ||
                            (parts->scheme == "https" && parts->port == "443");
  if (!default_port) out += ":" + parts->port;
  out += decode_unreserved(parts->path);
  const std::string query = normalise_query(parts->query);
  if (!query.empty()) out += "?" + query;
  return out;
}

}  // namespace akhbar::dedup
