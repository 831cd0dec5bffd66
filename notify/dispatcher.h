// Dispatcher: delivers events from the store's outbox to the configured
// sinks, at least once and in event id order per sink. Each enabled sink has
// its own thread and its own SQLite connection (never the poll loop's): a
// slow or dead sink only grows its own backlog. Per sink: read the events
// after its cursor, drop those its filters reject, deliver up to batch_size,
// then move the cursor. A failed attempt is retried with exponential backoff
// and jitter (fetchers/backoff.h), re-sending the same batch; after
// max_attempts its events become dead letters and the cursor moves on in the
// same transaction. Dead letters queued by `akhbar events --retry-dead` are
// delivered first and removed once delivered. A crash between delivery and
// the cursor's update means the batch is sent again after restart, with the
// same events and delivery id (sink_cursors.in_flight_through).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "notify/sink_spec.h"

namespace akhbar::notify {

struct DispatcherOptions {
  std::string database_path;
  std::vector<SinkSpec> sinks;  // disabled ones are skipped
  // How often an idle sink looks for new events.
  std::chrono::milliseconds idle_poll{500};
  int read_limit = 500;  // events read per look (filters may drop many)
};

class Dispatcher {
 public:
  explicit Dispatcher(DispatcherOptions options);
  // Stops: in-flight deliveries are abandoned (webhook cancelled, command
  // killed) and the threads joined, within a couple of seconds.
  ~Dispatcher();
  Dispatcher(const Dispatcher&) = delete;
  Dispatcher& operator=(const Dispatcher&) = delete;

  void stop();

 private:
  void run_sink(const SinkSpec& spec);
  // Sleeps up to `duration`; false when stopping.
  bool wait(std::chrono::milliseconds duration);

  DispatcherOptions options_;
  std::atomic<bool> stop_{false};
  std::mutex mutex_;
  std::condition_variable wake_;
  std::vector<std::thread> threads_;
};

}  // namespace akhbar::notify
