// Per-site fetch counters (requests, bytes, status classes, errors by kind,
// latency), kept for the life of the process and read as a snapshot by the
// metrics endpoint and the logs. Thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

#include "base/histogram.h"

namespace akhbar::fetchers {

struct FetchResponse;
enum class FetchErrorKind;

struct SiteCounters {
  std::uint64_t requests = 0;
  std::uint64_t bytes = 0;                        // decoded body bytes received
  std::array<std::uint64_t, 6> status_classes{};  // [1..5]: 1xx..5xx; [0]: no response
  std::map<std::string, std::uint64_t> errors;    // by FetchErrorKind name
  Histogram latency_seconds{{0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}};
};

class SiteCounterTable {
 public:
  void record(const std::string& site, const FetchResponse& response);
  // A request answered without a finished transfer (deferred by a site's
  // pause, cancelled, client stopped): counted only under errors, so that
  // requests, status classes and latency stay about what reached a server.
  void record_unsent(const std::string& site, FetchErrorKind kind);
  std::map<std::string, SiteCounters> snapshot() const;

 private:
  mutable std::mutex mutex_;
  std::map<std::string, SiteCounters> sites_;
};

}  // namespace akhbar::fetchers
