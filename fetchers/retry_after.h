// Retry-After (RFC 9110 §10.2.3): either delay-seconds or an HTTP-date.
#pragma once

#include <cstdint>
#include <ctime>
#include <optional>
#include <string_view>

namespace akhbar::fetchers {

// Seconds to wait from `now`, never negative (a date in the past means "now").
// nullopt when the value is neither form.
std::optional<std::int64_t> parse_retry_after(std::string_view value, std::time_t now);

}  // namespace akhbar::fetchers
