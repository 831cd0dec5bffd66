// Shared by the subcommand files: exit codes, JSON output, configuration
// and store opening, small argument helpers. Each subcommand lives in a
// commands_*.cpp file; commands.cpp dispatches.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <memory>
#include <string>

#include "base/result.h"
#include "daemon/cli.h"
#include "daemon/config.h"
#include "storage/article_store.h"
#include "storage/database.h"

namespace akhbar::daemon {

constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;

using Json = nlohmann::json;

// JSON as akhbar prints it: indented, invalid UTF-8 replaced.
std::string dump(const Json& json, int indent = 2);
// Prints "akhbar: MESSAGE" to stderr; returns kExitFailure.
int fail(const std::string& message);
void setup_logging(const std::string& level);
// The configuration named by --config (else the default search), with
// --log-level applied.
Result<Config> load_selected_config(const ParsedArgs& args);

struct OpenStore {
  std::unique_ptr<storage::Database> db;
  std::unique_ptr<storage::ArticleStore> store;
};
// The store for polling: created or migrated as needed, sources synced from
// the configuration.
Result<OpenStore> open_for_polling(const Config& config);
// The store for commands that only read: never created, migrated or
// written, so looking does not change what a running daemon does.
Result<OpenStore> open_for_reading(const Config& config);

Result<std::string> read_file(const std::string& path);
// A non-negative whole number given to `option`.
Result<std::int64_t> parse_count(const std::string& option, const std::string& text);

// The subcommands.
int cmd_serve(const ParsedArgs& args);
int cmd_poll(const ParsedArgs& args);
int cmd_extract(const ParsedArgs& args);
// extract's usage rules: FILE, or --batch IN_DIR OUT_DIR.
Status check_extract_args(const ParsedArgs& args);
int cmd_parse_feed(const ParsedArgs& args);
int cmd_sources_list(const ParsedArgs& args);
// `events --dead` and `events --retry-dead SINK` (commands_dead_letters.cpp).
int cmd_events_dead(const ParsedArgs& args);
int cmd_events_retry_dead(const ParsedArgs& args);
int cmd_sources_add(const ParsedArgs& args);
int cmd_sources_import(const ParsedArgs& args);
int cmd_sources_export(const ParsedArgs& args);
int cmd_articles_search(const ParsedArgs& args);
int cmd_stories(const ParsedArgs& args);
int cmd_events(const ParsedArgs& args);
int cmd_db_check(const ParsedArgs& args);
int cmd_db_backup(const ParsedArgs& args);
int cmd_db_vacuum(const ParsedArgs& args);

}  // namespace akhbar::daemon
