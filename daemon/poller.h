// Poller: one poll of a set of sources, end to end — fetch each source
// (conditional GET), parse it into article URLs, queue the URLs not stored
// yet (pending_pages), fetch the due queued pages, extract them, and store
// each article with its event. A failing source is recorded on its row, a
// failing page on its queue entry (retried with backoff); the rest go on.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "daemon/config.h"
#include "fetchers/http_client.h"
#include "storage/article_store.h"

namespace akhbar::daemon {

struct PollStats {
  int sources_polled = 0;
  int sources_failed = 0;
  int sources_not_modified = 0;
  int entries_seen = 0;
  int articles_stored = 0;
  int duplicates = 0;
  int pages_failed = 0;
  int pages_given_up = 0;
};

// "N sources (F failed, M not modified): E entries, A new articles, ..." —
// how `poll --once` and the service's log and status line report a poll.
std::string describe(const PollStats& stats);

class Poller {
 public:
  Poller(const Config& config, storage::ArticleStore& store, fetchers::HttpClient& http)
      : config_(config), store_(store), http_(http) {}

  // Polls `sources` (all of them, due or not). Stops soon after `hooks.cancel`
  // becomes true; what was stored stays stored. `hooks.on_progress` is called
  // often while it works (the service's liveness signal).
  PollStats poll(const std::vector<storage::SourceRow>& sources,
                 const fetchers::FetchHooks& hooks = {});

 private:
  void discover(const storage::SourceRow& source, const fetchers::FetchResponse& response,
                PollStats& stats);
  void store_page(const storage::PendingPage& pending, const std::string& source_name,
                  const fetchers::FetchResponse& page, PollStats& stats);
  void page_failed(const storage::PendingPage& pending, const std::string& source_name,
                   const std::string& error, PollStats& stats);

  const Config& config_;
  storage::ArticleStore& store_;
  fetchers::HttpClient& http_;
};

// HttpClient options from the [http] section of the configuration.
fetchers::HttpOptions http_options_from(const HttpConfig& http);

// The storage view of the configured sources.
std::vector<storage::SourceSpec> source_specs(const Config& config);

}  // namespace akhbar::daemon
