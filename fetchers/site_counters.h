// Per-site fetch counters (requests, bytes, status classes, errors by kind,
// latency), kept for the life of the process and read as a snapshot by the
// metrics endpoint and the logs. Thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace akhbar::fetchers {

struct FetchResponse;

struct SiteCounters {
  std::uint64_t requests = 0;
  std::uint64_t bytes = 0;                        // decoded body bytes received
  std::array<std::uint64_t, 6> status_classes{};  // [1..5]: 1xx..5xx; [0]: no response
  std::map<std::string, std::uint64_t> errors;    // by FetchErrorKind name
  double latency_seconds_sum = 0;
  // Upper bounds of the latency buckets, seconds; latency_buckets[i] counts
  // the responses in (bound[i-1], bound[i]] (not cumulative), the last one
  // those slower than every bound.
  static constexpr std::array<double, 8> kLatencyBounds = {0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
  std::array<std::uint64_t, kLatencyBounds.size() + 1> latency_buckets{};
};

class SiteCounterTable {
 public:
  void record(const std::string& site, const FetchResponse& response);
  std::map<std::string, SiteCounters> snapshot() const;

 private:
  mutable std::mutex mutex_;
  std::map<std::string, SiteCounters> sites_;
};

}  // namespace akhbar::fetchers
