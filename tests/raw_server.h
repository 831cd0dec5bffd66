// A bare TCP server on 127.0.0.1 for faults an HTTP library will not
// produce: a connection reset mid-request, a body shorter than its
// Content-Length. Each connection's request head is read, then `respond`
// gets the socket and the head and does what the test wants (and closes it). Bounded: accept()
// waits at most 100 ms at a time and the thread stops with the object.
#pragma once

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <functional>
#include <stdexcept>
#include <string>
#include <thread>

#include "tests/loopback_socket.h"

namespace akhbar::testing {

class RawServer {
 public:
  explicit RawServer(std::function<void(int fd, const std::string& head)> respond)
      : respond_(std::move(respond)) {
    thread_ = std::thread([this] { serve(); });
  }
  ~RawServer() {
    stop_ = true;
    thread_.join();
  }
  RawServer(const RawServer&) = delete;
  RawServer& operator=(const RawServer&) = delete;

  std::string url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(listener_.port()) + path;
  }

  // Closes `fd` with a TCP reset instead of an orderly shutdown.
  static void reset(int fd) {
    linger hard{1, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
    ::close(fd);
  }
  // Answers robots.txt requests with a 404 (allow all); true when it did.
  static bool answered_robots(int fd, const std::string& head) {
    if (head.rfind("GET /robots.txt ", 0) != 0) return false;
    send_all(fd, "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    ::close(fd);
    return true;
  }
  static void send_all(int fd, const std::string& bytes) {
    for (size_t sent = 0; sent < bytes.size();) {
      const ssize_t n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) return;
      sent += static_cast<size_t>(n);
    }
  }

 private:
  void serve() {
    while (!stop_) {
      const int fd = listener_.accept_within(100);
      if (fd < 0) continue;
      std::string head;
      char buffer[4096];
      while (head.find("\r\n\r\n") == std::string::npos && head.size() < 65536) {
        pollfd readable{fd, POLLIN, 0};
        if (::poll(&readable, 1, 2000) <= 0) break;
        const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
        if (n <= 0) break;
        head.append(buffer, static_cast<size_t>(n));
      }
      respond_(fd, head);  // closes fd
    }
  }

  std::function<void(int fd, const std::string& head)> respond_;
  LoopbackSocket listener_{LoopbackSocket::Mode::kListening};
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace akhbar::testing
