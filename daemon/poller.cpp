#include "daemon/poller.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <map>
#include <set>

#include "base/time.h"
#include "daemon/schedule.h"
#include "daemon/source_links.h"
#include "dedup/url_canonical.h"
#include "fetchers/backoff.h"
#include "fetchers/charset.h"
#include "fetchers/site_key.h"
#include "parsers/article.h"
#include "text/url.h"

namespace akhbar::daemon {

namespace {

// A page that fails is tried again after about 5 min × 2^(attempts−1), at
// most 12 hours apart; after kMaxPageAttempts (about 10 hours in all) it is
// given up and stays in pending_pages with its last error.
constexpr std::int64_t kMaxPageAttempts = 8;
constexpr fetchers::BackoffPolicy kPageBackoff{300, 12 * 3600, 86'400, 0.5};

// A page whose site's robots.txt could not be read is asked for again after this.
constexpr std::int64_t kRobotsUnavailableDelay = 15 * 60;
// Crawl-delay is honoured up to this many seconds per request.
constexpr double kMaxCrawlDelay = 60;
// Entries marked updated are followed for articles stored in the last week:
// news pages are corrected within hours or days, and older entries that
// change their dates are more often feed churn than news.
constexpr std::int64_t kRecheckDays = 7;
constexpr std::size_t kMaxRechecksPerPoll = 10;

std::string_view site_of(std::string_view host) {
  for (std::string_view prefix : {"www.", "m.", "amp."}) {
    if (host.substr(0, prefix.size()) == prefix) return host.substr(prefix.size());
  }
  return host;
}

// A page names its canonical URL and its AMP twin; either is believed only
// when it stays on the page's own site and is not the site's front page (a
// common template bug that would make every article a duplicate of the
// first, and a way for one site to claim another's articles).
std::string trusted_page_link(const std::string& claimed_url, const std::string& page_url) {
  const auto claimed = text::parse_http_url(claimed_url);
  const auto page = text::parse_http_url(page_url);
  if (!claimed || !page || site_of(claimed->host) != site_of(page->host)) return {};
  if (claimed->path == "/" && claimed->query.empty()) return {};
  return claimed_url;
}

// Round-robin over the groups: the first of each group, then the second of
// each, and so on.
template <typename T>
std::vector<T> take_turns(std::vector<std::vector<T>> groups) {
  std::vector<T> out;
  for (std::size_t round = 0;; ++round) {
    bool any = false;
    for (auto& group : groups) {
      if (round >= group.size()) continue;
      any = true;
      out.push_back(std::move(group[round]));
    }
    if (!any) return out;
  }
}

std::vector<const storage::SourceRow*> in_turn_by_site(
    const std::vector<const storage::SourceRow*>& sources) {
  std::map<std::string, std::vector<const storage::SourceRow*>> by_site;
  std::vector<std::vector<const storage::SourceRow*>> groups;
  for (const auto* s : sources) by_site[fetchers::site_of_url(s->spec.url)].push_back(s);
  for (auto& [site, group] : by_site) groups.push_back(std::move(group));
  return take_turns(std::move(groups));
}

}  // namespace

PollStats& PollStats::operator+=(const PollStats& o) {
  sources_polled += o.sources_polled;
  sources_failed += o.sources_failed;
  sources_not_modified += o.sources_not_modified;
  entries_seen += o.entries_seen;
  articles_stored += o.articles_stored;
  duplicates += o.duplicates;
  articles_updated += o.articles_updated;
  pages_failed += o.pages_failed;
  pages_given_up += o.pages_given_up;
  pages_blocked += o.pages_blocked;
  pages_deferred += o.pages_deferred;
  pages_fetched += o.pages_fetched;
  pages_rechecked += o.pages_rechecked;
  extraction_seconds.merge(o.extraction_seconds);
  return *this;
}

std::string describe(const PollStats& s) {
  return fmt::format(
      "{} sources ({} failed, {} not modified): {} entries, {} new articles, {} duplicates, "
      "{} updated, {} pages failed ({} given up), {} blocked by robots.txt, {} deferred, "
      "{} fetched again to look for changes",
      s.sources_polled, s.sources_failed, s.sources_not_modified, s.entries_seen, s.articles_stored,
      s.duplicates, s.articles_updated, s.pages_failed, s.pages_given_up, s.pages_blocked,
      s.pages_deferred, s.pages_rechecked);
}

fetchers::HttpOptions http_options_from(const HttpConfig& http) {
  fetchers::HttpOptions options;
  options.user_agent = http.user_agent;
  options.connect_timeout_ms = http.connect_timeout_seconds * 1000;
  options.total_timeout_ms = http.timeout_seconds * 1000;
  options.max_body_bytes = static_cast<std::size_t>(http.max_body_bytes);
  options.max_redirects = http.max_redirects;
  options.concurrency = static_cast<int>(http.concurrency);
  options.politeness.per_site_concurrency = static_cast<int>(http.per_site_concurrency);
  options.politeness.per_site_delay_ms = http.per_site_delay_ms;
  options.allow_private_networks = http.allow_private_networks;
  options.proxy = http.proxy;
  return options;
}

std::vector<storage::SourceSpec> source_specs(const Config& config) {
  std::vector<storage::SourceSpec> specs;
  for (const auto& s : config.sources) {
    specs.push_back({s.name, s.url, s.kind, s.interval_seconds, s.enabled});
  }
  return specs;
}

std::string robots_token(const std::string& user_agent) {
  const size_t end = user_agent.find_first_of("/ \t");
  return user_agent.substr(0, end);
}

std::string Poller::robots_unavailable(const std::string& url, std::time_t now) const {
  return "robots.txt of the site could not be read (" + robots_.unavailable_reason(url, now) +
         "); will ask again";
}

bool Poller::ignores_robots(const storage::SourceRow& source) const {
  const SourceConfig* configured = source_config(source);
  return configured != nullptr && configured->ignore_robots;
}

void Poller::learn_robots(const std::vector<std::string>& urls, const fetchers::FetchHooks& hooks) {
  const std::time_t now = std::time(nullptr);
  std::vector<fetchers::FetchRequest> requests;
  std::set<std::string> asked;
  for (const auto& url : urls) {
    if (robots_.check(url, now) != fetchers::RobotsVerdict::kUnknown) continue;
    std::string robots_url = fetchers::RobotsCache::robots_url(url);
    if (!robots_url.empty() && asked.insert(robots_url).second) {
      requests.push_back({std::move(robots_url), "", ""});
    }
  }
  if (requests.empty()) return;
  // Through the window like the sources: one robots.txt per site, and a
  // first poll may ask thousands of sites.
  http_.fetch_each(
      requests, fetch_window(),
      [&](std::size_t, fetchers::FetchResponse r) {
        // A cancelled or deferred fetch says nothing about the site's rules.
        if (r.error_kind == fetchers::FetchErrorKind::kCancelled ||
            r.error_kind == fetchers::FetchErrorKind::kDeferred) {
          return;
        }
        robots_.record(r.url, r.transport_ok() ? r.status : 0, r.body, now, r.error);
        if (!r.ok() && r.status != 404) spdlog::info("{}: {}", r.url, r.describe_failure());
        if (auto delay = robots_.crawl_delay(r.url, now); delay && *delay > 0) {
          const auto ms = static_cast<std::int64_t>(std::min(*delay, kMaxCrawlDelay) * 1000);
          http_.set_site_delay(fetchers::site_of_url(r.url), std::chrono::milliseconds(ms));
        }
      },
      hooks);
}

PollStats Poller::poll(const std::vector<storage::SourceRow>& sources,
                       const fetchers::FetchHooks& hooks) {
  PollStats stats = poll_sources(sources, hooks);
  if (hooks.cancel == nullptr || !hooks.cancel->load()) stats += fetch_pages(sources, hooks);
  return stats;
}

PollStats Poller::poll_sources(const std::vector<storage::SourceRow>& sources,
                               const fetchers::FetchHooks& hooks) {
  const auto stopping = [&hooks] { return hooks.cancel != nullptr && hooks.cancel->load(); };
  const auto progress = [&hooks] {
    if (hooks.on_progress) hooks.on_progress();
  };
  PollStats stats;
  std::vector<std::string> robots_urls;
  for (const auto& s : sources) {
    if (!ignores_robots(s)) robots_urls.push_back(s.spec.url);
  }
  learn_robots(robots_urls, hooks);
  if (stopping()) return stats;

  std::vector<const storage::SourceRow*> allowed;
  const std::time_t now = std::time(nullptr);
  for (const auto& s : sources) {
    const auto verdict =
        ignores_robots(s) ? fetchers::RobotsVerdict::kAllowed : robots_.check(s.spec.url, now);
    if (verdict == fetchers::RobotsVerdict::kAllowed) {
      allowed.push_back(&s);
      continue;
    }
    ++stats.sources_polled;
    ++stats.sources_failed;
    record_failure(s, nullptr,
                   verdict == fetchers::RobotsVerdict::kDisallowed
                       ? "disallowed by robots.txt (set ignore_robots = true on the source to "
                         "fetch it anyway)"
                       : robots_unavailable(s.spec.url, now));
  }
  // Sites take turns in the request list, so the window below always spans
  // sites and one site's politeness delay does not idle the others.
  const std::vector<const storage::SourceRow*> fetched = in_turn_by_site(allowed);
  std::vector<fetchers::FetchRequest> requests;
  for (const auto* s : fetched) requests.push_back({s->spec.url, s->etag, s->last_modified});
  // Each answer is handled as it arrives and its body freed, so however many
  // sources are due at once only a window of bodies is held.
  http_.fetch_each(
      requests, fetch_window(),
      [&](std::size_t i, fetchers::FetchResponse response) {
        // A cancelled fetch says nothing about the source: leave its state alone.
        if (stopping()) return;
        ++stats.sources_polled;
        discover(*fetched[i], response, stats, hooks);
        progress();
      },
      hooks);
  return stats;
}

std::vector<Poller::DuePage> Poller::due_pages_in_turn(
    const std::vector<storage::SourceRow>& sources) {
  // A turn reads at most max_pages_per_turn_ pages from the queue, so a burst
  // of due pages across many sources is taken a turn's worth at a time (the
  // rest stays queued). Every source gets an equal share first; what the
  // others leave is shared among those with more due.
  const auto count = static_cast<std::int64_t>(std::max<std::size_t>(1, sources.size()));
  const std::int64_t share =
      std::clamp<std::int64_t>(max_pages_per_turn_ / count, 1, config_.max_articles_per_poll);
  std::vector<std::vector<DuePage>> per_source(sources.size());
  std::int64_t taken = 0;
  std::int64_t wanting_more = 0;
  const auto load = [&](std::size_t i, std::int64_t limit) {
    auto due = store_.due_pages(sources[i].id, static_cast<int>(limit));
    if (!due) {
      spdlog::error("source {}: cannot read its pending pages: {}", sources[i].spec.name,
                    due.error());
      return;
    }
    per_source[i].clear();
    for (auto& page : *due) per_source[i].push_back({std::move(page), sources[i].spec.name});
  };
  for (std::size_t i = 0; i < sources.size(); ++i) {
    load(i, share);
    taken += static_cast<std::int64_t>(per_source[i].size());
    if (static_cast<std::int64_t>(per_source[i].size()) == share) ++wanting_more;
  }
  if (wanting_more > 0 && taken < max_pages_per_turn_ && share < config_.max_articles_per_poll) {
    const std::int64_t larger = std::min<std::int64_t>(
        config_.max_articles_per_poll, share + (max_pages_per_turn_ - taken) / wanting_more);
    for (std::size_t i = 0; i < sources.size(); ++i) {
      if (larger > share && static_cast<std::int64_t>(per_source[i].size()) == share) {
        load(i, larger);
      }
    }
  }
  // Sources take turns in the list (one page of each, then the next of each),
  // so a chunk of it spans sites and one site's backlog does not fill it.
  std::vector<DuePage> pages;
  std::set<std::string> queued;
  for (auto& page : take_turns(std::move(per_source))) {
    if (queued.insert(page.page.url).second) pages.push_back(std::move(page));
  }
  return pages;
}

PollStats Poller::fetch_pages(const std::vector<storage::SourceRow>& sources,
                              const fetchers::FetchHooks& hooks,
                              std::optional<std::chrono::steady_clock::time_point> deadline) {
  const auto stopping = [&hooks] { return hooks.cancel != nullptr && hooks.cancel->load(); };
  const auto progress = [&hooks] {
    if (hooks.on_progress) hooks.on_progress();
  };
  PollStats stats;
  std::vector<DuePage> pages = due_pages_in_turn(sources);
  std::vector<std::string> urls;
  for (const auto& p : pages) urls.push_back(p.page.url);
  learn_robots(urls, hooks);
  if (stopping()) return stats;

  // In chunks, so that a deadline (the next source due) is kept: what is
  // left stays queued and due for the next round.
  const size_t chunk = fetch_window();
  for (size_t from = 0; from < pages.size() && !stopping(); from += chunk) {
    if (deadline && std::chrono::steady_clock::now() >= *deadline) break;
    std::vector<size_t> allowed;
    std::vector<fetchers::FetchRequest> requests;
    const std::time_t checked_at = std::time(nullptr);
    for (size_t i = from; i < std::min(pages.size(), from + chunk); ++i) {
      const storage::PendingPage& page = pages[i].page;
      const std::string& source_name = pages[i].source_name;
      switch (robots_.check(page.url, checked_at)) {
        case fetchers::RobotsVerdict::kAllowed:
          allowed.push_back(i);
          requests.push_back({page.url});
          break;
        case fetchers::RobotsVerdict::kDisallowed:
          ++stats.pages_blocked;
          spdlog::info("source {}: article {} is disallowed by robots.txt", source_name, page.url);
          if (Status st = store_.page_failed(page.url, "disallowed by robots.txt", utc_now(),
                                             /*give_up=*/true);
              !st) {
            spdlog::error("source {}: cannot record the page: {}", source_name, st.error());
          }
          break;
        default:
          postpone_page(page, source_name, robots_unavailable(page.url, checked_at),
                        kRobotsUnavailableDelay, stats);
          break;
      }
    }
    const auto responses = http_.fetch_all(requests, hooks);
    // Pages cut off by a stop stay queued as they were, without a failure mark.
    if (stopping()) break;
    std::vector<const DuePage*> fetched;
    for (const size_t i : allowed) fetched.push_back(&pages[i]);
    store_pages(fetched, responses, stats);
    progress();
  }
  return stats;
}

void Poller::record_failure(const storage::SourceRow& source,
                            const fetchers::FetchResponse* response, const std::string& error) {
  spdlog::warn("source {}: {}", source.spec.name, error);
  fetchers::BackoffPolicy policy;
  policy.ceiling_seconds = config_.http.max_backoff_seconds;
  policy.first_delay_seconds = std::min(source.spec.interval_seconds, policy.ceiling_seconds);
  const std::int64_t delay = fetchers::backoff_delay(
      policy, source.consecutive_errors + 1, std::uniform_real_distribution<double>(0, 1)(random_),
      response != nullptr ? response->retry_after_seconds : std::nullopt);
  storage::FetchOutcome outcome;
  outcome.http_status = response != nullptr ? response->status : 0;
  outcome.error = error;
  outcome.next_attempt_at = format_utc(std::time(nullptr) + delay);
  if (Status st = store_.record_fetch(source.id, outcome); !st) {
    spdlog::error("source {}: cannot record the failure: {}", source.spec.name, st.error());
  }
}

const SourceConfig* Poller::source_config(const storage::SourceRow& source) const {
  for (const auto& s : config_.sources) {
    if (s.name == source.spec.name) return &s;
  }
  return nullptr;
}

std::string Poller::next_success_attempt(const storage::SourceRow& source,
                                         const fetchers::FetchResponse* response,
                                         std::optional<double> entries_per_hour,
                                         std::int64_t ttl_seconds) {
  ScheduleInputs in;
  in.interval = source.spec.interval_seconds;
  in.min_interval = in.max_interval = in.interval;
  const SourceConfig* configured = source_config(source);
  if (configured != nullptr && configured->adaptive) {
    in.min_interval = configured->min_interval_seconds;
    in.max_interval = configured->max_interval_seconds;
    in.entries_per_hour = entries_per_hour;
    // The gap the last poll chose, to lengthen when nothing changed.
    const std::time_t last = parse_utc(source.last_attempt_at);
    const std::time_t next = parse_utc(source.next_attempt_at);
    if (!entries_per_hour && response != nullptr && response->not_modified() && last > 0 &&
        next > last) {
      in.previous_gap = next - last;
    }
  }
  in.cache_floor = std::max<std::int64_t>(
      ttl_seconds, response != nullptr ? response->max_age_seconds.value_or(0) : 0);
  const std::int64_t delay =
      next_poll_delay(in, std::uniform_real_distribution<double>(0, 1)(random_));
  return format_utc(std::time(nullptr) + delay);
}

std::string Poller::next_page_attempt(std::int64_t failed_attempts,
                                      std::optional<std::int64_t> retry_after) {
  const std::int64_t delay =
      fetchers::backoff_delay(kPageBackoff, failed_attempts,
                              std::uniform_real_distribution<double>(0, 1)(random_), retry_after);
  return format_utc(std::time(nullptr) + delay);
}

std::size_t Poller::fetch_window() const {
  return static_cast<std::size_t>(std::max<std::int64_t>(8, 2 * config_.http.concurrency));
}

void Poller::discover(const storage::SourceRow& source, const fetchers::FetchResponse& response,
                      PollStats& stats, const fetchers::FetchHooks& hooks) {
  const std::string& name = source.spec.name;
  if (!response.ok() && !response.not_modified()) {
    ++stats.sources_failed;
    record_failure(source, &response, "fetch failed: " + response.describe_failure());
    return;
  }
  storage::FetchOutcome outcome;
  outcome.success = true;
  outcome.http_status = response.status;
  outcome.etag = response.not_modified() ? source.etag : response.etag;
  outcome.last_modified = response.not_modified() ? source.last_modified : response.last_modified;
  if (response.not_modified()) {
    outcome.next_attempt_at = next_success_attempt(source, &response, std::nullopt, 0);
    ++stats.sources_not_modified;
    spdlog::debug("source {}: not modified", name);
    (void)store_.record_fetch(source.id, outcome);
    return;
  }
  // Child sitemaps are fetched with the poll's hooks: a stop abandons them
  // too, and the service stays visibly alive through a long index walk.
  const auto fetch_child = [this, &hooks](const std::string& url) -> Result<std::string> {
    auto child = std::move(http_.fetch_all({{url}}, hooks).front());
    if (!child.ok()) return make_error(child.describe_failure());
    return std::move(child.body);
  };
  auto links = links_of_source(source.spec.kind, response, fetch_child, std::time(nullptr));
  // A walk cut short by a stop says nothing about the source.
  if (hooks.cancel != nullptr && hooks.cancel->load()) return;
  if (!links) {
    ++stats.sources_failed;
    record_failure(source, &response, links.error());
    return;
  }

  std::vector<storage::PendingPage> fresh;
  std::vector<storage::PendingPage> updated;  // stored pages to fetch again
  std::size_t known_entries = 0;
  std::set<std::string> seen;
  const std::time_t polled_at = std::time(nullptr);
  const std::string recheck_since = format_utc(polled_at - kRecheckDays * 86400);
  const std::string future_limit = format_utc(polled_at + 600);  // clocks disagree a little
  for (const auto& link : links->links) {
    ++stats.entries_seen;
    if (link.url.empty()) continue;
    const std::string url = dedup::canonicalize_url(link.url);
    if (!seen.insert(url).second) continue;
    auto known = store_.find_by_url(url);
    if (!known) {
      spdlog::error("source {}: {}", name, known.error());
      continue;
    }
    if (*known) {
      // Updated in place: the source marks the entry changed after we last
      // fetched the page. Recent articles only; the store decides whether
      // the text really changed (a revision) or not (remembered as checked).
      ++known_entries;
      if (link.updated_at.empty() || link.updated_at > future_limit) continue;
      auto recheck = store_.needs_recheck(**known, link.updated_at, recheck_since);
      if (recheck && *recheck) {
        updated.push_back({url, source.id, link.title, link.published_at, 0});
      }
      continue;
    }
    fresh.push_back({url, source.id, link.title, link.published_at, 0});
  }
  // Sources that stamp every entry with the time the listing was generated
  // (sitemaps regenerated with lastmod = now) would send us back to every
  // page on every poll: when most known entries claim a change at once, the
  // dates are not believed. Otherwise a few pages per poll are checked.
  if (updated.size() > kMaxRechecksPerPoll / 2 && updated.size() * 2 > known_entries) {
    spdlog::info("source {}: {} of {} stored entries marked updated at once; not following them",
                 name, updated.size(), known_entries);
    updated.clear();
  }
  if (updated.size() > kMaxRechecksPerPoll) updated.resize(kMaxRechecksPerPoll);
  for (auto& page : updated) {
    spdlog::info("source {}: {} changed since it was stored: fetching it again", name, page.url);
    ++stats.pages_rechecked;
    fresh.push_back(std::move(page));
  }
  spdlog::info("source {}: {} links, {} not stored yet", name, links->links.size(), fresh.size());
  std::vector<std::string> dates;
  for (const auto& link : links->links) dates.push_back(link.published_at);
  outcome.next_attempt_at = next_success_attempt(
      source, &response, publishing_rate(dates, std::time(nullptr)), links->ttl_seconds);
  if (Status st = store_.enqueue_pages(fresh); !st) {
    // Not recorded as a success: the entries must be seen again next time.
    ++stats.sources_failed;
    record_failure(source, &response, "cannot queue its article URLs: " + st.error());
    return;
  }
  if (Status st = store_.record_fetch(source.id, outcome); !st) {
    spdlog::error("source {}: cannot record the fetch: {}", name, st.error());
  }
}

void Poller::page_failed(const storage::PendingPage& pending, const std::string& source_name,
                         const std::string& error, PollStats& stats,
                         std::optional<std::int64_t> retry_after) {
  ++stats.pages_failed;
  const std::int64_t attempts = pending.attempts + 1;
  const bool give_up = attempts >= kMaxPageAttempts;
  if (give_up) ++stats.pages_given_up;
  spdlog::warn("source {}: article {}: {} (attempt {}{})", source_name, pending.url, error,
               attempts, give_up ? ", giving up" : "");
  if (Status st =
          store_.page_failed(pending.url, error, next_page_attempt(attempts, retry_after), give_up);
      !st) {
    spdlog::error("source {}: cannot record the page failure: {}", source_name, st.error());
  }
}

void Poller::postpone_page(const storage::PendingPage& pending, const std::string& source_name,
                           const std::string& reason, std::int64_t seconds, PollStats& stats) {
  ++stats.pages_deferred;
  spdlog::info("source {}: article {} put off for {} s: {}", source_name, pending.url, seconds,
               reason);
  if (Status st = store_.postpone_page(
          pending.url, reason, format_utc(std::time(nullptr) + std::max<std::int64_t>(1, seconds)));
      !st) {
    spdlog::error("source {}: cannot record the page: {}", source_name, st.error());
  }
}

void Poller::store_pages(const std::vector<const DuePage*>& pages,
                         const std::vector<fetchers::FetchResponse>& responses, PollStats& stats) {
  // Extraction is the CPU-heavy step: the pool does the chunk's pages in
  // parallel. Everything that touches the store stays on this thread.
  struct Extracted {
    parsers::ExtractedArticle article;
    std::string final_url;
    double seconds = 0;
  };
  std::vector<Extracted> extracted(pages.size());
  extraction_pool_.run(pages.size(), [&](std::size_t k) {
    const fetchers::FetchResponse& page = responses[k];
    if (!page.ok()) return;
    const auto started = std::chrono::steady_clock::now();
    extracted[k].final_url = page.final_url.empty() ? pages[k]->page.url : page.final_url;
    const auto body = fetchers::decode_to_utf8(page.body, page.content_type);
    extracted[k].article = parsers::extract_article(body.text, {extracted[k].final_url});
    extracted[k].seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  });

  std::vector<storage::NewArticle> articles;
  std::vector<std::size_t> article_page;  // articles[j] came from pages[article_page[j]]
  for (std::size_t k = 0; k < pages.size(); ++k) {
    ++stats.pages_fetched;
    const storage::PendingPage& candidate = pages[k]->page;
    const std::string& source_name = pages[k]->source_name;
    const fetchers::FetchResponse& page = responses[k];
    if (page.error_kind == fetchers::FetchErrorKind::kDeferred) {
      postpone_page(candidate, source_name, page.error, page.retry_after_seconds.value_or(60),
                    stats);
      continue;
    }
    if (!page.ok()) {
      page_failed(candidate, source_name, page.describe_failure(), stats, page.retry_after_seconds);
      continue;
    }
    stats.extraction_seconds.observe(extracted[k].seconds);
    const parsers::ExtractedArticle& found = extracted[k].article;
    if (found.paragraphs.empty()) {
      page_failed(candidate, source_name, "no article text found", stats);
      continue;
    }
    articles.push_back(new_article(candidate, found, extracted[k].final_url));
    article_page.push_back(k);
  }
  if (articles.empty()) return;

  if (dedup_ == nullptr) {
    own_dedup_ = std::make_unique<storage::DedupState>();
    dedup_ = own_dedup_.get();
  }
  // One transaction for the chunk (group commit); an article that fails is
  // undone alone and its page retried later.
  auto stored = store_.store_articles(articles, *dedup_);
  for (std::size_t j = 0; j < articles.size(); ++j) {
    const DuePage& due = *pages[article_page[j]];
    if (!stored[j]) {
      page_failed(due.page, due.source_name, "not stored: " + stored[j].error(), stats);
      continue;
    }
    report_stored(due, articles[j], *stored[j], stats);
  }
}

storage::NewArticle Poller::new_article(const storage::PendingPage& candidate,
                                        const parsers::ExtractedArticle& extracted,
                                        const std::string& final_url) {
  storage::NewArticle article;
  article.source_id = candidate.source_id;
  article.url = candidate.url;
  const std::string canonical = trusted_page_link(extracted.canonical_url, final_url);
  article.canonical_url = dedup::canonicalize_url(canonical.empty() ? final_url : canonical);
  const std::string fetched_as = dedup::canonicalize_url(final_url);
  if (fetched_as != article.url) article.aliases.push_back(fetched_as);
  // The AMP twin carries the same story: once it is an alias, a feed or
  // sitemap that lists it later leads here instead of to a second fetch.
  if (const std::string amp = trusted_page_link(extracted.amp_url, final_url); !amp.empty()) {
    std::string amp_url = dedup::canonicalize_url(amp);
    if (amp_url != article.url && amp_url != article.canonical_url && amp_url != fetched_as) {
      article.aliases.push_back(std::move(amp_url));
    }
  }
  article.site = text::url_host(article.canonical_url);
  if (article.site.empty()) article.site = text::url_host(article.url);
  article.title = extracted.title.empty() ? candidate.feed_title : extracted.title;
  article.author = extracted.author;
  article.published_at =
      extracted.published_at.empty() ? candidate.feed_published_at : extracted.published_at;
  article.fetched_at = utc_now();
  article.language = extracted.language;
  article.text = extracted.text();
  return article;
}

void Poller::report_stored(const DuePage& due, const storage::NewArticle& article,
                           const storage::StoreResult& stored, PollStats& stats) {
  const std::string& source_name = due.source_name;
  switch (stored.outcome) {
    case storage::StoreOutcome::kInserted:
      ++stats.articles_stored;
      spdlog::info("source {}: stored article {} \"{}\" (story {})", source_name, stored.article_id,
                   article.title, stored.story_id);
      break;
    case storage::StoreOutcome::kRevision:
      ++stats.articles_updated;
      spdlog::info("source {}: article {} updated (revision {})", source_name, stored.article_id,
                   stored.revision);
      break;
    case storage::StoreOutcome::kDuplicate:
      ++stats.duplicates;
      spdlog::info("source {}: stored {} as article {}, a copy of article {} ({})", source_name,
                   due.page.url, stored.article_id, stored.duplicate_of.value_or(0), stored.reason);
      break;
    default:
      ++stats.duplicates;
      spdlog::info("source {}: {} is article {} ({})", source_name, due.page.url, stored.article_id,
                   storage::store_outcome_name(stored.outcome));
      break;
  }
}

}  // namespace akhbar::daemon
