// WebhookSink: POSTs a batch as JSON (sink.h batch_json) to the sink's URL.
// Headers: X-Akhbar-Delivery (the batch's delivery id), X-Akhbar-Event-Type
// (the events' type, or "mixed"), X-Akhbar-Event-Types (comma-separated, in
// order of first appearance), X-Akhbar-Timestamp (Unix seconds of this
// attempt) and, with a secret, X-Akhbar-Signature (signature.h). Any 2xx is
// delivered; everything else (other statuses, timeouts, refused connections)
// is a failed attempt. Receivers are the operator's own services: private
// addresses are allowed and there is no per-site politeness.
#pragma once

#include <memory>

#include "fetchers/http_client.h"
#include "notify/sink.h"

namespace akhbar::notify {

class WebhookSink : public Sink {
 public:
  explicit WebhookSink(SinkSpec spec);
  DeliveryOutcome deliver(const DeliveryBatch& batch, const std::atomic<bool>& stop) override;

 private:
  SinkSpec spec_;
  std::unique_ptr<fetchers::HttpClient> http_;
};

}  // namespace akhbar::notify
