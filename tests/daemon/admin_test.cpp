// The admin endpoint in-process (AdminServer with hooks the test controls),
// the Prometheus rendering, and `akhbar serve` answering /metrics for real.
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <regex>

#include "daemon/admin_server.h"
#include "daemon/metrics.h"
#include "tests/child_process.h"
#include "tests/integration_site.h"
#include "tests/loopback_socket.h"
#include "tests/sqlite_query.h"
#include "tests/test_server.h"
#include "tests/test_support.h"

namespace akhbar::daemon {
namespace {

AdminOptions any_port(std::string token = "") {
  AdminOptions options;
  options.port = 0;
  options.token = std::move(token);
  return options;
}

TEST(AdminServer, HealthReadinessAndMetrics) {
  std::atomic<bool> alive{true};
  std::atomic<bool> ready{true};
  AdminHooks hooks;
  hooks.alive = [&] { return alive.load(); };
  hooks.ready = [&]() -> Status {
    if (!ready) return make_error("database is locked");
    return {};
  };
  hooks.metrics = [] { return std::string("akhbar_up 1\n"); };
  auto admin = AdminServer::start(any_port(), hooks);
  ASSERT_TRUE(admin) << admin.error();
  httplib::Client client("127.0.0.1", (*admin)->port());

  auto health = client.Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  auto readiness = client.Get("/readyz");
  ASSERT_TRUE(readiness);
  EXPECT_EQ(readiness->status, 200);
  auto metrics = client.Get("/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_EQ(metrics->status, 200);
  EXPECT_EQ(metrics->body, "akhbar_up 1\n");
  EXPECT_EQ(metrics->get_header_value("Content-Type"), "text/plain; version=0.0.4; charset=utf-8");

  alive = false;
  ready = false;
  EXPECT_EQ(client.Get("/healthz")->status, 503);
  auto not_ready = client.Get("/readyz");
  EXPECT_EQ(not_ready->status, 503);
  EXPECT_EQ(not_ready->body, "store not reachable: database is locked\n");
  EXPECT_EQ(client.Get("/other")->status, 404);
}

TEST(AdminServer, BearerTokenIsRequiredWhenConfigured) {
  auto admin = AdminServer::start(any_port("s3cret"), {});
  ASSERT_TRUE(admin) << admin.error();
  httplib::Client client("127.0.0.1", (*admin)->port());
  EXPECT_EQ(client.Get("/metrics")->status, 401);
  EXPECT_EQ(client.Get("/healthz", {{"Authorization", "Bearer wrong!"}})->status, 401);
  EXPECT_EQ(client.Get("/metrics", {{"Authorization", "Bearer s3cret"}})->status, 200);
  EXPECT_EQ(client.Get("/metrics", {{"Authorization", "Bearer s3cre"}})->status, 401);
}

TEST(AdminServer, PortInUseIsAnErrorValue) {
  auto first = AdminServer::start(any_port(), {});
  ASSERT_TRUE(first);
  AdminOptions same;
  same.port = (*first)->port();
  auto second = AdminServer::start(same, {});
  ASSERT_FALSE(second);
  EXPECT_NE(second.error().find("cannot listen on 127.0.0.1:"), std::string::npos);
}

TEST(AdminServer, ListenAddresses) {
  auto v4 = parse_listen_address("127.0.0.1:9177");
  ASSERT_TRUE(v4);
  EXPECT_EQ(v4->host, "127.0.0.1");
  EXPECT_EQ(v4->port, 9177);
  auto v6 = parse_listen_address("[::1]:80");
  ASSERT_TRUE(v6);
  EXPECT_EQ(v6->host, "::1");
  EXPECT_EQ(v6->port, 80);
  for (const char* bad : {"9177", ":9177", "localhost:", "h:99999", "h:12a", "h:-1"}) {
    EXPECT_FALSE(parse_listen_address(bad)) << bad;
  }
}

TEST(Metrics, PrometheusTextFromASnapshot) {
  MetricsSnapshot s;
  s.store.sources_by_state = {{"failing", 1}, {"ok", 2}};
  s.store.articles = 7;
  s.store.pages_due = 3;
  s.polls = 4;
  s.totals.articles_stored = 7;
  s.totals.articles_updated = 2;
  s.totals.pages_rechecked = 3;
  s.totals.extraction_seconds.observe(0.003);
  s.totals.extraction_seconds.observe(0.02);
  s.totals.extraction_seconds.observe(5);
  fetchers::SiteCounters site;
  site.requests = 9;
  site.status_classes[2] = 8;
  site.status_classes[0] = 1;
  site.errors["timeout"] = 1;
  site.latency_seconds.observe(0.07);
  s.sites["aljazeera.net"] = site;
  s.sites["we\"ird"] = {};

  const std::string text = render_prometheus(s);
  for (const char* line : {
           "# TYPE akhbar_sources gauge",
           "akhbar_store_up 1",
           "akhbar_sources{state=\"failing\"} 1",
           "akhbar_sources{state=\"ok\"} 2",
           "akhbar_articles 7",
           "akhbar_pending_pages{state=\"due\"} 3",
           "akhbar_polls_total 4",
           "akhbar_articles_stored_total 7",
           "akhbar_articles_updated_total 2",
           "akhbar_pages_rechecked_total 3",
           "# TYPE akhbar_extraction_seconds histogram",
           "akhbar_extraction_seconds_bucket{le=\"0.005\"} 1",
           "akhbar_extraction_seconds_bucket{le=\"0.025\"} 2",
           "akhbar_extraction_seconds_bucket{le=\"1\"} 2",
           "akhbar_extraction_seconds_bucket{le=\"+Inf\"} 3",
           "akhbar_extraction_seconds_count 3",
           "akhbar_fetch_requests_total{site=\"aljazeera.net\"} 9",
           "akhbar_fetch_responses_total{site=\"aljazeera.net\",class=\"2xx\"} 8",
           "akhbar_fetch_responses_total{site=\"aljazeera.net\",class=\"none\"} 1",
           "akhbar_fetch_errors_total{site=\"aljazeera.net\",kind=\"timeout\"} 1",
           "akhbar_fetch_duration_seconds_bucket{site=\"aljazeera.net\",le=\"0.05\"} 0",
           "akhbar_fetch_duration_seconds_bucket{site=\"aljazeera.net\",le=\"0.1\"} 1",
           "akhbar_fetch_requests_total{site=\"we\\\"ird\"} 0",
       }) {
    EXPECT_NE(text.find(std::string(line) + "\n"), std::string::npos) << line << "\n" << text;
  }
  EXPECT_NEAR(std::stod(text.substr(text.find("akhbar_extraction_seconds_sum ") + 30)), 5.023,
              1e-9);

  s.store_ok = false;
  const std::string without_store = render_prometheus(s);
  EXPECT_NE(without_store.find("akhbar_store_up 0\n"), std::string::npos);
  EXPECT_EQ(without_store.find("akhbar_articles "), std::string::npos);
}

// A free port on 127.0.0.1 for a child process to bind (the small window
// between closing and the child binding is acceptable for a test).
int free_port() { return testing::LoopbackSocket(testing::LoopbackSocket::Mode::kRefusing).port(); }

TEST(AdminEndpoint, ServeAnswersMetricsAfterAPoll) {
  testing::TempDir dir;
  testing::TestServer site;
  testing::serve_integration_site(site);
  site.start();
  const int port = free_port();
  const std::string db = dir.file("a.db");
  const std::string config = dir.file("a.toml");
  testing::write_file(config, "database = \"" + db +
                                  "\"\n[http]\nallow_private_networks = true\nper_site_delay = 0\n"
                                  "[admin]\nlisten = \"127.0.0.1:" +
                                  std::to_string(port) + "\"\ntoken = \"t0k\"\n" +
                                  "[[sources]]\nname = \"rss\"\nurl = \"" + site.url("/rss.xml") +
                                  "\"\n");
  testing::ChildProcess serve({"serve", "--config", config}, dir.file("log"));
  ASSERT_TRUE(testing::eventually(
      [&] { return testing::query_int(db, "SELECT count(*) FROM articles") == 2; }));
  httplib::Client client("127.0.0.1", port);
  const httplib::Headers auth = {{"Authorization", "Bearer t0k"}};
  std::string metrics;
  ASSERT_TRUE(testing::eventually([&] {
    auto r = client.Get("/metrics", auth);
    if (!r || r->status != 200) return false;
    metrics = r->body;
    return metrics.find("akhbar_polls_total 1\n") != std::string::npos;
  })) << metrics;
  EXPECT_NE(metrics.find("akhbar_articles 2\n"), std::string::npos) << metrics;
  EXPECT_NE(metrics.find("akhbar_sources{state=\"ok\"} 1\n"), std::string::npos) << metrics;
  EXPECT_NE(metrics.find("akhbar_articles_stored_total 2\n"), std::string::npos) << metrics;
  EXPECT_NE(metrics.find("akhbar_fetch_requests_total{site=\"127.0.0.1\"}"), std::string::npos);
  EXPECT_EQ(client.Get("/readyz", auth)->status, 200);
  EXPECT_EQ(client.Get("/healthz", auth)->status, 200);
  EXPECT_EQ(client.Get("/metrics")->status, 401);
  serve.signal(SIGTERM);
  EXPECT_EQ(serve.wait_exit(std::chrono::seconds(20)), 0);
}

}  // namespace
}  // namespace akhbar::daemon
