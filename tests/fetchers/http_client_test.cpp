#include "fetchers/http_client.h"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <thread>

#include "tests/compression.h"
#include "tests/loopback_socket.h"
#include "tests/socks5_server.h"
#include "tests/test_server.h"

namespace akhbar::fetchers {
namespace {

using akhbar::testing::gzip;
using akhbar::testing::TestServer;

HttpOptions loopback_options() {
  HttpOptions options;
  options.allow_private_networks = true;  // the test server is on 127.0.0.1
  options.connect_timeout_ms = 2000;
  options.total_timeout_ms = 5000;
  options.politeness = {0, 0};  // one loopback "site": limits would only slow the tests
  return options;
}

TEST(HttpClient, FetchesBodyStatusAndValidators) {
  TestServer server;
  server.http().Get("/feed.xml", [](const httplib::Request&, httplib::Response& r) {
    r.set_header("ETag", "\"abc\"");
    r.set_header("Last-Modified", "Sun, 22 Nov 2026 10:00:00 GMT");
    r.set_content("<rss/>", "application/rss+xml; charset=utf-8");
  });
  server.start();
  HttpClient client(loopback_options());
  const auto r = client.fetch({server.url("/feed.xml"), "", ""});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "<rss/>");
  EXPECT_EQ(r.etag, "\"abc\"");
  EXPECT_EQ(r.last_modified, "Sun, 22 Nov 2026 10:00:00 GMT");
  EXPECT_EQ(r.content_type, "application/rss+xml; charset=utf-8");
}

TEST(HttpClient, ConditionalGetSendsValidatorsAndSees304) {
  TestServer server;
  server.http().Get("/feed.xml", [](const httplib::Request& q, httplib::Response& r) {
    if (q.get_header_value("If-None-Match") == "\"abc\"" &&
        q.get_header_value("If-Modified-Since") == "Sun, 22 Nov 2026 10:00:00 GMT") {
      r.status = 304;
      return;
    }
    r.set_content("full", "text/plain");
  });
  server.start();
  HttpClient client(loopback_options());
  const auto r =
      client.fetch({server.url("/feed.xml"), "\"abc\"", "Sun, 22 Nov 2026 10:00:00 GMT"});
  EXPECT_TRUE(r.not_modified());
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(client.fetch({server.url("/feed.xml"), "", ""}).body, "full");
}

TEST(HttpClient, HttpErrorsAreStatusesNotTransportErrors) {
  TestServer server;
  server.http().Get("/gone", [](const httplib::Request&, httplib::Response& r) { r.status = 503; });
  server.start();
  HttpClient client(loopback_options());
  const auto r = client.fetch({server.url("/gone"), "", ""});
  EXPECT_TRUE(r.transport_ok());
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(r.describe_failure(), "HTTP 503");
  EXPECT_EQ(client.fetch({server.url("/missing"), "", ""}).status, 404);
}

TEST(HttpClient, RefusesLoopbackUnlessAllowed) {
  TestServer server;
  server.serve("/x", "secret", "text/plain");
  server.start();
  HttpOptions options = loopback_options();
  options.allow_private_networks = false;
  HttpClient client(options);
  const auto r = client.fetch({server.url("/x"), "", ""});
  EXPECT_FALSE(r.transport_ok());
  EXPECT_NE(r.error.find("private or loopback"), std::string::npos) << r.error;
  EXPECT_TRUE(r.body.empty());
  EXPECT_EQ(server.hits("/x"), 0);
}

TEST(HttpClient, RefusesNonHttpSchemes) {
  HttpClient client(loopback_options());
  const auto r = client.fetch({"file:///etc/passwd", "", ""});
  EXPECT_FALSE(r.transport_ok());
  EXPECT_TRUE(r.body.empty());
}

TEST(HttpClient, AbortsOversizedBodies) {
  TestServer server;
  server.serve("/big", std::string(300 * 1024, 'x'), "text/plain");
  // Chunked, so no Content-Length tells curl up front.
  server.http().Get("/big-chunked", [](const httplib::Request&, httplib::Response& r) {
    r.set_chunked_content_provider("text/plain", [](size_t offset, httplib::DataSink& sink) {
      if (offset >= 2 * 1024 * 1024) {
        sink.done();
        return true;
      }
      const std::string chunk(64 * 1024, 'y');
      return sink.write(chunk.data(), chunk.size());
    });
  });
  server.start();
  HttpOptions options = loopback_options();
  options.max_body_bytes = 100 * 1024;
  HttpClient client(options);
  for (const char* path : {"/big", "/big-chunked"}) {
    const auto r = client.fetch({server.url(path), "", ""});
    EXPECT_FALSE(r.transport_ok()) << path;
    EXPECT_NE(r.error.find("max_body_bytes"), std::string::npos) << r.error;
    EXPECT_TRUE(r.body.empty()) << path;
  }
}

TEST(HttpClient, DecodesGzip) {
  TestServer server;
  const std::string text = "خبر عاجل " + std::string(5000, 'a');
  server.http().Get("/gz", [&](const httplib::Request&, httplib::Response& r) {
    r.set_header("Content-Encoding", "gzip");
    r.set_content(gzip(text), "text/html; charset=utf-8");
  });
  server.start();
  HttpClient client(loopback_options());
  const auto r = client.fetch({server.url("/gz"), "", ""});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.body, text);
}

