#include "text/utf8.h"

#include "text/ascii.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace akhbar::text {
namespace {

TEST(Utf8, ValidatesWellFormedArabic) {
  EXPECT_TRUE(is_valid_utf8("أخبار اليوم، ٢٠٢٦؟"));
  EXPECT_TRUE(is_valid_utf8(""));
}

TEST(Utf8, RejectsIllFormedSequences) {
  EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));      // UTF-16 surrogate
  EXPECT_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(is_valid_utf8("abc\xD8"));           // truncated Arabic letter
  EXPECT_FALSE(is_valid_utf8("\xE1"));              // windows-1256 byte
}

TEST(Utf8, FastPathsKeepTheBoundaries) {
  // The ASCII, two- and three-byte shortcuts must agree with the full decoder.
  EXPECT_TRUE(is_valid_utf8("\xE0\xA0\x80"));              // U+0800, smallest 3-byte
  EXPECT_FALSE(is_valid_utf8("\xE0\x9F\xBF"));             // overlong U+07FF
  EXPECT_TRUE(is_valid_utf8("\xED\x9F\xBF"));              // U+D7FF, below the surrogates
  EXPECT_FALSE(is_valid_utf8("\xEF\xBF"));                 // truncated at the end
  EXPECT_TRUE(is_valid_utf8("বাংলা সংবাদ हिन्दी समाचार"));  // E0-led Bengali, Devanagari
  EXPECT_FALSE(is_valid_utf8(std::string(37, 'a') + "\xC1\x81" + std::string(20, 'b')));
  EXPECT_FALSE(is_valid_utf8(std::string(16, 'a') + "\x80"));  // lone continuation after a word
  EXPECT_EQ(collapse_whitespace("  one\t\ttwo\r\nthree\v\ffour  "), "one two three four");
  EXPECT_EQ(collapse_whitespace("خبر\u00A0 عاجل  now"), "خبر عاجل now");
}

TEST(Utf8, SanitizeReplacesEachBadByteAndKeepsTheRest) {
  EXPECT_EQ(sanitize_utf8("خبر\xFF\xFEعاجل"), "خبر\uFFFD\uFFFDعاجل");
  EXPECT_EQ(sanitize_utf8("ok"), "ok");
  EXPECT_TRUE(is_valid_utf8(sanitize_utf8("\xC3\x28\xE2\x82")));
}

TEST(Utf8, CountsCharactersNotBytes) {
  EXPECT_EQ(count_chars("خبر"), 3u);  // 6 bytes
  EXPECT_EQ(count_chars("a€😀"), 3u);
}

TEST(Utf8, CollapseWhitespaceHandlesUnicodeSpaces) {
  EXPECT_EQ(collapse_whitespace("  عاجل\u00A0\u00A0 خبر \n\t"), "عاجل خبر");
  EXPECT_EQ(collapse_whitespace("\u200Ba\u2003b"), "a b");
  // Bidi marks are text, not white space: kept as written.
  EXPECT_EQ(collapse_whitespace("\u200Fخبر"), "\u200Fخبر");
}

TEST(Utf8, NfcComposesDecomposedText) {
  EXPECT_EQ(to_nfc("e\u0301"), "\u00E9");
  // Alef + hamza above (decomposed) composes to U+0623.
  EXPECT_EQ(to_nfc("\u0627\u0654"), "\u0623");
  EXPECT_EQ(to_nfc("سلام"), "سلام");
}

TEST(Utf8, AppendAndDecodeRoundTrip) {
  std::string s;
  for (char32_t cp : {U'a', U'\u0639', U'\u20AC', U'\U0001F600'}) append_utf8(s, cp);
  size_t pos = 0;
  EXPECT_EQ(next_code_point(s, pos), U'a');
  EXPECT_EQ(next_code_point(s, pos), U'\u0639');
  EXPECT_EQ(next_code_point(s, pos), U'\u20AC');
  EXPECT_EQ(next_code_point(s, pos), U'\U0001F600');
  EXPECT_EQ(pos, s.size());
}

