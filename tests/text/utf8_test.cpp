#include "text/utf8.h"

#include "text/ascii.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace akhbar::text
