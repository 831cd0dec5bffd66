#include "daemon/schedule.h"

#include <gtest/gtest.h>

#include "base/time.h"

namespace akhbar::daemon {
namespace {

ScheduleInputs base() {
  ScheduleInputs in;
  in.interval = 900;
  in.min_interval = 300;
  in.max_interval = 6 * 3600;
  return in;
}

// unit_random 0.5 is the middle of the jitter: no change.
constexpr double kNoJitter = 0.5;

TEST(Schedule, ConfiguredIntervalWithoutARate) {
  EXPECT_EQ(next_poll_delay(base(), kNoJitter), 900);
}

TEST(Schedule, ARateAsksForAboutTwoNewEntriesPerPoll) {
  auto in = base();
  in.entries_per_hour = 4;  // two entries every 30 minutes
  EXPECT_EQ(next_poll_delay(in, kNoJitter), 1800);
  in.entries_per_hour = 100;  // faster than the floor allows
  EXPECT_EQ(next_poll_delay(in, kNoJitter), 300);
  in.entries_per_hour = 0.01;  // a quiet source stops at the ceiling
  EXPECT_EQ(next_poll_delay(in, kNoJitter), 6 * 3600);
}

TEST(Schedule, NotModifiedLengthensThePreviousGap) {
  auto in = base();
  in.previous_gap = 1000;
  EXPECT_EQ(next_poll_delay(in, kNoJitter), 1250);
  in.previous_gap = 20'000;
  EXPECT_EQ(next_poll_delay(in, kNoJitter), 6 * 3600);
}

TEST(Schedule, TtlAndMaxAgeAreFloorsUpToADay) {
  auto in = base();
  in.entries_per_hour = 100;
  in.cache_floor = 3600;
  EXPECT_EQ(next_poll_delay(in, kNoJitter), 3600);
  in.cache_floor = 12 * 3600;  // past the ceiling: the source's word wins
  EXPECT_EQ(next_poll_delay(in, kNoJitter), 12 * 3600);
  in.cache_floor = 7 * 86400;  // but a feed cannot park itself for a week
  EXPECT_EQ(next_poll_delay(in, kNoJitter), 86400);
}

TEST(Schedule, JitterIsTenPercentEitherWay) {
  EXPECT_EQ(next_poll_delay(base(), 0.0), 810);
  EXPECT_EQ(next_poll_delay(base(), 1.0), 990);
}

TEST(Schedule, RateFromTheDatesOfTheLastWeek) {
  const std::time_t now = 1'800'000'000;
  const auto at = [&](std::time_t ago) { return format_utc(now - ago); };
  // Six entries over the last three hours: two an hour.
  auto rate = publishing_rate({at(0), at(1800), at(3600), at(5400), at(7200), at(10800)}, now);
  ASSERT_TRUE(rate);
  EXPECT_DOUBLE_EQ(*rate, 2.0);
  // Old, undated and future entries do not count; fewer than three: unknown.
  EXPECT_FALSE(publishing_rate(
      {at(60), at(120), at(8 * 86400), "", "garbage", format_utc(now + 86400)}, now));
  // Three within a few minutes count as one hour's worth.
  rate = publishing_rate({at(0), at(60), at(120)}, now);
  ASSERT_TRUE(rate);
  EXPECT_DOUBLE_EQ(*rate, 3.0);
}

}  // namespace
}  // namespace akhbar::daemon
