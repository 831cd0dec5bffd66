#include "daemon/admin_server.h"

#include <httplib.h>

#include <thread>

namespace akhbar::daemon {

struct AdminServer::Impl {
  httplib::Server server;
  std::thread thread;
  int port = 0;
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
  server.new_task_queue = [] { return new httplib::ThreadPool(2); };
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
  impl_->server.stop();
  if (impl_->thread.joinable()) impl_->thread.join();
}

int AdminServer::port() const { return impl_->port; }

}  // namespace akhbar::daemon
