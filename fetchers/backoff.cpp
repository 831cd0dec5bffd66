#include "fetchers/backoff.h"

#include <algorithm>
#include <cmath>

namespace akhbar::fetchers {

std::int64_t backoff_delay(const BackoffPolicy& policy, std::int64_t consecutive_failures,
                           double unit_random, std::optional<std::int64_t> retry_after) {
  const std::int64_t ceiling = std::max<std::int64_t>(1, policy.ceiling_seconds);
  std::int64_t delay = std::clamp<std::int64_t>(policy.first_delay_seconds, 1, ceiling);
  for (std::int64_t i = 1; i < consecutive_failures && delay < ceiling; ++i) {
    delay = std::min(ceiling, delay * 2);
  }
  const double jitter = std::clamp(policy.jitter, 0.0, 1.0);
  const double draw = std::clamp(unit_random, 0.0, 1.0);
  const auto jittered =
      static_cast<std::int64_t>(std::llround(static_cast<double>(delay) * (1.0 - jitter * draw)));
  delay = std::max<std::int64_t>(1, jittered);
  if (retry_after) {
    delay = std::max(delay, std::min(*retry_after, policy.retry_after_cap_seconds));
  }
  return delay;
}

}  // namespace akhbar::fetchers