// collapse_whitespace finds non-ASCII spaces by their bytes: every one of
// them, next to Arabic, after ill-formed bytes (copied as they are) and cut
// short at the end of the text.
TEST(Utf8, CollapseWhitespaceFindsEverySpaceByItsBytes) {
  const std::vector<char32_t> spaces = {0x85,   0xA0,   0x1680, 0x2000, 0x2005, 0x200A, 0x200B,
                                        0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF};
  for (const char32_t cp : spaces) {
    std::string space;
    append_utf8(space, cp);
    EXPECT_EQ(collapse_whitespace("خبر" + space + "عاجل"), "خبر عاجل")
        << std::hex << static_cast<unsigned>(cp);
    EXPECT_EQ(collapse_whitespace("\xE2" + space + "a"), "\xE2 a")
        << std::hex << static_cast<unsigned>(cp);
    EXPECT_EQ(collapse_whitespace("a" + space.substr(0, space.size() - 1)),
              "a" + space.substr(0, space.size() - 1))
        << std::hex << static_cast<unsigned>(cp);
  }
  // Neighbours of the spaces are text.
  EXPECT_EQ(collapse_whitespace("a\u2030b\u200Cc\u00A1d"), "a\u2030b\u200Cc\u00A1d");
}

TEST(Utf8, AsciiLowerChangesOnlyAsciiCapitals) {
  std::string all;
  for (int i = 0; i < 256; ++i) all += static_cast<char>(i);
  all += all.substr(3);  // other alignments
  std::string expected = all;
  for (char& c : expected) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  }
  EXPECT_EQ(ascii_lower(all), expected);
}

// The two-byte shortcut of the validator: a bad byte anywhere in a run of
// Arabic letters, and C0/C1 (overlong) leads, are found.
TEST(Utf8, TwoByteRunsAreCheckedWholly) {
  const std::string arabic = "الأخباراليوم";
  ASSERT_TRUE(is_valid_utf8(arabic));
  for (std::size_t i = 0; i < arabic.size(); ++i) {
    for (const char bad : {'\x41', '\xC0', '\xC1', '\xFF', '\xE0'}) {
      std::string s = arabic;
      s[i] = bad;
      EXPECT_FALSE(is_valid_utf8(s))
          << i << " " << static_cast<int>(static_cast<unsigned char>(bad));
    }
    EXPECT_TRUE(is_valid_utf8("a" + arabic.substr(0, i - i % 2)));
  }
  EXPECT_FALSE(is_valid_utf8(std::string("\xC1\x81\xD8\xA7\xD8\xA7\xD8\xA7")));
}

// Well-formedness as the Unicode Standard's table 3-7 states it, one byte
// range per position: the reference the validator's block checks (sixteen
// bytes at a time) are compared against.
bool well_formed_by_table(std::string_view s) {
  const auto in = [](unsigned char b, int low, int high) { return b >= low && b <= high; };
  for (std::size_t i = 0; i < s.size();) {
    const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
    const std::size_t left = s.size() - i;
    if (b(0) <= 0x7F) {
      i += 1;
    } else if (in(b(0), 0xC2, 0xDF) && left >= 2 && in(b(1), 0x80, 0xBF)) {
      i += 2;
    } else if (left >= 3 && in(b(2), 0x80, 0xBF) &&
               ((b(0) == 0xE0 && in(b(1), 0xA0, 0xBF)) ||
                ((in(b(0), 0xE1, 0xEC) || in(b(0), 0xEE, 0xEF)) && in(b(1), 0x80, 0xBF)) ||
                (b(0) == 0xED && in(b(1), 0x80, 0x9F)))) {
      i += 3;
    } else if (left >= 4 && in(b(2), 0x80, 0xBF) && in(b(3), 0x80, 0xBF) &&
               ((b(0) == 0xF0 && in(b(1), 0x90, 0xBF)) ||
                (in(b(0), 0xF1, 0xF3) && in(b(1), 0x80, 0xBF)) ||
                (b(0) == 0xF4 && in(b(1), 0x80, 0x8F)))) {
      i += 4;
    } else {
      return false;
    }
  }
  return true;
}

