#include "parsers/arabic_dates.h"

#include <array>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "text/utf8.h"

namespace akhbar::parsers {

namespace {

enum class Calendar { kGregorian, kSolarHijri };

struct Token {
  enum class Kind { kNumber, kWord, kSep };
  Kind kind;
  std::string text;  // folded word or ASCII digits
  char sep = 0;      // kSep: the separator, '?' for others
  long value = 0;    // kNumber
};

int digit_value(char32_t cp) {
  if (cp >= U'0' && cp <= U'9') return static_cast<int>(cp - U'0');
  if (cp >= 0x0660 && cp <= 0x0669) return static_cast<int>(cp - 0x0660);  // ٠-٩
  if (cp >= 0x06F0 && cp <= 0x06F9) return static_cast<int>(cp - 0x06F0);  // ۰-۹
  return -1;
}

// Harakat, superscript alef, tatweel and ZWNJ/ZWJ do not break a word.
bool is_ignorable_in_word(char32_t cp) {
  return (cp >= 0x064B && cp <= 0x065F) || cp == 0x0670 || cp == 0x0640 || cp == 0x200C ||
         cp == 0x200D;
}

bool is_letter(char32_t cp) {
  return (cp >= U'a' && cp <= U'z') || (cp >= U'A' && cp <= U'Z') ||
         (cp >= 0x0620 && cp <= 0x064A) || (cp >= 0x0671 && cp <= 0x06D5) || cp == 0x0698 /* ژ */;
}

// The letter as month names are matched: alef, yeh, kaf and teh marbuta
// variants unified, ASCII lower-cased.
char32_t fold_letter(char32_t cp) {
  switch (cp) {
    case 0x0622:
    case 0x0623:
    case 0x0625:
    case 0x0671:
      return 0x0627;  // آ أ إ ٱ -> ا
    case 0x0649:
    case 0x06CC:
      return 0x064A;  // ى ی -> ي
    case 0x06A9:
      return 0x0643;  // ک -> ك
    case 0x0629:
      return 0x0647;  // ة -> ه
    default:
      break;
  }
  if (cp >= U'A' && cp <= U'Z') return cp - U'A' + U'a';
  return cp;
}

char separator_of(char32_t cp) {
  switch (cp) {
    case U'/':
    case U'-':
    case U'.':
    case U':':
    case U'+':
    case U',':
      return static_cast<char>(cp);
    case 0x060C:  // ،
      return ',';
    case 0x2010:
    case 0x2011:
    case 0x2012:
    case 0x2013:
    case 0x2014:
    case 0x2212:  // hyphens, dashes, minus
      return '-';
    default:
      return '?';
  }
}

bool is_space(char32_t cp) {
  return cp == U' ' || cp == U'\t' || cp == U'\n' || cp == U'\r' || cp == U'\f' || cp == 0x00A0 ||
         (cp >= 0x2000 && cp <= 0x200B) || cp == 0x202F || cp == 0x3000 || cp == 0x200E ||
         cp == 0x200F || cp == 0x061C || (cp >= 0x202A && cp <= 0x202E) ||
         (cp >= 0x2066 && cp <= 0x2069) || cp == 0xFEFF;
}

std::vector<Token> tokenize(std::string_view s) {
  constexpr std::size_t kMaxDigits = 9;
  std::vector<Token> tokens;
  Token::Kind open = Token::Kind::kSep;  // kind of the token being built; kSep: none
  for (std::size_t pos = 0; pos < s.size();) {
    const char32_t cp = text::next_code_point(s, pos);
    if (const int d = digit_value(cp); d >= 0) {
      if (open != Token::Kind::kNumber) tokens.push_back({Token::Kind::kNumber, {}, 0, 0});
      open = Token::Kind::kNumber;
      Token& t = tokens.back();
      t.text += static_cast<char>('0' + d);
      if (t.text.size() <= kMaxDigits) t.value = t.value * 10 + d;
    } else if (is_letter(cp) || (open == Token::Kind::kWord && is_ignorable_in_word(cp))) {
      if (is_ignorable_in_word(cp)) continue;
      if (open != Token::Kind::kWord) tokens.push_back({Token::Kind::kWord, {}, 0, 0});
      open = Token::Kind::kWord;
      text::append_utf8(tokens.back().text, fold_letter(cp));
    } else if (is_space(cp) || is_ignorable_in_word(cp)) {
      open = Token::Kind::kSep;
    } else {
      tokens.push_back({Token::Kind::kSep, {}, separator_of(cp), 0});
      open = Token::Kind::kSep;
    }
  }
  return tokens;
}

struct MonthName {
  std::string_view folded;
  int month;
  Calendar calendar = Calendar::kGregorian;
};

// Folded spellings (see fold_letter). Two-word Levantine names are matched
// separately (كانون/تشرين + الأول/الثاني).
constexpr MonthName kMonths[] = {
    // Egypt, Gulf, Sudan, and most of the press.
    {"يناير", 1},
    {"فبراير", 2},
    {"مارس", 3},
    {"ابريل", 4},
    {"مايو", 5},
    {"يونيو", 6},
    {"يونيه", 6},
    {"يوليو", 7},
    {"يوليه", 7},
    {"اغسطس", 8},
    {"سبتمبر", 9},
    {"اكتوبر", 10},
    {"نوفمبر", 11},
    {"ديسمبر", 12},
    // Levant and Iraq (one-word names).
    {"شباط", 2},
    {"اذار", 3},
    {"نيسان", 4},
    {"ايار", 5},
    {"حزيران", 6},
    {"تموز", 7},
    {"اب", 8},
    {"ايلول", 9},
    // Algeria and Tunisia; Morocco.
    {"جانفي", 1},
    {"فيفري", 2},
    {"افريل", 4},
    {"ماي", 5},
    {"جوان", 6},
    {"جويليه", 7},
    {"اوت", 8},
    {"يوليوز", 7},
    {"غشت", 8},
    {"شتنبر", 9},
    {"نونبر", 11},
    {"دجنبر", 12},
    // Persian names of the Gregorian months.
    {"ژانويه", 1},
    {"فوريه", 2},
    {"اوريل", 4},
    {"مه", 5},
    {"ژوئن", 6},
    {"ژوئيه", 7},
    {"سپتامبر", 9},
    {"اكتبر", 10},
    {"نوامبر", 11},
    {"دسامبر", 12},
    // Solar Hijri (Iran, Afghanistan).
    {"فروردين", 1, Calendar::kSolarHijri},
    {"ارديبهشت", 2, Calendar::kSolarHijri},
    {"خرداد", 3, Calendar::kSolarHijri},
    {"تير", 4, Calendar::kSolarHijri},
    {"مرداد", 5, Calendar::kSolarHijri},
    {"شهريور", 6, Calendar::kSolarHijri},
    {"مهر", 7, Calendar::kSolarHijri},
    {"ابان", 8, Calendar::kSolarHijri},
    {"اذر", 9, Calendar::kSolarHijri},
    {"دي", 10, Calendar::kSolarHijri},
    {"بهمن", 11, Calendar::kSolarHijri},
    {"اسفند", 12, Calendar::kSolarHijri},
    // English.
    {"january", 1},
    {"february", 2},
    {"march", 3},
    {"april", 4},
    {"may", 5},
    {"june", 6},
    {"july", 7},
    {"august", 8},
    {"september", 9},
    {"october", 10},
    {"november", 11},
    {"december", 12},
    {"jan", 1},
    {"feb", 2},
    {"mar", 3},
    {"apr", 4},
    {"jun", 6},
    {"jul", 7},
    {"aug", 8},
    {"sep", 9},
    {"sept", 9},
    {"oct", 10},
    {"nov", 11},
    {"dec", 12},
};

struct Month {
  int month = 0;
  Calendar calendar = Calendar::kGregorian;
  std::size_t end = 0;  // token index just after the name (and an "/alternative")
};

bool is_word(const std::vector<Token>& t, std::size_t i) {
  return i < t.size() && t[i].kind == Token::Kind::kWord;
}
bool is_number(const std::vector<Token>& t, std::size_t i) {
  return i < t.size() && t[i].kind == Token::Kind::kNumber;
}
bool is_sep(const std::vector<Token>& t, std::size_t i, char c) {
  return i < t.size() && t[i].kind == Token::Kind::kSep && t[i].sep == c;
}

// The month named by the word(s) at token i.
std::optional<Month> single_month_at(const std::vector<Token>& t, std::size_t i) {
  if (!is_word(t, i)) return std::nullopt;
  const std::string& w = t[i].text;
  if (w == "كانون" || w == "تشرين") {
    if (!is_word(t, i + 1)) return std::nullopt;
    const std::string& n = t[i + 1].text;
    const bool first = n == "الاول" || n == "اول";
    const bool second = n == "الثاني" || n == "ثاني";
    if (!first && !second) return std::nullopt;
    const int month = w == "كانون" ? (first ? 12 : 1) : (first ? 10 : 11);
    return Month{month, Calendar::kGregorian, i + 2};
  }
  for (const MonthName& m : kMonths) {
    if (w == m.folded) return Month{m.month, m.calendar, i + 1};
  }
  return std::nullopt;
}

// A month name, optionally followed by another name of it ("آب/أغسطس").
std::optional<Month> month_at(const std::vector<Token>& t, std::size_t i) {
  std::optional<Month> m = single_month_at(t, i);
  if (!m) return m;
  if (is_sep(t, m->end, '/') || is_sep(t, m->end, '-')) {
    if (const auto alt = single_month_at(t, m->end + 1); alt && alt->month == m->month) {
      m->end = alt->end;
    }
  }
  return m;
}

struct Date {
  long year = 0;
  int month = 0;
  int day = 0;
  Calendar calendar = Calendar::kGregorian;
  std::size_t begin = 0;  // tokens [begin, end)
  std::size_t end = 0;
};

bool is_day(const Token& t) { return t.text.size() <= 2 && t.value >= 1 && t.value <= 31; }
bool is_year(const Token& t) { return t.text.size() == 4; }

// "20 نوفمبر 2026", "20-Nov-2026", "November 20, 2026", "28 آب/اغسطس، 2013".
std::optional<Date> named_date_at(const std::vector<Token>& t, std::size_t i) {
  const std::optional<Month> m = month_at(t, i);
  if (!m) return std::nullopt;
  const auto skip = [&](std::size_t j, std::initializer_list<char> seps) {
    for (char c : seps) {
      if (is_sep(t, j, c)) return j + 1;
    }
    return j;
  };
  // Day before the month.
  std::size_t day_at = std::string::npos;
  if (i >= 1 && is_number(t, i - 1)) {
    day_at = i - 1;
  } else if (i >= 2 && is_number(t, i - 2) &&
             (is_sep(t, i - 1, '-') || is_sep(t, i - 1, '.') || is_sep(t, i - 1, '/'))) {
    day_at = i - 2;
  }
  if (day_at != std::string::npos && is_day(t[day_at])) {
    const std::size_t y = skip(m->end, {',', '-', '.', '/'});
    if (is_number(t, y) && is_year(t[y])) {
      return Date{t[y].value,  m->month, static_cast<int>(t[day_at].value),
                  m->calendar, day_at,   y + 1};
    }
  }
  // Day after the month (English order).
  const std::size_t d = m->end;
  if (is_number(t, d) && is_day(t[d])) {
    const std::size_t y = skip(d + 1, {','});
    if (is_number(t, y) && is_year(t[y])) {
      return Date{t[y].value, m->month, static_cast<int>(t[d].value), m->calendar, i, y + 1};
    }
  }
  return std::nullopt;
}

// "2026-11-20", "١ / ١٢ / ٢٠٢٠", "20.11.2026", "1398/11/29".
std::optional<Date> numeric_date_at(const std::vector<Token>& t, std::size_t i) {
  if (!is_number(t, i) || !is_number(t, i + 2) || !is_number(t, i + 4)) return std::nullopt;
  if (i + 3 >= t.size() || t[i + 1].kind != Token::Kind::kSep) return std::nullopt;
  const char sep = t[i + 1].sep;
  if ((sep != '/' && sep != '-' && sep != '.') || !is_sep(t, i + 3, sep)) return std::nullopt;
  const Token& a = t[i];
  const Token& b = t[i + 2];
  const Token& c = t[i + 4];
  if (is_number(t, i + 6) && is_sep(t, i + 5, sep)) return std::nullopt;  // a longer number chain
  Date date;
  date.begin = i;
  date.end = i + 5;
  if (is_year(a) && b.text.size() <= 2 && c.text.size() <= 2) {
    date.year = a.value;
    date.month = static_cast<int>(b.value);
    date.day = static_cast<int>(c.value);
  } else if (is_year(c) && a.text.size() <= 2 && b.text.size() <= 2) {
    date.year = c.value;
    // Day first, as the Arabic press writes it; month first only when the
    // second number cannot be a month.
    const bool month_first = b.value > 12 && a.value <= 12;
    date.day = static_cast<int>(month_first ? b.value : a.value);
    date.month = static_cast<int>(month_first ? a.value : b.value);
  } else {
    return std::nullopt;
  }
  // Solar Hijri years of this era (1300-1430 = 1921-2052). Later four-digit
  // years in 1431-1899 are lunar Hijri (1442 = 2020) or nonsense.
  if (date.year >= 1300 && date.year <= 1430) date.calendar = Calendar::kSolarHijri;
  return date;
}

bool is_leap(long y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(long y, int m) {
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : kDays[m - 1];
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
long days_from_civil(long y, int m, int d) {
  y -= m <= 2;
  const long era = (y >= 0 ? y : y - 399) / 400;
  const long yoe = y - era * 400;
  const long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

void civil_from_days(long z, long& y, int& m, int& d) {
  z += 719468;
  const long era = (z >= 0 ? z : z - 146096) / 146097;
  const long doe = z - era * 146097;
  const long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const long mp = (5 * doy + 2) / 153;
  d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  y = yoe + era * 400 + (m <= 2);
}

// Solar Hijri to Gregorian, as days since 1970-01-01; nullopt for an
// impossible day. 1 Farvardin is the March equinox; the 33-year arithmetic
// rule below matches the astronomical calendar for 1244-1503 SH.
std::optional<long> solar_hijri_days(long jy, int jm, int jd) {
  if (jm < 1 || jm > 12 || jd < 1 || jd > (jm <= 6 ? 31 : 30)) return std::nullopt;
  jy += 1595;
  long days = -355668 + 365 * jy + (jy / 33) * 8 + ((jy % 33) + 3) / 4 + jd +
              (jm < 7 ? (jm - 1) * 31 : (jm - 7) * 30 + 186);
  // Day 366 of this count is 0001-01-01 (checked: 1 Farvardin 1300 is
  // 1921-03-21, 29 Bahman 1398 is 2020-02-18, 1 Farvardin 1403 is 2024-03-20).
  return days - 366 + days_from_civil(1, 1, 1);
}

std::optional<long> days_of(const Date& date) {
  if (date.calendar == Calendar::kSolarHijri) {
    if (date.year < 1300 || date.year > 1499) return std::nullopt;
    return solar_hijri_days(date.year, date.month, date.day);
  }
  if (date.year < 1900 || date.year > 2199 || date.month < 1 || date.month > 12 || date.day < 1 ||
      date.day > days_in_month(date.year, date.month)) {
    return std::nullopt;
  }
  return days_from_civil(date.year, date.month, date.day);
}

struct Time {
  int minutes = 0;  // since midnight, local
  int seconds = 0;
  int offset = 0;  // minutes east of UTC
  std::size_t begin = 0;
  std::size_t end = 0;
};

bool is_two_digit(const Token& t, long max) { return t.text.size() == 2 && t.value <= max; }

bool is_pm_word(const std::string& w) {
  return w == "م" || w == "مساء" || w == "مساءا" || w == "pm" || w == "ب";
}
bool is_am_word(const std::string& w) {
  return w == "ص" || w == "صباحا" || w == "صباح" || w == "am" || w == "ق";
}

// "GMT+0400", "UTC-5", "GMT +03:00" starting at token j; minutes east of UTC.
std::optional<int> zone_at(const std::vector<Token>& t, std::size_t j, std::size_t& end) {
  if (!is_word(t, j)) return std::nullopt;
  const std::string& w = t[j].text;
  if (w != "gmt" && w != "utc" && w != "غرينتش" && w != "جرينتش") return std::nullopt;
  const int sign = is_sep(t, j + 1, '+') ? 1 : is_sep(t, j + 1, '-') ? -1 : 0;
  end = j + 1;
  if (sign == 0 || !is_number(t, j + 2)) return 0;  // plain "GMT"
  const Token& n = t[j + 2];
  int minutes = 0;
  if (n.text.size() == 4) {
    minutes = static_cast<int>(n.value / 100 * 60 + n.value % 100);
  } else if (n.text.size() <= 2) {
    minutes = static_cast<int>(n.value * 60);
    if (is_sep(t, j + 3, ':') && is_number(t, j + 4) && is_two_digit(t[j + 4], 59)) {
      minutes += static_cast<int>(t[j + 4].value);
      end = j + 5;
    }
  } else {
    return std::nullopt;
  }
  if (minutes > 14 * 60) return std::nullopt;
  if (end == j + 1) end = j + 3;
  return sign * minutes;
}

std::optional<Time> time_at(const std::vector<Token>& t, std::size_t i) {
  if (!is_number(t, i) || t[i].text.size() > 2 || t[i].value > 23) return std::nullopt;
  if (!is_sep(t, i + 1, ':') || !is_number(t, i + 2) || !is_two_digit(t[i + 2], 59)) {
    return std::nullopt;
  }
  Time time;
  time.begin = i;
  long hour = t[i].value;
  const long minute = t[i + 2].value;
  std::size_t j = i + 3;
  if (is_sep(t, j, ':') && is_number(t, j + 1) && is_two_digit(t[j + 1], 59)) {
    time.seconds = static_cast<int>(t[j + 1].value);
    j += 2;
  }
  if (is_word(t, j) && hour >= 1 && hour <= 12) {
    if (is_pm_word(t[j].text)) {
      if (hour != 12) hour += 12;
      ++j;
    } else if (is_am_word(t[j].text)) {
      if (hour == 12) hour = 0;
      ++j;
    }
  }
  time.minutes = static_cast<int>(hour * 60 + minute);
  // The zone: right after the time, or after an opening bracket.
  for (std::size_t k = j; k < t.size() && k <= j + 1; ++k) {
    std::size_t end = 0;
    if (const auto offset = zone_at(t, k, end)) {
      time.offset = *offset;
      j = end;
      break;
    }
    if (t[k].kind != Token::Kind::kSep) break;
  }
  time.end = j;
  return time;
}

std::string format(long days, long seconds) {
  days += seconds / 86400;
  seconds %= 86400;
  if (seconds < 0) {
    seconds += 86400;
    --days;
  }
  long y = 0;
  int m = 0;
  int d = 0;
  civil_from_days(days, y, m, d);
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02dZ", static_cast<int>(y), m, d,
                static_cast<int>(seconds / 3600), static_cast<int>(seconds / 60 % 60),
                static_cast<int>(seconds % 60));
  return buffer;
}

}  // namespace

std::string parse_visible_date(std::string_view text) {
  const std::vector<Token> tokens = tokenize(text);
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    std::optional<Date> date = named_date_at(tokens, i);
    if (!date) date = numeric_date_at(tokens, i);
    if (!date) continue;
    const std::optional<long> days = days_of(*date);
    if (!days) continue;
    // The time nearest the date: the first after it, else the last before it.
    std::optional<Time> time;
    for (std::size_t j = date->end; j < tokens.size() && !time; ++j) time = time_at(tokens, j);
    if (!time) {
      for (std::size_t j = 0; j < date->begin; ++j) {
        if (auto before = time_at(tokens, j); before && before->end <= date->begin) time = before;
      }
    }
    // No offset written: the wall-clock time is taken as UTC (see the header).
    const long seconds = time ? time->minutes * 60L + time->seconds - time->offset * 60L : 0;
    return format(*days, seconds);
  }
  return {};
}

}  // namespace akhbar::parsers
