#include "daemon/admin_server.h"

#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <memory>
#include <optional>
#include <thread>

namespace akhbar::daemon {

namespace {

struct StreamState {
  // Event streams end when this is set: httplib joins its workers on stop,
  // and a stream would otherwise never return.
  std::atomic<bool> stopping{false};
  std::atomic<int> open{0};
};

}  // namespace

struct AdminServer::Impl {
  httplib::Server server;
  std::thread thread;
  int port = 0;
  StreamState streams;
};

namespace {

// Constant-time comparison, so the token cannot be guessed byte by byte
// from response times.
bool same_token(const std::string& given, const std::string& expected) {
  if (given.size() != expected.size()) return false;
  unsigned char difference = 0;
  for (std::size_t i = 0; i < given.size(); ++i) {
    difference |= static_cast<unsigned char>(given[i] ^ expected[i]);
  }
  return difference == 0;
}

// One Server-Sent Event; a payload with line breaks becomes several data lines.
std::string sse_event(const storage::EventRow& event) {
  std::string out = "id: " + std::to_string(event.id) + "\nevent: " + event.type + "\n";
  std::size_t start = 0;
  for (;;) {
    const std::size_t end = event.payload.find('\n', start);
    out += "data: " + event.payload.substr(start, end - start) + "\n";
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return out + "\n";
}

// Where a stream starts: Last-Event-ID (a reconnecting EventSource) wins
// over ?since=N; nullopt when either is not a number.
std::optional<std::int64_t> stream_start(const httplib::Request& request) {
  std::string text = request.get_header_value("Last-Event-ID");
  if (text.empty()) text = request.get_param_value("since");
  if (text.empty()) return 0;
  if (text.size() > 18 || text.find_first_not_of("0123456789") != std::string::npos)
    return std::nullopt;
  return std::stoll(text);
}

void serve_events(StreamState& state, const AdminOptions& options, const AdminHooks& hooks,
                  const httplib::Request& request, httplib::Response& response);

}  // namespace

Result<AdminOptions> parse_listen_address(const std::string& listen) {
  const size_t colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == listen.size()) {
    return make_error("'" + listen + "' is not HOST:PORT");
  }
  AdminOptions options;
  options.host = listen.substr(0, colon);
  if (options.host.front() == '[' && options.host.back() == ']') {
    options.host = options.host.substr(1, options.host.size() - 2);
  }
  const std::string port = listen.substr(colon + 1);
  if (port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos ||
      std::stoi(port) > 65535) {
    return make_error("'" + listen + "': the port must be a number from 0 to 65535");
  }
  options.port = std::stoi(port);
  return options;
}

Result<std::unique_ptr<AdminServer>> AdminServer::start(const AdminOptions& options,
                                                        AdminHooks hooks) {
  auto impl = std::make_unique<Impl>();
  httplib::Server& server = impl->server;
  // Two workers for the short requests, one per event stream.
  const int workers = 2 + std::max(0, options.max_event_streams);
  server.new_task_queue = [workers] { return new httplib::ThreadPool(workers); };
  // httplib's default also sets SO_REUSEPORT, which would let a second
  // service share the port silently; a port in use must be an error.
  server.set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });
  const std::string token = options.token;
  server.set_pre_routing_handler([token](const httplib::Request& request,
                                         httplib::Response& response) {
    if (token.empty() || same_token(request.get_header_value("Authorization"), "Bearer " + token)) {
      return httplib::Server::HandlerResponse::Unhandled;
    }
    response.status = 401;
    response.set_header("WWW-Authenticate", "Bearer");
    response.set_content("a bearer token is required\n", "text/plain");
    return httplib::Server::HandlerResponse::Handled;
  });
  server.Get("/healthz", [hooks](const httplib::Request&, httplib::Response& response) {
    const bool alive = !hooks.alive || hooks.alive();
    response.status = alive ? 200 : 503;
    response.set_content(alive ? "ok\n" : "polling loop silent\n", "text/plain");
  });
  server.Get("/readyz", [hooks](const httplib::Request&, httplib::Response& response) {
    const Status ready = hooks.ready ? hooks.ready() : Status{};
    response.status = ready ? 200 : 503;
    response.set_content(ready ? "ready\n" : "store not reachable: " + ready.error() + "\n",
                         "text/plain");
  });
  server.Get("/metrics", [hooks](const httplib::Request&, httplib::Response& response) {
    response.set_content(hooks.metrics ? hooks.metrics() : std::string(),
                         "text/plain; version=0.0.4; charset=utf-8");
  });
  StreamState* state = &impl->streams;
  server.Get("/events",
             [state, options, hooks](const httplib::Request& request, httplib::Response& response) {
               serve_events(*state, options, hooks, request, response);
             });
  const int port = options.port == 0
                       ? server.bind_to_any_port(options.host)
                       : (server.bind_to_port(options.host, options.port) ? options.port : -1);
  if (port <= 0) {
    return make_error("admin endpoint cannot listen on " + options.host + ":" +
                      std::to_string(options.port) + " (address in use or not local?)");
  }
  impl->port = port;
  Impl* raw = impl.get();
  impl->thread = std::thread([raw] { raw->server.listen_after_bind(); });
  for (int i = 0; i < 2000 && !raw->server.is_running(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return std::unique_ptr<AdminServer>(new AdminServer(std::move(impl)));
}

AdminServer::AdminServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

AdminServer::~AdminServer() {
  impl_->streams.stopping = true;
  impl_->server.stop();
  if (impl_->thread.joinable()) impl_->thread.join();
}

int AdminServer::port() const { return impl_->port; }

}  // namespace akhbar::daemon

