#include "notify/sink.h"

#include <nlohmann/json.hpp>

#include <algorithm>

#include "notify/event_stream.h"
#include "notify/exec_sink.h"
#include "notify/webhook_sink.h"

namespace akhbar::notify {

const std::vector<std::string>& known_event_types() {
  static const std::vector<std::string> types = {"article.new", "article.updated",
                                                 "article.duplicate", "story.new", "story.updated"};
  return types;
}

std::unique_ptr<Sink> make_sink(const SinkSpec& spec) {
  if (spec.kind == "exec") return std::make_unique<ExecSink>(spec);
  return std::make_unique<WebhookSink>(spec);
}

std::string delivery_id(const std::string& sink, std::int64_t first_event_id,
                        std::int64_t last_event_id) {
  return sink + "." + std::to_string(first_event_id) + "-" + std::to_string(last_event_id);
}

std::string event_json(const storage::DeliveryEvent& event) {
  return event_to_json_line(event.event, event.text ? &*event.text : nullptr);
}

std::string batch_json(const DeliveryBatch& batch) {
  // The events are already JSON; splice them in rather than parse them again.
  std::string body = "{\"delivery_id\":" + nlohmann::json(batch.delivery_id).dump() +
                     ",\"sink\":" + nlohmann::json(batch.sink).dump() + ",\"events\":[";
  for (std::size_t i = 0; i < batch.events.size(); ++i) {
    if (i > 0) body += ',';
    body += event_json(batch.events[i]);
  }
  return body + "]}";
}

namespace {

bool listed(const std::vector<std::string>& list, const std::string& value) {
  return list.empty() || std::find(list.begin(), list.end(), value) != list.end();
}

// A payload member as a string ("" when absent or not a string).
std::string member(const nlohmann::json& payload, const char* key) {
  const auto it = payload.find(key);
  return it != payload.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

bool passes_filters(const SinkSpec& spec, const storage::EventRow& event) {
  if (!listed(spec.event_types, event.type)) return false;
  if (spec.sites.empty() && spec.languages.empty()) return true;
  const auto payload = nlohmann::json::parse(event.payload, nullptr, false);
  if (!payload.is_object()) return false;
  return listed(spec.sites, member(payload, "site")) &&
         listed(spec.languages, member(payload, "language"));
}

}  // namespace akhbar::notify
