// `akhbar serve`: polls each enabled source when it is due until SIGTERM or
// SIGINT; SIGHUP re-reads the configuration (an invalid one is logged and
// the running one kept). The scheduler, systemd notification and admin
// endpoint grow here (see the service issue).
#pragma once

#include <string>

#include "daemon/config.h"

namespace akhbar::daemon {

// Returns the process exit code.
int run_serve(const Config& config);

}  // namespace akhbar::daemon
