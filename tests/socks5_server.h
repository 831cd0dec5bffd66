// A minimal SOCKS5 proxy on 127.0.0.1 (RFC 1928): no authentication,
// CONNECT only, and every target is reached on 127.0.0.1 whatever name it
// was asked for, so a test can see a socks5h:// client hand the host name to
// the proxy while the bytes still stay on loopback. It records each CONNECT
// ("localhost:8080") so a test can tell the proxy really carried the request.
// Bounded: accept() and the relay wait at most 100 ms at a time, a relay
// ends after 10 s, and every thread stops with the object.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "tests/loopback_socket.h"

namespace akhbar::testing {

class Socks5Server {
 public:
  Socks5Server() {
    acceptor_ = std::thread([this] { accept_loop(); });
  }
  ~Socks5Server() {
    stop_ = true;
    acceptor_.join();
    for (auto& t : sessions_) t.join();  // the acceptor no longer adds any
  }
  Socks5Server(const Socks5Server&) = delete;
  Socks5Server& operator=(const Socks5Server&) = delete;

  int port() const { return listener_.port(); }
  // Every CONNECT target so far, as "host:port", in arrival order.
  std::vector<std::string> connects() {
    std::lock_guard lock(mutex_);
    return connects_;
  }

 private:
  void accept_loop() {
    while (!stop_) {
      const int fd = listener_.accept_within(100);
      if (fd < 0) continue;
      // One thread per connection: a client may open a second connection
      // while the first one idles in keep-alive.
      sessions_.emplace_back([this, fd] {
        session(fd);
        ::close(fd);
      });
    }
  }

  // Reads exactly `n` bytes, giving up after 2 s without data.
  static bool read_exact(int fd, unsigned char* out, size_t n) {
    for (size_t got = 0; got < n;) {
      pollfd readable{fd, POLLIN, 0};
      if (::poll(&readable, 1, 2000) <= 0) return false;
      const ssize_t r = ::recv(fd, out + got, n - got, 0);
      if (r <= 0) return false;
      got += static_cast<size_t>(r);
    }
    return true;
  }
  static bool send_all(int fd, const unsigned char* data, size_t n) {
    for (size_t sent = 0; sent < n;) {
      const ssize_t r = ::send(fd, data + sent, n - sent, MSG_NOSIGNAL);
      if (r <= 0) return false;
      sent += static_cast<size_t>(r);
    }
    return true;
  }
  // A reply with the given code (RFC 1928 §6) and a zero IPv4 bound address.
  static bool reply(int fd, unsigned char code) {
    const unsigned char answer[10] = {5, code, 0, 1, 0, 0, 0, 0, 0, 0};
    return send_all(fd, answer, sizeof answer);
  }

  void session(int client) {
    unsigned char greeting[2];
    if (!read_exact(client, greeting, 2) || greeting[0] != 5) return;
    std::vector<unsigned char> methods(greeting[1]);
    if (!read_exact(client, methods.data(), methods.size())) return;
    const bool no_auth = std::find(methods.begin(), methods.end(), 0) != methods.end();
    const unsigned char choice[2] = {5, static_cast<unsigned char>(no_auth ? 0x00 : 0xFF)};
    if (!send_all(client, choice, 2) || !no_auth) return;

    unsigned char request[4];  // VER CMD RSV ATYP
    if (!read_exact(client, request, 4) || request[0] != 5) return;
    if (request[1] != 1) {
      reply(client, 7);  // command not supported
      return;
    }
    std::string host;
    if (request[3] == 1) {
      unsigned char v4[4];
      char text[INET_ADDRSTRLEN] = {};
      if (!read_exact(client, v4, 4) || !::inet_ntop(AF_INET, v4, text, sizeof text)) return;
      host = text;
    } else if (request[3] == 3) {
      unsigned char length = 0;
      if (!read_exact(client, &length, 1)) return;
      host.resize(length);
      if (!read_exact(client, reinterpret_cast<unsigned char*>(host.data()), length)) return;
    } else {
      reply(client, 8);  // address type not supported
      return;
    }
    unsigned char port_bytes[2];
    if (!read_exact(client, port_bytes, 2)) return;
    const int port = (port_bytes[0] << 8) | port_bytes[1];
    {
      std::lock_guard lock(mutex_);
      connects_.push_back(host + ":" + std::to_string(port));
    }

    const int upstream = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in target{};
    target.sin_family = AF_INET;
    target.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    target.sin_port = htons(static_cast<std::uint16_t>(port));
    if (upstream < 0 ||
        ::connect(upstream, reinterpret_cast<sockaddr*>(&target), sizeof target) != 0) {
      reply(client, 5);  // connection refused
      if (upstream >= 0) ::close(upstream);
      return;
    }
    if (reply(client, 0)) relay(client, upstream);
    ::close(upstream);
  }

  // Copies bytes both ways until either side closes, the server stops or
  // 10 s have passed.
  void relay(int a, int b) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    unsigned char buffer[16384];
    while (!stop_ && std::chrono::steady_clock::now() < deadline) {
      pollfd fds[2] = {{a, POLLIN, 0}, {b, POLLIN, 0}};
      const int ready = ::poll(fds, 2, 100);
      if (ready < 0) return;
      for (int i = 0; i < 2; ++i) {
        if (fds[i].revents == 0) continue;
        const ssize_t n = ::recv(fds[i].fd, buffer, sizeof buffer, 0);
        if (n <= 0 || !send_all(fds[1 - i].fd, buffer, static_cast<size_t>(n))) return;
      }
    }
  }

  LoopbackSocket listener_{LoopbackSocket::Mode::kListening};
  std::atomic<bool> stop_{false};
  std::thread acceptor_;
  std::vector<std::thread> sessions_;  // touched by the acceptor only, then the destructor
  std::mutex mutex_;
  std::vector<std::string> connects_;
};

}  // namespace akhbar::testing
