#include "notify/webhook_sink.h"

#include <ctime>

#include "notify/signature.h"

namespace akhbar::notify {

WebhookSink::WebhookSink(SinkSpec spec) : spec_(std::move(spec)) {
  fetchers::HttpOptions options;
  options.total_timeout_ms = static_cast<long>(spec_.timeout_ms);
  options.connect_timeout_ms = static_cast<long>(std::min<std::int64_t>(spec_.timeout_ms, 10'000));
  options.concurrency = 1;
  options.politeness.per_site_concurrency = 0;
  options.politeness.per_site_delay_ms = 0;
  options.allow_private_networks = true;
  options.max_body_bytes = 1024 * 1024;  // the receiver's answer is not used
  http_ = std::make_unique<fetchers::HttpClient>(options);
}

DeliveryOutcome WebhookSink::deliver(const DeliveryBatch& batch, const std::atomic<bool>& stop) {
  std::string types;
  for (const auto& e : batch.events) {
    if (("," + types + ",").find("," + e.event.type + ",") == std::string::npos)
      types += (types.empty() ? "" : ",") + e.event.type;
  }
  const std::string timestamp = std::to_string(std::time(nullptr));
  fetchers::FetchRequest request(spec_.url);
  request.post_body = batch_json(batch);
  request.headers = {"Content-Type: application/json", "X-Akhbar-Delivery: " + batch.delivery_id,
                     "X-Akhbar-Event-Type: " +
                         (types.find(',') == std::string::npos ? types : std::string("mixed")),
                     "X-Akhbar-Event-Types: " + types, "X-Akhbar-Timestamp: " + timestamp};
  if (!spec_.secret.empty()) {
    request.headers.push_back("X-Akhbar-Signature: " +
                              webhook_signature(spec_.secret, timestamp, *request.post_body));
  }
  fetchers::FetchHooks hooks;
  hooks.cancel = &stop;
  auto responses = http_->fetch_all({request}, hooks);
  const fetchers::FetchResponse& response = responses.front();
  DeliveryOutcome outcome;
  outcome.delivered = response.ok();
  if (!outcome.delivered) {
    outcome.error = response.describe_failure();
    outcome.retry_after = response.retry_after_seconds;
  }
  return outcome;
}

}  // namespace akhbar::notify
