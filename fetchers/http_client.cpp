#include "fetchers/http_client.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <mutex>
#include <string_view>

#include "fetchers/address_policy.h"

namespace akhbar::fetchers {

namespace {

void init_curl_once() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct Transfer {
  const HttpOptions* options = nullptr;
  FetchResponse* response = nullptr;
  CURL* easy = nullptr;
  curl_slist* headers = nullptr;
  char error_buffer[CURL_ERROR_SIZE] = {};
  std::string refusal;  // set when the address policy refused a connection
  bool too_large = false;

  ~Transfer() {
    if (headers != nullptr) curl_slist_free_all(headers);
    if (easy != nullptr) curl_easy_cleanup(easy);
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

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

bool header_is(std::string_view line, std::string_view name) {
  if (line.size() <= name.size() || line[name.size()] != ':') return false;
  for (size_t i = 0; i < name.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(line[i])) != name[i]) return false;
  }
  return true;
}

size_t on_header(char* data, size_t size, size_t count, void* user) {
  auto* response = static_cast<Transfer*>(user)->response;
  const std::string_view line(data, size * count);
  if (line.rfind("HTTP/", 0) == 0) {
    // A new response (after a redirect or 100 Continue): forget the last one's headers.
    response->etag.clear();
    response->last_modified.clear();
  } else if (header_is(line, "etag")) {
    response->etag = trim(line.substr(5));
  } else if (header_is(line, "last-modified")) {
    response->last_modified = trim(line.substr(14));
  }
  return size * count;
}

curl_socket_t on_open_socket(void* user, curlsocktype purpose, curl_sockaddr* address) {
  auto* transfer = static_cast<Transfer*>(user);
  if (purpose == CURLSOCKTYPE_IPCXN && !transfer->options->allow_private_networks &&
      is_private_address(&address->addr)) {
    transfer->refusal =
        "refused to connect to a private or loopback address "
        "(set [http] allow_private_networks = true to allow it)";
    return CURL_SOCKET_BAD;
  }
  return ::socket(address->family, address->socktype, address->protocol);
}

void configure(Transfer& t, const FetchRequest& request) {
  CURL* e = t.easy;
  const HttpOptions& o = *t.options;
  curl_easy_setopt(e, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(e, CURLOPT_PRIVATE, &t);
  curl_easy_setopt(e, CURLOPT_ERRORBUFFER, t.error_buffer);
  curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(e, CURLOPT_MAXREDIRS, o.max_redirects);
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
  if (!o.proxy.empty()) curl_easy_setopt(e, CURLOPT_PROXY, o.proxy.c_str());
  t.headers = curl_slist_append(t.headers, "Accept: */*");
  if (!request.etag.empty()) {
    t.headers = curl_slist_append(t.headers, ("If-None-Match: " + request.etag).c_str());
  }
  if (!request.last_modified.empty()) {
    t.headers =
        curl_slist_append(t.headers, ("If-Modified-Since: " + request.last_modified).c_str());
  }
  curl_easy_setopt(e, CURLOPT_HTTPHEADER, t.headers);
}

void finish(Transfer& t, CURLcode code) {
  FetchResponse& r = *t.response;
  CURL* e = t.easy;
  long status = 0;
  curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &status);
  r.status = status;
  char* final_url = nullptr;
  if (curl_easy_getinfo(e, CURLINFO_EFFECTIVE_URL, &final_url) == CURLE_OK && final_url) {
    r.final_url = final_url;
  }
  char* content_type = nullptr;
  if (curl_easy_getinfo(e, CURLINFO_CONTENT_TYPE, &content_type) == CURLE_OK && content_type) {
    r.content_type = content_type;
  }
  double seconds = 0;
  curl_easy_getinfo(e, CURLINFO_TOTAL_TIME, &seconds);
  r.seconds = seconds;
  if (code == CURLE_OK) return;
  r.body.clear();  // a partial body is never passed on as if it were whole
  if (!t.refusal.empty()) {
    r.error = t.refusal;
  } else if (t.too_large || code == CURLE_FILESIZE_EXCEEDED) {
    r.error = "body larger than max_body_bytes (" + std::to_string(t.options->max_body_bytes) +
              " bytes); transfer aborted";
  } else if (code == CURLE_TOO_MANY_REDIRECTS) {
    r.error = "too many redirects (more than " + std::to_string(t.options->max_redirects) + ")";
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
                                                 const std::atomic<bool>* cancel) {
  const auto cancelled = [cancel] { return cancel != nullptr && cancel->load(); };
  auto* multi = static_cast<CURLM*>(multi_);
  std::vector<FetchResponse> responses(requests.size());
  std::vector<std::unique_ptr<Transfer>> transfers(requests.size());
  const size_t limit = static_cast<size_t>(std::max(1, options_.concurrency));
  size_t next = 0;
  size_t running_count = 0;

  const auto start_next = [&] {
    while (next < requests.size() && running_count < limit && !cancelled()) {
      const size_t i = next++;
      responses[i].url = requests[i].url;
      auto t = std::make_unique<Transfer>();
      t->options = &options_;
      t->response = &responses[i];
      t->easy = curl_easy_init();
      if (t->easy == nullptr) {
        responses[i].error = "could not create a transfer";
        continue;
      }
      configure(*t, requests[i]);
      if (curl_multi_add_handle(multi, t->easy) != CURLM_OK) {
        responses[i].error = "could not start the transfer";
        continue;
      }
      transfers[i] = std::move(t);
      ++running_count;
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
      finish(*t, message->data.result);
      curl_multi_remove_handle(multi, message->easy_handle);
      --running_count;
    }
    start_next();
    if (running_count > 0) curl_multi_poll(multi, nullptr, 0, 200, nullptr);
  }
  // Reached early when cancelled or when the multi handle failed: detach what
  // is still running, and answer for what never started.
  for (size_t i = 0; i < requests.size(); ++i) {
    FetchResponse& r = responses[i];
    if (transfers[i] && r.status == 0 && r.error.empty()) {
      curl_multi_remove_handle(multi, transfers[i]->easy);
      r.body.clear();
      r.error = cancelled() ? "cancelled" : "transfer interrupted";
    } else if (i >= next) {
      r.url = requests[i].url;
      r.error = "cancelled";
    }
  }
  return responses;
}

}  // namespace akhbar::fetchers