// Strings of 0-80 bytes drawn from Arabic and Bengali letters, ASCII,
// spaces, emoji and the boundary cases of each sequence length, with a
// bad piece now and then: every defect lands at every offset of a
// sixteen-byte block over the many draws.
std::string random_text(std::mt19937& rng, bool with_defects) {
  static const std::vector<std::string> kGood = {"a",
                                                 " ",
                                                 "\n",
                                                 "\xD8\xA7",
                                                 "\xD9\x8A",
                                                 "\xC2\xA0",
                                                 "\xDF\xBF",
                                                 "\xE0\xA6\xAC",
                                                 "\xE0\xA0\x80",
                                                 "\xE0\xBF\xBF",
                                                 "\xED\x9F\xBF",
                                                 "\xEE\x80\x80",
                                                 "\xE2\x80\x8B",
                                                 "\xE3\x80\x80",
                                                 "\xEF\xBB\xBF",
                                                 "\xE1\x9A\x80",
                                                 "\xF0\x9F\x98\x80",
                                                 "\xF4\x8F\xBF\xBF",
                                                 "\xC2\x85",
                                                 "\t"};
  static const std::vector<std::string> kBad = {"\x80",
                                                "\xBF",
                                                "\xC0\xAF",
                                                "\xC1\xBF",
                                                "\xE0\x9F\xBF",
                                                "\xED\xA0\x80",
                                                "\xED\xBF\xBF",
                                                "\xE0\xA6",
                                                "\xD8",
                                                "\xF5\x80\x80\x80",
                                                "\xF0\x8F\xBF\xBF",
                                                "\xF4\x90\x80\x80",
                                                "\xFF",
                                                "\xE2\x80",
                                                "\xE0\x80\x80"};
  std::string s;
  const std::size_t target = std::uniform_int_distribution<std::size_t>(0, 80)(rng);
  while (s.size() < target) {
    const bool bad = with_defects && std::uniform_int_distribution<int>(0, 40)(rng) == 0;
    const auto& pool = bad ? kBad : kGood;
    s += pool[std::uniform_int_distribution<std::size_t>(0, pool.size() - 1)(rng)];
  }
  return s;
}

TEST(Utf8, ValidatorAgreesWithTheTableOnRandomText) {
  std::mt19937 rng(20261207);
  int invalid_seen = 0;
  for (int n = 0; n < 50000; ++n) {
    const std::string s = random_text(rng, /*with_defects=*/true);
    const bool expected = well_formed_by_table(s);
    invalid_seen += expected ? 0 : 1;
    ASSERT_EQ(is_valid_utf8(s), expected) << testing::PrintToString(s);
  }
  EXPECT_GT(invalid_seen, 5000);  // the defects were really drawn
}

// Every ill-formed case at every offset of a long run of Bengali (E0-led)
// and of Arabic text.
TEST(Utf8, BlockChecksFindEachDefectAtEveryOffset) {
  const std::vector<std::string> bad = {
      "\x80", "\xC1\xBF", "\xE0\x9F\xBF", "\xED\xA0\x80", "\xE0\xA6", "\xF0\x8F\xBF\xBF", "\xFE"};
  for (const std::string letter : {"\xE0\xA6\xAC", "\xD8\xA7", "a"}) {
    std::string run;
    while (run.size() < 48) run += letter;
    for (std::size_t at = 0; at <= run.size(); at += letter.size()) {
      for (const std::string& defect : bad) {
        const std::string s = run.substr(0, at) + defect + run.substr(at);
        EXPECT_FALSE(is_valid_utf8(s)) << at << " " << testing::PrintToString(defect);
      }
      EXPECT_TRUE(is_valid_utf8(run.substr(0, at) + "\xF0\x9F\x98\x80" + run.substr(at))) << at;
    }
  }
}

// White space collapsed as a byte-wise reference does it: each listed space
// (its UTF-8 bytes) where it starts, everything else copied byte for byte.
std::string collapse_by_reference(std::string_view s) {
  static const std::vector<std::string> kSpaces = [] {
    std::vector<std::string> out;
    for (const char32_t cp :
         {0x09,   0x0A,   0x0B,   0x0C,   0x0D,   0x20,   0x85,   0xA0,   0x1680,
          0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008,
          0x2009, 0x200A, 0x200B, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF}) {
      std::string e;
      append_utf8(e, cp);
      out.push_back(e);
    }
    return out;
  }();
  std::string out;
  bool pending = false;
  for (std::size_t i = 0; i < s.size();) {
    std::size_t space = 0;
    for (const std::string& e : kSpaces) {
      if (s.substr(i).starts_with(e)) space = e.size();
    }
    if (space != 0) {
      pending = !out.empty();
      i += space;
      continue;
    }
    if (pending) out += ' ';
    pending = false;
    out += s[i++];
  }
  return out;
}

TEST(Utf8, CollapseWhitespaceAgreesWithAByteWiseReference) {
  std::mt19937 rng(7122026);
  for (int n = 0; n < 30000; ++n) {
    const std::string s = random_text(rng, /*with_defects=*/n % 2 == 0);
    ASSERT_EQ(collapse_whitespace(s), collapse_by_reference(s)) << testing::PrintToString(s);
  }
}

}  // namespace
}  // namespace akhbar::text
