// The service's figures in the Prometheus text exposition format (version
// 0.0.4), for GET /metrics: sources by state, queue depths and articles from
// the store; fetches by site, status class and error kind with their latency
// histogram from the HTTP client; poll totals and the extraction latency
// histogram since the process started.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "daemon/poller.h"
#include "fetchers/site_counters.h"
#include "storage/article_store.h"

namespace akhbar::daemon {

// One configured sink's delivery state (notify/dispatcher.h).
struct SinkFigures {
  std::string name;
  std::int64_t cursor = 0;        // last event id it is done with
  std::int64_t dead_letters = 0;  // given up on (queued for a retry included)
};

struct MetricsSnapshot {
  storage::StoreCounts store;
  bool store_ok = true;  // false: the store could not be read; its figures are left out
  PollStats totals;
  std::int64_t polls = 0;
  std::map<std::string, fetchers::SiteCounters> sites;
  std::vector<SinkFigures> sinks;
};

std::string render_prometheus(const MetricsSnapshot& snapshot);

}  // namespace akhbar::daemon
