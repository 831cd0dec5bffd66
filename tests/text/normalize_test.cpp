#include "text/normalize.h"

#include <gtest/gtest.h>

namespace akhbar::text {
namespace {

TEST(FoldForMatching, RemovesHarakatAndTatweel) {
  EXPECT_EQ(fold_for_matching("مُحَمَّد"), "محمد");
  EXPECT_EQ(fold_for_matching("العـــربية"), "العربيه");
}

TEST(FoldForMatching, UnifiesAlefYehAndTehMarbuta) {
  EXPECT_EQ(fold_for_matching("أحمد إبراهيم آمن"), "احمد ابراهيم امن");
  EXPECT_EQ(fold_for_matching("مستشفى"), "مستشفي");
  EXPECT_EQ(fold_for_matching("مدرسة"), "مدرسه");
}

TEST(FoldForMatching, DigitsPunctuationAndCase) {
  EXPECT_EQ(fold_for_matching("عام ٢٠٢٦، وفي ۱۴۰۵؟"), "عام 2026 وفي 1405");
  EXPECT_EQ(fold_for_matching("Breaking-NEWS: Gaza!"), "breaking news gaza");
}

TEST(FoldForMatching, VariantsOfOneWordFoldTogether) {
  EXPECT_EQ(fold_for_matching("طَالِبَان"), fold_for_matching("طالبان"));
  EXPECT_EQ(fold_for_matching("الأكثر قراءةً"), fold_for_matching("الاكثر قراءه"));
}

TEST(FoldForMatching, InvalidUtf8DoesNotBreakIt) {
  EXPECT_EQ(fold_for_matching("خبر\xFF عاجل"), "خبر عاجل");
}

}  // namespace
}  // namespace akhbar::text

namespace akhbar::text {
namespace {

TEST(FoldForMatching, HamzaOnWawAndYehFoldToTheBareLetter) {
  EXPECT_EQ(fold_for_matching("مؤتمر"), "موتمر");
  EXPECT_EQ(fold_for_matching("رئيس"), "رييس");
  EXPECT_EQ(fold_for_matching("مسؤول رئيسي"), fold_for_matching("مسوول رييسي"));
}

TEST(FoldForMatching, FormatCharactersAreDroppedNotSpaced) {
  // RLM (U+200F), LRM (U+200E), ALM (U+061C), ZWNJ (U+200C), soft hyphen
  // (U+00AD), BOM (U+FEFF) and an isolate pair (U+2067..U+2069) inside words.
  EXPECT_EQ(fold_for_matching("الر\u200Fياض"), "الرياض");
  EXPECT_EQ(fold_for_matching("جد\u200Eة"), "جده");
  EXPECT_EQ(fold_for_matching("مص\u061Cر"), "مصر");
  EXPECT_EQ(fold_for_matching("\uFEFFخبر عا\u00ADجل"), "خبر عاجل");
  EXPECT_EQ(fold_for_matching("\u2067بيروت\u2069 اليوم"), "بيروت اليوم");
  // clang-format off
  EXPECT_EQ(fold_for_matching("می\u200Cخواهم"), "میخواهم");
  // clang-format on
}

TEST(FoldForMatching, CompatibilityFormsAreNormalised) {
  // NFKC: Arabic presentation forms and full-width digits.
  EXPECT_EQ(fold_for_matching("\uFEE3\uFEA4\uFEE4\uFEAA"), "محمد");  // م ح م د presentation forms
  EXPECT_EQ(fold_for_matching("\uFF12\uFF10\uFF12\uFF16"), "2026");
}

// Kept letters are copied in runs: a removed mark, a changed letter or a
// space ends a run, and what follows must still come out whole and in order.
TEST(FoldForMatching, RunsOfKeptLettersBreakAndResumeCorrectly) {
  EXPECT_EQ(fold_for_matching("كَتَبَ"), "كتب");                      // a mark after every letter
  EXPECT_EQ(fold_for_matching("مدرسةالبنات"), "مدرسهالبنات");      // a changed letter mid-word
  EXPECT_EQ(fold_for_matching("أإآ"), "ااا");                      // only changed letters
  EXPECT_EQ(fold_for_matching("،،خبر؛؛  عاجل!!"), "خبر عاجل");     // punctuation runs at both ends
  EXPECT_EQ(fold_for_matching("Gaza غزة 2026"), "gaza غزه 2026");  // scripts and digits mixed
  EXPECT_EQ(fold_for_matching("ـ"), "");                           // only a tatweel
  EXPECT_EQ(fold_for_matching("a\u064Eb c\u0651"), "ab c");        // a mark as the last byte
}

// Known bug, kept disabled until it is fixed: spacing combining marks
// (category Mc, the vowel signs of Bengali and Devanagari) are not word
// characters for the fold, so "বাংলা" folds to "ব ল". Fixing it changes the
// content hash, fingerprint and search terms of every stored Indic-script
// article, so it needs a migration that refolds them (Arabic marks are Mn
// and fold correctly).
TEST(FoldForMatching, DISABLED_SpacingMarksOfIndicScriptsStayInTheWord) {
  EXPECT_EQ(fold_for_matching("বাংলা খবর"), "বাংলা খবর");
  EXPECT_EQ(fold_for_matching("हिन्दी"), "हिन्दी");
}

}  // namespace
}  // namespace akhbar::text
