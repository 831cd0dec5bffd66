// `akhbar events --dead [--json]` and `akhbar events --retry-dead SINK`.
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "daemon/command_support.h"
#include "storage/delivery_store.h"

namespace akhbar::daemon {

int cmd_events_dead(const ParsedArgs& args) {
  auto config = load_selected_config(args);
  if (!config) return fail(config.error());
  auto open = open_for_reading(*config);
  if (!open) return fail(open.error());
  storage::DeliveryStore delivery(*open->db);
  auto letters = delivery.dead_letters();
  if (!letters) return fail(letters.error());
  if (args.has("--json")) {
    Json out = Json::array();
    for (const auto& d : *letters) {
      out.push_back({{"sink", d.sink},
                     {"event_id", d.event_id},
                     {"type", d.event_type},
                     {"attempts", d.attempts},
                     {"queued_for_retry", d.attempts == 0},
                     {"last_error", d.last_error},
                     {"failed_at", d.failed_at}});
    }
    std::cout << dump(out) << "\n";
    return kExitOk;
  }
  std::printf("%-20s %-9s %-18s %-9s %-21s %s\n", "SINK", "EVENT", "TYPE", "ATTEMPTS", "FAILED AT",
              "LAST ERROR");
  for (const auto& d : *letters) {
    std::printf("%-20s %-9lld %-18s %-9s %-21s %s\n", d.sink.c_str(),
                static_cast<long long>(d.event_id), d.event_type.c_str(),
                d.attempts == 0 ? "queued" : std::to_string(d.attempts).c_str(),
                d.failed_at.c_str(), d.last_error.c_str());
  }
  if (letters->empty()) std::cerr << "no dead letters\n";
  return kExitOk;
}

int cmd_events_retry_dead(const ParsedArgs& args) {
  const std::string sink = args.value("--retry-dead");
  auto config = load_selected_config(args);
  if (!config) return fail(config.error());
  std::error_code ec;
  if (!std::filesystem::exists(config->database_path(), ec))
    return fail(config->database_path() + ": no such database");
  // A write (with the schema brought up to date, as `serve` would).
  auto db = storage::Database::open(config->database_path());
  if (!db) return fail(db.error());
  storage::DeliveryStore delivery(**db);
  auto queued = delivery.retry_dead(sink);
  if (!queued) return fail(queued.error());
  bool configured = false;
  for (const auto& s : config->sinks) configured |= s.name == sink && s.enabled;
  std::cout << "queued " << *queued << " dead letters of sink " << sink << " for delivery\n";
  if (!configured)
    std::cerr << "akhbar: warning: no enabled sink '" << sink
              << "' in the configuration; they wait until there is one\n";
  return kExitOk;
}

}  // namespace akhbar::daemon
