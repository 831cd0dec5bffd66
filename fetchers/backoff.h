// When to try a failing source (or page) again: exponential backoff with
// jitter and a ceiling, never a permanent give-up, and never sooner than the
// server asked for with Retry-After.
#pragma once

#include <cstdint>
#include <optional>

namespace akhbar::fetchers {

struct BackoffPolicy {
  std::int64_t first_delay_seconds = 300;         // after the first failure
  std::int64_t ceiling_seconds = 6 * 3600;        // the delay never grows past this
  std::int64_t retry_after_cap_seconds = 86'400;  // a server cannot park us longer
  // Each delay is drawn from [(1 - jitter) × d, d], so sources that failed
  // together (one outage) do not come back in lock-step.
  double jitter = 0.5;
};

// Seconds until the next attempt after `consecutive_failures` (≥ 1) failures
// in a row. `unit_random` is a draw from [0, 1): the caller owns the random
// source, which keeps this function deterministic under test.
std::int64_t backoff_delay(const BackoffPolicy& policy, std::int64_t consecutive_failures,
                           double unit_random, std::optional<std::int64_t> retry_after = {});

}  // namespace akhbar::fetchers
