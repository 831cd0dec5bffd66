// robots.txt (RFC 9309): which URLs of one origin akhbar may fetch, and a
// per-origin cache of those answers with expiry. Parsing is lenient (any line
// it does not understand is skipped) and bounded (only the first 500 KiB are
// read, the minimum the RFC asks crawlers to parse).
#pragma once

#include <cstdint>
#include <ctime>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace akhbar::fetchers {

class RobotsRules {
 public:
  // Rules of the group for `product_token` (case-insensitive, e.g. "akhbar"),
  // or of the "*" group when no group names it.
  static RobotsRules parse(std::string_view body, std::string_view product_token);
  static RobotsRules allow_all() { return {}; }

  // `path` is the URL's path and query as sent ("/a/b?c=d"). The longest
  // matching rule decides; Allow wins a tie; no matching rule allows.
  bool allows(std::string_view path) const;
  // Crawl-delay of the chosen group, when it gave one (not in the RFC, but
  // widely published); seconds.
  std::optional<double> crawl_delay() const { return crawl_delay_; }
  const std::vector<std::string>& sitemaps() const { return sitemaps_; }

 private:
  struct Rule {
    bool allow = false;
    std::string pattern;
  };
  std::vector<Rule> rules_;
  std::optional<double> crawl_delay_;
  std::vector<std::string> sitemaps_;
};

enum class RobotsVerdict {
  kAllowed,
  kDisallowed,
  kUnknown,      // no fresh answer for this origin: fetch its robots.txt first
  kUnavailable,  // robots.txt could not be fetched (5xx, network): try later
};

struct RobotsCacheOptions {
  std::int64_t fresh_seconds = 24 * 3600;      // RFC 9309 §2.4: at most 24 h
  std::int64_t unavailable_seconds = 15 * 60;  // retry a failing robots.txt soon
};

// Per-origin (scheme, host, port) answers. Not thread-safe: owned by the
// one thread that schedules fetches.
class RobotsCache {
 public:
  explicit RobotsCache(std::string product_token, RobotsCacheOptions options = {})
      : product_token_(std::move(product_token)), options_(options) {}

  RobotsVerdict check(std::string_view url, std::time_t now) const;
  // The robots.txt URL for `url`'s origin ("" when `url` is not http(s)).
  static std::string robots_url(std::string_view url);
  // Records the fetch of `robots_url`: status 0 means no response arrived,
  // and `failure` then says why (kept for unavailable_reason()).
  void record(std::string_view robots_url, long status, std::string_view body, std::time_t now,
              std::string_view failure = {});
  // Why the origin's robots.txt is unavailable ("HTTP 503", a transport
  // error), for messages; "" when it is not.
  std::string unavailable_reason(std::string_view url, std::time_t now) const;
  std::optional<double> crawl_delay(std::string_view url, std::time_t now) const;

 private:
  struct Entry {
    bool available = false;
    std::string failure;
    RobotsRules rules;
    std::time_t expires_at = 0;
  };
  const Entry* fresh_entry(std::string_view url, std::time_t now) const;

  std::string product_token_;
  RobotsCacheOptions options_;
  std::map<std::string, Entry, std::less<>> entries_;  // by origin
};

}  // namespace akhbar::fetchers
