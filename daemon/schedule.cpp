#include "daemon/schedule.h"

#include <algorithm>
#include <cmath>

#include "base/time.h"

namespace akhbar::daemon {

std::int64_t next_poll_delay(const ScheduleInputs& in, double unit_random) {
  const std::int64_t low = std::max<std::int64_t>(1, std::min(in.min_interval, in.max_interval));
  const std::int64_t high = std::max(low, in.max_interval);
  double gap = static_cast<double>(in.interval);
  if (in.entries_per_hour && *in.entries_per_hour > 0) {
    gap = 7200.0 / *in.entries_per_hour;
  } else if (in.previous_gap && *in.previous_gap > 0) {
    gap = static_cast<double>(*in.previous_gap) * 1.25;
  }
  gap = std::clamp(gap, static_cast<double>(low), static_cast<double>(high));
  // The source's own word wins over the ceiling, up to a day.
  gap = std::max(
      gap, static_cast<double>(std::min(in.cache_floor, std::max<std::int64_t>(high, 86'400))));
  gap *= 0.9 + 0.2 * std::clamp(unit_random, 0.0, 1.0);
  return std::max<std::int64_t>(1, std::llround(gap));
}

std::optional<double> publishing_rate(const std::vector<std::string>& dates, std::time_t now) {
  const std::time_t week_ago = now - 7 * 86400;
  std::time_t oldest = now;
  int recent = 0;
  for (const auto& date : dates) {
    if (date.empty()) continue;
    const std::time_t t = parse_utc(date);
    if (t == -1 || t < week_ago || t > now + 3600) continue;  // undated, old, or from the future
    ++recent;
    oldest = std::min(oldest, t);
  }
  if (recent < 3) return std::nullopt;
  const double hours = std::max(1.0, static_cast<double>(now - oldest) / 3600.0);
  return recent / hours;
}

}  // namespace akhbar::daemon
