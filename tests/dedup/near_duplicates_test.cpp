#include "dedup/near_duplicates.h"

#include <gtest/gtest.h>

#include <random>

#include "dedup/fingerprint.h"
#include "tests/dedup/dedup_fixture.h"

namespace akhbar::dedup {
namespace {

constexpr std::int64_t kDay = 24 * 3600;
constexpr std::int64_t kT0 = 1'780'000'000;

// A fingerprint whose signature agrees with `base` in the first `same`
// positions and is random elsewhere: estimated Jaccard ≈ same / 128.
Fingerprint variant(const Fingerprint& base, int same, std::uint32_t seed) {
  std::mt19937 rng(seed);
  Fingerprint f = base;
  for (int i = same; i < kMinHashSize; ++i) f.minhash[i] = static_cast<std::uint16_t>(rng());
  f.simhash = base.simhash ^ (rng() & 0xFFFF0000u);
  return f;
}

Fingerprint random_fingerprint(std::uint32_t seed) {
  std::mt19937_64 rng(seed);
  Fingerprint f;
  f.shingle_count = 100;
  f.simhash = rng();
  for (auto& v : f.minhash) v = static_cast<std::uint16_t>(rng());
  return f;
}

TEST(NearDuplicateIndex, FindsTheRepublishedArticleInWindow) {
  const auto articles = testing::fixture_articles();
  NearDuplicateIndex index;
  for (std::size_t i = 0; i < articles.size(); ++i) {
    const auto id = static_cast<std::int64_t>(i + 1);
    index.add({id, id, kT0 + id, fingerprint_text(articles[i].text)});
  }
  // The second article again, with a dateline and a follow prompt added.
  const Fingerprint copy =
      fingerprint_text("القاهرة (أ ش أ) - " + articles[1].text + "\nتابعونا على فيسبوك");
  const auto found = index.candidates(copy, kT0 + kDay);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].id, 2);
  EXPECT_TRUE(found[0].in_window);
  EXPECT_GT(found[0].estimated_jaccard, 0.8);
}

TEST(NearDuplicateIndex, DropsCandidatesBelowTheThreshold) {
  NearDuplicateIndex index;
  const Fingerprint base = random_fingerprint(1);
  index.add({1, 1, kT0, base});
  // 32 of 128 positions agree: a band is shared but J ≈ 0.25 < 0.5.
  EXPECT_TRUE(index.candidates(variant(base, 32, 7), kT0).empty());
  const auto close = index.candidates(variant(base, 100, 7), kT0);
  ASSERT_EQ(close.size(), 1u);
  EXPECT_NEAR(close[0].estimated_jaccard, 100.0 / 128, 0.02);
}

TEST(NearDuplicateIndex, OrdersCandidatesBestFirstAndReportsFirstCopy) {
  NearDuplicateIndex index;
  const Fingerprint base = random_fingerprint(2);
  index.add({10, 10, kT0, variant(base, 80, 1)});
  index.add({11, 10, kT0 + 1, variant(base, 120, 2)});  // a duplicate of 10
  const auto found = index.candidates(base, kT0 + 2);
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].id, 11);
  EXPECT_EQ(found[0].first_copy, 10);
  EXPECT_EQ(found[1].id, 10);
}

TEST(NearDuplicateIndex, ExpiredEntriesAreOnlyFoundBySimHash) {
  NearDuplicateIndex index({.window_seconds = 14 * kDay});
  const Fingerprint old = random_fingerprint(3);
  index.add({1, 1, kT0, old});
  index.add({2, 2, kT0 + 15 * kDay, random_fingerprint(4)});  // pushes 1 out of the window
  const IndexStats s = index.stats();
  EXPECT_EQ(s.in_window, 1u);
  EXPECT_EQ(s.archived, 1u);

  Fingerprint near = variant(old, 128, 9);
  near.simhash = old.simhash ^ 0b101;  // 2 bits away
  const auto found = index.candidates(near, kT0 + 15 * kDay);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].id, 1);
  EXPECT_FALSE(found[0].in_window);
  EXPECT_EQ(found[0].hamming, 2);

  near.simhash = old.simhash ^ 0b1111;  // 4 bits: beyond the archive's reach
  EXPECT_TRUE(index.candidates(near, kT0 + 15 * kDay).empty());
}

TEST(NearDuplicateIndex, ArchiveKeepsTheFirstCopyId) {
  NearDuplicateIndex index({.window_seconds = kDay});
  const Fingerprint f = random_fingerprint(5);
  index.add({7, 3, kT0, f});  // 7 duplicates 3
  index.expire(kT0 + 2 * kDay);
  const auto found = index.candidates(f, kT0 + 2 * kDay);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].id, 3);
  EXPECT_EQ(found[0].first_copy, 3);
}

