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
