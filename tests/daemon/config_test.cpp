#include "daemon/config.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <utility>

#include "daemon/poller.h"
#include "fetchers/http_client.h"
#include "tests/test_support.h"

namespace akhbar::daemon {
namespace {

constexpr const char* kMinimal = R"(database = "/tmp/x/akhbar.db"
[http]
allow_private_networks = true
[[sources]]
name = "example"
url = "http://127.0.0.1:8080/feed.xml"
kind = "feed"
)";

// The error for `text`, which must be rejected.
std::string error_for(const std::string& text) {
  auto config = parse_config(text, "test.toml");
  EXPECT_FALSE(config) << "accepted:\n" << text;
  return config ? std::string() : config.error();
}

TEST(Config, MinimalFileFromTheIssueWorksAsItStands) {
  auto config = parse_config(kMinimal, "test.toml");
  ASSERT_TRUE(config) << config.error();
  EXPECT_EQ(config->database_path(), "/tmp/x/akhbar.db");
  EXPECT_TRUE(config->http.allow_private_networks);
  ASSERT_EQ(config->sources.size(), 1u);
  EXPECT_EQ(config->sources[0].name, "example");
  EXPECT_EQ(config->sources[0].kind, "feed");
  EXPECT_TRUE(config->sources[0].enabled);
  EXPECT_EQ(config->sources[0].interval_seconds, 900);  // the default poll interval
}

TEST(Config, ReadsEveryKey) {
  auto config = parse_config(R"(
database = "state/a.db"
log_level = "debug"
poll_interval = "10m"
max_articles_per_poll = 20
extraction_threads = 3
[http]
user_agent = "test-agent/1"
connect_timeout = "5s"
timeout = 45
max_body_size = "2MiB"
concurrency = 3
max_redirects = 2
allow_private_networks = false
proxy = "socks5h://127.0.0.1:9050"
[[sources]]
name = "a"
url = "https://a.example/rss"
kind = "feed"
interval = "1h"
enabled = false
[[sources]]
name = "b"
url = "https://b.example/sitemap.xml"
kind = "sitemap"
)",
                             "t.toml");
  ASSERT_TRUE(config) << config.error();
  EXPECT_EQ(config->log_level, "debug");
  EXPECT_EQ(config->poll_interval_seconds, 600);
  EXPECT_EQ(config->max_articles_per_poll, 20);
  EXPECT_EQ(config->extraction_threads, 3);
  EXPECT_EQ(config->http.user_agent, "test-agent/1");
  EXPECT_EQ(config->http.connect_timeout_seconds, 5);
  EXPECT_EQ(config->http.timeout_seconds, 45);
  EXPECT_EQ(config->http.max_body_bytes, 2 * 1024 * 1024);
  EXPECT_EQ(config->http.concurrency, 3);
  EXPECT_EQ(config->http.max_redirects, 2);
  EXPECT_EQ(config->http.proxy, "socks5h://127.0.0.1:9050");
  ASSERT_EQ(config->sources.size(), 2u);
  EXPECT_EQ(config->sources[0].interval_seconds, 3600);
  EXPECT_FALSE(config->sources[0].enabled);
  EXPECT_EQ(config->sources[1].interval_seconds, 600);  // inherits poll_interval
  EXPECT_EQ(config->sources[1].kind, "sitemap");
}

TEST(Config, SyntaxErrorNamesFileAndLine) {
  const std::string error = error_for("database = \"a.db\"\n[http\nconcurrency = 2\n");
  EXPECT_EQ(error.rfind("test.toml:2:", 0), 0u) << error;
}

TEST(Config, UnknownKeyIsRejectedWithItsLine) {
  const std::string error = error_for("database = \"a.db\"\n[http]\nconcurency = 2\n");
  EXPECT_EQ(error.rfind("test.toml:3:", 0), 0u) << error;
  EXPECT_NE(error.find("unknown key 'concurency' in http"), std::string::npos) << error;
  EXPECT_NE(error_for("databse = \"a.db\"\n").find("unknown key 'databse'"), std::string::npos);
}

TEST(Config, WrongTypesAreRejected) {
  EXPECT_NE(error_for("database = 5\n").find("'database' must be a string"), std::string::npos);
  EXPECT_NE(error_for("[http]\nallow_private_networks = \"yes\"\n").find("true or false"),
            std::string::npos);
  EXPECT_NE(error_for("[http]\nconcurrency = \"many\"\n").find("must be an integer"),
            std::string::npos);
  EXPECT_NE(error_for("http = 3\n").find("'http' must be a table"), std::string::npos);
  EXPECT_NE(error_for("sources = 3\n").find("array of tables"), std::string::npos);
}

