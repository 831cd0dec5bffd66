// Feed date normalisation. Feeds write dates in two families: RFC 822/1123
// (RSS pubDate, often sloppy: 2-digit years, no seconds, no weekday, named US
// zones) and RFC 3339 / ISO 8601 (Atom, dc:date). Both are turned into one
// UTC form so that the store can compare and sort them as strings.
//
// The arithmetic is done by hand (days from the civil calendar) instead of
// mktime/timegm: mktime reads the process time zone, and timegm is not
// standard and fails differently per libc on out-of-range input.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parsers/feed.h"
#include "parsers/markup_chars.h"
#include "text/ascii.h"

namespace akhbar::parsers {

using detail::is_ascii_alpha;
using detail::is_ascii_digit;

namespace {

struct DateTime {
  int year = 0;
  int month = 0;
  int day = 0;
  int hour = 0;
  int minute = 0;
  int second = 0;
  int offset_minutes = 0;  // local time minus UTC
};

// Howard Hinnant's days_from_civil: proleptic Gregorian, day 0 = 1970-01-01.
std::int64_t days_from_civil(std::int64_t y, int m, int d) {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t yoe = y - era * 400;
  const std::int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

void civil_from_days(std::int64_t z, std::int64_t& y, int& m, int& d) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  y = yoe + era * 400 + (m <= 2 ? 1 : 0);
}

bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : kDays[m - 1];
}

bool fields_in_range(const DateTime& t) {
  if (t.year < 1 || t.year > 9999 || t.month < 1 || t.month > 12) return false;
  if (t.day < 1 || t.day > days_in_month(t.year, t.month)) return false;
  // 60 seconds is a leap second; it simply rolls over into the next minute.
  return t.hour >= 0 && t.hour <= 23 && t.minute >= 0 && t.minute <= 59 && t.second >= 0 &&
         t.second <= 60;
}

std::string format_utc(const DateTime& t) {
  if (!fields_in_range(t)) return {};
  const std::int64_t seconds = days_from_civil(t.year, t.month, t.day) * 86400 + t.hour * 3600 +
                               t.minute * 60 + t.second - std::int64_t{t.offset_minutes} * 60;
  std::int64_t days = seconds / 86400;
  std::int64_t rest = seconds % 86400;
  if (rest < 0) {
    rest += 86400;
    --days;
  }
  std::int64_t year;
  int month, day;
  civil_from_days(days, year, month, day);
  if (year < 1 || year > 9999) return {};  // the offset pushed it off the 4-digit range
  // "%04d-%02d-%02dT%02d:%02d:%02dZ", written digit by digit: every field
  // is in range here, and snprintf cost more than the parse (every entry
  // has dates).
  std::string out = "0000-00-00T00:00:00Z";
  const auto put = [&out](std::size_t at, std::int64_t value, int digits) {
    for (int i = digits - 1; i >= 0; --i, value /= 10) {
      out[at + static_cast<std::size_t>(i)] = static_cast<char>('0' + value % 10);
    }
  };
  put(0, year, 4);
  put(5, month, 2);
  put(8, day, 2);
  put(11, rest / 3600, 2);
  put(14, rest / 60 % 60, 2);
  put(17, rest % 60, 2);
  return out;
}

bool all_of(std::string_view s, bool (*pred)(char)) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!pred(c)) return false;
  }
  return true;
}

