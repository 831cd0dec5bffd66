#include "fetchers/robots.h"

#include <algorithm>
#include <cstdlib>

#include "text/ascii.h"
#include "text/url.h"

namespace akhbar::fetchers {

namespace {

constexpr std::size_t kMaxRobotsBytes = 500 * 1024;  // RFC 9309 §2.5

// "*" matches any run of characters, a final "$" anchors the end; otherwise
// a pattern matches any path it is a prefix of.
bool pattern_matches(std::string_view pattern, std::string_view path) {
  const bool anchored = !pattern.empty() && pattern.back() == '$';
  if (anchored) pattern.remove_suffix(1);
  // Greedy matching with backtracking to the last '*': linear in practice
  // and never worse than |pattern| × |path|.
  size_t p = 0, s = 0, star = std::string_view::npos, resume = 0;
  while (s < path.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = s;
    } else if (p < pattern.size() && pattern[p] == path[s]) {
      ++p;
      ++s;
    } else if (p == pattern.size() && !anchored) {
      return true;  // the pattern is a prefix of what is left
    } else if (star != std::string_view::npos) {
      p = star + 1;
      s = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

// The product token of a User-agent value: "Googlebot/2.1 (+...)" -> "googlebot".
std::string product_of(std::string_view value) {
  const size_t end = value.find_first_of("/ \t");
  return text::ascii_lower(value.substr(0, end));
}

}  // namespace

RobotsRules RobotsRules::parse(std::string_view body, std::string_view product_token) {
  if (body.size() > kMaxRobotsBytes) body = body.substr(0, kMaxRobotsBytes);
  if (body.substr(0, 3) == "\xEF\xBB\xBF") body.remove_prefix(3);
  const std::string token = text::ascii_lower(product_token);

  RobotsRules named, wildcard;
  bool saw_named = false;
  // The group being read: which of the two it feeds (possibly both or none).
  bool in_agents = false, feeds_named = false, feeds_wildcard = false;
  while (!body.empty()) {
    size_t end = body.find_first_of("\r\n");
    std::string_view line = body.substr(0, end);
    body = end == std::string_view::npos ? std::string_view{} : body.substr(end + 1);
    if (const size_t hash = line.find('#'); hash != std::string_view::npos) {
      line = line.substr(0, hash);
    }
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    const std::string field = text::ascii_lower(text::trim_ascii(line.substr(0, colon)));
    const std::string_view value = text::trim_ascii(line.substr(colon + 1));

    if (field == "user-agent") {
      if (!in_agents) feeds_named = feeds_wildcard = false;  // a new group starts
      in_agents = true;
      const std::string agent = product_of(value);
      if (agent == "*") feeds_wildcard = true;
      if (!token.empty() && agent == token) feeds_named = saw_named = true;
      continue;
    }
    if (field == "sitemap") {  // not part of any group
      if (!value.empty()) {
        named.sitemaps_.emplace_back(value);
        wildcard.sitemaps_.emplace_back(value);
      }
      continue;
    }
    in_agents = false;
    if (field == "allow" || field == "disallow") {
      if (value.empty()) continue;  // "Disallow:" with no path forbids nothing
      const Rule rule{field == "allow", std::string(value)};
      if (feeds_named) named.rules_.push_back(rule);
      if (feeds_wildcard) wildcard.rules_.push_back(rule);
    } else if (field == "crawl-delay") {
      char* parse_end = nullptr;
      const std::string number(value);
      const double seconds = std::strtod(number.c_str(), &parse_end);
      if (parse_end != number.c_str() && seconds >= 0 && seconds < 86'400) {
        if (feeds_named) named.crawl_delay_ = seconds;
        if (feeds_wildcard) wildcard.crawl_delay_ = seconds;
      }
    }
  }
  return saw_named ? named : wildcard;
}

bool RobotsRules::allows(std::string_view path) const {
  if (path == "/robots.txt") return true;  // RFC 9309 §2.2.2
  const Rule* best = nullptr;
  for (const Rule& rule : rules_) {
    if (!pattern_matches(rule.pattern, path)) continue;
    if (best == nullptr || rule.pattern.size() > best->pattern.size() ||
        (rule.pattern.size() == best->pattern.size() && rule.allow)) {
      best = &rule;
    }
  }
  return best == nullptr || best->allow;
}

namespace {

std::string origin_of(const text::UrlParts& parts) {
  std::string origin = parts.scheme + "://" + parts.host;
  if (!parts.port.empty()) origin += ":" + parts.port;
  return origin;
}

std::string path_of(const text::UrlParts& parts) {
  return parts.query.empty() ? parts.path : parts.path + "?" + parts.query;
}

}  // namespace

std::string RobotsCache::robots_url(std::string_view url) {
  const auto parts = text::parse_http_url(url);
  return parts ? origin_of(*parts) + "/robots.txt" : std::string();
}

const RobotsCache::Entry* RobotsCache::fresh_entry(std::string_view url, std::time_t now) const {
  const auto parts = text::parse_http_url(url);
  if (!parts) return nullptr;
  const auto found = entries_.find(origin_of(*parts));
  if (found == entries_.end() || found->second.expires_at <= now) return nullptr;
  return &found->second;
}

RobotsVerdict RobotsCache::check(std::string_view url, std::time_t now) const {
  const auto parts = text::parse_http_url(url);
  if (!parts) return RobotsVerdict::kDisallowed;
  const Entry* entry = fresh_entry(url, now);
  if (entry == nullptr) return RobotsVerdict::kUnknown;
  if (!entry->available) return RobotsVerdict::kUnavailable;
  return entry->rules.allows(path_of(*parts)) ? RobotsVerdict::kAllowed
                                              : RobotsVerdict::kDisallowed;
}

std::optional<double> RobotsCache::crawl_delay(std::string_view url, std::time_t now) const {
  const Entry* entry = fresh_entry(url, now);
  if (entry == nullptr || !entry->available) return std::nullopt;
  return entry->rules.crawl_delay();
}

std::string RobotsCache::unavailable_reason(std::string_view url, std::time_t now) const {
  const Entry* entry = fresh_entry(url, now);
  return entry != nullptr && !entry->available ? entry->failure : std::string();
}

void RobotsCache::record(std::string_view robots_url, long status, std::string_view body,
                         std::time_t now, std::string_view failure) {
  const auto parts = text::parse_http_url(robots_url);
  if (!parts) return;
  if (entries_.size() > 4096) {  // drop what has expired before growing further
    std::erase_if(entries_, [now](const auto& item) { return item.second.expires_at <= now; });
  }
  Entry entry;
  if (status >= 200 && status < 300) {
    entry.available = true;
    entry.rules = RobotsRules::parse(body, product_token_);
    entry.expires_at = now + options_.fresh_seconds;
  } else if (status >= 300 && status < 500) {
    // RFC 9309 §2.3.1.3: an unavailable robots.txt (404, 403, ...) allows
    // all; so does one behind more redirects than we follow (§2.3.1.2).
    entry.available = true;
    entry.expires_at = now + options_.fresh_seconds;
  } else {
    // §2.3.1.4: unreachable (5xx, network) means "assume complete disallow";
    // we ask again soon rather than for a day.
    entry.expires_at = now + options_.unavailable_seconds;
    entry.failure = status != 0 ? "HTTP " + std::to_string(status) : std::string(failure);
  }
  entries_.insert_or_assign(origin_of(*parts), std::move(entry));
}

}  // namespace akhbar::fetchers
