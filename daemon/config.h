// The akhbar configuration file (TOML). load_config() validates everything
// up front: an unknown key, a wrong type or an impossible value is rejected
// with "FILE:LINE:COLUMN: what is wrong", so a typo never silently becomes a
// default. docs/configuration.md describes every key.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "notify/sink_spec.h"

namespace akhbar::daemon {

struct HttpConfig {
  std::string user_agent = "akhbar/0.1 (+https://github.com/akhbar-news/akhbar)";
  std::int64_t connect_timeout_seconds = 10;
  std::int64_t timeout_seconds = 30;
  std::int64_t max_body_bytes = 16 * 1024 * 1024;
  std::int64_t concurrency = 8;
  std::int64_t max_redirects = 5;
  std::int64_t per_site_concurrency = 2;        // 0: no per-site cap
  std::int64_t per_site_delay_ms = 1000;        // between two requests to one site; 0: none
  std::int64_t max_backoff_seconds = 6 * 3600;  // ceiling of a failing source's retry delay
  bool allow_private_networks = false;
  std::string proxy;

  bool operator==(const HttpConfig&) const = default;
};

struct AdminConfig {
  std::string listen = "127.0.0.1:9177";  // "" turns the endpoint off
  std::string token;                      // when set, required as a bearer token
  std::int64_t max_event_streams = 8;     // concurrent GET /events (SSE) clients
};

struct SourceConfig {
  std::string name;
  std::string url;
  std::string kind;  // feed | sitemap | listing
  std::int64_t interval_seconds = 0;
  // The interval adapts to how fast the source publishes, within these
  // (0: min(interval, 5 min) and max(6 × interval, 1 h) up to a day).
  bool adaptive = true;
  std::int64_t min_interval_seconds = 0;
  std::int64_t max_interval_seconds = 0;
  bool enabled = true;
  // Fetch the source's own URL even where robots.txt forbids it (the
  // operator subscribed to it). Article pages always obey robots.txt.
  bool ignore_robots = false;
};

struct Config {
  std::string config_path;  // the file it was read from ("" when parsed from text)
  std::string database;     // as written; see database_path()
  std::string log_level = "info";
  std::int64_t poll_interval_seconds = 900;  // default for sources without their own
  std::int64_t max_articles_per_poll = 100;  // new article pages fetched per source per poll
  std::int64_t extraction_threads = 0;       // threads extracting pages; 0: one per core
  HttpConfig http;
  AdminConfig admin;
  // [retention] full_text_days: article texts older than this are dropped
  // (metadata, titles and events stay); 0 keeps every text.
  std::int64_t retention_full_text_days = 0;
  std::vector<SourceConfig> sources;
  std::vector<notify::SinkSpec> sinks;  // [[sinks]]: event delivery (docs/events.md)

  // The database file: `database` when absolute, else relative to
  // $STATE_DIRECTORY (set by systemd's StateDirectory=) or, without it, the
  // current directory.
  std::string database_path() const;
};

Result<Config> load_config(const std::string& path);
// `origin` names the text in error messages (normally the file path).
Result<Config> parse_config(std::string_view toml_text, const std::string& origin);

// "90" / "90s" / "15m" / "2h" / "1d" -> seconds; error text when invalid.
Result<std::int64_t> parse_duration(std::string_view text);
// "250" / "250ms" / "2s" / "1m" -> milliseconds.
Result<std::int64_t> parse_milliseconds(std::string_view text);
// "1048576" / "512KiB" / "16MiB" / "1GiB" / "10MB" / "1kB" -> bytes.
Result<std::int64_t> parse_size(std::string_view text);

}  // namespace akhbar::daemon
