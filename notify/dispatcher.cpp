#include "notify/dispatcher.h"

#include <spdlog/spdlog.h>

#include <optional>
#include <random>

#include "fetchers/backoff.h"
#include "notify/sink.h"
#include "storage/database.h"
#include "storage/delivery_store.h"

namespace akhbar::notify {

namespace {

// A batch on its way, kept across its attempts so every retry re-sends it.
struct PendingBatch {
  DeliveryBatch batch;
  bool is_retry = false;     // dead letters queued again: removed once delivered
  std::int64_t through = 0;  // cursor after it (the last event examined)
  std::int64_t attempts = 0;

  std::vector<std::int64_t> ids() const {
    std::vector<std::int64_t> out;
    for (const auto& e : batch.events) out.push_back(e.event.id);
    return out;
  }
};

// The next batch for the sink: queued dead letters first, then the events
// after its cursor that pass its filters. nullopt when there is nothing to
// send (the cursor may still have moved past rejected events).
Result<std::optional<PendingBatch>> next_batch(storage::DeliveryStore& store, const SinkSpec& spec,
                                               int read_limit) {
  const int batch_size = static_cast<int>(spec.batch_size);
  PendingBatch pending;
  pending.batch.sink = spec.name;
  auto retries = store.queued_retries(spec.name, batch_size, spec.include_text);
  if (!retries) return make_error(retries.error());
  if (!retries->empty()) {
    pending.is_retry = true;
    pending.batch.events = std::move(*retries);
  } else {
    auto cursor = store.cursor(spec.name);
    if (!cursor) return make_error(cursor.error());
    auto in_flight = store.in_flight(spec.name);
    if (!in_flight) return make_error(in_flight.error());
    // Without filters every event goes: read just one batch (texts are
    // big). With filters read further ahead, as many may be dropped.
    const bool filtered =
        !spec.sites.empty() || !spec.languages.empty() || !spec.event_types.empty();
    auto events = store.events_after(
        *cursor, filtered ? std::max(read_limit, batch_size) : batch_size, spec.include_text);
    if (!events) return make_error(events.error());
    if (events->empty()) return std::optional<PendingBatch>();
    pending.through = *cursor;
    for (auto& event : *events) {
      if (static_cast<int>(pending.batch.events.size()) == batch_size) break;
      // An interrupted batch is rebuilt from the events it was built from,
      // not from whatever has arrived since.
      if (*in_flight && event.event.id > **in_flight) break;
      pending.through = event.event.id;
      if (passes_filters(spec, event.event)) pending.batch.events.push_back(std::move(event));
    }
    if (pending.batch.events.empty()) {
      if (Status st = store.set_cursor(spec.name, pending.through); !st)
        return make_error(st.error());
      return std::optional<PendingBatch>();
    }
    // A full batch is rebuilt alike after a restart: newer events come after
    // it. A short one would take them in, under another delivery id, so it
    // records where it ends. Full batches skip that write, so a sink working
    // through a backlog still pays one write per batch (the cursor's).
    const bool is_short = static_cast<int>(pending.batch.events.size()) < batch_size;
    if (is_short && !*in_flight) {
      if (Status st = store.set_in_flight(spec.name, pending.through); !st)
        return make_error(st.error());
    }
  }
  pending.batch.delivery_id = delivery_id(spec.name, pending.batch.events.front().event.id,
                                          pending.batch.events.back().event.id);
  return std::optional<PendingBatch>(std::move(pending));
}

}  // namespace

Dispatcher::Dispatcher(DispatcherOptions options) : options_(std::move(options)) {
  for (const auto& spec : options_.sinks) {
    if (!spec.enabled) continue;
    threads_.emplace_back([this, &spec] { run_sink(spec); });
  }
}

Dispatcher::~Dispatcher() { stop(); }

void Dispatcher::stop() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  for (auto& thread : threads_) {
    if (thread.joinable()) thread.join();
  }
}

bool Dispatcher::wait(std::chrono::milliseconds duration) {
  std::unique_lock lock(mutex_);
  wake_.wait_for(lock, duration, [this] { return stop_.load(); });
  return !stop_;
}

void Dispatcher::run_sink(const SinkSpec& spec) {
  std::unique_ptr<storage::Database> db;
  while (!db) {
    auto opened = storage::Database::open(options_.database_path);
    if (opened) {
      db = std::move(*opened);
    } else {
      spdlog::error("sink {}: cannot open the store: {}", spec.name, opened.error());
      if (!wait(std::chrono::seconds(5))) return;
    }
  }
  storage::DeliveryStore store(*db);
  const std::unique_ptr<Sink> sink = make_sink(spec);
  fetchers::BackoffPolicy backoff;
  backoff.first_delay_seconds = spec.retry_delay_seconds;
  backoff.ceiling_seconds = spec.max_retry_delay_seconds;
  std::mt19937_64 random(std::random_device{}());
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::optional<PendingBatch> pending;
  while (!stop_) {
    if (!pending) {
      auto next = next_batch(store, spec, options_.read_limit);
      if (!next) {
        spdlog::error("sink {}: {}", spec.name, next.error());
        if (!wait(std::chrono::seconds(1))) return;
        continue;
      }
      if (!*next) {
        if (!wait(options_.idle_poll)) return;
        continue;
      }
      pending = std::move(*next);
    }
    const DeliveryOutcome outcome = sink->deliver(pending->batch, stop_);
    if (stop_) return;  // the batch is still ahead of the cursor: sent again after restart
    ++pending->attempts;
    if (outcome.delivered) {
      const Status st = pending->is_retry ? store.forget(spec.name, pending->ids())
                                          : store.set_cursor(spec.name, pending->through);
      // When recording fails the batch is read and sent again: a repeat, never a loss.
      if (!st)
        spdlog::error("sink {}: delivered {} but not recorded: {}", spec.name,
                      pending->batch.delivery_id, st.error());
      spdlog::debug("sink {}: delivered {} ({} events)", spec.name, pending->batch.delivery_id,
                    pending->batch.events.size());
      pending.reset();
      continue;
    }
    if (pending->attempts >= spec.max_attempts) {
      spdlog::error(
          "sink {}: giving up on {} after {} attempts ({}); its {} events are dead letters",
          spec.name, pending->batch.delivery_id, pending->attempts, outcome.error,
          pending->batch.events.size());
      const Status st =
          store.bury(spec.name, pending->ids(), pending->attempts, outcome.error,
                     pending->is_retry ? std::nullopt : std::optional(pending->through));
      if (!st) {
        spdlog::error("sink {}: cannot record dead letters: {}", spec.name, st.error());
        if (!wait(std::chrono::seconds(1))) return;
        continue;  // try to record them again
      }
      pending.reset();
      continue;
    }
    const std::int64_t delay =
        fetchers::backoff_delay(backoff, pending->attempts, unit(random), outcome.retry_after);
    spdlog::warn("sink {}: attempt {} of {} failed: {}; next in {} s", spec.name, pending->attempts,
                 pending->batch.delivery_id, outcome.error, delay);
    if (!wait(std::chrono::seconds(delay))) return;
  }
}

}  // namespace akhbar::notify
