// The sink interface: a sink gets one batch of events (in id order) and says
// whether it was delivered. deliver() must return within the sink's timeout
// and promptly once `stop` becomes true. Sinks do not retry: the dispatcher
// does, with backoff, and re-sends the same batch (same delivery id).
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "notify/sink_spec.h"
#include "storage/delivery_store.h"

namespace akhbar::notify {

struct DeliveryBatch {
  std::string sink;
  // "<sink>.<first event id>-<last event id>": the same for every attempt of
  // the batch (and after a restart), so receivers can drop repeats.
  std::string delivery_id;
  std::vector<storage::DeliveryEvent> events;
};

struct DeliveryOutcome {
  bool delivered = false;
  std::string error;                        // why not, for logs and dead letters
  std::optional<std::int64_t> retry_after;  // seconds the receiver asked us to wait
};

class Sink {
 public:
  virtual ~Sink() = default;
  virtual DeliveryOutcome deliver(const DeliveryBatch& batch, const std::atomic<bool>& stop) = 0;
};

// The sink for `spec` (webhook or exec).
std::unique_ptr<Sink> make_sink(const SinkSpec& spec);

std::string delivery_id(const std::string& sink, std::int64_t first_event_id,
                        std::int64_t last_event_id);

// {"delivery_id": ..., "sink": ..., "events": [event, ...]}, each event as
// event_to_json_line() writes it (with "text" in the payload when present).
std::string batch_json(const DeliveryBatch& batch);
std::string event_json(const storage::DeliveryEvent& event);

// Whether the event passes the sink's site, language and type filters.
bool passes_filters(const SinkSpec& spec, const storage::EventRow& event);

}  // namespace akhbar::notify