TEST(HttpClient, TruncatedGzipIsAnErrorNotACrash) {
  TestServer server;
  const std::string whole = gzip(std::string(100000, 'z'));
  server.http().Get("/broken", [&](const httplib::Request&, httplib::Response& r) {
    r.set_header("Content-Encoding", "gzip");
    r.set_content(whole.substr(0, whole.size() / 2) + "garbage!", "text/plain");
  });
  server.start();
  HttpClient client(loopback_options());
  const auto r = client.fetch({server.url("/broken"), "", ""});
  EXPECT_FALSE(r.transport_ok());
  EXPECT_TRUE(r.body.empty());
}

TEST(HttpClient, FollowsRedirectsAndReportsFinalUrl) {
  TestServer server;
  server.http().Get("/a",
                    [](const httplib::Request&, httplib::Response& r) { r.set_redirect("/b"); });
  server.http().Get(
      "/b", [](const httplib::Request&, httplib::Response& r) { r.set_redirect("/c", 301); });
  server.serve("/c", "end", "text/plain");
  server.http().Get("/loop",
                    [](const httplib::Request&, httplib::Response& r) { r.set_redirect("/loop"); });
  server.start();
  HttpClient client(loopback_options());
  const auto r = client.fetch({server.url("/a"), "", ""});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.body, "end");
  EXPECT_EQ(r.final_url, server.url("/c"));
  const auto loop = client.fetch({server.url("/loop"), "", ""});
  EXPECT_FALSE(loop.transport_ok());
  EXPECT_NE(loop.error.find("redirect loop"), std::string::npos) << loop.error;
}

TEST(HttpClient, RedirectChainsLongerThanTheLimitFail) {
  TestServer server;
  server.http().Get(R"(/hop/(\d+))", [](const httplib::Request& q, httplib::Response& r) {
    r.set_redirect("/hop/" + std::to_string(std::stoi(q.matches[1]) + 1));
  });
  server.start();
  HttpOptions options = loopback_options();
  options.max_redirects = 3;
  HttpClient client(options);
  const auto r = client.fetch({server.url("/hop/0"), "", ""});
  EXPECT_FALSE(r.transport_ok());
  EXPECT_NE(r.error.find("too many redirects (more than 3)"), std::string::npos) << r.error;
  EXPECT_EQ(server.hits("/hop/3"), 1);
  EXPECT_EQ(server.hits("/hop/4"), 0);
}

TEST(HttpClient, RedirectToAnotherSchemeIsRefused) {
  TestServer server;
  server.http().Get("/to-file", [](const httplib::Request&, httplib::Response& r) {
    r.set_redirect("file:///etc/passwd");
  });
  server.start();
  HttpClient client(loopback_options());
  const auto r = client.fetch({server.url("/to-file"), "", ""});
  EXPECT_FALSE(r.transport_ok());
  EXPECT_TRUE(r.body.empty());
}

