#include "fetchers/site_queue.h"

#include <gtest/gtest.h>

#include <vector>

#include "fetchers/site_key.h"

namespace akhbar::fetchers {
namespace {

using Clock = SiteQueue::Clock;
using std::chrono::milliseconds;

TEST(SiteKey, SubdomainsOfOneRegistrableDomainAreOneSite) {
  EXPECT_EQ(site_of_host("www.aljazeera.net"), "aljazeera.net");
  EXPECT_EQ(site_of_host("Mubasher.AlJazeera.net"), "aljazeera.net");
  EXPECT_EQ(site_of_url("https://news.bbc.co.uk/arabic/x"), "bbc.co.uk");
  EXPECT_EQ(site_of_url("https://www.spa.gov.sa/a"), "spa.gov.sa");
  EXPECT_EQ(site_of_host("aljazeera.net."), "aljazeera.net");
}

TEST(SiteKey, SuffixesOfferedToThePublicSeparateTheirTenants) {
  // blogspot.com is a public suffix: each blog is its own site.
  EXPECT_EQ(site_of_host("one.blogspot.com"), "one.blogspot.com");
  EXPECT_NE(site_of_host("one.blogspot.com"), site_of_host("two.blogspot.com"));
}

TEST(SiteKey, AddressesAndBareNamesAreTheirOwnSite) {
  EXPECT_EQ(site_of_host("127.0.0.1"), "127.0.0.1");
  EXPECT_EQ(site_of_host("10.1.2.3"), "10.1.2.3");
  EXPECT_EQ(site_of_host("::1"), "::1");
  EXPECT_EQ(site_of_host("localhost"), "localhost");
  EXPECT_EQ(site_of_url("not a url"), "");
}

TEST(SiteQueue, SitesTakeTurns) {
  SiteQueue queue({0, 0});
  for (std::uint64_t id = 1; id <= 4; ++id) queue.push("busy.example", id);
  queue.push("quiet.example", 100);
  queue.push("other.example", 200);
  const auto now = Clock::now();
  std::vector<std::uint64_t> order;
  while (auto ready = queue.pop_ready(now)) order.push_back(ready->id);
  EXPECT_EQ(order, (std::vector<std::uint64_t>{1, 100, 200, 2, 3, 4}));
  EXPECT_EQ(queue.queued(), 0u);
}

TEST(SiteQueue, PerSiteCapHoldsUntilAFinish) {
  SiteQueue queue({2, 0});
  for (std::uint64_t id = 1; id <= 3; ++id) queue.push("slow.example", id);
  queue.push("fast.example", 10);
  const auto now = Clock::now();
  std::vector<std::uint64_t> order;
  while (auto ready = queue.pop_ready(now)) order.push_back(ready->id);
  // The third slow request waits; the other site is not held up by it.
  EXPECT_EQ(order, (std::vector<std::uint64_t>{1, 10, 2}));
  EXPECT_FALSE(queue.wait_hint(now).has_value());  // only a finish can help
  queue.finished("slow.example");
  auto third = queue.pop_ready(now);
  ASSERT_TRUE(third);
  EXPECT_EQ(third->id, 3u);
}

TEST(SiteQueue, MinimumDelayBetweenStartsOnOneSite) {
  SiteQueue queue({0, 1000});
  queue.push("a.example", 1);
  queue.push("a.example", 2);
  queue.push("b.example", 3);
  const auto t0 = Clock::now();
  EXPECT_EQ(queue.pop_ready(t0)->id, 1u);
  EXPECT_EQ(queue.pop_ready(t0)->id, 3u);
  EXPECT_FALSE(queue.pop_ready(t0 + milliseconds(999)));
  const auto hint = queue.wait_hint(t0 + milliseconds(400));
  ASSERT_TRUE(hint);
  EXPECT_EQ(std::chrono::duration_cast<milliseconds>(*hint).count(), 600);
  auto second = queue.pop_ready(t0 + milliseconds(1000));
  ASSERT_TRUE(second);
  EXPECT_EQ(second->id, 2u);
}

TEST(SiteQueue, CrawlDelayLengthensButNeverShortensTheGap) {
  SiteQueue queue({0, 1000});
  queue.set_min_delay("a.example", milliseconds(5000));
  queue.set_min_delay("b.example", milliseconds(10));
  for (std::uint64_t id : {1, 2}) queue.push("a.example", id);
  for (std::uint64_t id : {3, 4}) queue.push("b.example", id);
  const auto t0 = Clock::now();
  EXPECT_EQ(queue.pop_ready(t0)->id, 1u);
  EXPECT_EQ(queue.pop_ready(t0)->id, 3u);
  EXPECT_FALSE(queue.pop_ready(t0 + milliseconds(999)));
  EXPECT_EQ(queue.pop_ready(t0 + milliseconds(1000))->id, 4u);
  EXPECT_FALSE(queue.pop_ready(t0 + milliseconds(4999)));
  EXPECT_EQ(queue.pop_ready(t0 + milliseconds(5000))->id, 2u);
}

TEST(SiteQueue, PausedSiteAnswersAtOnceAsDeferred) {
  SiteQueue queue({1, 1000});
  const auto t0 = Clock::now();
  queue.pause("a.example", t0 + std::chrono::seconds(30));
  for (std::uint64_t id : {1, 2, 3}) queue.push("a.example", id);
  for (std::uint64_t id : {1, 2, 3}) {
    auto ready = queue.pop_ready(t0);
    ASSERT_TRUE(ready);
    EXPECT_EQ(ready->id, id);
    ASSERT_TRUE(ready->deferred_until);
    EXPECT_EQ(*ready->deferred_until, t0 + std::chrono::seconds(30));
  }
  // After the pause, requests start normally again.
  queue.push("a.example", 4);
  auto after = queue.pop_ready(t0 + std::chrono::seconds(30));
  ASSERT_TRUE(after);
  EXPECT_FALSE(after->deferred_until);
}

TEST(SiteQueue, RemoveIfTakesOutOnlyTheDoomed) {
  SiteQueue queue({0, 0});
  for (std::uint64_t id = 1; id <= 6; ++id) queue.push(id % 2 ? "odd.example" : "even.example", id);
  std::vector<std::uint64_t> removed;
  queue.remove_if([](std::uint64_t id) { return id > 3; },
                  [&](std::uint64_t id) { removed.push_back(id); });
  EXPECT_EQ(removed.size(), 3u);
  EXPECT_EQ(queue.queued(), 3u);
  std::vector<std::uint64_t> left;
  while (auto ready = queue.pop_ready(Clock::now())) left.push_back(ready->id);
  EXPECT_EQ(left, (std::vector<std::uint64_t>{1, 2, 3}));
}

}  // namespace
}  // namespace akhbar::fetchers
