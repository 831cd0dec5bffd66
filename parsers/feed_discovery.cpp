// Feed autodiscovery follows the RSS Advisory Board's "RSS Autodiscovery"
// note and RFC 4287's use of rel="alternate": a <link> in the page with
// rel "alternate" and a feed MIME type. Pages that only link to their feeds
// (Arabic news sites often have an "RSS" page of <a> links) are covered by
// the weaker <a href> rule.
#include "parsers/feed_discovery.h"

#include <gumbo.h>

#include <algorithm>
#include <optional>
#include <unordered_map>
#include <vector>

#include "parsers/gumbo_page.h"
#include "parsers/listing_links.h"
#include "parsers/markup_chars.h"
#include "text/ascii.h"
#include "text/url.h"
#include "text/utf8.h"

namespace akhbar::parsers {

namespace {

using detail::attribute;
using detail::is_ascii_alnum;

struct TypeScore {
  std::string_view type;
  int score;
};

// Feed types; generic XML is weaker (it may be anything).
constexpr TypeScore kFeedTypes[] = {{"application/rss+xml", 100},
                                    {"application/atom+xml", 100},
                                    {"application/feed+json", 95},
                                    {"application/rdf+xml", 90},
                                    {"application/json", 60},
                                    {"application/xml", 60},
                                    {"text/xml", 60},
                                    {"application/x.atom+xml", 90},
                                    {"application/x-rss+xml", 90}};

constexpr int kAnchorFeedPath = 50;  // /feed, /rss.xml, /feeds/news
constexpr int kCommentsPenalty = 40;

bool looks_like_comments(std::string_view url, std::string_view title) {
  const std::string u = text::ascii_lower(url);
  const std::string t = text::ascii_lower(title);
  return u.find("comment") != std::string::npos || t.find("comment") != std::string::npos ||
         title.find("تعليقات") != std::string_view::npos;
}

// The path has one of the feed words as a whole word, or a feed extension.
bool feed_like_path(std::string_view path) {
  const std::string p = text::ascii_lower(path);
  for (std::string_view ext : {".rss", ".xml", ".atom"}) {
    if (p.ends_with(ext)) return true;
  }
  std::size_t pos = 0;
  while (pos < p.size()) {
    while (pos < p.size() && !is_ascii_alnum(p[pos])) ++pos;
    std::size_t end = pos;
    while (end < p.size() && is_ascii_alnum(p[end])) ++end;
    const std::string_view word = std::string_view(p).substr(pos, end - pos);
    if (word == "rss" || word == "feed" || word == "feeds" || word == "atom") return true;
    pos = end;
  }
  return false;
}

bool feed_host(std::string_view host) {
  const std::string h = text::ascii_lower(host);
  return h.find("feedburner") != std::string::npos || h.starts_with("feeds.") ||
         h.starts_with("rss.");
}

class Collector {
 public:
  void add(DiscoveredFeed f) {
    const auto [it, inserted] = index_.emplace(f.url, out_.size());
    if (inserted) {
      out_.push_back(std::move(f));
    } else if (f.score > out_[it->second].score) {
      out_[it->second] = std::move(f);
    }
  }
  std::vector<DiscoveredFeed> take() {
    std::stable_sort(out_.begin(), out_.end(),
                     [](const auto& a, const auto& b) { return a.score > b.score; });
    return std::move(out_);
  }

