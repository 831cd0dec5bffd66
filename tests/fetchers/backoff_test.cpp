#include "fetchers/backoff.h"

#include <gtest/gtest.h>

#include "fetchers/retry_after.h"

namespace akhbar::fetchers {
namespace {

TEST(Backoff, DoublesFromTheFirstDelayUpToTheCeiling) {
  const BackoffPolicy policy{60, 600, 86'400, 0.0};
  EXPECT_EQ(backoff_delay(policy, 1, 0.3), 60);
  EXPECT_EQ(backoff_delay(policy, 2, 0.3), 120);
  EXPECT_EQ(backoff_delay(policy, 4, 0.3), 480);
  EXPECT_EQ(backoff_delay(policy, 5, 0.3), 600);
  EXPECT_EQ(backoff_delay(policy, 1'000'000, 0.3), 600);  // never overflows, never gives up
}

TEST(Backoff, JitterDrawsBetweenHalfAndAllOfTheDelay) {
  const BackoffPolicy policy{100, 10'000, 86'400, 0.5};
  EXPECT_EQ(backoff_delay(policy, 2, 0.0), 200);
  EXPECT_EQ(backoff_delay(policy, 2, 0.5), 150);
  EXPECT_EQ(backoff_delay(policy, 2, 0.999999), 100);
  EXPECT_EQ(backoff_delay(policy, 2, 7.0), 100);  // out-of-range draws are clamped
}

TEST(Backoff, RetryAfterIsAFloorWithACap) {
  const BackoffPolicy policy{60, 600, 7200, 0.0};
  EXPECT_EQ(backoff_delay(policy, 1, 0, 3000), 3000);
  EXPECT_EQ(backoff_delay(policy, 3, 0, 10), 240);  // backoff already longer
  EXPECT_EQ(backoff_delay(policy, 1, 0, 999'999), 7200);
}

TEST(RetryAfter, DelaySeconds) {
  EXPECT_EQ(parse_retry_after("120", 0), 120);
  EXPECT_EQ(parse_retry_after("  0 ", 0), 0);
  EXPECT_EQ(parse_retry_after("99999999999999999999", 0), 999'999'999'999);
}

TEST(RetryAfter, HttpDateIsCountedFromNow) {
  // 1994-11-06T08:49:37Z is 784111777 seconds after the epoch.
  EXPECT_EQ(parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", 784111777 - 90), 90);
  EXPECT_EQ(parse_retry_after("Sunday, 06-Nov-94 08:49:37 GMT", 784111777 - 5), 5);
  EXPECT_EQ(parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", 784111777 + 100), 0);
}

TEST(RetryAfter, GarbageIsNotADelay) {
  EXPECT_FALSE(parse_retry_after("", 0));
  EXPECT_FALSE(parse_retry_after("soon", 0));
  EXPECT_FALSE(parse_retry_after("-5", 0));
  EXPECT_FALSE(parse_retry_after("1.5", 0));
}

}  // namespace
}  // namespace akhbar::fetchers
