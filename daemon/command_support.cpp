#include "daemon/command_support.h"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "daemon/poller.h"

namespace akhbar::daemon {

std::string dump(const Json& json, int indent) {
  return json.dump(indent, ' ', false, Json::error_handler_t::replace);
}

int fail(const std::string& message) {
  std::cerr << "akhbar: " << message << "\n";
  return kExitFailure;
}

void setup_logging(const std::string& level) {
  auto logger = spdlog::stderr_color_mt("akhbar");
  logger->set_pattern("%Y-%m-%d %H:%M:%S.%e %^%l%$ %v");
  spdlog::set_default_logger(logger);
  spdlog::set_level(spdlog::level::from_str(level));
}

namespace {

std::string default_config_path() {
  if (const char* env = std::getenv("AKHBAR_CONFIG"); env != nullptr && *env != '\0') return env;
  if (std::filesystem::exists("/etc/akhbar/akhbar.toml")) return "/etc/akhbar/akhbar.toml";
  return "config/akhbar.toml";
}

}  // namespace

Result<Config> load_selected_config(const ParsedArgs& args) {
  auto config = load_config(args.value("--config", default_config_path()));
  if (config && args.values.count("--log-level")) config->log_level = args.value("--log-level");
  if (config) spdlog::set_level(spdlog::level::from_str(config->log_level));
  return config;
}

// The store for polling: created or migrated as needed, sources synced from
// the configuration.
Result<OpenStore> open_for_polling(const Config& config) {
  auto db = storage::Database::open(config.database_path());
  if (!db) return make_error(db.error());
  OpenStore open{std::move(*db), nullptr};
  open.store = std::make_unique<storage::ArticleStore>(*open.db);
  if (Status st = open.store->sync_sources(source_specs(config)); !st)
    return make_error(st.error());
  return open;
}

// The store for commands that only read: never created, migrated or
// written, so looking does not change what a running daemon does.
Result<OpenStore> open_for_reading(const Config& config) {
  const std::string path = config.database_path();
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    return make_error("database " + path +
                      " does not exist yet (run 'akhbar poll --once' or 'akhbar serve' first)");
  }
  storage::DatabaseOptions options;
  options.read_only = true;
  auto db = storage::Database::open(path, options);
  if (!db) return make_error(db.error());
  OpenStore open{std::move(*db), nullptr};
  open.store = std::make_unique<storage::ArticleStore>(*open.db);
  return open;
}

Result<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error("cannot read " + path);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

Result<std::int64_t> parse_count(const std::string& option, const std::string& text) {
  try {
    size_t used = 0;
    const long long value = std::stoll(text, &used);
    if (used == text.size() && value >= 0) return value;
  } catch (const std::exception&) {
  }
  return make_error(option + " needs a non-negative whole number, not '" + text + "'");
}

}  // namespace akhbar::daemon