 private:
  std::vector<DiscoveredFeed> out_;
  std::unordered_map<std::string, std::size_t> index_;
};

void consider_link_tag(const GumboNode* n, const std::string& base, Collector& out) {
  if (!detail::has_token(attribute(n, "rel"), "alternate")) return;
  std::string type = text::ascii_lower(text::trim_ascii(attribute(n, "type")));
  type = type.substr(0, type.find(';'));  // "application/rss+xml; charset=utf-8"
  type = std::string(text::trim_ascii(type));
  const auto it = std::find_if(std::begin(kFeedTypes), std::end(kFeedTypes),
                               [&](const TypeScore& t) { return t.type == type; });
  if (it == std::end(kFeedTypes)) return;
  const std::string_view href = attribute(n, "href");
  if (href.empty()) return;
  std::optional<std::string> url = text::resolve_url(base, href);
  if (!url) return;
  // Plain JSON or XML alternates are feeds only when they say so.
  if (it->score <= 60 && !feed_like_path(text::parse_http_url(*url)->path)) return;
  DiscoveredFeed f;
  f.title = text::collapse_whitespace(attribute(n, "title"));
  f.score = it->score - (looks_like_comments(*url, f.title) ? kCommentsPenalty : 0);
  f.url = std::move(*url);
  f.type = std::move(type);
  f.from_link_tag = true;
  out.add(std::move(f));
}

void consider_anchor(const GumboNode* n, const std::string& base, const std::string& page_host,
                     Collector& out) {
  const std::string_view href = attribute(n, "href");
  if (href.empty()) return;
  std::optional<std::string> url = text::resolve_url(base, href);
  if (!url) return;
  const std::optional<text::UrlParts> parts = text::parse_http_url(*url);
  if (!parts) return;
  // Any link to a feed host; on the site itself, paths that name a feed.
  if (!feed_host(parts->host) &&
      (!same_site(parts->host, page_host) || !feed_like_path(parts->path))) {
    return;
  }
  DiscoveredFeed f;
  f.title = detail::element_text(n, 256);
  if (f.title.empty()) f.title = text::collapse_whitespace(attribute(n, "title"));
  f.score = kAnchorFeedPath - (looks_like_comments(*url, f.title) ? kCommentsPenalty : 0);
  f.url = url->substr(0, url->find('#'));
  out.add(std::move(f));
}

}  // namespace

std::string_view source_kind_name(SourceKind kind) {
  switch (kind) {
    case SourceKind::kFeed:
      return "feed";
    case SourceKind::kSitemap:
      return "sitemap";
    case SourceKind::kHtml:
      return "html";
    case SourceKind::kUnknown:
      return "unknown";
  }
  return "unknown";
}

std::vector<DiscoveredFeed> discover_feeds(std::string_view html, const std::string& page_url) {
  const std::optional<text::UrlParts> page = text::parse_http_url(page_url);
  if (!page) return {};
  const detail::GumboPage dom(html);
  const std::string base = dom.base_url(page_url);
  Collector out;
  std::vector<const GumboNode*> stack{dom.root()};
  while (!stack.empty()) {
    const GumboNode* n = stack.back();
    stack.pop_back();
    if (n->type != GUMBO_NODE_ELEMENT) continue;
    if (n->v.element.tag == GUMBO_TAG_LINK) consider_link_tag(n, base, out);
    if (n->v.element.tag == GUMBO_TAG_A) consider_anchor(n, base, page->host, out);
    const GumboVector& children = n->v.element.children;
    for (unsigned i = children.length; i > 0; --i) {
      stack.push_back(static_cast<const GumboNode*>(children.data[i - 1]));
    }
  }
  return out.take();
}

std::vector<std::string> conventional_source_urls(const std::string& page_url) {
  const std::optional<text::UrlParts> page = text::parse_http_url(page_url);
  if (!page) return {};
  std::string origin = page->scheme + "://";
  origin += page->host.find(':') != std::string::npos ? "[" + page->host + "]" : page->host;
  if (!page->port.empty()) origin += ":" + page->port;
  std::vector<std::string> out;
  for (std::string_view path : {"/feed", "/rss", "/rss.xml", "/feed.xml", "/atom.xml",
                                "/sitemap.xml", "/news-sitemap.xml", "/sitemap_index.xml"}) {
    out.push_back(origin + std::string(path));
  }
  return out;
}

}  // namespace akhbar::parsers
