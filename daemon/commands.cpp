#include "daemon/commands.h"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <sstream>

#include "daemon/cli.h"
#include "daemon/config.h"
#include "daemon/poller.h"
#include "daemon/serve.h"
#include "fetchers/charset.h"
#include "notify/event_stream.h"
#include "parsers/article.h"
#include "parsers/feed.h"
#include "storage/article_store.h"
#include "storage/database.h"

namespace akhbar::daemon {

namespace {

constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;

using Json = nlohmann::json;

std::string dump(const Json& json, int indent = 2) {
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

std::string default_config_path() {
  if (const char* env = std::getenv("AKHBAR_CONFIG"); env != nullptr && *env != '\0') return env;
  if (std::filesystem::exists("/etc/akhbar/akhbar.toml")) return "/etc/akhbar/akhbar.toml";
  return "config/akhbar.toml";
}

Result<Config> load_selected_config(const ParsedArgs& args) {
  auto config = load_config(args.value("--config", default_config_path()));
  if (config && args.values.count("--log-level")) config->log_level = args.value("--log-level");
  if (config) spdlog::set_level(spdlog::level::from_str(config->log_level));
  return config;
}

struct OpenStore {
  std::unique_ptr<storage::Database> db;
  std::unique_ptr<storage::ArticleStore> store;
};

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

// ---- subcommands ---------------------------------------------------------

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
  auto open = open_for_polling(*config);
  if (!open) return fail(open.error());
  auto rows = open->store->list_sources();
  if (!rows) return fail(rows.error());
  std::vector<storage::SourceRow> enabled;
  for (auto& row : *rows) {
    if (row.spec.enabled) enabled.push_back(std::move(row));
  }
  fetchers::HttpClient http(http_options_from(config->http));
  Poller poller(*config, *open->store, http);
  const PollStats s = poller.poll(enabled);
  std::cout << "polled " << s.sources_polled << " sources (" << s.sources_failed << " failed, "
            << s.sources_not_modified << " not modified): " << s.entries_seen << " entries, "
            << s.articles_stored << " new articles, " << s.duplicates << " duplicates, "
            << s.pages_failed << " pages failed (" << s.pages_given_up << " given up)\n";
  return kExitOk;
}

int cmd_extract(const ParsedArgs& args) {
  const std::string& path = args.positional.at(0);
  auto raw = read_file(path);
  if (!raw) return fail(raw.error());
  const auto decoded = fetchers::decode_to_utf8(*raw, "");
  const auto article = parsers::extract_article(decoded.text, {args.value("--url")});
  if (article.paragraphs.empty()) return fail("no article text found in " + path);
  if (!args.has("--json")) {
    std::cout << article.text() << "\n";
    return kExitOk;
  }
  const Json out = {{"title", article.title},
                    {"author", article.author},
                    {"published_at", article.published_at},
                    {"canonical_url", article.canonical_url},
                    {"language", article.language},
                    {"site_name", article.site_name},
                    {"charset", decoded.charset},
                    {"paragraphs", article.paragraphs},
                    {"text", article.text()}};
  std::cout << dump(out) << "\n";
  return kExitOk;
}

int cmd_parse_feed(const ParsedArgs& args) {
  const std::string& path = args.positional.at(0);
  auto raw = read_file(path);
  if (!raw) return fail(raw.error());
  const auto decoded = fetchers::decode_to_utf8(*raw, "");
  auto feed = parsers::parse_feed(decoded.text, {args.value("--url")});
  if (!feed) return fail(path + ": " + feed.error());
  Json entries = Json::array();
  for (const auto& e : feed->entries) {
    entries.push_back({{"id", e.id},
                       {"title", e.title},
                       {"link", e.link},
                       {"author", e.author},
                       {"published_at", e.published_at},
                       {"updated_at", e.updated_at},
                       {"summary", e.summary}});
  }
  const Json out = {{"format", std::string(parsers::feed_format_name(feed->format))},
                    {"title", feed->title},
                    {"link", feed->link},
                    {"language", feed->language},
                    {"entries", entries}};
  std::cout << dump(out) << "\n";
  return kExitOk;
}

// The configured sources with their stored state (if the database has any),
// then stored sources the configuration no longer names.
Result<std::vector<storage::SourceRow>> sources_for_listing(const Config& config) {
  std::vector<storage::SourceRow> stored;
  if (std::error_code ec; std::filesystem::exists(config.database_path(), ec)) {
    auto open = open_for_reading(config);
    if (!open) return make_error(open.error());
    auto rows = open->store->list_sources();
    if (!rows) return make_error(rows.error());
    stored = std::move(*rows);
  }
  std::vector<storage::SourceRow> listed;
  for (const auto& spec : source_specs(config)) {
    auto it = std::find_if(stored.begin(), stored.end(),
                           [&](const auto& row) { return row.spec.name == spec.name; });
    storage::SourceRow row = it != stored.end() ? *it : storage::SourceRow{};
    row.spec = spec;
    listed.push_back(std::move(row));
    if (it != stored.end()) stored.erase(it);
  }
  for (auto& row : stored) {
    row.spec.enabled = false;
    listed.push_back(std::move(row));
  }
  return listed;
}

int cmd_sources_list(const ParsedArgs& args) {
  auto config = load_selected_config(args);
  if (!config) return fail(config.error());
  auto rows = sources_for_listing(*config);
  if (!rows) return fail(rows.error());
  if (args.has("--json")) {
    Json out = Json::array();
    for (const auto& r : *rows) {
      out.push_back({{"name", r.spec.name},
                     {"url", r.spec.url},
                     {"kind", r.spec.kind},
                     {"enabled", r.spec.enabled},
                     {"interval_seconds", r.spec.interval_seconds},
                     {"last_attempt_at", r.last_attempt_at},
                     {"last_success_at", r.last_success_at},
                     {"last_status", r.last_status},
                     {"last_error", r.last_error},
                     {"consecutive_errors", r.consecutive_errors},
                     {"total_errors", r.total_errors},
                     {"next_attempt_at", r.next_attempt_at},
                     {"articles_stored", r.articles_stored}});
    }
    std::cout << dump(out) << "\n";
    return kExitOk;
  }
  std::printf("%-24s %-8s %-8s %-6s %-7s %-9s %-21s %s\n", "NAME", "KIND", "STATE", "HTTP",
              "ERRORS", "ARTICLES", "NEXT ATTEMPT", "URL");
  for (const auto& r : *rows) {
    const char* state = !r.spec.enabled             ? "disabled"
                        : r.last_attempt_at.empty() ? "new"
                        : r.consecutive_errors > 0  ? "failing"
                                                    : "ok";
    std::printf(
        "%-24s %-8s %-8s %-6s %-7lld %-9lld %-21s %s\n", r.spec.name.c_str(), r.spec.kind.c_str(),
        state, r.last_status > 0 ? std::to_string(r.last_status).c_str() : "-",
        static_cast<long long>(r.consecutive_errors), static_cast<long long>(r.articles_stored),
        r.next_attempt_at.empty() ? "-" : r.next_attempt_at.c_str(), r.spec.url.c_str());
    if (!r.last_error.empty()) std::printf("%-24s last error: %s\n", "", r.last_error.c_str());
  }
  return kExitOk;
}

int cmd_articles_search(const ParsedArgs& args) {
  auto limit = parse_count("--limit", args.value("--limit", "20"));
  if (!limit) {
    std::cerr << "akhbar: " << limit.error() << "\n";
    return kExitUsage;
  }
  auto config = load_selected_config(args);
  if (!config) return fail(config.error());
  auto open = open_for_reading(*config);
  if (!open) return fail(open.error());
  auto hits = open->store->search(args.positional.at(0), {static_cast<int>(*limit)});
  if (!hits) return fail(hits.error());
  if (args.has("--json")) {
    Json out = Json::array();
    for (const auto& h : *hits) {
      out.push_back({{"article_id", h.article_id},
                     {"title", h.title},
                     {"url", h.url},
                     {"site", h.site},
                     {"published_at", h.published_at},
                     {"snippet", h.snippet}});
    }
    std::cout << dump(out) << "\n";
    return kExitOk;
  }
  for (const auto& h : *hits) {
    std::cout << h.article_id << "  " << (h.published_at.empty() ? "-" : h.published_at) << "  "
              << h.title << "\n    " << h.url << "\n    " << h.snippet << "\n";
  }
  if (hits->empty()) std::cerr << "no matching articles\n";
  return kExitOk;
}

std::atomic<bool> g_stop_following{false};

int cmd_events(const ParsedArgs& args) {
  auto since = parse_count("--since", args.value("--since", "0"));
  auto limit = parse_count("--limit", args.value("--limit", "0"));
  if (!since || !limit) {
    std::cerr << "akhbar: " << (!since ? since.error() : limit.error()) << "\n";
    return kExitUsage;
  }
  auto config = load_selected_config(args);
  if (!config) return fail(config.error());
  auto open = open_for_reading(*config);
  if (!open) return fail(open.error());
  std::signal(SIGINT, [](int) { g_stop_following = true; });
  std::signal(SIGTERM, [](int) { g_stop_following = true; });
  notify::StreamOptions options;
  options.after_id = *since;
  options.follow = args.has("--follow");
  std::int64_t printed = 0;
  auto streamed = notify::stream_events(
      *open->store, options,
      [&](const storage::EventRow& event) {
        std::cout << notify::event_to_json_line(event) << std::endl;
        return *limit == 0 || ++printed < *limit;
      },
      [] { return g_stop_following.load(); });
  if (!streamed) return fail(streamed.error());
  return kExitOk;
}

// ---- dispatch --------------------------------------------------------------

struct Command {
  CommandSpec spec;
  std::function<int(const ParsedArgs&)> run;
};

std::vector<Command> commands() {
  return {
      {{"serve",
        "akhbar serve [--config FILE]",
        "Run the service: poll every enabled source when it is due, until SIGTERM or SIGINT.\n"
        "SIGHUP reloads the configuration.",
        "",
        {},
        {},
        0,
        0},
       cmd_serve},
      {{"poll",
        "akhbar poll --once [--config FILE]",
        "Poll every enabled source once, store new articles, print a summary and exit.",
        "",
        {},
        {"--once"},
        0,
        0},
       cmd_poll},
      {{"extract",
        "akhbar extract FILE [--url URL] [--json]",
        "Print the clean article text of one saved HTML page, one paragraph per line.",
        "  --url URL   the page's address, to resolve relative links\n"
        "  --json      print metadata and paragraphs as JSON\n",
        {"--url"},
        {"--json"},
        1,
        1},
       cmd_extract},
      {{"parse-feed",
        "akhbar parse-feed FILE [--url URL]",
        "Parse one saved RSS or Atom document and print it as JSON.",
        "  --url URL   the feed's address, to resolve relative links\n",
        {"--url"},
        {},
        1,
        1},
       cmd_parse_feed},
      {{"sources list",
        "akhbar sources list [--json]",
        "List the configured sources with their fetch state.",
        "  --json   print JSON\n",
        {},
        {"--json"},
        0,
        0},
       cmd_sources_list},
      {{"articles search",
        "akhbar articles search QUERY [--limit N] [--json]",
        "Full-text search of stored articles (harakat, tatweel and hamza forms are folded).",
        "  --limit N   at most N results (default 20)\n  --json      print JSON\n",
        {"--limit"},
        {"--json"},
        1,
        1},
       cmd_articles_search},
      {{"events",
        "akhbar events [--since N] [--follow] [--limit N]",
        "Print events from the outbox as JSON lines, oldest first.",
        "  --since N   only events with id greater than N\n"
        "  --follow    keep printing new events as they are committed (until SIGINT)\n"
        "  --limit N   stop after N events\n",
        {"--since", "--limit"},
        {"--follow"},
        0,
        0},
       cmd_events},
  };
}

std::string overview() {
  std::string text =
      "akhbar: polls Arabic news feeds, extracts clean article text, stores it in SQLite.\n\n"
      "Usage: akhbar COMMAND [OPTIONS]\n\nCommands:\n";
  for (const auto& c : commands()) {
    char line[160];
    std::snprintf(line, sizeof line, "  %-16s %s\n", c.spec.name.c_str(),
                  c.spec.summary.substr(0, c.spec.summary.find('\n')).c_str());
    text += line;
  }
  text += "\nRun 'akhbar COMMAND --help' for a command's options.\n";
  return text;
}

}  // namespace

int run_cli(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    (args.empty() ? std::cerr : std::cout) << overview();
    return args.empty() ? kExitUsage : kExitOk;
  }
  for (auto& command : commands()) {
    // Two-word commands ("sources list") match on both words.
    const std::string& name = command.spec.name;
    const size_t space = name.find(' ');
    size_t consumed = 0;
    if (space == std::string::npos) {
      if (args[0] == name) consumed = 1;
    } else if (args[0] == name.substr(0, space)) {
      if (args.size() > 1 && args[1] == name.substr(space + 1)) {
        consumed = 2;
      } else if (args.size() == 1 || args[1] == "--help" || args[1] == "-h") {
        std::cout << help_text(command.spec);
        return args.size() == 1 ? kExitUsage : kExitOk;
      } else {
        continue;
      }
    }
    if (consumed == 0) continue;
    auto parsed = parse_args(
        command.spec,
        std::vector<std::string>(args.begin() + static_cast<long>(consumed), args.end()));
    if (!parsed) {
      std::cerr << "akhbar " << name << ": " << parsed.error() << "\n" << help_text(command.spec);
      return kExitUsage;
    }
    if (parsed->help) {
      std::cout << help_text(command.spec);
      return kExitOk;
    }
    const std::string level = parsed->value("--log-level", "info");
    if (spdlog::level::from_str(level) == spdlog::level::off && level != "off") {
      std::cerr << "akhbar: unknown log level '" << level << "'\n";
      return kExitUsage;
    }
    setup_logging(level);
    return command.run(*parsed);
  }
  std::cerr << "akhbar: unknown command '" << args[0] << "'\n\n" << overview();
  return kExitUsage;
}

}  // namespace akhbar::daemon
