#include "notify/event_stream.h"

#include <nlohmann/json.hpp>

#include <thread>

namespace akhbar::notify {

std::string event_to_json_line(const storage::EventRow& event, const std::string* text) {
  // Key order as documented (id first), for people reading the stream.
  nlohmann::ordered_json payload = nlohmann::ordered_json::parse(event.payload, nullptr, false);
  if (payload.is_discarded()) payload = event.payload;  // never drop an event over its payload
  if (text != nullptr && payload.is_object()) payload["text"] = *text;
  const nlohmann::ordered_json line = {
      {"id", event.id},
      {"type", event.type},
      {"article_id",
       event.article_id ? nlohmann::ordered_json(*event.article_id) : nlohmann::ordered_json()},
      {"created_at", event.created_at},
      {"payload", payload},
  };
  return line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Result<std::int64_t> stream_events(storage::ArticleStore& store, const StreamOptions& options,
                                   const std::function<bool(const storage::EventRow&)>& sink,
                                   const std::function<bool()>& stop) {
  std::int64_t last = options.after_id;
  while (!stop()) {
    auto batch = store.events_after(last, options.batch_size);
    if (!batch) return make_error("reading events: " + batch.error());
    for (const auto& event : *batch) {
      if (!sink(event)) return event.id;
      last = event.id;
    }
    if (static_cast<int>(batch->size()) == options.batch_size) continue;
    if (!options.follow) break;
    std::this_thread::sleep_for(options.poll_interval);
  }
  return last;
}

}  // namespace akhbar::notify
