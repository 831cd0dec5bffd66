#include "storage/delivery_store.h"

#include "base/time.h"
#include "storage/sqlite.h"

namespace akhbar::storage {

namespace {

// The article text is joined only when a sink asks for it: it is most of
// the bytes. ?4 = 1 asks for it.
constexpr const char* kEventColumns =
    "SELECT e.id, e.type, e.article_id, e.created_at, e.payload, "
    "CASE WHEN ?4 = 1 THEN (SELECT a.text FROM articles a WHERE a.id = e.article_id) END "
    "FROM events e ";

}  // namespace

Result<std::int64_t> DeliveryStore::cursor(const std::string& sink) {
  Statement q(db_.handle(), "SELECT last_event_id FROM sink_cursors WHERE sink = ?1");
  q.bind(1, sink);
  auto row = q.step();
  if (!row) return make_error(row.error());
  return *row ? q.column_int(0) : std::int64_t{0};
}

Status DeliveryStore::set_cursor(const std::string& sink, std::int64_t last_event_id) {
  Statement q(db_.handle(),
              "INSERT INTO sink_cursors (sink, last_event_id, updated_at) VALUES (?1, ?2, ?3) "
              "ON CONFLICT (sink) DO UPDATE SET last_event_id = excluded.last_event_id, "
              "updated_at = excluded.updated_at, in_flight_through = NULL");
  return q.bind(1, sink).bind(2, last_event_id).bind(3, utc_now()).run();
}

Result<std::optional<std::int64_t>> DeliveryStore::in_flight(const std::string& sink) {
  Statement q(db_.handle(),
              "SELECT in_flight_through FROM sink_cursors "
              "WHERE sink = ?1 AND in_flight_through > last_event_id");
  q.bind(1, sink);
  auto row = q.step();
  if (!row) return make_error(row.error());
  if (!*row) return std::optional<std::int64_t>();
  return std::optional<std::int64_t>(q.column_int(0));
}

Status DeliveryStore::set_in_flight(const std::string& sink, std::int64_t through) {
  // updated_at stays the time the cursor last moved.
  Statement q(db_.handle(),
              "INSERT INTO sink_cursors (sink, last_event_id, updated_at, in_flight_through) "
              "VALUES (?1, 0, ?3, ?2) "
              "ON CONFLICT (sink) DO UPDATE SET in_flight_through = excluded.in_flight_through");
  return q.bind(1, sink).bind(2, through).bind(3, utc_now()).run();
}

Result<std::vector<DeliveryEvent>> DeliveryStore::read_events(const std::string& sql,
                                                              std::int64_t key,
                                                              const std::string& sink, int limit,
                                                              bool with_text) {
  Statement q(db_.handle(), sql);
  if (!q.valid()) return make_error(q.prepare_error());
  // Every statement numbers its parameters up to ?4, so all four bind.
  q.bind(1, key).bind(2, std::int64_t{limit}).bind(3, sink).bind(4, std::int64_t{with_text});
  std::vector<DeliveryEvent> events;
  for (;;) {
    auto row = q.step();
    if (!row) return make_error(row.error());
    if (!*row) break;
    DeliveryEvent e;
    e.event = {q.column_int(0), q.column_text(1), std::nullopt, q.column_text(3), q.column_text(4)};
    if (!q.column_is_null(2)) e.event.article_id = q.column_int(2);
    if (!q.column_is_null(5)) e.text = q.column_text(5);
    events.push_back(std::move(e));
  }
  return events;
}

Result<std::vector<DeliveryEvent>> DeliveryStore::events_after(std::int64_t after_id, int limit,
                                                               bool with_text) {
  return read_events(std::string(kEventColumns) + "WHERE e.id > ?1 ORDER BY e.id LIMIT ?2",
                     after_id, "", limit, with_text);
}

Result<std::vector<DeliveryEvent>> DeliveryStore::queued_retries(const std::string& sink, int limit,
                                                                 bool with_text) {
  return read_events(std::string(kEventColumns) +
                         "JOIN dead_letters d ON d.event_id = e.id "
                         "WHERE d.sink = ?3 AND d.attempts = 0 ORDER BY e.id LIMIT ?2",
                     0, sink, limit, with_text);
}

Status DeliveryStore::bury(const std::string& sink, const std::vector<std::int64_t>& event_ids,
                           std::int64_t attempts, const std::string& error,
                           std::optional<std::int64_t> new_cursor) {
  Transaction transaction(db_.handle());
  if (!transaction.begin_status()) return transaction.begin_status();
  Statement insert(db_.handle(),
                   "INSERT OR REPLACE INTO dead_letters (sink, event_id, attempts, last_error, "
                   "failed_at) VALUES (?1, ?2, ?3, ?4, ?5)");
  const std::string now = utc_now();
  for (std::int64_t id : event_ids) {
    insert.reset();
    if (Status st =
            insert.bind(1, sink).bind(2, id).bind(3, attempts).bind(4, error).bind(5, now).run();
        !st)
      return make_error("dead letter: " + st.error());
  }
  if (new_cursor) {
    if (Status st = set_cursor(sink, *new_cursor); !st) return make_error("cursor: " + st.error());
  }
  return transaction.commit();
}

Status DeliveryStore::forget(const std::string& sink, const std::vector<std::int64_t>& event_ids) {
  Transaction transaction(db_.handle());
  if (!transaction.begin_status()) return transaction.begin_status();
  Statement remove(db_.handle(), "DELETE FROM dead_letters WHERE sink = ?1 AND event_id = ?2");
  for (std::int64_t id : event_ids) {
    remove.reset();
    if (Status st = remove.bind(1, sink).bind(2, id).run(); !st) return st;
  }
  return transaction.commit();
}

Result<std::vector<DeadLetter>> DeliveryStore::dead_letters(const std::string& sink) {
  Statement q(db_.handle(),
              "SELECT d.sink, d.event_id, e.type, d.attempts, d.last_error, d.failed_at "
              "FROM dead_letters d JOIN events e ON e.id = d.event_id "
              "WHERE ?1 = '' OR d.sink = ?1 ORDER BY d.event_id, d.sink");
  q.bind(1, sink);
  std::vector<DeadLetter> letters;
  for (;;) {
    auto row = q.step();
    if (!row) return make_error(row.error());
    if (!*row) break;
    letters.push_back({q.column_text(0), q.column_int(1), q.column_text(2), q.column_int(3),
                       q.column_text(4), q.column_text(5)});
  }
  return letters;
}

Result<std::int64_t> DeliveryStore::retry_dead(const std::string& sink) {
  Statement q(db_.handle(), "UPDATE dead_letters SET attempts = 0 WHERE sink = ?1");
  if (Status st = q.bind(1, sink).run(); !st) return make_error(st.error());
  return static_cast<std::int64_t>(sqlite3_changes(db_.handle()));
}

}  // namespace akhbar::storage