TEST(HttpClient, EnvironmentProxyCannotRerouteRequests) {
  TestServer server;
  server.serve("/x", "direct", "text/plain");
  server.start();
  // A proxy from the environment that would fail every request if used.
  ::setenv("http_proxy", "http://127.0.0.1:1", 1);
  ::setenv("ALL_PROXY", "http://127.0.0.1:1", 1);
  HttpClient client(loopback_options());
  const auto r = client.fetch({server.url("/x"), "", ""});
  ::unsetenv("http_proxy");
  ::unsetenv("ALL_PROXY");
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.body, "direct");
}

TEST(HttpClient, ThroughAProxyPrivateTargetsAreStillRefused) {
  TestServer server;
  server.serve("/x", "secret", "text/plain");
  server.start();
  HttpOptions options = loopback_options();
  options.allow_private_networks = false;
  options.proxy = "http://127.0.0.1:1";  // never reached: the target is refused first
  HttpClient client(options);
  const auto r = client.fetch({server.url("/x"), "", ""});
  EXPECT_FALSE(r.transport_ok());
  EXPECT_NE(r.error.find("private or loopback"), std::string::npos) << r.error;
  EXPECT_EQ(server.hits("/x"), 0);
}

TEST(HttpClient, TimesOutASlowServer) {
  TestServer server;
  server.http().Get("/slow", [](const httplib::Request&, httplib::Response& r) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    r.set_content("late", "text/plain");
  });
  server.start();
  HttpOptions options = loopback_options();
  options.total_timeout_ms = 300;
  HttpClient client(options);
  const auto r = client.fetch({server.url("/slow"), "", ""});
  EXPECT_FALSE(r.transport_ok());
  EXPECT_NE(r.error.find("timed out"), std::string::npos) << r.error;
}

TEST(HttpClient, CancelAbandonsRunningAndQueuedTransfers) {
  TestServer server;
  server.http().Get("/slow", [](const httplib::Request&, httplib::Response& r) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2000));
    r.set_content("late", "text/plain");
  });
  server.start();
  HttpOptions options = loopback_options();
  options.concurrency = 1;  // the second request waits in the queue
  HttpClient client(options);
  std::atomic<bool> cancel{false};
  std::thread canceller([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    cancel = true;
  });
  const auto start = std::chrono::steady_clock::now();
  const auto responses = client.fetch_all(
      {{server.url("/slow"), "", ""}, {server.url("/slow"), "", ""}}, {&cancel, {}});
  const auto elapsed = std::chrono::steady_clock::now() - start;
  canceller.join();
  ASSERT_EQ(responses.size(), 2u);
  for (const auto& r : responses) {
    EXPECT_EQ(r.error, "cancelled");
    EXPECT_TRUE(r.body.empty());
  }
  EXPECT_EQ(responses[1].url, server.url("/slow"));
  // Not a timing assertion on speed: only that it did not wait for the 2 s replies.
  EXPECT_LT(elapsed, std::chrono::milliseconds(1900));
  // Counted as errors of their kind, not as requests answered by the server.
  const auto counters = client.counters();
  ASSERT_TRUE(counters.count("127.0.0.1"));
  const SiteCounters& c = counters.at("127.0.0.1");
  EXPECT_EQ(c.errors.count("cancelled") ? c.errors.at("cancelled") : 0u, 2u);
  EXPECT_EQ(c.requests, 0u);
}

TEST(HttpClient, ConnectionRefusedIsAnError) {
  // A port bound but never listened on, so a connection is refused at once.
  // (A TestServer that was never started keeps its listening socket open:
  // connecting to it succeeds and then times out, which hid this case.)
  const testing::LoopbackSocket held(testing::LoopbackSocket::Mode::kRefusing);
  const int port = held.port();
  HttpClient client(loopback_options());
  const auto r = client.fetch({"http://127.0.0.1:" + std::to_string(port) + "/", "", ""});
  EXPECT_FALSE(r.transport_ok());
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.error_kind, FetchErrorKind::kConnect);
  EXPECT_EQ(r.error.rfind("could not connect: connection refused", 0), 0u) << r.error;
}