TEST(Config, ImpossibleValuesAreRejected) {
  EXPECT_NE(error_for("[http]\nconcurrency = 0\n").find("at least 1"), std::string::npos);
  EXPECT_NE(error_for("poll_interval = \"5 fortnights\"\n").find("invalid duration"),
            std::string::npos);
  EXPECT_NE(error_for("[http]\nmax_body_size = \"lots\"\n").find("invalid size"),
            std::string::npos);
  EXPECT_NE(error_for("log_level = \"loud\"\n").find("'log_level' must be one of"),
            std::string::npos);
}

TEST(Config, SourceProblemsAreRejectedWithTheirLine) {
  const std::string bad_kind =
      error_for("[[sources]]\nname = \"a\"\nurl = \"https://a.example/\"\nkind = \"podcast\"\n");
  EXPECT_EQ(bad_kind.rfind("test.toml:4:", 0), 0u) << bad_kind;
  EXPECT_NE(bad_kind.find("must be one of feed, sitemap, listing"), std::string::npos);

  const std::string bad_url =
      error_for("[[sources]]\nname = \"a\"\nurl = \"ftp://a.example/\"\nkind = \"feed\"\n");
  EXPECT_EQ(bad_url.rfind("test.toml:3:", 0), 0u) << bad_url;
  EXPECT_NE(bad_url.find("absolute http or https URL"), std::string::npos);

  EXPECT_NE(error_for("[[sources]]\nurl = \"https://a.example/\"\n").find("non-empty 'name'"),
            std::string::npos);
  EXPECT_NE(error_for("[[sources]]\nname = \"a\"\n").find("needs a 'url'"), std::string::npos);
  EXPECT_NE(error_for("[[sources]]\nname = \"a\"\nurl = \"https://a.example/\"\n"
                      "[[sources]]\nname = \"a\"\nurl = \"https://b.example/\"\n")
                .find("duplicate source name 'a'"),
            std::string::npos);
  EXPECT_NE(error_for("[[sources]]\nname = \"a\"\nurl = \"https://a.example/\"\ncolour = 1\n")
                .find("unknown key 'colour' in sources[1]"),
            std::string::npos);
}

TEST(Config, ValuesOutOfBoundsOrOverflowingAreRejected) {
  EXPECT_NE(error_for("poll_interval = \"999999999999999d\"\n").find("too large"),
            std::string::npos);
  EXPECT_NE(error_for("poll_interval = \"400d\"\n").find("must be at most 31536000"),
            std::string::npos);
  EXPECT_NE(error_for("[http]\nmax_body_size = \"2GiB\"\n").find("must be at most"),
            std::string::npos);
  EXPECT_NE(error_for("max_articles_per_poll = 4294967296\n").find("must be at most 100000"),
            std::string::npos);
  EXPECT_NE(error_for("extraction_threads = 300\n").find("must be at most 256"), std::string::npos);
  EXPECT_NE(error_for("extraction_threads = -1\n").find("extraction_threads"), std::string::npos);
  EXPECT_NE(error_for("[[sources]]\nname = \"a\"\nurl = \"https://a.example/\"\n"
                      "interval = \"3000000d\"\n")
                .find("must be at most"),
            std::string::npos);
}

TEST(Config, ADirectoryIsNotAConfigurationFile) {
  akhbar::testing::TempDir dir;
  auto config = load_config(dir.path().string());
  ASSERT_FALSE(config);
  EXPECT_NE(config.error().find("not a regular file"), std::string::npos) << config.error();
}

TEST(Config, LoadConfigReportsAMissingFile) {
  auto config = load_config("/nonexistent/akhbar.toml");
  ASSERT_FALSE(config);
  EXPECT_NE(config.error().find("/nonexistent/akhbar.toml"), std::string::npos);
}

TEST(Config, RelativeDatabaseFollowsStateDirectory) {
  Config config;
  config.database = "akhbar.db";
  ::unsetenv("STATE_DIRECTORY");
  EXPECT_EQ(config.database_path(), "akhbar.db");
  ::setenv("STATE_DIRECTORY", "/var/lib/akhbar:/var/lib/other", 1);
  EXPECT_EQ(config.database_path(), "/var/lib/akhbar/akhbar.db");
  config.database = "/srv/news.db";
  EXPECT_EQ(config.database_path(), "/srv/news.db");
  ::unsetenv("STATE_DIRECTORY");
}

TEST(Config, DurationsAndSizes) {
  EXPECT_EQ(parse_duration("90").value(), 90);
  EXPECT_EQ(parse_duration("15m").value(), 900);
  EXPECT_EQ(parse_duration("2h").value(), 7200);
  EXPECT_EQ(parse_duration("1d").value(), 86400);
  EXPECT_FALSE(parse_duration("m"));
  EXPECT_FALSE(parse_duration("-5s"));
  EXPECT_EQ(parse_size("16MiB").value(), 16 * 1024 * 1024);
  EXPECT_EQ(parse_size("10MB").value(), 10'000'000);
  EXPECT_EQ(parse_size("512").value(), 512);
  EXPECT_FALSE(parse_size("1TiB"));
}

