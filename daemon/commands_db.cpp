// `akhbar db check | backup | vacuum`: looking after the store
// (storage/maintenance.h). check and backup only read and may run beside
// the service; vacuum rewrites the file and takes the writer's lock.
#include <iostream>

#include "daemon/command_support.h"
#include "daemon/instance_lock.h"
#include "storage/maintenance.h"

namespace akhbar::daemon {

int cmd_db_check(const ParsedArgs& args) {
  auto config = load_selected_config(args);
  if (!config) return fail(config.error());
  auto open = open_for_reading(*config);
  if (!open) return fail(open.error());
  auto report = storage::check_store(*open->db);
  if (!report) return fail(report.error());
  if (args.has("--json")) {
    std::cout << dump(Json{{"ok", report->problems.empty()},
                           {"problems", report->problems},
                           {"articles", report->articles},
                           {"events", report->events}})
              << "\n";
  } else {
    for (const auto& problem : report->problems) std::cout << "problem: " << problem << "\n";
    std::cout << (report->problems.empty() ? "ok" : "NOT OK") << ": " << report->articles
              << " articles, " << report->events << " events, " << report->problems.size()
              << " problems\n";
  }
  return report->problems.empty() ? kExitOk : kExitFailure;
}

int cmd_db_backup(const ParsedArgs& args) {
  auto config = load_selected_config(args);
  if (!config) return fail(config.error());
  auto open = open_for_reading(*config);
  if (!open) return fail(open.error());
  const std::string& path = args.positional.at(0);
  if (path == config->database_path()) return fail("the backup cannot replace the database");
  if (Status st = storage::backup_store(*open->db, path); !st) return fail(st.error());
  std::cout << "backed up " << config->database_path() << " to " << path << "\n";
  return kExitOk;
}

int cmd_db_vacuum(const ParsedArgs& args) {
  auto config = load_selected_config(args);
  if (!config) return fail(config.error());
  // VACUUM rewrites the whole file: not while the service is writing it.
  auto lock = InstanceLock::acquire(config->database_path());
  if (!lock) return fail(lock.error() + " (stop it before 'akhbar db vacuum')");
  auto db = storage::Database::open(config->database_path());
  if (!db) return fail(db.error());
  if (Status st = storage::vacuum_store(**db); !st) return fail(st.error());
  std::cout << "vacuumed " << config->database_path() << "\n";
  return kExitOk;
}

}  // namespace akhbar::daemon
