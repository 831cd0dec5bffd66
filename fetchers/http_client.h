// HttpClient is the single place where akhbar talks HTTP. One libcurl multi
// handle (connection reuse, HTTP/2 where offered) is driven by an event loop
// on the client's own thread; callers submit requests from any thread and
// get one FetchResponse per request. It never throws: transport failures,
// refused addresses, oversized bodies and corrupt encodings come back as
// errors on the response, with a kind for the counters.
//
// Politeness: at most `concurrency` transfers in flight, at most
// `politeness.per_site_concurrency` per site (registrable domain), starts on
// one site at least `politeness.per_site_delay_ms` apart, sites served in
// turn. A 429 (or a 503 with Retry-After) pauses its site for Retry-After
// (a minute when absent, an hour at most); requests for a paused site are
// answered at once as deferred, never parked.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "fetchers/site_counters.h"
#include "fetchers/site_queue.h"

namespace akhbar::fetchers {

struct HttpOptions {
  std::string user_agent = "akhbar/0.1 (+https://github.com/akhbar-news/akhbar)";
  long connect_timeout_ms = 10'000;
  long total_timeout_ms = 30'000;
  std::size_t max_body_bytes = 16 * 1024 * 1024;  // decoded bytes; transfer aborted past this
  long max_redirects = 5;
  int concurrency = 8;  // transfers in flight at once, all sites together
  PolitenessOptions politeness;
  // Loopback, private, link-local and unique-local addresses are refused
  // (after DNS resolution, on every redirect) unless this is set.
  bool allow_private_networks = false;
  // Peers ("127.0.0.1:8080", "[::1]:8080") connected to despite the rule
  // above, matched on the resolved address and port. Not an operator setting
  // (the config file has no key for it): it lets a test serve one hop on
  // loopback and still see the policy refuse the next.
  std::vector<std::string> exempt_private_peers;
  std::string proxy;  // http://, https://, socks5:// or socks5h://; empty: none
};

struct FetchRequest {
  FetchRequest() = default;
  FetchRequest(std::string url_, std::string etag_ = {}, std::string last_modified_ = {})
      : url(std::move(url_)), etag(std::move(etag_)), last_modified(std::move(last_modified_)) {}

  std::string url;
  std::string etag;           // sent as If-None-Match when not empty
  std::string last_modified;  // sent as If-Modified-Since when not empty
  // A POST (webhooks) when `post_body` is set: sent with `headers`
  // ("Name: value" lines) and never redirected (a 3xx is the answer).
  std::optional<std::string> post_body;
  std::vector<std::string> headers;
};

enum class FetchErrorKind {
  kNone,
  kTimeout,
  kDns,
  kConnect,     // refused, unreachable
  kConnection,  // reset, closed early, truncated body
  kTls,
  kTooLarge,
  kDecode,  // corrupt or truncated gzip/deflate/br
  kRedirect,
  kRefused,   // address or scheme policy
  kDeferred,  // the site asked us to wait (Retry-After) and the wait is not over
  kCancelled,
  kOther,
};
const char* to_string(FetchErrorKind kind);

struct FetchResponse {
  std::string url;        // as requested
  std::string final_url;  // after redirects
  long status = 0;        // HTTP status; 0 when no response arrived
  std::string content_type;
  std::string etag;
  std::string last_modified;
  // Seconds the server asked us to wait (Retry-After on a 429 or 503, or the
  // rest of the site's pause for a deferred request).
  std::optional<std::int64_t> retry_after_seconds;
  // Cache-Control max-age (s-maxage ignored); absent with no-cache/no-store.
  std::optional<std::int64_t> max_age_seconds;
  std::string body;   // content-decoded (gzip/deflate/br) bytes, not yet charset-decoded
  std::string error;  // empty when a response arrived; else what failed
  FetchErrorKind error_kind = FetchErrorKind::kNone;
  double seconds = 0;

  bool transport_ok() const { return error.empty(); }
  bool ok() const { return error.empty() && status >= 200 && status < 300; }
  bool not_modified() const { return error.empty() && status == 304; }
  // One line for logs and the source's last_error: the transport error, or
  // "HTTP 503".
  std::string describe_failure() const;
};

struct FetchHooks {
  // When it becomes true, the batch's transfers still running or queued are
  // abandoned within about 200 ms and answer with the error "cancelled".
  const std::atomic<bool>* cancel = nullptr;
  // Called at least every 200 ms while the batch runs (a liveness signal).
  std::function<void()> on_progress;
};

class HttpClient {
 public:
  explicit HttpClient(HttpOptions options);
  ~HttpClient();  // abandons what is still queued or running ("client stopped")
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  using Callback = std::function<void(FetchResponse)>;
  // Queues `request`; `done` is called exactly once, on the client's thread
  // (keep it short). `cancel`, when given, must outlive the call to `done`.
  void submit(FetchRequest request, Callback done, const std::atomic<bool>* cancel = nullptr);

  // Submits every request and waits for all answers, in request order.
  std::vector<FetchResponse> fetch_all(const std::vector<FetchRequest>& requests,
                                       const FetchHooks& hooks = {});

  // Like fetch_all, but hands each answer to `handle(index, response)` on
  // the calling thread as it arrives, and keeps at most `window` requests
  // submitted and not yet handled: memory stays at `window` bodies however
  // long the list. Returns when every request has been handled.
  using ResponseHandler = std::function<void(std::size_t, FetchResponse)>;
  void fetch_each(const std::vector<FetchRequest>& requests, std::size_t window,
                  const ResponseHandler& handle, const FetchHooks& hooks = {});
  FetchResponse fetch(const FetchRequest& request);

  // A longer gap between requests to `site` (robots.txt Crawl-delay).
  void set_site_delay(const std::string& site, std::chrono::milliseconds delay);

  std::map<std::string, SiteCounters> counters() const { return counters_.snapshot(); }
  const HttpOptions& options() const { return options_; }

 private:
  struct Loop;
  HttpOptions options_;
  SiteCounterTable counters_;
  std::unique_ptr<Loop> loop_;
};

}  // namespace akhbar::fetchers
