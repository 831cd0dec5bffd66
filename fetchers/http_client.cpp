#include "fetchers/http_client.h"

#include <curl/curl.h>

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cerrno>

#include <algorithm>
#include <cctype>
#include <condition_variable>
#include <ctime>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string_view>
#include <thread>
#include <vector>

#include "fetchers/address_policy.h"
#include "fetchers/content_decoder.h"
#include "fetchers/retry_after.h"
#include "fetchers/site_key.h"
#include "text/ascii.h"
#include "text/url.h"

namespace akhbar::fetchers {

namespace {

void init_curl_once() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct Transfer {
  const HttpOptions* options = nullptr;
  const FetchRequest* request = nullptr;
  FetchResponse* response = nullptr;
  CURL* easy = nullptr;
  curl_slist* headers = nullptr;
  char error_buffer[CURL_ERROR_SIZE] = {};
  std::string url;                   // the hop being fetched
  std::vector<std::string> visited;  // every hop so far, for loop detection
  std::string refusal;               // set when the address policy refused a connection
  std::string retry_after;           // the Retry-After header of the last response
  std::uint64_t job_id = 0;          // the HttpClient job this transfer serves
  std::string content_encoding;      // of the hop's response
  std::unique_ptr<ContentDecoder> decoder;
  std::string decode_error;
  bool too_large = false;

  ~Transfer() { release(); }
  void release() {
    if (headers != nullptr) curl_slist_free_all(headers);
    if (easy != nullptr) curl_easy_cleanup(easy);
    headers = nullptr;
    easy = nullptr;
  }
};

size_t on_body(char* data, size_t size, size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  const size_t bytes = size * count;
  if (!t->decoder) {
    auto decoder = ContentDecoder::for_encoding(t->content_encoding, t->options->max_body_bytes);
    if (!decoder) {
      t->decode_error = decoder.error();
      return CURL_WRITEFUNC_ERROR;
    }
    t->decoder = std::move(*decoder);
  }
  if (Status st = t->decoder->feed({data, bytes}, t->response->body); !st) {
    if (st.error().rfind("too large", 0) == 0) {
      t->too_large = true;
    } else {
      t->decode_error = st.error();
    }
    return CURL_WRITEFUNC_ERROR;  // aborts the transfer
  }
  return bytes;
}

bool header_is(std::string_view line, std::string_view name) {
  return line.size() > name.size() && line[name.size()] == ':' &&
         text::ascii_iequals(line.substr(0, name.size()), name);
}

// max-age=N of a Cache-Control value; nothing for no-store/no-cache (the
// response may not be reused at all) or without max-age.
std::optional<std::int64_t> cache_max_age(std::string_view value) {
  const std::string v = text::ascii_lower(value);
  if (v.find("no-store") != std::string::npos || v.find("no-cache") != std::string::npos) {
    return std::nullopt;
  }
  size_t at = v.find("max-age=");  // "s-maxage=" does not contain it
  if (at == std::string::npos) return std::nullopt;
  at += 8;
  std::int64_t seconds = 0;
  size_t digits = 0;
  while (at < v.size() && v[at] >= '0' && v[at] <= '9' && digits < 10) {
    seconds = seconds * 10 + (v[at++] - '0');
    ++digits;
  }
  return digits > 0 ? std::optional<std::int64_t>(seconds) : std::nullopt;
}

size_t on_header(char* data, size_t size, size_t count, void* user) {
  auto* response = static_cast<Transfer*>(user)->response;
  const std::string_view line(data, size * count);
  if (line.rfind("HTTP/", 0) == 0) {
    // A new response (after 100 Continue): forget the last one's headers.
    response->etag.clear();
    response->last_modified.clear();
    static_cast<Transfer*>(user)->retry_after.clear();
    static_cast<Transfer*>(user)->content_encoding.clear();
    response->max_age_seconds.reset();
  } else if (header_is(line, "cache-control")) {
    response->max_age_seconds = cache_max_age(line.substr(14));
  } else if (header_is(line, "content-encoding")) {
    // Several headers are one list, applied in order (RFC 9110 §5.3).
    std::string& encodings = static_cast<Transfer*>(user)->content_encoding;
    if (!encodings.empty()) encodings += ",";
    encodings += text::trim_ascii(line.substr(17));
  } else if (header_is(line, "retry-after")) {
    static_cast<Transfer*>(user)->retry_after = text::trim_ascii(line.substr(12));
  } else if (header_is(line, "etag")) {
    response->etag = text::trim_ascii(line.substr(5));
  } else if (header_is(line, "last-modified")) {
    response->last_modified = text::trim_ascii(line.substr(14));
  }
  return size * count;
}

constexpr const char* kPrivateRefusal =
    "refused to connect to a private or loopback address "
    "(set [http] allow_private_networks = true to allow it)";

// "127.0.0.1:8080" or "[::1]:8080"; empty for other families.
std::string peer_text(const sockaddr* address) {
  char host[INET6_ADDRSTRLEN] = {};
  if (address->sa_family == AF_INET) {
    const auto* v4 = reinterpret_cast<const sockaddr_in*>(address);
    if (inet_ntop(AF_INET, &v4->sin_addr, host, sizeof host) == nullptr) return {};
    return std::string(host) + ":" + std::to_string(ntohs(v4->sin_port));
  }
  if (address->sa_family == AF_INET6) {
    const auto* v6 = reinterpret_cast<const sockaddr_in6*>(address);
    if (inet_ntop(AF_INET6, &v6->sin6_addr, host, sizeof host) == nullptr) return {};
    return "[" + std::string(host) + "]:" + std::to_string(ntohs(v6->sin6_port));
  }
  return {};
}

bool exempt_peer(const HttpOptions& o, const sockaddr* address) {
  if (o.exempt_private_peers.empty()) return false;
  const std::string peer = peer_text(address);
  return std::find(o.exempt_private_peers.begin(), o.exempt_private_peers.end(), peer) !=
         o.exempt_private_peers.end();
}

curl_socket_t on_open_socket(void* user, curlsocktype purpose, curl_sockaddr* address) {
  auto* transfer = static_cast<Transfer*>(user);
  // Through a proxy every connection goes to the proxy the operator chose;
  // the targets are checked before each hop instead (target_refusal).
  const HttpOptions& o = *transfer->options;
  if (purpose == CURLSOCKTYPE_IPCXN && !o.allow_private_networks && o.proxy.empty() &&
      is_private_address(&address->addr) && !exempt_peer(o, &address->addr)) {
    transfer->refusal = kPrivateRefusal;
    return CURL_SOCKET_BAD;
  }
  return ::socket(address->family, address->socktype, address->protocol);
}

// With a proxy, libcurl never resolves the target itself, so the address
// policy is applied here: every address the target's name has must be public.
// (A name that does not resolve locally is left to the proxy, as with Tor.)
std::string target_refusal(const HttpOptions& o, const std::string& url) {
  if (o.allow_private_networks || o.proxy.empty()) return {};
  const std::string host = text::url_host(url);
  if (host.empty()) return {};
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (getaddrinfo(host.c_str(), nullptr, &hints, &found) != 0) return {};
  std::string refusal;
  for (addrinfo* a = found; a != nullptr && refusal.empty(); a = a->ai_next) {
    if (is_private_address(a->ai_addr)) refusal = kPrivateRefusal;
  }
  freeaddrinfo(found);
  return refusal;
}

// Sets up `t.easy` for the hop `t.url`. Redirects are followed by
// HttpClient itself, so that every hop is checked and loops are named.
bool configure(Transfer& t) {
  t.release();
  t.decoder.reset();
  t.decode_error.clear();
  t.content_encoding.clear();
  t.too_large = false;
  t.easy = curl_easy_init();
  if (t.easy == nullptr) return false;
  CURL* e = t.easy;
  const HttpOptions& o = *t.options;
  curl_easy_setopt(e, CURLOPT_URL, t.url.c_str());
  curl_easy_setopt(e, CURLOPT_PRIVATE, &t);
  curl_easy_setopt(e, CURLOPT_ERRORBUFFER, t.error_buffer);
  curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, o.connect_timeout_ms);
  curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, o.total_timeout_ms);
  curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(o.max_body_bytes));
  curl_easy_setopt(e, CURLOPT_USERAGENT, o.user_agent.c_str());
  // Content-Encoding is decoded by ContentDecoder, which notices truncation.
  curl_easy_setopt(e, CURLOPT_HTTP_CONTENT_DECODING, 0L);
  curl_easy_setopt(e, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_2TLS);
  // While an HTTP/2 connection to the host is still being set up (or its
  // ALPN answer is pending), wait for it and multiplex on it instead of
  // opening a parallel connection per request: one connection per host is
  // what both the server and per-site politeness expect.
  curl_easy_setopt(e, CURLOPT_PIPEWAIT, 1L);
  curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(e, CURLOPT_WRITEDATA, &t);
  curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(e, CURLOPT_HEADERDATA, &t);
  curl_easy_setopt(e, CURLOPT_OPENSOCKETFUNCTION, on_open_socket);
  curl_easy_setopt(e, CURLOPT_OPENSOCKETDATA, &t);
  // Always set, so http_proxy/ALL_PROXY/no_proxy in the environment cannot
  // route around the configuration (or the address policy).
  curl_easy_setopt(e, CURLOPT_PROXY, o.proxy.c_str());
  curl_easy_setopt(e, CURLOPT_NOPROXY, "");
  t.headers = curl_slist_append(t.headers, "Accept: */*");
  t.headers = curl_slist_append(
      t.headers, (std::string("Accept-Encoding: ") + ContentDecoder::kAcceptEncoding).c_str());
  if (!t.request->etag.empty()) {
    t.headers = curl_slist_append(t.headers, ("If-None-Match: " + t.request->etag).c_str());
  }
  if (!t.request->last_modified.empty()) {
    t.headers =
        curl_slist_append(t.headers, ("If-Modified-Since: " + t.request->last_modified).c_str());
  }
  for (const auto& header : t.request->headers) {
    t.headers = curl_slist_append(t.headers, header.c_str());
  }
  if (t.request->post_body) {
    curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE,
                     static_cast<curl_off_t>(t.request->post_body->size()));
    curl_easy_setopt(e, CURLOPT_POSTFIELDS, t.request->post_body->data());
  }
  curl_easy_setopt(e, CURLOPT_HTTPHEADER, t.headers);
  t.visited.push_back(t.url);
  return true;
}

