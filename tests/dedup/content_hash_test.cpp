#include "dedup/content_hash.h"

#include <gtest/gtest.h>

namespace akhbar::dedup {
namespace {

TEST(ContentHash, IsSixteenHexDigits) {
  const std::string h = content_hash("خبر عاجل");
  ASSERT_EQ(h.size(), 16u);
  EXPECT_EQ(h.find_first_not_of("0123456789abcdef"), std::string::npos);
}

TEST(ContentHash, IgnoresHarakatTatweelSpacingAndPunctuation) {
  EXPECT_EQ(content_hash("وَصَلَ الوزيرُ إلى القاهرة، اليوم."),
            content_hash("وصل   الوزير الى القاهـــرة اليوم"));
}

TEST(ContentHash, DiffersForDifferentText) {
  EXPECT_NE(content_hash("وصل الوزير إلى القاهرة"), content_hash("غادر الوزير القاهرة"));
}

}  // namespace
}  // namespace akhbar::dedup