TEST(Config, TheShippedDefaultConfigurationIsValid) {
  auto config = load_config(std::string(AKHBAR_FIXTURES_DIR) + "/../../config/akhbar.toml");
  ASSERT_TRUE(config) << config.error();
  EXPECT_FALSE(config->sources.empty());
  EXPECT_FALSE(config->http.allow_private_networks);
}

}  // namespace
}  // namespace akhbar::daemon

namespace akhbar::daemon {
namespace {

TEST(Config, PolitenessKeys) {
  auto config = parse_config(
      "[http]\nper_site_concurrency = 0\nper_site_delay = \"2s\"\nmax_backoff = \"1d\"\n"
      "[[sources]]\nname = \"a\"\nurl = \"https://a.example/feed\"\nignore_robots = true\n",
      "test.toml");
  ASSERT_TRUE(config) << config.error();
  EXPECT_EQ(config->http.per_site_concurrency, 0);
  EXPECT_EQ(config->http.per_site_delay_ms, 2000);
  EXPECT_EQ(config->http.max_backoff_seconds, 86'400);
  EXPECT_TRUE(config->sources[0].ignore_robots);

  auto defaults = parse_config("", "test.toml");
  ASSERT_TRUE(defaults);
  EXPECT_EQ(defaults->http.per_site_concurrency, 2);
  EXPECT_EQ(defaults->http.per_site_delay_ms, 1000);
  EXPECT_EQ(defaults->http.max_backoff_seconds, 6 * 3600);

  EXPECT_EQ(parse_milliseconds("250").value(), 250);
  EXPECT_EQ(parse_milliseconds("250ms").value(), 250);
  EXPECT_EQ(parse_milliseconds("1m").value(), 60'000);
  EXPECT_FALSE(parse_milliseconds("1h"));
}

TEST(Config, BadPolitenessValuesAreRejected) {
  EXPECT_NE(error_for("[http]\nper_site_delay = \"61m\"\n").find("at most"), std::string::npos);
  EXPECT_NE(error_for("[http]\nper_site_concurrency = -1\n").find("at least"), std::string::npos);
  EXPECT_NE(error_for("[http]\nmax_backoff = \"10s\"\n").find("at least 60"), std::string::npos);
  EXPECT_NE(error_for("[[sources]]\nname = \"a\"\nurl = \"https://a.example/\"\n"
                      "ignore_robots = \"yes\"\n")
                .find("ignore_robots"),
            std::string::npos);
}

TEST(Config, ProxySchemesAreChecked) {
  for (const char* good :
       {"http://p:3128", "https://p", "socks5://127.0.0.1:9050", "socks5h://127.0.0.1:9050"}) {
    auto config = parse_config(std::string("[http]\nproxy = \"") + good + "\"\n", "test.toml");
    EXPECT_TRUE(config) << good << ": " << (config ? "" : config.error());
  }
  for (const char* bad : {"ftp://p", "p:3128", "socks4://p", "SOCKS4://p"}) {
    const std::string error = error_for(std::string("[http]\nproxy = \"") + bad + "\"\n");
    EXPECT_NE(error.find("test.toml:2:"), std::string::npos) << error;
    EXPECT_NE(error.find("socks5h://"), std::string::npos) << error;
  }
}

TEST(Config, ProxySchemeIsCaseInsensitiveAndStoredLowerCase) {
  const std::pair<const char*, const char*> cases[] = {
      {"SOCKS5H://127.0.0.1:9050", "socks5h://127.0.0.1:9050"},
      {"Socks5://Proxy.Example:1080", "socks5://Proxy.Example:1080"},
      {"HTTP://p:3128", "http://p:3128"},
      {"hTTps://p", "https://p"}};
  for (const auto& [written, stored] : cases) {
    auto config = parse_config(std::string("[http]\nproxy = \"") + written + "\"\n", "test.toml");
    ASSERT_TRUE(config) << written << ": " << config.error();
    EXPECT_EQ(config->http.proxy, stored);
  }
}

TEST(Config, DefaultUserAgentIsTheClientsAndNamesAContact) {
  auto config = parse_config("", "test.toml");
  ASSERT_TRUE(config) << config.error();
  EXPECT_EQ(config->http.user_agent, fetchers::HttpOptions{}.user_agent);
  EXPECT_EQ(config->http.user_agent.rfind("akhbar/", 0), 0u) << config->http.user_agent;
  EXPECT_NE(config->http.user_agent.find("(+https://"), std::string::npos);
  EXPECT_EQ(http_options_from(config->http).user_agent, config->http.user_agent);
}

}  // namespace
}  // namespace akhbar::daemon
