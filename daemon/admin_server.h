// The admin HTTP endpoint of `akhbar serve` (127.0.0.1:9177 by default):
//   GET /healthz  200 while the polling loop shows signs of life, else 503
//   GET /readyz   200 while the store answers a query, else 503
//   GET /metrics  Prometheus text (daemon/metrics.h)
//   GET /events   the event outbox as Server-Sent Events ("id:" event id,
//                 "event:" type, "data:" payload JSON), from after the
//                 Last-Event-ID header or ?since=N, following new events,
//                 with keep-alive comments; at most max_event_streams at
//                 once (503 beyond)
// With a token configured, every path needs "Authorization: Bearer TOKEN"
// (401 otherwise). It runs on its own threads and never touches the
// database writer's connection.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "base/result.h"
#include "storage/article_store.h"

namespace akhbar::daemon {

struct AdminHooks {
  std::function<bool()> alive;           // for /healthz
  std::function<Status()> ready;         // for /readyz; the error is the body
  std::function<std::string()> metrics;  // for /metrics
  // For /events: each stream opens its own reader (its own connection).
  using EventReader =
      std::function<Result<std::vector<storage::EventRow>>(std::int64_t after_id, int limit)>;
  std::function<Result<EventReader>()> open_events;
};

struct AdminOptions {
  std::string host = "127.0.0.1";
  int port = 9177;  // 0: any free port (tests)
  std::string token;
  int max_event_streams = 8;
  std::chrono::milliseconds event_poll{250};     // how often a stream looks for events
  std::chrono::milliseconds keep_alive{15'000};  // comment line when idle this long
};

class AdminServer {
 public:
  // Listening when this returns; an address in use is an error value.
  static Result<std::unique_ptr<AdminServer>> start(const AdminOptions& options, AdminHooks hooks);
  ~AdminServer();
  AdminServer(const AdminServer&) = delete;
  AdminServer& operator=(const AdminServer&) = delete;

  int port() const;

 private:
  struct Impl;
  explicit AdminServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// "127.0.0.1:9177", "[::1]:9177", "0.0.0.0:80" -> host and port.
Result<AdminOptions> parse_listen_address(const std::string& listen);

}  // namespace akhbar::daemon
