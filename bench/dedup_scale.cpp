// dedup_scale [N] [--days D]: the near-duplicate index at scale. N synthetic
// fingerprints (default 1,000,000; one in 20 a near copy of an earlier one)
// arrive evenly over D days (default 200, so a 14-day window holds N*14/D);
// prints insert+lookup time per article, heap bytes per article inside the
// window and in the archive, the same with every article in the window, and
// the time to rebuild the index from serialised fingerprints (start-up).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "dedup/fingerprint.h"
#include "dedup/near_duplicates.h"

using akhbar::dedup::Fingerprint;
using akhbar::dedup::IndexEntry;
using akhbar::dedup::NearDuplicateIndex;
using Clock = std::chrono::steady_clock;

namespace {

std::vector<IndexEntry> make_entries(std::size_t n, std::int64_t seconds_apart) {
  std::mt19937_64 rng(42);
  std::vector<IndexEntry> out(n);
  for (std::size_t i = 0; i < n; ++i) {
    IndexEntry& e = out[i];
    e.id = static_cast<std::int64_t>(i + 1);
    e.first_copy = e.id;
    e.time = 1'780'000'000 + static_cast<std::int64_t>(i) * seconds_apart;
    e.fingerprint.shingle_count = 300;
    if (i > 100 && i % 20 == 0) {
      // A near copy of a recent article: 100 of 128 values agree (J ≈ 0.78).
      e.fingerprint = out[i - 1 - rng() % 100].fingerprint;
      for (int k = 100; k < 128; ++k) e.fingerprint.minhash[k] = static_cast<std::uint16_t>(rng());
      e.fingerprint.simhash ^= 1ULL << (rng() % 64);
    } else {
      e.fingerprint.simhash = rng();
      for (auto& v : e.fingerprint.minhash) v = static_cast<std::uint16_t>(rng());
    }
  }
  return out;
}

struct Run {
  double micros_per_article = 0;
  std::size_t found = 0;
  akhbar::dedup::IndexStats stats;
};

Run insert_and_lookup(const std::vector<IndexEntry>& entries, NearDuplicateIndex& index) {
  Run r;
  const auto start = Clock::now();
  for (const IndexEntry& e : entries) {
    r.found += index.candidates(e.fingerprint, e.time).empty() ? 0 : 1;
    index.add(e);
  }
  const std::chrono::duration<double, std::micro> took = Clock::now() - start;
  r.micros_per_article = took.count() / static_cast<double>(entries.size());
  r.stats = index.stats();
  return r;
}

void print_run(const char* label, const Run& r) {
  std::printf("%s\n", label);
  std::printf("  insert+lookup       %.2f µs per article (%zu lookups found a candidate)\n",
              r.micros_per_article, r.found);
  if (r.stats.in_window) {
    std::printf("  in window           %zu articles, %.0f bytes per article\n", r.stats.in_window,
                static_cast<double>(r.stats.in_window_bytes) / r.stats.in_window);
  }
  if (r.stats.archived) {
    std::printf("  archive             %zu articles, %.1f bytes per article\n", r.stats.archived,
                static_cast<double>(r.stats.archive_bytes) / r.stats.archived);
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t n = 1'000'000;
  double days = 200;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--days") == 0 && i + 1 < argc) {
      days = std::atof(argv[++i]);
    } else {
      n = std::strtoull(argv[i], nullptr, 10);
    }
  }
  if (n == 0 || days <= 0) {
    std::fprintf(stderr, "usage: %s [N] [--days D]\n", argv[0]);
    return 2;
  }
  const auto apart = static_cast<std::int64_t>(days * 86400 / static_cast<double>(n));
  std::printf("%zu fingerprints over %.0f days (one every %lld s), 14-day window\n", n, days,
              static_cast<long long>(apart));

  const std::vector<IndexEntry> entries = make_entries(n, std::max<std::int64_t>(apart, 1));
  {
    NearDuplicateIndex index;
    print_run("spread over the days:", insert_and_lookup(entries, index));
  }
  {
    NearDuplicateIndex index({.window_seconds = 1LL << 40});
    print_run("all in the window (worst case):", insert_and_lookup(entries, index));
  }

  // Start-up: BLOBs as the store returns them, parsed and indexed.
  std::vector<std::string> blobs;
  blobs.reserve(n);
  for (const IndexEntry& e : entries)
    blobs.push_back(akhbar::dedup::serialize_fingerprint(e.fingerprint));
  const auto start = Clock::now();
  std::vector<IndexEntry> stored;
  stored.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    auto f = akhbar::dedup::deserialize_fingerprint(blobs[i]);
    if (!f) {
      std::fprintf(stderr, "%s\n", f.error().c_str());
      return 1;
    }
    stored.push_back({entries[i].id, entries[i].first_copy, entries[i].time, *f});
  }
  const NearDuplicateIndex rebuilt =
      NearDuplicateIndex::rebuild(std::move(stored), entries.back().time);
  const std::chrono::duration<double> took = Clock::now() - start;
  const auto s = rebuilt.stats();
  std::printf("rebuild from %zu BLOBs (%zu bytes each): %.2f s (%zu in window, %zu archived)\n", n,
              akhbar::dedup::kFingerprintBlobSize, took.count(), s.in_window, s.archived);
  return 0;
}
