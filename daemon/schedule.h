// When to poll a source next after a successful fetch: often enough for how
// fast it publishes, no more often than it allows, and never in lock-step
// with other sources. Pure: the caller measures, this decides.
//
//  - With a publishing rate (dated entries over the last week), the gap is
//    the time in which about two new entries appear: 7200 / entries-per-hour
//    seconds.
//  - Without one (a listing page, undated entries), the configured interval;
//    after a 304 Not Modified, the previous gap one quarter longer (a source
//    that does not change is asked less and less often).
//  - Clamped to [min_interval, max_interval]; then never sooner than the
//    feed's <ttl> or the response's Cache-Control max-age allow, even past
//    max_interval (but never more than a day: a broken header cannot park a
//    source for a week).
//  - Jittered by ±10 %, so sources configured alike drift apart.
#pragma once

#include <cstdint>
#include <ctime>
#include <optional>
#include <string>
#include <vector>

namespace akhbar::daemon {

struct ScheduleInputs {
  std::int64_t interval = 900;  // configured
  std::int64_t min_interval = 300;
  std::int64_t max_interval = 6 * 3600;
  std::optional<double> entries_per_hour;
  std::optional<std::int64_t> previous_gap;  // for a 304: the gap before this poll
  std::int64_t cache_floor = 0;              // max(ttl, max-age) seconds
};

std::int64_t next_poll_delay(const ScheduleInputs& inputs, double unit_random);

// Entries per hour from the dates a source lists (UTC ISO text): the dated
// entries of the last week over the time they span (at least an hour);
// nullopt when fewer than three are dated within the week.
std::optional<double> publishing_rate(const std::vector<std::string>& dates, std::time_t now);

}  // namespace akhbar::daemon
