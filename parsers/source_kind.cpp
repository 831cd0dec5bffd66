// detect_source_kind: a look at the first bytes only (at most kSniffBytes,
// gzip inflated that far), so classifying a large body costs little.
#include <optional>
#include <string>
#include <string_view>

#include "parsers/feed_discovery.h"
#include "parsers/gzip_body.h"
#include "parsers/markup_chars.h"
#include "text/ascii.h"
#include "text/url.h"

namespace akhbar::parsers {

namespace {

constexpr std::size_t kSniffBytes = 64 * 1024;

std::string_view skip_space(std::string_view s) {
  if (s.starts_with("\xEF\xBB\xBF")) s.remove_prefix(3);
  while (!s.empty() && text::is_ascii_space(s.front())) s.remove_prefix(1);
  return s;
}

// The name of the first element, past the XML declaration, processing
// instructions, comments and a doctype; "!html" for an HTML doctype; empty
// when the sniffed prefix holds no start tag.
std::string first_element(std::string_view s) {
  while (!s.empty()) {
    s = skip_space(s);
    if (!s.starts_with('<')) {
      // Text before the root (a PHP notice, a stray character): look past it.
      const std::size_t lt = s.find('<');
      if (lt == std::string_view::npos) return {};
      s.remove_prefix(lt);
      continue;
    }
    std::size_t end = std::string_view::npos;
    if (s.starts_with("<?")) {
      end = s.find("?>");
      if (end != std::string_view::npos) end += 2;
    } else if (s.starts_with("<!--")) {
      end = s.find("-->");
      if (end != std::string_view::npos) end += 3;
    } else if (s.starts_with("<!")) {
      if (text::ascii_iequals(s.substr(0, 14), "<!doctype html")) return "!html";
      end = s.find('>');
      if (end != std::string_view::npos) end += 1;
    } else {
      std::size_t i = 1;
      while (i < s.size() && !detail::is_xml_space(s[i]) && s[i] != '>' && s[i] != '/') ++i;
      return text::ascii_lower(s.substr(1, i - 1));
    }
    if (end == std::string_view::npos) return {};
    s.remove_prefix(end);
  }
  return {};
}

SourceKind kind_of_root(std::string_view name) {
  const std::size_t colon = name.find(':');
  const std::string_view local = colon == std::string_view::npos ? name : name.substr(colon + 1);
  if (local == "rss" || local == "rdf" || local == "feed") return SourceKind::kFeed;
  if (local == "urlset" || local == "sitemapindex") return SourceKind::kSitemap;
  for (std::string_view html : {"!html", "html", "head", "body", "meta", "title", "div", "link",
                                "script", "style", "p", "table", "iframe"}) {
    if (name == html) return SourceKind::kHtml;
  }
  return SourceKind::kUnknown;
}

// Most non-empty lines of the prefix are http(s) URLs: a text sitemap.
bool url_lines(std::string_view s) {
  std::size_t urls = 0;
  std::size_t others = 0;
  std::size_t pos = 0;
  while (pos < s.size() && urls + others < 50) {
    std::size_t end = s.find('\n', pos);
    if (end == std::string_view::npos) end = s.size();
    const std::string_view line = text::trim_ascii(s.substr(pos, end - pos));
    pos = end + 1;
    if (line.empty()) continue;
    if (line.find(' ') == std::string_view::npos && text::parse_http_url(line)) {
      ++urls;
    } else {
      ++others;
    }
  }
  return urls > 0 && urls >= 4 * others;
}

SourceKind kind_from_content_type(std::string_view content_type) {
  const std::string ct = text::ascii_lower(content_type);
  for (std::string_view feed : {"rss+xml", "atom+xml", "feed+json", "rdf+xml"}) {
    if (ct.find(feed) != std::string::npos) return SourceKind::kFeed;
  }
  if (ct.find("html") != std::string::npos) return SourceKind::kHtml;
  return SourceKind::kUnknown;
}

}  // namespace

SourceKind detect_source_kind(std::string_view body, std::string_view content_type) {
  std::string inflated;
  if (is_gzip(body)) {
    GunzipOptions gz;
    gz.max_output = kSniffBytes;
    gz.prefix_only = true;
    Result<std::string> r = gunzip_body(body, gz);
    if (!r) return SourceKind::kUnknown;
    inflated = std::move(r).value();
    body = inflated;
  }
  const std::string_view s = skip_space(body.substr(0, kSniffBytes));
  if (s.starts_with('{')) {
    // JSON Feed names its version URL at the top level (jsonfeed.org).
    return s.find("jsonfeed.org/version") != std::string_view::npos ? SourceKind::kFeed
                                                                    : SourceKind::kUnknown;
  }
  if (!s.empty() && s.front() != '<' && url_lines(s)) return SourceKind::kSitemap;
  const SourceKind by_root = kind_of_root(first_element(s));
  if (by_root != SourceKind::kUnknown) return by_root;
  return kind_from_content_type(content_type);
}

}  // namespace akhbar::parsers
