// A real HTTP server on 127.0.0.1 (ephemeral port) inside the test process,
// serving what each test registers. Stopped and joined on destruction.
#pragma once

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>

namespace akhbar::testing {

class TestServer {
 public:
  TestServer() {
    port_ = server_.bind_to_any_port("127.0.0.1");
    if (port_ <= 0) throw std::runtime_error("test server could not bind 127.0.0.1");
    // Counted on arrival, before the reply: a client that has its answer
    // can rely on the count (a logger runs only after the reply is sent).
    server_.set_pre_routing_handler([this](const httplib::Request& request, httplib::Response&) {
      std::lock_guard lock(mutex_);
      ++hits_[request.path];
      return httplib::Server::HandlerResponse::Unhandled;
    });
  }
  ~TestServer() { stop(); }
  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;

  httplib::Server& http() { return server_; }

  // Serves `body` at `path` with `content_type`.
  void serve(const std::string& path, std::string body, std::string content_type) {
    server_.Get(path, [body = std::move(body), type = std::move(content_type)](
                          const httplib::Request&, httplib::Response& response) {
      response.set_content(body, type);
    });
  }

  void start() {
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    // Bounded wait: the listener is up within milliseconds or something is wrong.
    for (int i = 0; i < 5000 && !server_.is_running(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    if (!server_.is_running()) throw std::runtime_error("test server did not start");
  }
  void stop() {
    server_.stop();
    if (thread_.joinable()) thread_.join();
  }

  int port() const { return port_; }
  std::string base() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::string url(const std::string& path) const { return base() + path; }
  int hits(const std::string& path) {
    std::lock_guard lock(mutex_);
    return hits_[path];
  }

 private:
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  std::mutex mutex_;
  std::map<std::string, int> hits_;
};

}  // namespace akhbar::testing
