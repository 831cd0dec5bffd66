#include "parsers/arabic_dates.h"

#include <gtest/gtest.h>

#include <string>

namespace akhbar::parsers {
namespace {

TEST(ArabicDates, EgyptianMonthNamesWithWeekdayAndTime) {
  EXPECT_EQ(parse_visible_date("الأحد 20 نوفمبر 2026 - 09:30"), "2026-11-20T09:30:00Z");
  EXPECT_EQ(parse_visible_date("الاثنين، 24 أغسطس 2020 03:00 م"), "2020-08-24T15:00:00Z");
  EXPECT_EQ(parse_visible_date("نشر في 5 يناير 2021"), "2021-01-05T00:00:00Z");
}

TEST(ArabicDates, EveryEgyptianMonthAndSpellingVariant) {
  const std::pair<const char*, int> months[] = {
      {"يناير", 1}, {"فبراير", 2}, {"مارس", 3},    {"أبريل", 4},   {"ابريل", 4},   {"إبريل", 4},
      {"مايو", 5},  {"يونيو", 6},  {"يونيه", 6},   {"يوليو", 7},   {"يوليه", 7},   {"أغسطس", 8},
      {"اغسطس", 8}, {"سبتمبر", 9}, {"أكتوبر", 10}, {"اكتوبر", 10}, {"نوفمبر", 11}, {"ديسمبر", 12}};
  for (const auto& [name, month] : months) {
    char expected[32];
    std::snprintf(expected, sizeof expected, "2024-%02d-03T00:00:00Z", month);
    EXPECT_EQ(parse_visible_date(std::string("3 ") + name + " 2024"), expected) << name;
  }
}

TEST(ArabicDates, EveryLevantineMonthIncludingTwoWordNames) {
  const std::pair<const char*, int> months[] = {
      {"كانون الثاني", 1}, {"شباط", 2},         {"آذار", 3},          {"نيسان", 4},
      {"أيار", 5},         {"حزيران", 6},       {"تموز", 7},          {"آب", 8},
      {"أيلول", 9},        {"تشرين الأول", 10}, {"تشرين الثاني", 11}, {"كانون الأول", 12}};
  for (const auto& [name, month] : months) {
    char expected[32];
    std::snprintf(expected, sizeof expected, "2024-%02d-03T00:00:00Z", month);
    EXPECT_EQ(parse_visible_date(std::string("3 ") + name + " 2024"), expected) << name;
  }
  // Without the article: "تشرين أول", "كانون ثاني".
  EXPECT_EQ(parse_visible_date("1 تشرين أول 2023"), "2023-10-01T00:00:00Z");
  EXPECT_EQ(parse_visible_date("1 كانون ثاني 2023"), "2023-01-01T00:00:00Z");
  // "كانون" alone names no month.
  EXPECT_EQ(parse_visible_date("1 كانون 2023"), "");
}

TEST(ArabicDates, ArabicIndicAndPersianDigits) {
  EXPECT_EQ(parse_visible_date("٢٠ تشرين الثاني ٢٠٢٦"), "2026-11-20T00:00:00Z");
  EXPECT_EQ(parse_visible_date("٠٢:٠٠ الثلاثاء ١ / ١٢ / ٢٠٢٠"), "2020-12-01T02:00:00Z");
  EXPECT_EQ(parse_visible_date("۱۸ فوریه ۲۰۲۰"), "2020-02-18T00:00:00Z");
}

TEST(ArabicDates, PairedMonthNamesAndZoneOffset) {
  // CNN Arabic: "آب/اغسطس", time with a GMT offset turned into UTC.
  EXPECT_EQ(parse_visible_date("الأربعاء، 28 آب/اغسطس 2013، آخر تحديث 14:00 (GMT+0400)"),
            "2013-08-28T10:00:00Z");
  EXPECT_EQ(parse_visible_date("3 May 2021 23:30 GMT-02:00"), "2021-05-04T01:30:00Z");
  EXPECT_EQ(parse_visible_date("1 January 2021 01:00 UTC+3"), "2020-12-31T22:00:00Z");
}

TEST(ArabicDates, TwelveHourClock) {
  EXPECT_EQ(parse_visible_date("20 نوفمبر 2026 9:05 مساءً"), "2026-11-20T21:05:00Z");
  EXPECT_EQ(parse_visible_date("20 نوفمبر 2026 12:10 ص"), "2026-11-20T00:10:00Z");
  EXPECT_EQ(parse_visible_date("20 نوفمبر 2026 12:10 م"), "2026-11-20T12:10:00Z");
  EXPECT_EQ(parse_visible_date("November 20, 2026 9:30 PM"), "2026-11-20T21:30:00Z");
  EXPECT_EQ(parse_visible_date("20 نوفمبر 2026 10:11:12"), "2026-11-20T10:11:12Z");
}

TEST(ArabicDates, MaghrebMonthNames) {
  EXPECT_EQ(parse_visible_date("15 جانفي 2022"), "2022-01-15T00:00:00Z");
  EXPECT_EQ(parse_visible_date("15 جويلية 2022"), "2022-07-15T00:00:00Z");
  EXPECT_EQ(parse_visible_date("15 أوت 2022"), "2022-08-15T00:00:00Z");
  EXPECT_EQ(parse_visible_date("15 شتنبر 2022"), "2022-09-15T00:00:00Z");
  EXPECT_EQ(parse_visible_date("15 دجنبر 2022"), "2022-12-15T00:00:00Z");
}

TEST(ArabicDates, SolarHijriDatesAreConverted) {
  EXPECT_EQ(parse_visible_date("۲۹ بهمن ۱۳۹۸ - ۰۶:۵۵"), "2020-02-18T06:55:00Z");
  EXPECT_EQ(parse_visible_date("۱ فروردین ۱۴۰۳"), "2024-03-20T00:00:00Z");
  EXPECT_EQ(parse_visible_date("29 آبان 1404"), "2025-11-20T00:00:00Z");
  EXPECT_EQ(parse_visible_date("1398/11/29"), "2020-02-18T00:00:00Z");
}

TEST(ArabicDates, NumericForms) {
  EXPECT_EQ(parse_visible_date("2026-01-08 | 12:42"), "2026-01-08T12:42:00Z");
  EXPECT_EQ(parse_visible_date("08/01/2026"), "2026-01-08T00:00:00Z");  // day first
  EXPECT_EQ(parse_visible_date("12/25/2020"), "2020-12-25T00:00:00Z");  // 25 cannot be a month
  EXPECT_EQ(parse_visible_date("20.11.2026"), "2026-11-20T00:00:00Z");
}

TEST(ArabicDates, EnglishMonthNames) {
  EXPECT_EQ(parse_visible_date("Published: Sept 3, 2019"), "2019-09-03T00:00:00Z");
  EXPECT_EQ(parse_visible_date("Updated 10:30 GMT, 3 May 2021"), "2021-05-03T10:30:00Z");
  EXPECT_EQ(parse_visible_date("20-Nov-2026"), "2026-11-20T00:00:00Z");
}

TEST(ArabicDates, HarakatAndTatweelDoNotHideTheMonth) {
  EXPECT_EQ(parse_visible_date("20 نُوفَمْبِر 2026"), "2026-11-20T00:00:00Z");
  EXPECT_EQ(parse_visible_date("20 نوفمـــبر 2026"), "2026-11-20T00:00:00Z");
}

TEST(ArabicDates, NotDates) {
  EXPECT_EQ(parse_visible_date(""), "");
  EXPECT_EQ(parse_visible_date("منذ 3 ساعات"), "");
  EXPECT_EQ(parse_visible_date("قتل 20 شخصا في 2026"), "");
  EXPECT_EQ(parse_visible_date("31 فبراير 2021"), "");  // no such day
  EXPECT_EQ(parse_visible_date("32 مارس 2021"), "");
  EXPECT_EQ(parse_visible_date("3 مارس 1066"), "");  // out of range
  EXPECT_EQ(parse_visible_date("09:30"), "");        // a time alone
  EXPECT_EQ(parse_visible_date("الهاتف 0100-123-4567"), "");
  // Lunar Hijri: not converted, and not mistaken for a Solar Hijri year.
  EXPECT_EQ(parse_visible_date("15/03/1442 هـ"), "");
  EXPECT_EQ(parse_visible_date("15 ربيع الأول 1442 هـ"), "");
}

TEST(ArabicDates, LunarHijriBesideGregorianGivesTheGregorian) {
  EXPECT_EQ(parse_visible_date("الثلاثاء 15 ربيع الآخر 1442 هـ الموافق 1 ديسمبر 2020"),
            "2020-12-01T00:00:00Z");
}

TEST(ArabicDates, FirstDateWins) {
  EXPECT_EQ(parse_visible_date("نشر: 1 مايو 2020 - تحديث: 3 مايو 2020"), "2020-05-01T00:00:00Z");
}

}  // namespace
}  // namespace akhbar::parsers