bool is_redirect(long status) {
  return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

// The next hop when this response is a redirect we should follow; sets
// `error` when it is one we must not follow.
std::optional<std::string> next_hop(Transfer& t, long status, std::string& error,
                                    FetchErrorKind& kind) {
  char* location = nullptr;
  if (t.request->post_body || !is_redirect(status) ||
      curl_easy_getinfo(t.easy, CURLINFO_REDIRECT_URL, &location) != CURLE_OK ||
      location == nullptr) {
    return std::nullopt;
  }
  const std::string next = location;
  kind = FetchErrorKind::kRedirect;
  if (std::find(t.visited.begin(), t.visited.end(), next) != t.visited.end()) {
    error = "redirect loop: " + t.url + " -> " + next;
  } else if (static_cast<long>(t.visited.size()) > t.options->max_redirects) {
    error = "too many redirects (more than " + std::to_string(t.options->max_redirects) + ")";
  } else if (const auto parts = text::parse_http_url(next); !parts) {
    error = "redirect to a URL that is not http or https: " + next;
  } else if (std::string refusal = target_refusal(*t.options, next); !refusal.empty()) {
    error = refusal;
    kind = FetchErrorKind::kRefused;
  } else {
    kind = FetchErrorKind::kNone;
    return next;
  }
  return std::nullopt;
}

FetchErrorKind kind_of(CURLcode code) {
  switch (code) {
    case CURLE_OPERATION_TIMEDOUT:
      return FetchErrorKind::kTimeout;
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
      return FetchErrorKind::kDns;
    case CURLE_COULDNT_CONNECT:
      return FetchErrorKind::kConnect;
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
    case CURLE_WEIRD_SERVER_REPLY:
      return FetchErrorKind::kConnection;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
      return FetchErrorKind::kTls;
    case CURLE_FILESIZE_EXCEEDED:
      return FetchErrorKind::kTooLarge;
    case CURLE_BAD_CONTENT_ENCODING:
      return FetchErrorKind::kDecode;
    case CURLE_UNSUPPORTED_PROTOCOL:
      return FetchErrorKind::kRefused;
    default:
      return FetchErrorKind::kOther;
  }
}

// The transport error in words an operator can act on, with libcurl's own
// text after it: "reset", "cut short" and "could not connect" point at
// different culprits (server crash, proxy or load balancer, firewall).
std::string describe_curl_error(CURL* easy, CURLcode code, const char* error_buffer) {
  const std::string detail = error_buffer[0] != '\0' ? error_buffer : curl_easy_strerror(code);
  long os_errno = 0;
  curl_easy_getinfo(easy, CURLINFO_OS_ERRNO, &os_errno);
  const char* words = nullptr;
  switch (code) {
    case CURLE_RECV_ERROR:
      words = os_errno == ECONNRESET ? "connection reset by the server while reading the response"
                                     : "connection broken while reading the response";
      break;
    case CURLE_SEND_ERROR:
      words = os_errno == ECONNRESET ? "connection reset by the server while sending the request"
                                     : "connection broken while sending the request";
      break;
    case CURLE_PARTIAL_FILE:
      words = "response cut short: the connection closed before the whole body arrived";
      break;
    case CURLE_GOT_NOTHING:
      words = "the server closed the connection without answering";
      break;
    case CURLE_COULDNT_CONNECT:
      words =
          os_errno == ECONNREFUSED ? "could not connect: connection refused" : "could not connect";
      break;
    case CURLE_COULDNT_RESOLVE_HOST:
      words = "host name not found";
      break;
    case CURLE_COULDNT_RESOLVE_PROXY:
      words = "proxy host name not found";
      break;
    default:
      return detail;
  }
  return std::string(words) + " (" + detail + ")";
}

// Fills the response from the finished hop. `error` (with `kind`) is set when
// the transfer itself succeeded but must still count as a failure (a redirect
// we would not follow).
void finish(Transfer& t, CURLcode code, std::string error, FetchErrorKind kind) {
  FetchResponse& r = *t.response;
  CURL* e = t.easy;
  long status = 0;
  curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &status);
  r.status = status;
  r.final_url = t.url;
  char* content_type = nullptr;
  if (curl_easy_getinfo(e, CURLINFO_CONTENT_TYPE, &content_type) == CURLE_OK && content_type) {
    r.content_type = content_type;
  }
  curl_off_t microseconds = 0;
  curl_easy_getinfo(e, CURLINFO_TOTAL_TIME_T, &microseconds);
  r.seconds += static_cast<double>(microseconds) / 1e6;
  if ((status == 429 || status == 503) && !t.retry_after.empty()) {
    r.retry_after_seconds = parse_retry_after(t.retry_after, std::time(nullptr));
  }
  if (code == CURLE_OK && error.empty() && t.decoder) {
    if (Status complete = t.decoder->finish(); !complete) {
      error = complete.error();
      kind = FetchErrorKind::kDecode;
    }
  }
  if (code == CURLE_OK && error.empty()) return;
  r.body.clear();  // a partial body is never passed on as if it were whole
  if (!error.empty()) {
    r.error = std::move(error);
    r.error_kind = kind;
  } else if (t.too_large || code == CURLE_FILESIZE_EXCEEDED) {
    r.error = "body larger than max_body_bytes (" + std::to_string(t.options->max_body_bytes) +
              " bytes); transfer aborted";
    r.error_kind = FetchErrorKind::kTooLarge;
  } else if (!t.decode_error.empty()) {
    r.error = t.decode_error;
    r.error_kind = FetchErrorKind::kDecode;
  } else if (code == CURLE_COULDNT_CONNECT && !t.refusal.empty()) {
    r.error = t.refusal;
    r.error_kind = FetchErrorKind::kRefused;
  } else {
    r.error = describe_curl_error(e, code, t.error_buffer);
    r.error_kind = kind_of(code);
  }
}

