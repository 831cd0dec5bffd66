// HttpClient fetches a batch of URLs concurrently on one libcurl multi
// handle (connection reuse, HTTP/2 where offered) and returns one
// FetchResponse per request, in request order. It never throws: transport
// failures, refused addresses and oversized bodies come back as errors on the
// response. Politeness, backoff and the long-running event loop come later
// (see the fetching issue); this is the single place where akhbar talks HTTP.
#pragma once

#include <atomic>
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace akhbar::fetchers {

struct HttpOptions {
  std::string user_agent = "akhbar/0.1 (+https://github.com/akhbar-news/akhbar)";
  long connect_timeout_ms = 10'000;
  long total_timeout_ms = 30'000;
  std::size_t max_body_bytes = 16 * 1024 * 1024;  // transfer aborted past this
  long max_redirects = 5;
  int concurrency = 8;  // transfers in flight at once
  // Loopback, private, link-local and unique-local addresses are refused
  // (after DNS resolution, on every redirect) unless this is set.
  bool allow_private_networks = false;
  std::string proxy;  // e.g. "socks5h://127.0.0.1:9050"; empty: none
};

struct FetchRequest {
  std::string url;
  std::string etag;           // sent as If-None-Match when not empty
  std::string last_modified;  // sent as If-Modified-Since when not empty
};

struct FetchResponse {
  std::string url;        // as requested
  std::string final_url;  // after redirects
  long status = 0;        // HTTP status; 0 when no response arrived
  std::string content_type;
  std::string etag;
  std::string last_modified;
  std::string body;   // content-decoded (gzip/deflate/br) bytes, not yet charset-decoded
  std::string error;  // empty when a response arrived; else what failed
  double seconds = 0;

  bool transport_ok() const { return error.empty(); }
  bool ok() const { return error.empty() && status >= 200 && status < 300; }
  bool not_modified() const { return error.empty() && status == 304; }
  // One line for logs and the source's last_error: the transport error, or
  // "HTTP 503".
  std::string describe_failure() const;
};

struct FetchHooks {
  // When it becomes true, transfers still running are abandoned within about
  // 200 ms and answer with the error "cancelled".
  const std::atomic<bool>* cancel = nullptr;
  // Called at least every 200 ms while the batch runs (a liveness signal).
  std::function<void()> on_progress;
};

class HttpClient {
 public:
  explicit HttpClient(HttpOptions options);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  std::vector<FetchResponse> fetch_all(const std::vector<FetchRequest>& requests,
                                       const FetchHooks& hooks = {});
  FetchResponse fetch(const FetchRequest& request);

  const HttpOptions& options() const { return options_; }

 private:
  HttpOptions options_;
  void* multi_;  // CURLM*, kept across batches for connection reuse
};

}  // namespace akhbar::fetchers
