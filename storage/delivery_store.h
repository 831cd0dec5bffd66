// DeliveryStore: what the notification dispatcher keeps in the store — one
// cursor per sink (the last event id it has finished with, and where the
// batch it is delivering ends, so that a restart re-sends that batch as it
// was), the dead letters a sink gave up on, and the events to deliver next.
// A cursor only moves in the transaction that also writes the dead letters
// of the events it passes, so an event is either delivered, dead-lettered or
// still ahead of the cursor. A dead letter with attempts = 0 is queued for
// another try (`akhbar events --retry-dead SINK`). Not thread-safe: one per
// connection.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "storage/article_store.h"
#include "storage/database.h"

namespace akhbar::storage {

// An event with what a sink may need beyond the outbox row.
struct DeliveryEvent {
  EventRow event;
  std::optional<std::string> text;  // the article's text, when asked for and the article exists
};

struct DeadLetter {
  std::string sink;
  std::int64_t event_id = 0;
  std::string event_type;
  std::int64_t attempts = 0;  // 0: queued for another try
  std::string last_error;
  std::string failed_at;
};

class DeliveryStore {
 public:
  explicit DeliveryStore(Database& db) : db_(db) {}

  // The sink's cursor; 0 for a sink never seen.
  Result<std::int64_t> cursor(const std::string& sink);
  // Moves the cursor and ends the batch in flight, if any.
  Status set_cursor(const std::string& sink, std::int64_t last_event_id);
  // The last event examined for the batch the sink is delivering, when one
  // was recorded with set_in_flight and the cursor has not moved since.
  Result<std::optional<std::int64_t>> in_flight(const std::string& sink);
  Status set_in_flight(const std::string& sink, std::int64_t through);

  // Up to `limit` events with id > after_id, in id order.
  Result<std::vector<DeliveryEvent>> events_after(std::int64_t after_id, int limit, bool with_text);
  // Up to `limit` of the sink's dead letters queued for another try, in id order.
  Result<std::vector<DeliveryEvent>> queued_retries(const std::string& sink, int limit,
                                                    bool with_text);

  // In one transaction: the events become dead letters of `sink` (replacing
  // earlier rows for them) and, when `new_cursor` is set, the cursor moves.
  Status bury(const std::string& sink, const std::vector<std::int64_t>& event_ids,
              std::int64_t attempts, const std::string& error,
              std::optional<std::int64_t> new_cursor);
  // Removes dead letters that have now been delivered.
  Status forget(const std::string& sink, const std::vector<std::int64_t>& event_ids);

  // Every dead letter (of one sink when `sink` is not empty), oldest event first.
  Result<std::vector<DeadLetter>> dead_letters(const std::string& sink = {});
  // Queues the sink's dead letters for another try; returns how many.
  Result<std::int64_t> retry_dead(const std::string& sink);

 private:
  Result<std::vector<DeliveryEvent>> read_events(const std::string& sql, std::int64_t key,
                                                 const std::string& sink, int limit,
                                                 bool with_text);
  Database& db_;
};

}  // namespace akhbar::storage