// One request on its way through the loop.
struct Job {
  std::uint64_t id = 0;
  FetchRequest request;
  FetchResponse response;
  HttpClient::Callback done;
  const std::atomic<bool>* cancel = nullptr;
  std::string site;
  Transfer transfer;
  bool running = false;

  bool cancelled() const { return cancel != nullptr && cancel->load(); }
};

}  // namespace

const char* to_string(FetchErrorKind kind) {
  switch (kind) {
    case FetchErrorKind::kNone:
      return "none";
    case FetchErrorKind::kTimeout:
      return "timeout";
    case FetchErrorKind::kDns:
      return "dns";
    case FetchErrorKind::kConnect:
      return "connect";
    case FetchErrorKind::kConnection:
      return "connection";
    case FetchErrorKind::kTls:
      return "tls";
    case FetchErrorKind::kTooLarge:
      return "too_large";
    case FetchErrorKind::kDecode:
      return "decode";
    case FetchErrorKind::kRedirect:
      return "redirect";
    case FetchErrorKind::kRefused:
      return "refused";
    case FetchErrorKind::kDeferred:
      return "deferred";
    case FetchErrorKind::kCancelled:
      return "cancelled";
    case FetchErrorKind::kOther:
      return "other";
  }
  return "other";
}

std::string FetchResponse::describe_failure() const {
  if (!error.empty()) return error;
  if (status >= 200 && status < 300) return {};
  return "HTTP " + std::to_string(status);
}

