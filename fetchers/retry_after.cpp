#include "fetchers/retry_after.h"

#include <curl/curl.h>

#include <algorithm>
#include <string>

#include "text/ascii.h"

namespace akhbar::fetchers {

std::optional<std::int64_t> parse_retry_after(std::string_view raw, std::time_t now) {
  const std::string value(text::trim_ascii(raw));
  if (value.empty()) return std::nullopt;
  if (std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    // Absurdly long digit strings saturate instead of overflowing.
    if (value.size() > 12) return std::int64_t{999'999'999'999};
    return std::stoll(value);
  }
  // libcurl's date parser reads the three HTTP-date forms (IMF-fixdate,
  // RFC 850, asctime).
  const std::time_t when = curl_getdate(value.c_str(), nullptr);
  if (when == -1) return std::nullopt;
  return std::max<std::int64_t>(0, static_cast<std::int64_t>(when - now));
}

}  // namespace akhbar::fetchers
