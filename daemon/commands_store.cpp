#include "base/time.h"
#include "daemon/command_support.h"

#include <algorithm>
#include <atomic>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <vector>

#include "daemon/poller.h"
#include "notify/event_stream.h"

namespace akhbar::daemon {

namespace {

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

}  // namespace

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
                     {"state", storage::source_state(r)},
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
    const char* state = storage::source_state(r);
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
  storage::SearchOptions options;
  options.limit = static_cast<int>(*limit);
  if (args.values.count("--since")) {
    auto span = parse_duration(args.value("--since"));
    if (!span) {
      std::cerr << "akhbar: --since: " << span.error() << "\n";
      return kExitUsage;
    }
    options.since = format_utc(std::time(nullptr) - *span);
  }
  options.site = args.value("--site");
  options.language = args.value("--lang");
  options.include_duplicates = args.has("--duplicates");
  auto hits = open->store->search(args.positional.at(0), options);
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

namespace {

// Set by SIGINT/SIGTERM while `events --follow` runs.
std::atomic<bool> g_stop_following{false};

}  // namespace

int cmd_events(const ParsedArgs& args) {
  const bool dead = args.has("--dead"), retry = !args.value("--retry-dead").empty();
  if (dead || retry) {
    if ((dead && retry) || args.has("--follow") || !args.value("--since").empty() ||
        !args.value("--limit").empty() || (retry && args.has("--json"))) {
      std::cerr << "akhbar: --dead [--json] and --retry-dead SINK go alone\n";
      return kExitUsage;
    }
    return dead ? cmd_events_dead(args) : cmd_events_retry_dead(args);
  }
  if (args.has("--json")) {
    std::cerr << "akhbar: --json goes with --dead (events are always JSON lines)\n";
    return kExitUsage;
  }
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

}  // namespace akhbar::daemon