// The event loop. Everything but the inbox belongs to the loop's thread.
struct HttpClient::Loop {
  using Clock = SiteQueue::Clock;

  Loop(const HttpOptions& o, SiteCounterTable& c) : options(o), counters(c), queue(o.politeness) {
    init_curl_once();
    multi = curl_multi_init();
    curl_multi_setopt(multi, CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX);
    thread = std::thread([this] { run(); });
  }
  ~Loop() {
    {
      std::lock_guard lock(mutex);
      stopping = true;
    }
    curl_multi_wakeup(multi);
    thread.join();
    curl_multi_cleanup(multi);
  }

  void submit(std::unique_ptr<Job> job) {
    {
      std::lock_guard lock(mutex);
      job->id = next_id++;
      inbox.push_back(std::move(job));
    }
    curl_multi_wakeup(multi);
  }
  void set_delay(const std::string& site, std::chrono::milliseconds delay) {
    {
      std::lock_guard lock(mutex);
      delays.emplace_back(site, delay);
    }
    curl_multi_wakeup(multi);
  }

  // Takes what other threads handed over; false once the client is stopping.
  bool take_inbox() {
    std::vector<std::unique_ptr<Job>> arrived;
    std::vector<std::pair<std::string, std::chrono::milliseconds>> new_delays;
    bool stop = false;
    {
      std::lock_guard lock(mutex);
      arrived.swap(inbox);
      new_delays.swap(delays);
      stop = stopping;
    }
    for (auto& [site, delay] : new_delays) queue.set_min_delay(site, delay);
    for (auto& job : arrived) {
      job->site = site_of_url(job->request.url);
      job->response.url = job->request.url;
      if (job->cancel != nullptr) ++cancel_flags[job->cancel];
      queue.push(job->site, job->id);
      jobs.emplace(job->id, std::move(job));
    }
    return !stop;
  }