TEST(HttpClient, BatchKeepsRequestOrderAcrossConcurrency) {
  TestServer server;
  for (int i = 0; i < 20; ++i)
    server.serve("/p" + std::to_string(i), "body" + std::to_string(i), "text/plain");
  server.start();
  HttpOptions options = loopback_options();
  options.concurrency = 3;
  HttpClient client(options);
  std::vector<FetchRequest> requests;
  for (int i = 0; i < 20; ++i) requests.push_back({server.url("/p" + std::to_string(i)), "", ""});
  requests.push_back({"not a url", "", ""});
  const auto responses = client.fetch_all(requests);
  ASSERT_EQ(responses.size(), 21u);
  for (int i = 0; i < 20; ++i) EXPECT_EQ(responses[i].body, "body" + std::to_string(i));
  EXPECT_FALSE(responses[20].transport_ok());
}

}  // namespace
}  // namespace akhbar::fetchers

namespace akhbar::fetchers {
namespace {

TEST(HttpClient, PostsABodyWithHeadersAndDoesNotFollowRedirects) {
  TestServer server;
  std::string received_body, received_type, received_signature;
  server.http().Post("/hook", [&](const httplib::Request& request, httplib::Response& r) {
    received_body = request.body;
    received_type = request.get_header_value("Content-Type");
    received_signature = request.get_header_value("X-Akhbar-Signature");
    r.status = 204;
  });
  server.http().Post("/moved", [](const httplib::Request&, httplib::Response& r) {
    r.set_redirect("/hook", 307);
  });
  server.start();
  HttpClient client(loopback_options());
  FetchRequest request{server.url("/hook"), "", ""};
  request.post_body = R"([{"id":1,"title":"خبر"}])";
  request.headers = {"Content-Type: application/json", "X-Akhbar-Signature: sha256=abc"};
  const auto r = client.fetch(request);
  EXPECT_EQ(r.status, 204) << r.error;
  EXPECT_EQ(received_body, R"([{"id":1,"title":"خبر"}])");
  EXPECT_EQ(received_type, "application/json");
  EXPECT_EQ(received_signature, "sha256=abc");

  request.url = server.url("/moved");
  const auto moved = client.fetch(request);
  EXPECT_EQ(moved.status, 307);
  EXPECT_TRUE(moved.transport_ok());
  EXPECT_EQ(server.hits("/hook"), 1);  // not followed
}

}  // namespace
}  // namespace akhbar::fetchers

namespace akhbar::fetchers {
namespace {

TEST(HttpClient, ConfiguredHttpProxyCarriesTheRequest) {
  // The test server plays an HTTP proxy: it receives the absolute URL.
  TestServer proxy;
  std::string asked_for;
  proxy.http().set_pre_routing_handler(
      [&](const httplib::Request& request, httplib::Response& response) {
        asked_for = request.target;
        response.set_content("via proxy", "text/plain");
        return httplib::Server::HandlerResponse::Handled;
      });
  proxy.start();
  HttpOptions options = loopback_options();
  options.proxy = proxy.base();
  HttpClient client(options);
  // A name that does not resolve here: only the proxy could answer for it.
  const auto r = client.fetch({"http://news.example.invalid/ar/1.html"});
  EXPECT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.body, "via proxy");
  EXPECT_EQ(asked_for, "http://news.example.invalid/ar/1.html");
}

}  // namespace
}  // namespace akhbar::fetchers

