// SinkSpec: one configured notification sink ([[sinks]] in the
// configuration; docs/configuration.md). Plain data, validated by the config
// reader; the dispatcher trusts it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace akhbar::notify {

struct SinkSpec {
  std::string name;  // [A-Za-z0-9_.-]+, unique; keys its cursor and dead letters
  std::string kind;  // "webhook" or "exec"
  bool enabled = true;
  // webhook
  std::string url;
  std::string secret;  // HMAC-SHA256 key; no signature header when empty
  // exec: argv, run without a shell
  std::vector<std::string> command;
  bool per_event = false;            // exec: one run per event instead of per batch
  std::int64_t timeout_ms = 10'000;  // one attempt: HTTP request or command run
  std::int64_t batch_size = 50;
  std::int64_t max_attempts = 8;               // then the batch's events become dead letters
  std::int64_t retry_delay_seconds = 5;        // first backoff delay
  std::int64_t max_retry_delay_seconds = 600;  // backoff ceiling
  // Filters; an empty list lets everything through.
  std::vector<std::string> sites;  // the payload's site (host name)
  std::vector<std::string> languages;
  std::vector<std::string> event_types;
  bool include_text = false;  // add the article text to each payload as "text"
};

// The event types the store writes; filters must name these.
const std::vector<std::string>& known_event_types();

}  // namespace akhbar::notify