  void complete(std::uint64_t id) {
    auto found = jobs.find(id);
    std::unique_ptr<Job> job = std::move(found->second);
    jobs.erase(found);
    if (job->cancel != nullptr && --cancel_flags[job->cancel] == 0) cancel_flags.erase(job->cancel);
    job->transfer.release();
    if (job->done) job->done(std::move(job->response));
  }
  void fail(Job& job, std::string error, FetchErrorKind kind) {
    job.response.body.clear();
    job.response.error = std::move(error);
    job.response.error_kind = kind;
  }

  // Starts (or restarts, for a redirect) the job's transfer; false when it
  // could not, with the error on the response.
  bool launch(Job& job) {
    Transfer& t = job.transfer;
    if (std::string refusal = target_refusal(options, t.url); !refusal.empty()) {
      fail(job, refusal, FetchErrorKind::kRefused);
      return false;
    }
    if (!configure(t) || curl_multi_add_handle(multi, t.easy) != CURLM_OK) {
      fail(job, "could not start the transfer", FetchErrorKind::kOther);
      return false;
    }
    return true;
  }

  void stop_running(Job& job) {
    curl_multi_remove_handle(multi, job.transfer.easy);
    job.running = false;
    --running;
    queue.finished(job.site);
  }

  void start_ready() {
    const auto cap = static_cast<std::size_t>(std::max(1, options.concurrency));
    while (running < cap) {
      const auto now = Clock::now();
      auto ready = queue.pop_ready(now);
      if (!ready) return;
      Job& job = *jobs.at(ready->id);
      if (ready->deferred_until) {
        const auto wait = std::chrono::ceil<std::chrono::seconds>(*ready->deferred_until - now);
        fail(job,
             "deferred: " + job.site + " asked us to wait " + std::to_string(wait.count()) +
                 " s more (Retry-After)",
             FetchErrorKind::kDeferred);
        job.response.retry_after_seconds = wait.count();
        counters.record_unsent(job.site, FetchErrorKind::kDeferred);
        complete(job.id);
        continue;
      }
      if (job.cancelled()) {
        queue.finished(job.site);
        fail(job, "cancelled", FetchErrorKind::kCancelled);
        counters.record_unsent(job.site, FetchErrorKind::kCancelled);
        complete(job.id);
        continue;
      }
      job.transfer.options = &options;
      job.transfer.request = &job.request;
      job.transfer.response = &job.response;
      job.transfer.url = job.request.url;
      job.transfer.job_id = job.id;
      if (!launch(job)) {
        queue.finished(job.site);
        counters.record(job.site, job.response);
        complete(job.id);
        continue;
      }
      job.running = true;
      ++running;
    }
  }

