// Dates written for readers on Arabic (and Persian, and English) news pages:
// "الأحد 20 نوفمبر 2026 - 09:30", "٢٠ تشرين الثاني ٢٠٢٦", "۲۹ بهمن ۱۳۹۸ - ۰۶:۵۵",
// "١ / ١٢ / ٢٠٢٠", "November 20, 2026 9:30 PM". Pure: text in, value out.
#pragma once

#include <string>
#include <string_view>

namespace akhbar::parsers {

// The first calendar date in `text` as ISO 8601 UTC "YYYY-MM-DDTHH:MM:SSZ",
// or empty when there is none. Understands:
//  - month names of the Egyptian/Gulf family (يناير … ديسمبر, with the
//    أبريل/ابريل, يونيو/يونيه, يوليو/يوليه spellings), of the Levantine and
//    Iraqi family (كانون الثاني … كانون الأول), of the Maghreb (جانفي, أفريل,
//    جوان, جويلية, أوت; يوليوز, غشت, شتنبر, نونبر, دجنبر), English names and
//    abbreviations, Persian names of Gregorian months (ژانویه …) and Solar
//    Hijri months (فروردین … اسفند, converted to the Gregorian calendar);
//  - pairs such as "آب/أغسطس";
//  - numeric dates Y-M-D, D/M/Y (M/D/Y only when the day cannot be a month),
//    with Solar Hijri years 1300-1430 converted;
//  - ASCII, Arabic-Indic (٠-٩) and Persian (۰-۹) digits;
//  - a time "HH:MM[:SS]" near the date, with ص/م, صباحاً/مساءً, AM/PM, and a
//    "GMT+0400" / "UTC-5" offset after it.
// A date without a time is midnight. A time without an offset is taken as
// UTC: the page's zone is unknown, and a date that is off by a few hours is
// better than none.
// Lunar Hijri dates ("15 ربيع الأول 1442 هـ") are not dates here.
std::string parse_visible_date(std::string_view text);

}  // namespace akhbar::parsers
