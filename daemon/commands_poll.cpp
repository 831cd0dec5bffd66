#include "daemon/command_support.h"

#include <iostream>
#include <vector>

#include "daemon/instance_lock.h"
#include "daemon/poller.h"
#include "daemon/serve.h"
#include "fetchers/http_client.h"

namespace akhbar::daemon {

int cmd_serve(const ParsedArgs& args) {
  auto config = load_selected_config(args);
  if (!config) return fail(config.error());
  return run_serve(*config);
}

int cmd_poll(const ParsedArgs& args) {
  if (!args.has("--once")) {
    std::cerr << "akhbar: poll needs --once (use 'akhbar serve' to poll continuously)\n";
    return kExitUsage;
  }
  auto config = load_selected_config(args);
  if (!config) return fail(config.error());
  auto lock = InstanceLock::acquire(config->database_path());
  if (!lock) return fail(lock.error());
  auto open = open_for_polling(*config);
  if (!open) return fail(open.error());
  auto rows = open->store->list_sources();
  if (!rows) return fail(rows.error());
  std::vector<storage::SourceRow> enabled;
  for (auto& row : *rows) {
    if (row.spec.enabled) enabled.push_back(std::move(row));
  }
  fetchers::HttpClient http(http_options_from(config->http));
  fetchers::RobotsCache robots(robots_token(config->http.user_agent));
  Poller poller(*config, *open->store, http, robots);
  const PollStats s = poller.poll(enabled);
  std::cout << "polled " << describe(s) << "\n";
  return kExitOk;
}

}  // namespace akhbar::daemon