namespace akhbar::fetchers {
namespace {

TEST(HttpClient, Socks5hProxyCarriesTheRequestAndResolvesTheName) {
  TestServer server;
  server.serve("/ar/1.html", "<p>عبر الوكيل</p>", "text/html; charset=utf-8");
  server.start();
  akhbar::testing::Socks5Server socks;
  HttpOptions options = loopback_options();
  options.proxy = "socks5h://127.0.0.1:" + std::to_string(socks.port());
  HttpClient client(options);
  const std::string target = "localhost:" + std::to_string(server.port());
  const auto r = client.fetch({"http://" + target + "/ar/1.html"});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.body, "<p>عبر الوكيل</p>");
  // socks5h: the proxy got the name, not an address resolved here.
  EXPECT_EQ(socks.connects(), std::vector<std::string>{target});
  EXPECT_EQ(server.hits("/ar/1.html"), 1);
}

TEST(HttpClient, ThroughAProxyARedirectToAPrivateTargetIsRefused) {
  // The first hop names a host that does not resolve here (left to the
  // proxy); the redirect it answers with points at loopback.
  TestServer inside;
  inside.serve("/admin", "secret", "text/plain");
  inside.start();
  TestServer proxy;
  int asked = 0;
  proxy.http().set_pre_routing_handler([&](const httplib::Request&, httplib::Response& response) {
    ++asked;
    response.set_redirect(inside.url("/admin"), 302);
    return httplib::Server::HandlerResponse::Handled;
  });
  proxy.start();
  HttpOptions options = loopback_options();
  options.allow_private_networks = false;
  options.proxy = proxy.base();
  HttpClient client(options);
  const auto r = client.fetch({"http://news.example.invalid/ar/1.html"});
  EXPECT_EQ(r.error_kind, FetchErrorKind::kRefused);
  EXPECT_NE(r.error.find("private or loopback"), std::string::npos) << r.error;
  EXPECT_EQ(r.status, 302);
  EXPECT_EQ(asked, 1);
  EXPECT_EQ(inside.hits("/admin"), 0);
}

TEST(HttpClient, ExemptPeerIsReachedWhileOtherLoopbackPeersStayRefused) {
  TestServer exempt, other;
  exempt.http().Get("/go", [&](const httplib::Request&, httplib::Response& r) {
    r.set_redirect(other.url("/x"), 302);
  });
  exempt.serve("/page", "allowed", "text/plain");
  other.serve("/x", "secret", "text/plain");
  exempt.start();
  other.start();
  HttpOptions options = loopback_options();
  options.allow_private_networks = false;
  options.exempt_private_peers = {"127.0.0.1:" + std::to_string(exempt.port())};
  HttpClient client(options);
  EXPECT_EQ(client.fetch({exempt.url("/page")}).body, "allowed");
  const auto r = client.fetch({exempt.url("/go")});
  EXPECT_EQ(r.error_kind, FetchErrorKind::kRefused);
  EXPECT_NE(r.error.find("private or loopback"), std::string::npos) << r.error;
  EXPECT_EQ(r.final_url, other.url("/x"));
  EXPECT_EQ(other.hits("/x"), 0);
}

TEST(HttpClient, SendsTheConfiguredUserAgent) {
  TestServer server;
  std::string seen;
  server.http().Get("/ua", [&](const httplib::Request& request, httplib::Response& r) {
    seen = request.get_header_value("User-Agent");
    r.set_content("ok", "text/plain");
  });
  server.start();
  HttpOptions options = loopback_options();
  options.user_agent = "akhbar-test/2 (+https://example.org/bot)";
  EXPECT_TRUE(HttpClient(options).fetch({server.url("/ua")}).ok());
  EXPECT_EQ(seen, "akhbar-test/2 (+https://example.org/bot)");

  // The default names the product (robots.txt groups match on it) and
  // where a site's operator can reach us.
  const std::string fallback = loopback_options().user_agent;
  EXPECT_EQ(fallback.rfind("akhbar/", 0), 0u) << fallback;
  EXPECT_NE(fallback.find("(+https://"), std::string::npos) << fallback;
  EXPECT_TRUE(HttpClient(loopback_options()).fetch({server.url("/ua")}).ok());
  EXPECT_EQ(seen, fallback);
}

}  // namespace
}  // namespace akhbar::fetchers
