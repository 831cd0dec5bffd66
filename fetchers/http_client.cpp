#include "fetchers/http_client.h"

#include <curl/curl.h>

#include <netdb.h>
#include <sys/socket.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <mutex>
#include <optional>
#include <string_view>
#include <vector>

#include "fetchers/address_policy.h"
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
  auto* transfer = static_cast<Transfer*>(user);
  const size_t bytes = size * count;
  std::string& body = transfer->response->body;
  if (body.size() + bytes > transfer->options->max_body_bytes) {
    transfer->too_large = true;
    return CURL_WRITEFUNC_ERROR;  // aborts the transfer
  }
  body.append(data, bytes);
  return bytes;
}

bool header_is(std::string_view line, std::string_view name) {
  return line.size() > name.size() && line[name.size()] == ':' &&
         text::ascii_iequals(line.substr(0, name.size()), name);
}

size_t on_header(char* data, size_t size, size_t count, void* user) {
  auto* response = static_cast<Transfer*>(user)->response;
  const std::string_view line(data, size * count);
  if (line.rfind("HTTP/", 0) == 0) {
    // A new response (after 100 Continue): forget the last one's headers.
    response->etag.clear();
    response->last_modified.clear();
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

curl_socket_t on_open_socket(void* user, curlsocktype purpose, curl_sockaddr* address) {
  auto* transfer = static_cast<Transfer*>(user);
  // Through a proxy every connection goes to the proxy the operator chose;
  // the targets are checked before each hop instead (target_refusal).
  const HttpOptions& o = *transfer->options;
  if (purpose == CURLSOCKTYPE_IPCXN && !o.allow_private_networks && o.proxy.empty() &&
      is_private_address(&address->addr)) {
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
  curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");  // every encoding libcurl can decode
  curl_easy_setopt(e, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_2TLS);
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
  if (!t.request->etag.empty()) {
    t.headers = curl_slist_append(t.headers, ("If-None-Match: " + t.request->etag).c_str());
  }
  if (!t.request->last_modified.empty()) {
    t.headers =
        curl_slist_append(t.headers, ("If-Modified-Since: " + t.request->last_modified).c_str());
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
std::optional<std::string> next_hop(Transfer& t, long status, std::string& error) {
  char* location = nullptr;
  if (!is_redirect(status) ||
      curl_easy_getinfo(t.easy, CURLINFO_REDIRECT_URL, &location) != CURLE_OK ||
      location == nullptr) {
    return std::nullopt;
  }
  const std::string next = location;
  if (std::find(t.visited.begin(), t.visited.end(), next) != t.visited.end()) {
    error = "redirect loop: " + t.url + " -> " + next;
  } else if (static_cast<long>(t.visited.size()) > t.options->max_redirects) {
    error = "too many redirects (more than " + std::to_string(t.options->max_redirects) + ")";
  } else if (const auto parts = text::parse_http_url(next); !parts) {
    error = "redirect to a URL that is not http or https: " + next;
  } else if (std::string refusal = target_refusal(*t.options, next); !refusal.empty()) {
    error = refusal;
  } else {
    return next;
  }
  return std::nullopt;
}

void finish(Transfer& t, CURLcode code, std::string error) {
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
  if (code == CURLE_OK && error.empty()) return;
  r.body.clear();  // a partial body is never passed on as if it were whole
  if (!error.empty()) {
    r.error = std::move(error);
  } else if (t.too_large || code == CURLE_FILESIZE_EXCEEDED) {
    r.error = "body larger than max_body_bytes (" + std::to_string(t.options->max_body_bytes) +
              " bytes); transfer aborted";
  } else if (code == CURLE_COULDNT_CONNECT && !t.refusal.empty()) {
    r.error = t.refusal;
  } else {
    r.error = t.error_buffer[0] != '\0' ? std::string(t.error_buffer) : curl_easy_strerror(code);
  }
}

}  // namespace

std::string FetchResponse::describe_failure() const {
  if (!error.empty()) return error;
  if (status >= 200 && status < 300) return {};
  return "HTTP " + std::to_string(status);
}

HttpClient::HttpClient(HttpOptions options) : options_(std::move(options)) {
  init_curl_once();
  multi_ = curl_multi_init();
  curl_multi_setopt(static_cast<CURLM*>(multi_), CURLMOPT_MAX_TOTAL_CONNECTIONS,
                    static_cast<long>(std::max(1, options_.concurrency)));
  curl_multi_setopt(static_cast<CURLM*>(multi_), CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX);
}

HttpClient::~HttpClient() { curl_multi_cleanup(static_cast<CURLM*>(multi_)); }

FetchResponse HttpClient::fetch(const FetchRequest& request) {
  return std::move(fetch_all({request}).front());
}

std::vector<FetchResponse> HttpClient::fetch_all(const std::vector<FetchRequest>& requests,
                                                 const FetchHooks& hooks) {
  const auto cancelled = [&hooks] { return hooks.cancel != nullptr && hooks.cancel->load(); };
  auto* multi = static_cast<CURLM*>(multi_);
  std::vector<FetchResponse> responses(requests.size());
  std::vector<std::unique_ptr<Transfer>> transfers(requests.size());
  const size_t limit = static_cast<size_t>(std::max(1, options_.concurrency));
  size_t next = 0;
  size_t running_count = 0;

  // Starts (or restarts, for a redirect) the transfer; false when it could not.
  const auto launch = [&](Transfer& t) {
    if (std::string refusal = target_refusal(options_, t.url); !refusal.empty()) {
      t.response->error = refusal;
      return false;
    }
    if (!configure(t) || curl_multi_add_handle(multi, t.easy) != CURLM_OK) {
      t.response->error = "could not start the transfer";
      return false;
    }
    return true;
  };
  const auto start_next = [&] {
    while (next < requests.size() && running_count < limit && !cancelled()) {
      const size_t i = next++;
      responses[i].url = requests[i].url;
      auto t = std::make_unique<Transfer>();
      t->options = &options_;
      t->request = &requests[i];
      t->response = &responses[i];
      t->url = requests[i].url;
      if (launch(*t)) ++running_count;
      transfers[i] = std::move(t);
    }
  };

  start_next();
  while (running_count > 0 && !cancelled()) {
    int still_running = 0;
    if (curl_multi_perform(multi, &still_running) != CURLM_OK) break;
    int queued = 0;
    while (CURLMsg* message = curl_multi_info_read(multi, &queued)) {
      if (message->msg != CURLMSG_DONE) continue;
      Transfer* t = nullptr;
      curl_easy_getinfo(message->easy_handle, CURLINFO_PRIVATE, &t);
      const CURLcode code = message->data.result;
      curl_multi_remove_handle(multi, message->easy_handle);
      long status = 0;
      curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &status);
      std::string error;
      if (code == CURLE_OK) {
        if (auto hop = next_hop(*t, status, error)) {
          t->response->body.clear();
          t->url = std::move(*hop);
          if (launch(*t)) continue;  // still running, one hop further
          t->response->status = status;
          t->response->final_url = t->url;
          --running_count;
          continue;
        }
      }
      finish(*t, code, std::move(error));
      --running_count;
    }
    start_next();
    if (hooks.on_progress) hooks.on_progress();
    if (running_count > 0) curl_multi_poll(multi, nullptr, 0, 200, nullptr);
  }
  // Reached early when cancelled or when the multi handle failed: detach what
  // is still running, and answer for what never started.
  const char* why = cancelled() ? "cancelled" : "transfer interrupted";
  for (size_t i = 0; i < requests.size(); ++i) {
    FetchResponse& r = responses[i];
    if (i >= next) {
      r.url = requests[i].url;
      r.error = why;
    } else if (transfers[i] && transfers[i]->easy != nullptr && r.status == 0 && r.error.empty()) {
      curl_multi_remove_handle(multi, transfers[i]->easy);
      r.body.clear();
      r.error = why;
    }
  }
  return responses;
}

}  // namespace akhbar::fetchers
