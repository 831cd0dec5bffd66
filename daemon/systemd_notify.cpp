#include "daemon/systemd_notify.h"

#include <systemd/sd-daemon.h>

namespace akhbar::daemon {

SystemdNotifier::SystemdNotifier() {
  std::uint64_t usec = 0;
  if (sd_watchdog_enabled(0, &usec) > 0 && usec > 0) {
    watchdog_ = std::chrono::microseconds(usec);
  }
}

void SystemdNotifier::ready(const std::string& status) const {
  sd_notify(0, ("READY=1\nSTATUS=" + status).c_str());
}

void SystemdNotifier::status(const std::string& status) const {
  sd_notify(0, ("STATUS=" + status).c_str());
}

void SystemdNotifier::stopping() const { sd_notify(0, "STOPPING=1\nSTATUS=stopping"); }

void SystemdNotifier::watchdog() const { sd_notify(0, "WATCHDOG=1"); }

}  // namespace akhbar::daemon
