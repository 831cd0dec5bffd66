// UTC timestamps as akhbar stores them: "YYYY-MM-DDTHH:MM:SSZ".
#pragma once

#include <ctime>
#include <string>

namespace akhbar {

inline std::string format_utc(std::time_t t) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

inline std::string utc_now() { return format_utc(std::time(nullptr)); }

}  // namespace akhbar

namespace akhbar {

// Inverse of format_utc(); nullopt-like -1 when `s` is not in that format.
inline std::time_t parse_utc(const std::string& s) {
  std::tm tm{};
  const char* end = strptime(s.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm);
  if (end == nullptr || *end != '\0') return -1;
  return timegm(&tm);
}

}  // namespace akhbar