namespace akhbar::daemon {
namespace {

void serve_events(StreamState& impl, const AdminOptions& options, const AdminHooks& hooks,
                  const httplib::Request& request, httplib::Response& response) {
  const auto start = stream_start(request);
  if (!start) {
    response.status = 400;
    response.set_content("Last-Event-ID and since must be event ids (numbers)\n", "text/plain");
    return;
  }
  if (!hooks.open_events) {
    response.status = 404;
    response.set_content("no event source\n", "text/plain");
    return;
  }
  if (impl.open.fetch_add(1) >= options.max_event_streams) {
    impl.open.fetch_sub(1);
    response.status = 503;
    response.set_content("too many event streams\n", "text/plain");
    return;
  }
  auto reader = hooks.open_events();
  if (!reader) {
    impl.open.fetch_sub(1);
    response.status = 503;
    response.set_content("store not reachable: " + reader.error() + "\n", "text/plain");
    return;
  }
  response.set_header("Cache-Control", "no-cache");
  response.set_header("X-Accel-Buffering", "no");  // proxies must pass events on at once
  struct Stream {
    AdminHooks::EventReader read;
    std::int64_t last = 0;
    std::chrono::steady_clock::time_point last_write = std::chrono::steady_clock::now();
  };
  auto stream = std::make_shared<Stream>(Stream{std::move(*reader), *start});
  StreamState* state = &impl;
  response.set_chunked_content_provider(
      "text/event-stream",
      [state, stream, options](std::size_t, httplib::DataSink& sink) {
        if (state->stopping) return false;
        auto events = stream->read(stream->last, 100);
        std::string out;
        if (events) {
          for (const auto& event : *events) {
            out += sse_event(event);
            stream->last = event.id;
          }
        }
        const auto now = std::chrono::steady_clock::now();
        if (out.empty() && now - stream->last_write >= options.keep_alive) out = ": keep-alive\n\n";
        if (!out.empty()) {
          if (!sink.write(out.data(), out.size())) return false;
          stream->last_write = now;
        }
        if (events && events->size() == 100) return true;  // more waiting: no pause
        // Pause in short steps so a stopping server is not held up.
        for (auto waited = std::chrono::milliseconds(0); waited < options.event_poll;
             waited += std::chrono::milliseconds(50)) {
          if (state->stopping) return false;
          std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        return sink.is_writable();
      },
      [state](bool) { state->open.fetch_sub(1); });
}

}  // namespace
}  // namespace akhbar::daemon
