// Poller: one poll of a set of sources, end to end — fetch each source
// (conditional GET), parse it into article URLs, queue the URLs not stored
// yet (pending_pages), fetch the due queued pages, extract them, and store
// each article with its event. A failing source is recorded on its row, a
// failing page on its queue entry (retried with backoff); the rest go on.
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <ctime>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "base/histogram.h"
#include "base/worker_pool.h"
#include "daemon/config.h"
#include "fetchers/http_client.h"
#include "fetchers/robots.h"
#include "parsers/article.h"
#include "storage/article_store.h"

namespace akhbar::daemon {

struct PollStats {
  int sources_polled = 0;
  int sources_failed = 0;
  int sources_not_modified = 0;
  int entries_seen = 0;
  int articles_stored = 0;
  int duplicates =
      0;  // copies of other outlets' articles (stored with duplicate_of) and known pages
  int articles_updated = 0;  // pages stored again with changed text (new revision)
  int pages_failed = 0;
  int pages_given_up = 0;
  int pages_blocked = 0;    // disallowed by robots.txt (given up at once)
  int pages_deferred = 0;   // put off without an attempt: Retry-After, robots.txt unreadable
  int pages_fetched = 0;    // article pages requested (stored, duplicate or failed)
  int pages_rechecked = 0;  // stored pages queued again: their source marked them updated
  Histogram extraction_seconds{{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1}};

  // Adds another poll's figures (the service's running totals).
  PollStats& operator+=(const PollStats& other);
};

// "N sources (F failed, M not modified): E entries, A new articles, ..." —
// how `poll --once` and the service's log and status line report a poll.
std::string describe(const PollStats& stats);

class Poller {
 public:
  // `robots` outlives the poller (the service keeps one cache across polls).
  // So does `dedup` when given (the service keeps one across polls); without
  // it the poller rebuilds its own from the store when it first stores.
  Poller(const Config& config, storage::ArticleStore& store, fetchers::HttpClient& http,
         fetchers::RobotsCache& robots, storage::DedupState* dedup = nullptr)
      : config_(config),
        store_(store),
        http_(http),
        robots_(robots),
        dedup_(dedup),
        extraction_pool_(WorkerPool::threads_for(config.extraction_threads)) {}

  // At most this many article pages are read from the queue per
  // fetch_pages() turn, all sources together (default 2,000); the rest stay
  // queued for the next turn.
  void set_max_pages_per_turn(std::int64_t pages) {
    max_pages_per_turn_ = std::max<std::int64_t>(1, pages);
  }

  // Polls `sources` (all of them, due or not), then fetches their due
  // article pages: poll_sources() then fetch_pages(). Stops soon after
  // `hooks.cancel` becomes true; what was stored stays stored.
  // `hooks.on_progress` is called often while it works (the service's
  // liveness signal).
  PollStats poll(const std::vector<storage::SourceRow>& sources,
                 const fetchers::FetchHooks& hooks = {});
  // Fetches the sources and queues the article URLs they list.
  PollStats poll_sources(const std::vector<storage::SourceRow>& sources,
                         const fetchers::FetchHooks& hooks = {});
  // Fetches and stores the queued pages of `sources` that are due, sources
  // taking turns, in chunks; stops starting chunks at `deadline` (the rest
  // stays queued), so feed polling is never held up by a burst of pages.
  PollStats fetch_pages(const std::vector<storage::SourceRow>& sources,
                        const fetchers::FetchHooks& hooks = {},
                        std::optional<std::chrono::steady_clock::time_point> deadline = {});

 private:
  struct DuePage {
    storage::PendingPage page;
    std::string source_name;
  };
  std::vector<DuePage> due_pages_in_turn(const std::vector<storage::SourceRow>& sources);
  // Fetches the robots.txt of every origin of `urls` that has no fresh answer.
  void learn_robots(const std::vector<std::string>& urls, const fetchers::FetchHooks& hooks);
  bool ignores_robots(const storage::SourceRow& source) const;
  std::string robots_unavailable(const std::string& url, std::time_t now) const;
  void record_failure(const storage::SourceRow& source, const fetchers::FetchResponse* response,
                      const std::string& error);
  const SourceConfig* source_config(const storage::SourceRow& source) const;
  std::string next_success_attempt(const storage::SourceRow& source,
                                   const fetchers::FetchResponse* response,
                                   std::optional<double> entries_per_hour,
                                   std::int64_t ttl_seconds);
  std::string next_page_attempt(std::int64_t failed_attempts,
                                std::optional<std::int64_t> retry_after);
  // How many fetches are in flight or waiting to be handled at once.
  std::size_t fetch_window() const;
  void discover(const storage::SourceRow& source, const fetchers::FetchResponse& response,
                PollStats& stats, const fetchers::FetchHooks& hooks);
  // Extracts a chunk's fetched pages (in parallel) and stores their articles
  // in one batch; failures are recorded on the pages.
  void store_pages(const std::vector<const DuePage*>& pages,
                   const std::vector<fetchers::FetchResponse>& responses, PollStats& stats);
  storage::NewArticle new_article(const storage::PendingPage& candidate,
                                  const parsers::ExtractedArticle& extracted,
                                  const std::string& final_url);
  void report_stored(const DuePage& due, const storage::NewArticle& article,
                     const storage::StoreResult& stored, PollStats& stats);
  void page_failed(const storage::PendingPage& pending, const std::string& source_name,
                   const std::string& error, PollStats& stats,
                   std::optional<std::int64_t> retry_after = {});
  void postpone_page(const storage::PendingPage& pending, const std::string& source_name,
                     const std::string& reason, std::int64_t seconds, PollStats& stats);

  const Config& config_;
  storage::ArticleStore& store_;
  fetchers::HttpClient& http_;
  fetchers::RobotsCache& robots_;
  storage::DedupState* dedup_;
  std::unique_ptr<storage::DedupState> own_dedup_;  // when none was given
  std::mt19937_64 random_{std::random_device{}()};  // backoff jitter
  std::int64_t max_pages_per_turn_ = 2000;
  WorkerPool extraction_pool_;
};

// The robots.txt product token for a User-Agent: its first word before '/'
// ("akhbar/0.1 (+https://...)" -> "akhbar").
std::string robots_token(const std::string& user_agent);

// HttpClient options from the [http] section of the configuration.
fetchers::HttpOptions http_options_from(const HttpConfig& http);

// The storage view of the configured sources.
std::vector<storage::SourceSpec> source_specs(const Config& config);

}  // namespace akhbar::daemon
