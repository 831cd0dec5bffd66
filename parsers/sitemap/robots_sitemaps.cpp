// robots.txt "Sitemap:" lines (sitemaps.org "Specifying the Sitemap location
// in your robots.txt file"; RFC 9309 §2.2.4 lets other records such as this
// one stand anywhere in the file, independent of user-agent groups).
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>

#include "parsers/sitemap.h"
#include "text/ascii.h"
#include "text/url.h"

namespace akhbar::parsers {

std::vector<std::string> robots_txt_sitemaps(std::string_view robots_txt,
                                             std::string_view robots_url) {
  constexpr std::string_view kField = "sitemap";
  std::vector<std::string> out;
  std::unordered_set<std::string> seen;
  std::size_t pos = 0;
  if (robots_txt.starts_with("\xEF\xBB\xBF")) pos = 3;
  while (pos < robots_txt.size()) {
    std::size_t end = robots_txt.find_first_of("\r\n", pos);
    if (end == std::string_view::npos) end = robots_txt.size();
    std::string_view line = robots_txt.substr(pos, end - pos);
    pos = end + 1;
    if (const std::size_t hash = line.find('#'); hash != std::string_view::npos) {
      line = line.substr(0, hash);
    }
    line = text::trim_ascii(line);
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    if (!text::ascii_iequals(text::trim_ascii(line.substr(0, colon)), kField)) continue;
    const std::string_view value = text::trim_ascii(line.substr(colon + 1));
    if (value.empty()) continue;
    std::optional<std::string> url = text::resolve_url(robots_url, value);
    if (url && seen.insert(*url).second) out.push_back(std::move(*url));
  }
  return out;
}

}  // namespace akhbar::parsers
