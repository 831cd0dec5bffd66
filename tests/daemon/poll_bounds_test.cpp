// What bounds a poll's memory and its stop: article pages are read from the
// queue a turn's worth at a time, shared among sources; a stop during a
// sitemap-index walk abandons the child fetch and leaves the source as it was.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "daemon/config.h"
#include "daemon/poller.h"
#include "fetchers/http_client.h"
#include "fetchers/robots.h"
#include "storage/article_store.h"
#include "storage/database.h"
#include "tests/test_server.h"
#include "tests/test_support.h"

namespace akhbar::daemon {
namespace {

using testing::TempDir;
using testing::TestServer;

class PollBounds : public ::testing::Test {
 protected:
  // A configuration with the given sources (name -> URL, kind), loaded into
  // a fresh store.
  void open(const std::vector<std::pair<std::string, std::string>>& sources,
            const std::string& kind = "feed") {
    std::string text = "database = \"" + dir_.file("a.db") +
                       "\"\n[http]\nallow_private_networks = true\nper_site_delay = 0\n"
                       "timeout = \"20s\"\n";
    for (const auto& [name, url] : sources) {
      text += "[[sources]]\nname = \"" + name + "\"\nurl = \"" + url + "\"\nkind = \"" + kind +
              "\"\nignore_robots = true\n";
    }
    auto config = parse_config(text, "test");
    ASSERT_TRUE(config) << config.error();
    config_ = std::make_unique<Config>(*config);
    auto db = storage::Database::open(dir_.file("a.db"));
    ASSERT_TRUE(db) << db.error();
    db_ = std::move(*db);
    store_ = std::make_unique<storage::ArticleStore>(*db_);
    ASSERT_TRUE(store_->sync_sources(source_specs(*config_)));
    http_ = std::make_unique<fetchers::HttpClient>(http_options_from(config_->http));
    robots_ = std::make_unique<fetchers::RobotsCache>(robots_token(config_->http.user_agent));
  }

  std::vector<storage::SourceRow> rows() { return store_->list_sources().value(); }

  void enqueue(std::int64_t source_id, const std::string& prefix, int count) {
    std::vector<storage::PendingPage> pages;
    for (int i = 0; i < count; ++i) {
      pages.push_back({server_.url(prefix + std::to_string(i)), source_id, "خبر", "", 0});
    }
    ASSERT_TRUE(store_->enqueue_pages(pages));
  }

  TempDir dir_;
  TestServer server_;
  std::unique_ptr<Config> config_;
  std::unique_ptr<storage::Database> db_;
  std::unique_ptr<storage::ArticleStore> store_;
  std::unique_ptr<fetchers::HttpClient> http_;
  std::unique_ptr<fetchers::RobotsCache> robots_;
};

// Three sources with 30, 5 and no due pages and a turn of 12: each gets an
// equal share first (4), the one with more due takes what the others left,
// and nothing past the turn is fetched; the rest is taken next turn.
TEST_F(PollBounds, PagesPerTurnAreSharedAmongSources) {
  std::atomic<int> big_hits{0}, small_hits{0};
  server_.http().Get(R"(/big/(\d+))", [&](const httplib::Request&, httplib::Response& r) {
    ++big_hits;
    r.status = 404;
  });
  server_.http().Get(R"(/small/(\d+))", [&](const httplib::Request&, httplib::Response& r) {
    ++small_hits;
    r.status = 404;
  });
  server_.start();
  open({{"big", server_.url("/big.xml")},
        {"small", server_.url("/small.xml")},
        {"idle", server_.url("/idle.xml")}});
  const auto sources = rows();
  ASSERT_EQ(sources.size(), 3u);
  enqueue(store_->source_by_name("big")->id, "/big/", 30);
  enqueue(store_->source_by_name("small")->id, "/small/", 5);

  Poller poller(*config_, *store_, *http_, *robots_);
  poller.set_max_pages_per_turn(12);
  const PollStats first = poller.fetch_pages(sources);
  // Shares of 4; the 4 left by "idle" go two each to the sources that filled
  // theirs: "big" 6, "small" all of its 5.
  EXPECT_EQ(first.pages_fetched, 11);
  EXPECT_EQ(big_hits.load(), 6);
  EXPECT_EQ(small_hits.load(), 5);
  EXPECT_EQ(first.pages_failed, 11);  // 404s, retried later with backoff

  // Only "big" has pages due now: the whole turn is its.
  const PollStats second = poller.fetch_pages(sources);
  EXPECT_EQ(second.pages_fetched, 12);
  EXPECT_EQ(big_hits.load(), 18);
  EXPECT_EQ(small_hits.load(), 5);
}

// A sitemap index whose child hangs: the stop abandons the child fetch
// (poll_sources returns while the server still holds the request) and the
// source's state is not touched: no error recorded for a walk cut short.
TEST_F(PollBounds, StopDuringASitemapIndexWalkLeavesTheSourceAlone) {
  std::mutex mutex;
  std::condition_variable changed;
  bool child_entered = false, released = false;
  server_.http().Get("/index.xml", [&](const httplib::Request&, httplib::Response& r) {
    r.set_content(
        "<?xml version=\"1.0\"?><sitemapindex "
        "xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"><sitemap><loc>" +
            server_.url("/child.xml") + "</loc></sitemap></sitemapindex>",
        "application/xml");
  });
  server_.http().Get("/child.xml", [&](const httplib::Request&, httplib::Response& r) {
    std::unique_lock lock(mutex);
    child_entered = true;
    changed.notify_all();
    // Bounded: the test releases it long before this.
    changed.wait_for(lock, std::chrono::seconds(15), [&] { return released; });
    r.status = 500;
  });
  server_.start();
  open({{"index", server_.url("/index.xml")}}, "sitemap");

  std::atomic<bool> cancel{false};
  std::thread stopper([&] {
    std::unique_lock lock(mutex);
    changed.wait_for(lock, std::chrono::seconds(15), [&] { return child_entered; });
    cancel = true;
  });
  Poller poller(*config_, *store_, *http_, *robots_);
  fetchers::FetchHooks hooks;
  hooks.cancel = &cancel;
  const PollStats stats = poller.poll_sources(rows(), hooks);
  stopper.join();
  bool still_held;
  {
    std::lock_guard lock(mutex);
    still_held = child_entered && !released;
    released = true;
  }
  changed.notify_all();
  EXPECT_TRUE(cancel.load());
  EXPECT_TRUE(still_held);  // returned without waiting for the child's answer
  EXPECT_EQ(stats.sources_failed, 0);
  const auto row = store_->source_by_name("index");
  ASSERT_TRUE(row);
  EXPECT_EQ(row->consecutive_errors, 0);
  EXPECT_EQ(row->last_error, "");
}

}  // namespace
}  // namespace akhbar::daemon