TEST(NearDuplicateIndex, LookupsOutsideTheEntryWindowSkipIt) {
  NearDuplicateIndex index({.window_seconds = kDay});
  const Fingerprint f = random_fingerprint(6);
  index.add({1, 1, kT0 + 3 * kDay, f});
  // A query dated two days later than the entry's window allows, without expiry.
  const auto found = index.candidates(f, kT0 + 5 * kDay);
  for (const Candidate& c : found) EXPECT_FALSE(c.in_window);
}

TEST(NearDuplicateIndex, EmptyFingerprintsAreNeitherStoredNorMatched) {
  NearDuplicateIndex index;
  index.add({1, 1, kT0, Fingerprint{}});
  EXPECT_EQ(index.stats().in_window, 0u);
  index.add({2, 2, kT0, random_fingerprint(8)});
  EXPECT_TRUE(index.candidates(Fingerprint{}, kT0).empty());
}

TEST(NearDuplicateIndex, SurvivesGrowthAndManyDeletions) {
  // Thousands of entries through the window: growth, backward-shift deletion
  // and slot reuse must keep every live entry findable.
  NearDuplicateIndex index({.window_seconds = 1000});
  std::vector<Fingerprint> fps;
  for (std::uint32_t i = 0; i < 5000; ++i) {
    fps.push_back(random_fingerprint(100 + i));
    index.add({i + 1, i + 1, kT0 + i, fps.back()});
  }
  EXPECT_EQ(index.stats().in_window, 1001u);  // times kT0+3999 .. kT0+4999
  EXPECT_EQ(index.stats().archived, 3999u);
  for (std::uint32_t i = 3999; i < 5000; i += 50) {
    const auto found = index.candidates(fps[i], kT0 + 4999);
    ASSERT_FALSE(found.empty()) << i;
    EXPECT_EQ(found[0].id, i + 1);
    EXPECT_TRUE(found[0].in_window);
  }
  // Expired ones come back from the archive (same SimHash, distance 0).
  const auto old = index.candidates(fps[10], kT0 + 4999);
  ASSERT_EQ(old.size(), 1u);
  EXPECT_EQ(old[0].id, 11);
}

TEST(NearDuplicateIndex, RebuildFromBlobsEqualsOnlineIndex) {
  NearDuplicateIndex online({.window_seconds = 100});
  std::vector<IndexEntry> stored;
  for (std::uint32_t i = 0; i < 400; ++i) {
    IndexEntry e{i + 1, i % 7 == 0 ? 1 : i + 1, kT0 + i, random_fingerprint(900 + i)};
    online.add(e);
    // What the store keeps and gives back at start-up: id, first copy, time, BLOB.
    const auto back = deserialize_fingerprint(serialize_fingerprint(e.fingerprint));
    ASSERT_TRUE(back.ok());
    stored.push_back({e.id, e.first_copy, e.time, *back});
  }
  std::reverse(stored.begin(), stored.end());  // any order
  const NearDuplicateIndex rebuilt =
      NearDuplicateIndex::rebuild(stored, kT0 + 399, {.window_seconds = 100});
  EXPECT_EQ(rebuilt.stats().in_window, online.stats().in_window);
  EXPECT_EQ(rebuilt.stats().archived, online.stats().archived);
  for (std::uint32_t i = 0; i < 400; i += 13) {
    const Fingerprint probe = random_fingerprint(900 + i);
    const auto a = online.candidates(probe, kT0 + 399);
    const auto b = rebuilt.candidates(probe, kT0 + 399);
    ASSERT_EQ(a.size(), b.size()) << i;
    for (std::size_t k = 0; k < a.size(); ++k) {
      EXPECT_EQ(a[k].id, b[k].id);
      EXPECT_EQ(a[k].first_copy, b[k].first_copy);
      EXPECT_EQ(a[k].in_window, b[k].in_window);
    }
  }
}

TEST(NearDuplicateIndex, MemoryPerEntryStaysInBudget) {
  NearDuplicateIndex index({.window_seconds = 1'000'000});
  for (std::uint32_t i = 0; i < 20000; ++i)
    index.add({i + 1, i + 1, kT0 + i, random_fingerprint(i)});
  const IndexStats s = index.stats();
  EXPECT_LE(s.in_window_bytes / s.in_window, 1024u);
}

}  // namespace
}  // namespace akhbar::dedup