  void on_done(CURLMsg* message) {
    Transfer* t = nullptr;
    curl_easy_getinfo(message->easy_handle, CURLINFO_PRIVATE, &t);
    Job& job = *jobs.at(t->job_id);
    const CURLcode code = message->data.result;
    curl_multi_remove_handle(multi, message->easy_handle);
    long hop_status = 0;
    curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &hop_status);
    std::string error;
    FetchErrorKind kind = FetchErrorKind::kNone;
    if (code == CURLE_OK) {
      if (auto hop = next_hop(*t, hop_status, error, kind)) {
        job.response.body.clear();
        t->url = std::move(*hop);
        if (launch(job)) return;  // still running, one hop further
        job.response.status = hop_status;
        job.response.final_url = t->url;
        error = job.response.error;
        kind = job.response.error_kind;
      }
    }
    if (t->easy != nullptr) finish(*t, code, std::move(error), kind);
    job.running = false;
    --running;
    queue.finished(job.site);
    // A 429 is about the whole site (a minute when it does not say how long);
    // a 503 only when it says how long (one broken page often answers 503).
    // At most an hour: longer waits are the source backoff's business.
    const long status = job.response.status;
    if (status == 429 || (status == 503 && job.response.retry_after_seconds)) {
      const std::int64_t wait =
          std::clamp<std::int64_t>(job.response.retry_after_seconds.value_or(60), 1, 3600);
      queue.pause(job.site, Clock::now() + std::chrono::seconds(wait));
    }
    counters.record(job.site, job.response);
    complete(job.id);
  }

  void cancel_requested() {
    bool any = false;
    for (const auto& [flag, count] : cancel_flags) any = any || flag->load();
    if (!any) return;
    std::vector<std::uint64_t> doomed;
    queue.remove_if([this](std::uint64_t id) { return jobs.at(id)->cancelled(); },
                    [&doomed](std::uint64_t id) { doomed.push_back(id); });
    for (auto& [id, job] : jobs) {
      if (job->running && job->cancelled()) {
        stop_running(*job);
        doomed.push_back(id);
      }
    }
    for (std::uint64_t id : doomed) {
      Job& job = *jobs.at(id);
      fail(job, "cancelled", FetchErrorKind::kCancelled);
      counters.record_unsent(job.site, FetchErrorKind::kCancelled);
      complete(id);
    }
  }

  void abandon_all() {
    for (auto& [id, job] : jobs) {
      if (job->running) stop_running(*job);
      fail(*job, "client stopped", FetchErrorKind::kCancelled);
      counters.record_unsent(job->site, FetchErrorKind::kCancelled);
    }
    while (!jobs.empty()) complete(jobs.begin()->first);
  }

  void run() {
    while (take_inbox()) {
      cancel_requested();
      start_ready();
      int still_running = 0;
      curl_multi_perform(multi, &still_running);
      int queued = 0;
      while (CURLMsg* message = curl_multi_info_read(multi, &queued)) {
        if (message->msg == CURLMSG_DONE) on_done(message);
      }
      start_ready();
      auto timeout = std::chrono::milliseconds(200);
      if (running < static_cast<std::size_t>(std::max(1, options.concurrency))) {
        if (auto hint = queue.wait_hint(Clock::now())) {
          timeout = std::min(timeout, std::chrono::ceil<std::chrono::milliseconds>(*hint));
        }
      }
      curl_multi_poll(multi, nullptr, 0, static_cast<int>(timeout.count()), nullptr);
    }
    abandon_all();
  }

  const HttpOptions& options;
  SiteCounterTable& counters;
  CURLM* multi = nullptr;
  std::thread thread;

  std::mutex mutex;  // guards the three below
  std::vector<std::unique_ptr<Job>> inbox;
  std::vector<std::pair<std::string, std::chrono::milliseconds>> delays;
  bool stopping = false;
  std::uint64_t next_id = 1;

  SiteQueue queue;
  std::map<std::uint64_t, std::unique_ptr<Job>> jobs;
  std::map<const std::atomic<bool>*, int> cancel_flags;
  std::size_t running = 0;
};

