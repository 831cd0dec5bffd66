#include "dedup/url_canonical.h"

#include <algorithm>
#include <array>
#include <vector>

#include "text/ascii.h"
#include "text/url.h"

namespace akhbar::dedup {

namespace {

// Parameters that only say where a click came from. Prefix matches end in '_'
// or '*'. Sources: the utm_* convention (Google Analytics campaign URLs);
// fbclid, gclid, dclid, msclkid, yclid, mc_cid/mc_eid, igshid as listed by
// ClearURLs and Firefox's query-stripping list.
constexpr std::array<std::string_view, 16> kTrackingParameters = {
    "utm_*",  "fbclid", "gclid", "dclid", "msclkid", "yclid",  "mc_cid", "mc_eid",
    "igshid", "_ga",    "_gl",   "ocid",  "ref_src", "twclid", "cmpid",  "wt.mc_id",
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

std::string strip_tracking(std::string_view query) {
  std::string kept;
  size_t start = 0;
  while (start <= query.size()) {
    size_t end = query.find('&', start);
    if (end == std::string_view::npos) end = query.size();
    const std::string_view pair = query.substr(start, end - start);
    const std::string_view name = pair.substr(0, pair.find('='));
    if (!pair.empty() && !is_tracking(name)) {
      if (!kept.empty()) kept += '&';
      kept.append(pair);
    }
    start = end + 1;
  }
  return kept;
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
  out += parts->path;
  const std::string query = strip_tracking(parts->query);
  if (!query.empty()) out += "?" + query;
  return out;
}

}  // namespace akhbar::dedup
