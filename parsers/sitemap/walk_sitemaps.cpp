// Breadth-first over sitemap indexes: the root's children before theirs, so
// that the caps cut the deepest, least important levels first.
#include <deque>
#include <unordered_set>
#include <utility>

#include "parsers/sitemap.h"

namespace akhbar::parsers {

SitemapWalk walk_sitemaps(const std::string& root_url, const SitemapFetch& fetch,
                          const SitemapWalkLimits& limits, const SitemapOptions& options) {
  SitemapWalk walk;
  std::deque<std::pair<std::string, int>> queue{{root_url, 0}};
  std::unordered_set<std::string> queued{root_url};
  std::unordered_set<std::string> urls_seen;
  while (!queue.empty()) {
    if (walk.sitemaps_read >= limits.max_sitemaps) {
      walk.capped = true;
      break;
    }
    auto [url, depth] = std::move(queue.front());
    queue.pop_front();
    ++walk.sitemaps_read;
    Result<std::string> body = fetch(url);
    if (!body) {
      walk.errors.push_back(url + ": " + body.error());
      continue;
    }
    SitemapOptions one = options;
    one.base_url = url;
    Result<Sitemap> sitemap = parse_sitemap(*body, one);
    if (!sitemap) {
      walk.errors.push_back(url + ": " + sitemap.error());
      continue;
    }
    for (SitemapRef& child : sitemap->sitemaps) {
      if (depth + 1 > limits.max_depth) {
        walk.capped = true;
        break;
      }
      if (queued.insert(child.url).second) queue.emplace_back(std::move(child.url), depth + 1);
    }
    for (SitemapUrl& u : sitemap->urls) {
      if (walk.urls.size() >= limits.max_urls) {
        walk.capped = true;
        return walk;
      }
      if (urls_seen.insert(u.url).second) walk.urls.push_back(std::move(u));
    }
  }
  return walk;
}

}  // namespace akhbar::parsers
