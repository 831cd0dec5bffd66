// A TCP socket bound to 127.0.0.1 on an ephemeral port, for tests that need
// a port of their own: listening (a hand-written server), or bound without
// listening (connections to it are refused at once, and no other process
// can take the port while the socket is open). Closed on destruction.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>

namespace akhbar::testing {

class LoopbackSocket {
 public:
  enum class Mode { kListening, kRefusing };

  explicit LoopbackSocket(Mode mode) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (fd_ < 0 || ::bind(fd_, reinterpret_cast<sockaddr*>(&address), length) != 0 ||
        (mode == Mode::kListening && ::listen(fd_, 16) != 0) ||
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
      if (fd_ >= 0) ::close(fd_);
      throw std::runtime_error("cannot bind a socket on 127.0.0.1");
    }
    port_ = ntohs(address.sin_port);
  }
  ~LoopbackSocket() { ::close(fd_); }
  LoopbackSocket(const LoopbackSocket&) = delete;
  LoopbackSocket& operator=(const LoopbackSocket&) = delete;

  int fd() const { return fd_; }
  int port() const { return port_; }

  // A connection accepted within `timeout_ms`, or -1: servers call it in a
  // loop that also checks whether to stop.
  int accept_within(int timeout_ms) const {
    pollfd waiting{fd_, POLLIN, 0};
    if (::poll(&waiting, 1, timeout_ms) <= 0) return -1;
    return ::accept(fd_, nullptr, nullptr);
  }

 private:
  int fd_ = -1;
  int port_ = 0;
};

}  // namespace akhbar::testing
