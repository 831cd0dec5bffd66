#include "dedup/fingerprint.h"

#include <gtest/gtest.h>

#include <random>

#include "dedup/minhash.h"
#include "dedup/shingles.h"
#include "dedup/simhash.h"
#include "tests/dedup/dedup_fixture.h"
#include "text/normalize.h"

namespace akhbar::dedup {
namespace {

TEST(Shingles, FiveWordWindowsOfFoldedText) {
  // 7 words give 3 five-word shingles; harakat and punctuation do not matter.
  const std::string a = text::fold_for_matching("وصل وزير الخارجية إلى القاهرة صباح اليوم.");
  const std::string b = text::fold_for_matching("وَصَلَ وزيرُ الخارجية، الى القاهرة صباحَ اليوم");
  EXPECT_EQ(shingle_hashes(a).size(), 3u);
  EXPECT_EQ(shingle_hashes(a), shingle_hashes(b));
  EXPECT_EQ(split_words(a).size(), 7u);
}

TEST(Shingles, ShortAndEmptyTexts) {
  EXPECT_EQ(shingle_hashes("خبر عاجل").size(), 1u);  // one shingle of all its words
  EXPECT_TRUE(shingle_hashes("").empty());
  EXPECT_EQ(shingle_hashes("ا ب ج د ه و ز").size(), 3u);
  EXPECT_EQ(shingle_hashes("ا ب ا ب ا ب ا ب").size(), 2u);  // repeated shingles count once
}

TEST(Shingles, JaccardOfHandCountedSets) {
  // 8 words: shingles s1..s4; dropping the last word leaves s1..s3: J = 3/4.
  const auto full = shingle_hashes("ا ب ج د ه و ز ح");
  const auto shorter = shingle_hashes("ا ب ج د ه و ز");
  EXPECT_DOUBLE_EQ(jaccard(full, shorter), 0.75);
  EXPECT_DOUBLE_EQ(jaccard(full, full), 1.0);
  EXPECT_DOUBLE_EQ(jaccard({}, {}), 0.0);
  EXPECT_DOUBLE_EQ(jaccard({1, 2}, {3, 4}), 0.0);
}

TEST(MinHash, EstimateTracksTheTrueJaccard) {
  // Sets {0..999} and {500..1499}: J = 500/1500 = 1/3. {0..999} vs {100..1099}: 900/1100.
  std::vector<std::uint64_t> a, b, c;
  for (std::uint64_t i = 0; i < 1000; ++i) a.push_back(i * 0x9E3779B97F4A7C15ULL);
  for (std::uint64_t i = 500; i < 1500; ++i) b.push_back(i * 0x9E3779B97F4A7C15ULL);
  for (std::uint64_t i = 100; i < 1100; ++i) c.push_back(i * 0x9E3779B97F4A7C15ULL);
  // 128 positions: standard error sqrt(J(1-J)/128) ≈ 0.042 and 0.034; allow 3 of them.
  EXPECT_NEAR(estimate_jaccard(minhash(a), minhash(b)), 1.0 / 3, 0.13);
  EXPECT_NEAR(estimate_jaccard(minhash(a), minhash(c)), 900.0 / 1100, 0.11);
  EXPECT_DOUBLE_EQ(estimate_jaccard(minhash(a), minhash(a)), 1.0);
}

TEST(MinHash, IsDeterministicAndOrderFree) {
  const std::vector<std::uint64_t> x = {5, 9, 1, 77, 1234567};
  const std::vector<std::uint64_t> y = {1234567, 77, 1, 9, 5};
  EXPECT_EQ(minhash(x), minhash(y));
  MinHashSignature empty;
  empty.fill(0xFFFF);
  EXPECT_EQ(minhash({}), empty);
}

TEST(MinHash, BandKeysPackFourRows) {
  MinHashSignature s{};
  s[4] = 1;
  s[5] = 2;
  s[6] = 3;
  s[7] = 4;
  EXPECT_EQ(band_key(s, 1), 0x0001000200030004ULL);
  EXPECT_EQ(band_key(s, 0), 0u);
}

TEST(SimHash, VotesPerBit) {
  // Bit 0 set in 2 of 3 hashes, bit 1 in 1 of 3, bit 63 in 3 of 3.
  const std::uint64_t top = 1ULL << 63;
  EXPECT_EQ(simhash({top | 1, top | 1, top | 2}), top | 1);
  EXPECT_EQ(simhash({}), 0u);
  EXPECT_EQ(hamming_distance(0b1011, 0b0110), 3);
}

TEST(MinHash, VectorisedPathGivesTheReferenceBits) {
#if defined(__x86_64__)
  if (!__builtin_cpu_supports("avx2")) GTEST_SKIP() << "no AVX2 on this CPU: one path only";
#endif
  std::mt19937_64 random(20261207);
  for (const std::size_t size : {0, 1, 2, 3, 5, 8, 9, 150, 1000, 4000}) {
    std::vector<std::uint64_t> set(size);
    for (auto& x : set) x = random();
    if (size >= 3) {
      set[0] = 0;  // the lanes' extremes: no high half, no low half, all ones
      set[1] = ~0ULL;
      set[2] = 0xFFFFFFFF00000000ULL;
    }
    EXPECT_EQ(minhash(set), minhash_reference(set)) << size;
  }
}

TEST(SimHash, AgreesWithABitByBitCount) {
  const auto bit_by_bit = [](const std::vector<std::uint64_t>& set) {
    std::uint64_t out = 0;
    for (int k = 0; k < 64; ++k) {
      long votes = 0;
      for (const std::uint64_t h : set) votes += (h >> k) & 1 ? 1 : -1;
      if (votes > 0) out |= std::uint64_t{1} << k;
    }
    return out;
  };
  std::mt19937_64 random(7);
  // Sizes around the 255 hashes a byte counter holds; sets of one repeated
  // value fill every counter to its limit.
  for (const std::size_t size : {1, 2, 3, 254, 255, 256, 509, 510, 511, 1200}) {
    std::vector<std::uint64_t> set(size);
    for (auto& x : set) x = random();
    EXPECT_EQ(simhash(set), bit_by_bit(set)) << size;
    // Sparse hashes: bits set in about a quarter, so most bits lose the vote.
    for (auto& x : set) x = random() & random();
    EXPECT_EQ(simhash(set), bit_by_bit(set)) << size;
    const std::vector<std::uint64_t> same(size, 0xF0F0F0F0F0F0F0F0ULL);
    EXPECT_EQ(simhash(same), 0xF0F0F0F0F0F0F0F0ULL) << size;
  }
  // A tie (two hashes, opposite bits) leaves every bit unset.
  EXPECT_EQ(simhash({~0ULL, 0}), 0u);
}

TEST(Fingerprint, RealArticleAndItsLightEditAreClose) {
  const auto articles = testing::fixture_articles();
  ASSERT_GE(articles.size(), 2u);
  const std::string& text = articles[0].text;
  const Fingerprint f = fingerprint_text(text);
  const Fingerprint g = fingerprint_text("(سبوتنيك) " + text + "\nتابعونا على تويتر");
  const Fingerprint other = fingerprint_text(articles[1].text);
  EXPECT_GT(f.shingle_count, 300u);
  EXPECT_GT(estimate_jaccard(f.minhash, g.minhash), 0.85);
  EXPECT_LT(estimate_jaccard(f.minhash, other.minhash), 0.05);
  EXPECT_LE(hamming_distance(f.simhash, g.simhash), 6);
  EXPECT_GE(hamming_distance(f.simhash, other.simhash), 15);
}

TEST(Fingerprint, BlobRoundTrip) {
  const Fingerprint f = fingerprint_text(testing::fixture_articles().at(1).text);
  const std::string blob = serialize_fingerprint(f);
  ASSERT_EQ(blob.size(), kFingerprintBlobSize);
  EXPECT_EQ(blob.size(), 269u);
  EXPECT_EQ(blob[0], '\x01');
  const auto back = deserialize_fingerprint(blob);
  ASSERT_TRUE(back.ok()) << back.error();
  EXPECT_EQ(*back, f);
}

TEST(Fingerprint, BlobLayoutIsLittleEndian) {
  Fingerprint f;
  f.shingle_count = 0x01020304;
  f.simhash = 0x1122334455667788ULL;
  f.minhash.fill(0);
  f.minhash[0] = 0xABCD;
  const std::string blob = serialize_fingerprint(f);
  EXPECT_EQ(blob.substr(1, 4), std::string("\x04\x03\x02\x01", 4));
  EXPECT_EQ(blob.substr(5, 8), std::string("\x88\x77\x66\x55\x44\x33\x22\x11", 8));
  EXPECT_EQ(blob.substr(13, 2), std::string("\xCD\xAB", 2));
}

TEST(Fingerprint, BadBlobsAreErrors) {
  EXPECT_FALSE(deserialize_fingerprint("").ok());
  EXPECT_FALSE(deserialize_fingerprint(std::string(268, '\x01')).ok());
  std::string wrong_version = serialize_fingerprint(Fingerprint{});
  wrong_version[0] = '\x02';
  const auto r = deserialize_fingerprint(wrong_version);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().find("version 2"), std::string::npos);
}

TEST(Fingerprint, EmptyTextHasNoShingles) {
  EXPECT_EQ(fingerprint_text("  ،،  ").shingle_count, 0u);
}

}  // namespace
}  // namespace akhbar::dedup
