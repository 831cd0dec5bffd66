// Webhook signatures: HMAC-SHA256(secret, timestamp + "." + body), written
// as "sha256=" and 64 lower-case hex digits (X-Akhbar-Signature). Binding
// the timestamp lets receivers reject replays of an old request.
#pragma once

#include <string>
#include <string_view>

namespace akhbar::notify {

std::string hmac_sha256_hex(std::string_view key, std::string_view message);
std::string webhook_signature(std::string_view secret, std::string_view timestamp,
                              std::string_view body);

}  // namespace akhbar::notify