HttpClient::HttpClient(HttpOptions options)
    : options_(std::move(options)), loop_(std::make_unique<Loop>(options_, counters_)) {}

HttpClient::~HttpClient() = default;

void HttpClient::submit(FetchRequest request, Callback done, const std::atomic<bool>* cancel) {
  auto job = std::make_unique<Job>();
  job->request = std::move(request);
  job->done = std::move(done);
  job->cancel = cancel;
  loop_->submit(std::move(job));
}

void HttpClient::set_site_delay(const std::string& site, std::chrono::milliseconds delay) {
  loop_->set_delay(site, delay);
}

FetchResponse HttpClient::fetch(const FetchRequest& request) {
  return std::move(fetch_all({request}).front());
}

std::vector<FetchResponse> HttpClient::fetch_all(const std::vector<FetchRequest>& requests,
                                                 const FetchHooks& hooks) {
  std::vector<FetchResponse> responses(requests.size());
  fetch_each(
      requests, requests.size(),
      [&responses](std::size_t i, FetchResponse response) { responses[i] = std::move(response); },
      hooks);
  return responses;
}

void HttpClient::fetch_each(const std::vector<FetchRequest>& requests, std::size_t window,
                            const ResponseHandler& handle, const FetchHooks& hooks) {
  // Answers wait in `ready` until the calling thread takes them; the batch
  // is shared with the callbacks, which may outlive an early return.
  struct Batch {
    std::mutex mutex;
    std::condition_variable answered;
    std::deque<std::pair<std::size_t, FetchResponse>> ready;
  };
  auto batch = std::make_shared<Batch>();
  window = std::max<std::size_t>(1, window);
  std::size_t submitted = 0;
  std::size_t handled = 0;
  const auto submit_next = [&] {
    const std::size_t i = submitted++;
    submit(
        requests[i],
        [batch, i](FetchResponse response) {
          std::lock_guard lock(batch->mutex);
          batch->ready.emplace_back(i, std::move(response));
          batch->answered.notify_all();
        },
        hooks.cancel);
  };
  constexpr auto kProgressEvery = std::chrono::milliseconds(200);
  auto last_progress = std::chrono::steady_clock::now();
  while (handled < requests.size()) {
    while (submitted < requests.size() && submitted - handled < window) submit_next();
    if (hooks.on_progress && std::chrono::steady_clock::now() - last_progress >= kProgressEvery) {
      hooks.on_progress();
      last_progress = std::chrono::steady_clock::now();
    }
    std::unique_lock lock(batch->mutex);
    if (batch->ready.empty()) {
      batch->answered.wait_for(lock, kProgressEvery);
      if (batch->ready.empty()) continue;
    }
    auto [index, response] = std::move(batch->ready.front());
    batch->ready.pop_front();
    lock.unlock();
    ++handled;
    handle(index, std::move(response));
  }
}

}  // namespace akhbar::fetchers
