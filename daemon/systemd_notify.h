// The systemd service-manager protocol (sd_notify(3)): READY=1 once the store
// is open, STATUS= lines saying what the service is doing, WATCHDOG=1 pings
// while the polling loop is alive, STOPPING=1 on shutdown. Without
// NOTIFY_SOCKET (not started by systemd) every call does nothing.
#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace akhbar::daemon {

class SystemdNotifier {
 public:
  SystemdNotifier();

  void ready(const std::string& status) const;
  void status(const std::string& status) const;
  void stopping() const;
  void watchdog() const;

  // How often systemd wants a WATCHDOG=1 (WatchdogSec=); nullopt when off.
  std::optional<std::chrono::microseconds> watchdog_interval() const { return watchdog_; }

 private:
  std::optional<std::chrono::microseconds> watchdog_;
};

}  // namespace akhbar::daemon
