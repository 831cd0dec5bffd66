// Start-up cost of deduplication on a large store: builds a SQLite file of N
// synthetic articles (default 100,000; texts of 150 words drawn from a
// 5,000-word vocabulary, fetched over 30 days, the last 72 h with story ids)
// at schema version 2 without fingerprints, then times
//   1. migration 3 (re-fold hashes and FTS, fingerprint every row: the
//      one-off pass for rows from before version 2), and
//   2. ArticleStore::load_dedup_state (index rebuild + story replay),
// and prints them. No corpus needed.
//
//   dedup_restart [ROWS] [DIR]      (DIR: where the database goes; default /tmp)
#include <sqlite3.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>

#include "base/time.h"
#include "storage/article_store.h"
#include "storage/database.h"
#include "storage/sqlite.h"

using namespace akhbar;

namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::string word(std::uint32_t n) {
  // Arabic letters from the index: distinct, plausible-looking words.
  static const char* const kLetters[] = {"ب", "ت", "ج", "د", "ر", "س", "ع", "ف",
                                         "ق", "ك", "ل", "م", "ن", "ه", "و", "ي"};
  std::string w = "ا";
  for (int i = 0; i < 4; ++i, n /= 16) w += kLetters[n % 16];
  return w;
}

}  // namespace

int main(int argc, char** argv) {
  const long rows = argc > 1 ? std::atol(argv[1]) : 100000;
  const std::string dir = argc > 2 ? argv[2] : "/tmp";
  const std::string path = dir + "/dedup_restart_bench.db";
  std::filesystem::remove(path);
  std::filesystem::remove(path + "-wal");
  std::filesystem::remove(path + "-shm");

  sqlite3* raw = nullptr;
  if (sqlite3_open(path.c_str(), &raw) != SQLITE_OK) return 1;
  if (!storage::migrate(raw, 2)) return 1;
  std::mt19937 random(42);
  std::uniform_int_distribution<std::uint32_t> pick(0, 4999);
  const std::time_t now = std::time(nullptr);
  auto start = std::chrono::steady_clock::now();
  {
    storage::Transaction t(raw);
    storage::Statement insert(
        raw,
        "INSERT INTO articles (id, url, canonical_url, site, title, fetched_at, text, "
        "content_hash, story_id) VALUES (?1, ?2, ?2, ?3, ?4, ?5, ?6, 'x', ?7)");
    for (long i = 1; i <= rows; ++i) {
      std::string text;
      for (int w = 0; w < 150; ++w) text += word(pick(random)) + (w % 15 == 14 ? "\n" : " ");
      const std::time_t fetched = now - 30 * 86400 + (30 * 86400 * i) / rows;
      insert.reset();
      insert.bind(1, std::int64_t{i})
          .bind(2, "https://s" + std::to_string(i % 50) + ".example/" + std::to_string(i));
      insert.bind(3, "s" + std::to_string(i % 50) + ".example");
      insert.bind(4, word(pick(random)) + " " + word(pick(random)) + " " + word(pick(random)));
      insert.bind(5, format_utc(fetched)).bind(6, text);
      if (fetched >= now - 72 * 3600) {
        insert.bind(7, std::int64_t{i - i % 5});  // stories of five
      } else {
        insert.bind_null(7);
      }
      if (!insert.run()) return 1;
    }
    if (!t.commit()) return 1;
  }
  std::printf("built %ld rows at schema 2 in %.1f s\n", rows, seconds_since(start));
  sqlite3_close_v2(raw);

  start = std::chrono::steady_clock::now();
  auto db = storage::Database::open(path);
  if (!db) {
    std::fprintf(stderr, "%s\n", db.error().c_str());
    return 1;
  }
  std::printf("migration 3 (re-fold, fingerprint %ld rows): %.2f s\n", rows, seconds_since(start));

  storage::ArticleStore store(**db);
  for (int run = 0; run < 3; ++run) {
    storage::DedupState state;
    auto loaded = store.load_dedup_state(state);
    if (!loaded) {
      std::fprintf(stderr, "%s\n", loaded.error().c_str());
      return 1;
    }
    const auto stats = state.index.stats();
    std::printf(
        "load_dedup_state run %d: %.2f s (%lld fingerprints: %zu in window, %zu archived; %lld "
        "story assignments replayed)\n",
        run + 1, loaded->seconds, static_cast<long long>(loaded->fingerprints), stats.in_window,
        stats.archived, static_cast<long long>(loaded->stories_restored));
  }
  std::filesystem::remove(path);
  std::filesystem::remove(path + "-wal");
  std::filesystem::remove(path + "-shm");
  return 0;
}