// Parses exactly `s` as a decimal number of at most 9 digits.
std::optional<int> to_int(std::string_view s) {
  if (!all_of(s, is_ascii_digit) || s.size() > 9) return std::nullopt;
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

// "+0300", "+03:00", "+03", "-5" → minutes east of UTC.
std::optional<int> numeric_offset(std::string_view s) {
  if (s.size() < 2 || (s[0] != '+' && s[0] != '-')) return std::nullopt;
  const int sign = s[0] == '-' ? -1 : 1;
  std::string digits;
  for (std::size_t i = 1; i < s.size(); ++i) {
    if (s[i] == ':' && i == 3) continue;
    digits += s[i];
  }
  std::optional<int> hours, minutes = 0;
  if (digits.size() <= 2) {
    hours = to_int(digits);
  } else if (digits.size() == 4) {
    hours = to_int(std::string_view(digits).substr(0, 2));
    minutes = to_int(std::string_view(digits).substr(2));
  }
  if (!hours || !minutes || *hours > 23 || *minutes > 59) return std::nullopt;
  return sign * (*hours * 60 + *minutes);
}

// Zone of an RFC 822 date: named (RFC 822 list), military letter, numeric,
// or "GMT+3"-style. Other names are refused rather than guessed: "AST" is
// both Arabia (+3) and Atlantic (-4) Standard Time.
std::optional<int> zone_offset(std::string_view raw) {
  struct Named {
    std::string_view name;
    int hours;
  };
  static constexpr std::array<Named, 12> kZones = {{{"gmt", 0},
                                                    {"ut", 0},
                                                    {"utc", 0},
                                                    {"z", 0},
                                                    {"est", -5},
                                                    {"edt", -4},
                                                    {"cst", -6},
                                                    {"cdt", -5},
                                                    {"mst", -7},
                                                    {"mdt", -6},
                                                    {"pst", -8},
                                                    {"pdt", -7}}};
  if (raw.empty()) return 0;
  if (raw[0] == '+' || raw[0] == '-') return numeric_offset(raw);
  std::size_t alpha_end = 0;
  while (alpha_end < raw.size() && is_ascii_alpha(raw[alpha_end])) ++alpha_end;
  const std::string name = text::ascii_lower(raw.substr(0, alpha_end));
  if (alpha_end < raw.size()) {  // "GMT+0300", "UTC-5"
    if (name != "gmt" && name != "utc" && name != "ut") return std::nullopt;
    return numeric_offset(raw.substr(alpha_end));
  }
  for (const Named& zone : kZones) {
    if (zone.name == name) return zone.hours * 60;
  }
  // Military zones: RFC 2822 says to treat them as unknown (-0000) because
  // their sign was specified backwards in RFC 822.
  if (name.size() == 1) return 0;
  return std::nullopt;
}

std::optional<int> month_number(std::string_view token) {
  static constexpr std::array<std::string_view, 12> kMonths = {
      "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
  if (!token.empty() && token.back() == '.') token.remove_suffix(1);
  if (token.size() < 3 || !all_of(token, is_ascii_alpha)) return std::nullopt;
  const std::string prefix = text::ascii_lower(token.substr(0, 3));
  for (std::size_t i = 0; i < kMonths.size(); ++i) {
    if (kMonths[i] == prefix) return static_cast<int>(i) + 1;
  }
  return std::nullopt;
}

bool is_weekday(std::string_view token) {
  static constexpr std::array<std::string_view, 7> kDays = {"mon", "tue", "wed", "thu",
                                                            "fri", "sat", "sun"};
  if (!token.empty() && token.back() == '.') token.remove_suffix(1);
  if (token.size() < 3 || !all_of(token, is_ascii_alpha)) return false;
  const std::string prefix = text::ascii_lower(token.substr(0, 3));
  for (std::string_view day : kDays) {
    if (day == prefix) return true;
  }
  return false;
}

// Splits on white space and commas; "(comments)" are dropped.
std::vector<std::string_view> rfc822_tokens(std::string_view s) {
  std::vector<std::string_view> tokens;
  std::size_t i = 0;
  while (i < s.size()) {
    const char c = s[i];
    if (detail::is_xml_space(c) || c == ',') {
      ++i;
    } else if (c == '(') {
      const std::size_t close = s.find(')', i);
      i = close == std::string_view::npos ? s.size() : close + 1;
    } else {
      const std::size_t start = i;
      while (i < s.size() && !detail::is_xml_space(s[i]) && s[i] != ',' && s[i] != '(') ++i;
      tokens.push_back(s.substr(start, i - start));
    }
  }
  return tokens;
}

// RFC 2822 4.3: two-digit years below 50 are 20xx, others 19xx; three-digit
// years are offsets from 1900.
int expand_year(std::string_view digits, int value) {
  if (digits.size() == 2) return value < 50 ? 2000 + value : 1900 + value;
  if (digits.size() == 3) return 1900 + value;
  return value;
}

bool parse_clock(std::string_view token, DateTime& t) {
  const std::size_t c1 = token.find(':');
  if (c1 == std::string_view::npos) return false;
  const std::size_t c2 = token.find(':', c1 + 1);
  const auto hour = to_int(token.substr(0, c1));
  std::string_view minute_part =
      token.substr(c1 + 1, c2 == std::string_view::npos ? token.npos : c2 - c1 - 1);
  std::optional<int> minute = to_int(minute_part);
  std::optional<int> second = 0;
  if (c2 != std::string_view::npos) {
    std::string_view sec = token.substr(c2 + 1);
    const std::size_t dot = sec.find('.');  // fractional seconds are dropped
    if (dot != std::string_view::npos) {
      if (!to_int(sec.substr(dot + 1))) return false;
      sec = sec.substr(0, dot);
    }
    second = to_int(sec);
  }
  if (!hour || !minute || !second || minute_part.size() != 2) return false;
  t.hour = *hour;
  t.minute = *minute;
  t.second = *second;
  return true;
}

bool is_meridiem(std::string_view token) {
  const std::string t = text::ascii_lower(token);
  return t == "am" || t == "pm";
}

// "02:02:33 PM" (seen in the wild): 12-hour clock to 24-hour. False when
// the hour cannot be a 12-hour one.
bool apply_meridiem(std::string_view token, DateTime& t) {
  if (!is_meridiem(token)) return true;
  if (t.hour < 1 || t.hour > 12) return false;
  t.hour %= 12;
  if (text::ascii_lower(token) == "pm") t.hour += 12;
  return true;
}

// "Tue, 10 Jun 2003 04:00:00 GMT" and its common variants: no weekday, no
// seconds, 2-digit year, "10-Jun-2003", month before day, AM/PM, no zone
// (UTC).
std::optional<DateTime> parse_rfc822(std::string_view s) {
  std::vector<std::string_view> tokens = rfc822_tokens(s);
  if (!tokens.empty() && is_weekday(tokens.front())) tokens.erase(tokens.begin());
  if (!tokens.empty() && tokens.front().find('-') != std::string_view::npos &&
      is_ascii_digit(tokens.front()[0])) {
    const std::string_view joined = tokens.front();
    const std::size_t a = joined.find('-');
    const std::size_t b = joined.find('-', a + 1);
    if (b == std::string_view::npos) return std::nullopt;
    tokens.erase(tokens.begin());
    tokens.insert(tokens.begin(),
                  {joined.substr(0, a), joined.substr(a + 1, b - a - 1), joined.substr(b + 1)});
  }
  if (tokens.size() < 3) return std::nullopt;
  if (month_number(tokens[0]) && to_int(tokens[1])) std::swap(tokens[0], tokens[1]);
  DateTime t;
  const auto day = to_int(tokens[0]);
  const auto month = month_number(tokens[1]);
  const auto year = to_int(tokens[2]);
  if (!day || !month || !year || tokens[0].size() > 2 || tokens[2].size() > 4 ||
      tokens[2].size() < 2) {
    return std::nullopt;
  }
  t.day = *day;
  t.month = *month;
  t.year = expand_year(tokens[2], *year);
  std::size_t next = 3;
  if (next < tokens.size() && tokens[next].find(':') != std::string_view::npos) {
    if (!parse_clock(tokens[next], t)) return std::nullopt;
    ++next;
    if (next < tokens.size() && !apply_meridiem(tokens[next], t)) return std::nullopt;
    if (next < tokens.size() && is_meridiem(tokens[next])) ++next;
  }
  std::string_view zone = next < tokens.size() ? tokens[next++] : std::string_view();
  if (next < tokens.size()) return std::nullopt;
  const auto offset = zone_offset(zone);
  if (!offset) return std::nullopt;
  t.offset_minutes = *offset;
  return t;
}

// RFC 3339 / ISO 8601 extended form: "2003-12-13", "2003-12-13T18:30:02Z",
// "2003-12-13 18:30:02.25+01:00", "2003-12-13T18:30+0100". A time without a
// zone is taken as UTC.
std::optional<DateTime> parse_iso8601(std::string_view s) {
  if (s.size() < 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  DateTime t;
  const auto year = to_int(s.substr(0, 4));
  const auto month = to_int(s.substr(5, 2));
  const auto day = to_int(s.substr(8, 2));
  if (!year || !month || !day) return std::nullopt;
  t.year = *year;
  t.month = *month;
  t.day = *day;
  if (s.size() == 10) return t;
  if (s[10] != 'T' && s[10] != 't' && s[10] != ' ') return std::nullopt;
  std::string_view rest = s.substr(11);
  std::size_t zone_at = rest.find_first_of("Zz+-");
  std::string_view clock = rest.substr(0, zone_at);
  std::string_view zone =
      zone_at == std::string_view::npos ? std::string_view() : rest.substr(zone_at);
  while (!clock.empty() && clock.back() == ' ') clock.remove_suffix(1);
  if (!parse_clock(clock, t) || clock.size() < 5 || clock[2] != ':') return std::nullopt;
  if (zone == "Z" || zone == "z" || zone.empty()) return t;
  const auto offset = numeric_offset(zone);
  if (!offset) return std::nullopt;
  t.offset_minutes = *offset;
  return t;
}

// Arabic feeds write dates with Arabic-Indic (U+0660-0669) or Eastern
// Arabic-Indic (U+06F0-06F9) digits and the Arabic comma (U+060C): mapped to
// ASCII so the usual forms parse.
std::string ascii_digits(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    const auto b1 = i + 1 < s.size() ? static_cast<unsigned char>(s[i + 1]) : 0;
    if (b0 == 0xD9 && b1 >= 0xA0 && b1 <= 0xA9) {
      out += static_cast<char>('0' + (b1 - 0xA0));
      ++i;
    } else if (b0 == 0xDB && b1 >= 0xB0 && b1 <= 0xB9) {
      out += static_cast<char>('0' + (b1 - 0xB0));
      ++i;
    } else if (b0 == 0xD8 && b1 == 0x8C) {
      out += ',';
      ++i;
    } else {
      out += s[i];
    }
  }
  return out;
}

}  // namespace

std::string normalize_feed_date(std::string_view raw) {
  const std::string ascii = ascii_digits(detail::trim_xml_space(raw.substr(0, 400)));
  const std::string_view s = detail::trim_xml_space(ascii);
  // Dates are short; anything long is not a date and not worth scanning.
  if (s.empty() || s.size() > 100) return {};
  const bool iso = s.size() >= 5 && all_of(s.substr(0, 4), is_ascii_digit) && s[4] == '-';
  const std::optional<DateTime> parsed = iso ? parse_iso8601(s) : parse_rfc822(s);
  return parsed ? format_utc(*parsed) : std::string();
}

}  // namespace akhbar::parsers
