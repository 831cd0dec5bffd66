#include "dedup/term_ids.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <unordered_map>

namespace akhbar::dedup {
namespace {

TEST(TermIds, IdsAreDenseInTheOrderTermsAreFirstSeen) {
  TermIds ids;
  EXPECT_EQ(ids.id_of("مستشفي"), 0u);
  EXPECT_EQ(ids.id_of("زرقاء"), 1u);
  EXPECT_EQ(ids.id_of("مستشفي"), 0u);
  EXPECT_EQ(ids.id_of(""), 2u);  // the empty term is a term too
  EXPECT_EQ(ids.id_of(""), 2u);
  EXPECT_EQ(ids.id_of("زرقاء"), 1u);
  EXPECT_EQ(ids.size(), 3u);
}

TEST(TermIds, TermsSharingAPrefixOrInlineBytesStayApart) {
  TermIds ids;
  const std::string inline_limit(27, 'a');  // the longest term kept inside a slot
  const std::string longer(28, 'a');
  EXPECT_EQ(ids.id_of(inline_limit), 0u);
  EXPECT_EQ(ids.id_of(longer), 1u);
  EXPECT_EQ(ids.id_of(inline_limit.substr(0, 26)), 2u);
  EXPECT_EQ(ids.id_of(std::string(1, 'a')), 3u);
  EXPECT_EQ(ids.id_of(longer), 1u);
  EXPECT_EQ(ids.id_of(inline_limit), 0u);
  // A NUL byte is part of the term, not its end.
  EXPECT_EQ(ids.id_of(std::string_view("a\0b", 3)), 4u);
  EXPECT_EQ(ids.id_of(std::string_view("a\0c", 3)), 5u);
}

TEST(TermIds, AgreesWithAMapOverManyTermsAndGrowths) {
  // 200,000 lookups of ~60,000 distinct terms of 0 to 40 bytes: the table
  // grows many times, and terms on both sides of the inline limit mix.
  std::mt19937 random(5);
  std::uniform_int_distribution<int> length(0, 40);
  std::uniform_int_distribution<int> byte(0, 7);  // few letters: many shared prefixes
  std::vector<std::string> pool;
  for (int i = 0; i < 60'000; ++i) {
    std::string term(static_cast<std::size_t>(length(random)), 'x');
    for (char& c : term) c = static_cast<char>('a' + byte(random));
    pool.push_back(term);
  }
  std::uniform_int_distribution<std::size_t> pick(0, pool.size() - 1);
  TermIds ids;
  std::unordered_map<std::string, std::uint32_t> reference;
  for (int i = 0; i < 200'000; ++i) {
    const std::string& term = pool[pick(random)];
    const auto [it, added] =
        reference.try_emplace(term, static_cast<std::uint32_t>(reference.size()));
    ASSERT_EQ(ids.id_of(term), it->second) << "lookup " << i << " of '" << term << "'";
  }
  EXPECT_EQ(ids.size(), reference.size());
}

}  // namespace
}  // namespace akhbar::dedup
