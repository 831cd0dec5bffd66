#include "fetchers/site_counters.h"

#include "fetchers/http_client.h"

namespace akhbar::fetchers {

void SiteCounterTable::record(const std::string& site, const FetchResponse& response) {
  std::lock_guard lock(mutex_);
  SiteCounters& c = sites_[site];
  ++c.requests;
  c.bytes += response.body.size();
  const long status_class = response.status / 100;
  ++c.status_classes[status_class >= 1 && status_class <= 5 ? status_class : 0];
  if (response.error_kind != FetchErrorKind::kNone) ++c.errors[to_string(response.error_kind)];
  c.latency_seconds.observe(response.seconds);
}

void SiteCounterTable::record_unsent(const std::string& site, FetchErrorKind kind) {
  std::lock_guard lock(mutex_);
  ++sites_[site].errors[to_string(kind)];
}

std::map<std::string, SiteCounters> SiteCounterTable::snapshot() const {
  std::lock_guard lock(mutex_);
  return sites_;
}

}  // namespace akhbar::fetchers
