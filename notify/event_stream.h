// The event stream: events from the store's outbox, in id order, as JSON
// lines — what `akhbar events [--since N] [--follow]` prints. Following polls
// the outbox, so it sees events committed by another process (the daemon).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

#include "base/result.h"
#include "storage/article_store.h"

namespace akhbar::notify {

// One event as one line of JSON: {"id","type","article_id","created_at","payload"}.
// With `text`, the payload gets a "text" member (sinks with include_text).
std::string event_to_json_line(const storage::EventRow& event, const std::string* text = nullptr);

struct StreamOptions {
  std::int64_t after_id = 0;  // stream events with id > after_id
  bool follow = false;        // keep waiting for new events until stop() is true
  std::chrono::milliseconds poll_interval{250};
  int batch_size = 500;
};

// Calls `sink` for each event in order; stops early when `sink` returns false.
// Returns the id of the last event delivered (after_id when none).
Result<std::int64_t> stream_events(storage::ArticleStore& store, const StreamOptions& options,
                                   const std::function<bool(const storage::EventRow&)>& sink,
                                   const std::function<bool()>& stop);

}  // namespace akhbar::notify
