// An in-process Poller over a real SQLite file, polling one source once per
// call: the fixture of the fetching and source-kind tests.
#pragma once

#include <gtest/gtest.h>

#include <ctime>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "base/time.h"
#include "daemon/config.h"
#include "daemon/poller.h"
#include "fetchers/http_client.h"
#include "fetchers/robots.h"
#include "storage/article_store.h"
#include "storage/database.h"
#include "storage/sqlite.h"
#include "tests/test_support.h"

namespace akhbar::daemon {

// One RSS item pointing at `link`; `title` is the item's title.
inline std::string rss_with(const std::string& link, const std::string& title = "خبر عاجل") {
  return "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title><item><title>" +
         title + "</title><link>" + link + "</link></item></channel></rss>";
}

class PollerFixture : public ::testing::Test {
 public:
  struct Queued {
    std::string url, feed_title;
  };

 protected:
  // Polls one feed source at `url` once and returns its row afterwards.
  // `http_keys` add to or replace keys of the [http] section; `source_keys`
  // are added to the source's table.
  storage::SourceRow poll(const std::string& url, std::map<std::string, std::string> http_keys = {},
                          const std::string& source_keys = "") {
    http_keys.try_emplace("allow_private_networks", "true");
    http_keys.try_emplace("per_site_delay", "0");
    http_keys.try_emplace("timeout", "\"2s\"");
    std::string text = "database = \"" + dir_.file("a.db") + "\"\n[http]\n";
    for (const auto& [key, value] : http_keys) text += key + " = " + value + "\n";
    text += "[[sources]]\nname = \"s\"\nurl = \"" + url + "\"\ninterval = \"15m\"\n" + source_keys;
    auto config = parse_config(text, "test");
    EXPECT_TRUE(config) << config.error();
    config_ = std::make_unique<Config>(*config);
    if (!db_) {
      auto db = storage::Database::open(dir_.file("a.db"));
      EXPECT_TRUE(db) << db.error();
      db_ = std::move(*db);
      store_ = std::make_unique<storage::ArticleStore>(*db_);
    }
    EXPECT_TRUE(store_->sync_sources(source_specs(*config_)));
    fetchers::HttpOptions options = http_options_from(config_->http);
    if (adjust_http_) adjust_http_(options);
    fetchers::HttpClient http(options);
    fetchers::RobotsCache robots(robots_token(config_->http.user_agent));
    Poller poller(*config_, *store_, http, robots);
    auto rows = store_->list_sources();
    EXPECT_TRUE(rows && rows->size() == 1);
    stats_ = run_ ? run_(poller, *rows) : poller.poll(*rows);
    return *store_->source_by_name("s");
  }

  // Seconds from now until the row's next attempt.
  static std::int64_t next_attempt_in(const storage::SourceRow& row) {
    const std::time_t at = parse_utc(row.next_attempt_at);
    EXPECT_NE(at, -1) << row.next_attempt_at;
    return at - std::time(nullptr);
  }

  static void expect_failure(const storage::SourceRow& row, const std::string& error_part) {
    EXPECT_EQ(row.consecutive_errors, 1);
    EXPECT_NE(row.last_error.find(error_part), std::string::npos) << row.last_error;
    // Retried later, never given up: within the backoff's jittered first step.
    const auto wait = next_attempt_in(row);
    EXPECT_GE(wait, 15 * 60 / 2 - 5);
    EXPECT_LE(wait, 15 * 60 + 5);
  }

  // Every queued page, due or not.
  std::vector<Queued> pending() {
    std::vector<Queued> pages;
    storage::Statement q(db_->handle(), "SELECT url, feed_title FROM pending_pages ORDER BY url");
    while (true) {
      auto row = q.step();
      if (!row || !*row) break;
      pages.push_back({q.column_text(0), q.column_text(1)});
    }
    return pages;
  }

  testing::TempDir dir_;
  std::unique_ptr<Config> config_;
  std::unique_ptr<storage::Database> db_;
  std::unique_ptr<storage::ArticleStore> store_;
  PollStats stats_;
  // Applied to the client's options after the config's; for what the config
  // file cannot say (fetchers::HttpOptions::exempt_private_peers).
  std::function<void(fetchers::HttpOptions&)> adjust_http_;
  // What poll() runs; empty: Poller::poll.
  std::function<PollStats(Poller&, const std::vector<storage::SourceRow>&)> run_;
};

}  // namespace akhbar::daemon
