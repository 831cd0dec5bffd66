// The service's figures in the Prometheus text exposition format (version
// 0.0.4), for GET /metrics: sources by state, queue depths and articles from
// the store; fetches by site, status class and error kind with their latency
// histogram from the HTTP client; poll totals and the extraction latency
// histogram since the process started.
#pragma once

#include <map>
#include <string>

#include "daemon/poller.h"
#include "fetchers/site_counters.h"
#include "storage/article_store.h"

namespace akhbar::daemon {

struct MetricsSnapshot {
  storage::StoreCounts store;
  bool store_ok = true;  // false: the store could not be read; its figures are left out
  PollStats totals;
  std::int64_t polls = 0;
  std::map<std::string, fetchers::SiteCounters> sites;
};

std::string render_prometheus(const MetricsSnapshot& snapshot);

}  // namespace akhbar::daemon
