// Store throughput: N synthetic Arabic articles (default 100,000) stored
// through ArticleStore::store_articles with the dedup bookkeeping
// (fingerprint, near-duplicate verdict, story, events, FTS), in batches of
// --batch articles per transaction (the service's group commit; 1 = one
// transaction per article), into a fresh SQLite file. Prints articles per
// second, bytes on disk per article, and search latency (p50/p99 over 1,000
// two-word queries) on the result.
//
// Words are drawn from a Zipf distribution (s = 1) over 60,000 synthetic
// word forms headed by real Arabic function words, the shape of word
// frequencies in natural text (Zipf's law); --vocabulary uniform draws from
// 1,536 forms with equal odds instead, a harsher case in which every word is
// common (every query matches ~10% of the archive). Query words are drawn
// like text words, function words left out.
//
//   build/bin/ingest [--articles N] [--batch N] [--vocabulary zipf|uniform] [--dir DIR]
#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <span>
#include <string>
#include <vector>

#include "base/time.h"
#include "bench/cpu_time.h"
#include "storage/article_store.h"
#include "storage/dedup_state.h"

namespace {

// 1,536 forms of equal odds.
std::vector<std::string> uniform_vocabulary() {
  const std::vector<std::string> stems = {"حكوم", "وزير",   "اقتصاد", "نفط",  "سياس", "رئيس",
                                          "برلم", "انتخاب", "مدين",   "طاقة", "تجار", "زراع",
                                          "صح",   "تعليم",  "رياض",   "ثقاف", "أمن",  "حدود",
                                          "مطار", "ميناء",  "مصرف",   "سوق",  "بحر",  "جامع"};
  const std::vector<std::string> endings = {"", "ة", "ات", "ون", "ين", "ي", "يه", "ها"};
  std::vector<std::string> words;
  for (const auto& stem : stems) {
    for (const auto& ending : endings) {
      for (int n = 0; n < 8; ++n) words.push_back(stem + ending + std::to_string(n));
    }
  }
  return words;
}

// Rank order for Zipf sampling: the commonest Arabic function words first
// (kFunctionWords of them), then random 3-6 letter forms.
constexpr size_t kFunctionWords = 24;

std::vector<std::string> zipf_vocabulary(std::mt19937& random) {
  std::vector<std::string> words = {"في", "من",  "على", "إلى", "أن",   "التي", "الذي", "عن",
                                    "مع", "هذا", "هذه", "كان", "قد",   "بين",  "بعد",  "قال",
                                    "لم", "ما",  "كما", "منذ", "خلال", "حيث",  "أو",   "ذلك"};
  const std::vector<std::string> letters = {"ا", "ب", "ت", "ث", "ج", "ح", "خ", "د", "ذ", "ر",
                                            "ز", "س", "ش", "ص", "ض", "ط", "ظ", "ع", "غ", "ف",
                                            "ق", "ك", "ل", "م", "ن", "ه", "و", "ي", "ة", "ء"};
  std::uniform_int_distribution<size_t> letter(0, letters.size() - 2);  // no ء first
  std::uniform_int_distribution<int> length(3, 6);
  if (words.size() != kFunctionWords) std::abort();
  while (words.size() < 60'000) {
    std::string w;
    const int n = length(random);
    for (int i = 0; i < n; ++i) w += letters[letter(random)];
    words.push_back(w + std::to_string(words.size() % 10));  // distinct forms
  }
  return words;
}

double percentile(std::vector<double> values, double p) {
  std::sort(values.begin(), values.end());
  return values[static_cast<size_t>(p * (values.size() - 1))];
}

}  // namespace

int main(int argc, char** argv) {
  int articles = 100'000;
  int batch = 64;
  std::string vocabulary_kind = "zipf";
  std::string dir;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--articles") articles = std::atoi(argv[i + 1]);
    if (flag == "--batch") batch = std::max(1, std::atoi(argv[i + 1]));
    if (flag == "--vocabulary") vocabulary_kind = argv[i + 1];
    if (flag == "--dir") dir = argv[i + 1];
  }
  if (dir.empty()) {
    char pattern[] = "/tmp/akhbar-ingest-XXXXXX";
    dir = mkdtemp(pattern);
  }
  const std::string path = dir + "/ingest.db";
  std::filesystem::remove(path);
  auto db = akhbar::storage::Database::open(path);
  if (!db) {
    std::fprintf(stderr, "%s\n", db.error().c_str());
    return 1;
  }
  akhbar::storage::ArticleStore store(**db);
  akhbar::storage::DedupState dedup;
  std::mt19937 random(7);
  const bool zipf = vocabulary_kind != "uniform";
  const auto words = zipf ? zipf_vocabulary(random) : uniform_vocabulary();
  std::vector<double> odds(words.size(), 1.0);
  if (zipf) {
    for (size_t rank = 0; rank < odds.size(); ++rank) odds[rank] = 1.0 / (rank + 1.0);
  }
  std::discrete_distribution<size_t> pick(odds.begin(), odds.end());
  const std::time_t start_time = std::time(nullptr) - 30L * 86400;

  // The articles are made before the clock starts: drawing 158 words from
  // the distribution per article is the bench's own work, not the store's.
  std::vector<akhbar::storage::NewArticle> all(static_cast<std::size_t>(articles));
  for (int i = 0; i < articles; ++i) {
    akhbar::storage::NewArticle& a = all[static_cast<std::size_t>(i)];
    a.url = a.canonical_url =
        "https://site" + std::to_string(i % 50) + ".example/a/" + std::to_string(i);
    a.site = "site" + std::to_string(i % 50) + ".example";
    a.language = "ar";
    a.fetched_at = akhbar::format_utc(start_time + i * 25);  // 30 days of articles
    for (int w = 0; w < 8; ++w) a.title += words[pick(random)] + " ";
    for (int w = 0; w < 150; ++w) a.text += words[pick(random)] + (w % 25 == 24 ? "\n" : " ");
  }

  int failures = 0;
  const auto started = std::chrono::steady_clock::now();
  const double cpu_started = process_cpu_seconds();
  for (std::size_t first = 0; first < all.size(); first += static_cast<std::size_t>(batch)) {
    const std::size_t count = std::min(all.size() - first, static_cast<std::size_t>(batch));
    for (const auto& stored : store.store_articles(std::span(all).subspan(first, count), dedup)) {
      failures += stored ? 0 : 1;
    }
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  const double cpu_seconds = process_cpu_seconds() - cpu_started;
  std::uintmax_t bytes = std::filesystem::file_size(path);
  std::error_code ec;
  bytes += std::filesystem::file_size(path + "-wal", ec) * (ec ? 0 : 1);

  std::vector<double> latencies_ms;
  for (int q = 0; q < 1000; ++q) {
    // Query words follow the text's distribution, function words left out:
    // a query of only في and من is not a search anyone makes (and search
    // ignores function words next to other words anyway).
    const auto content_word = [&] {
      for (;;) {
        const size_t i = pick(random);
        if (!zipf || i >= kFunctionWords) return words[i];
      }
    };
    const std::string query = content_word() + " " + content_word();
    const auto t0 = std::chrono::steady_clock::now();
    auto hits = store.search(query, {});
    latencies_ms.push_back(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    if (!hits) ++failures;
  }
  std::printf(
      "articles        %d stored (%d failures), 150 words each, 50 sites, 30 days, %s words\n",
      articles, failures, zipf ? "Zipf" : "uniform");
  std::printf("ingest          %.0f articles/s (%.1f s, one thread, %d per transaction)\n",
              articles / seconds, seconds, batch);
  std::printf("ingest CPU      %.0f articles/s of CPU time (%.1f s user + system)\n",
              articles / cpu_seconds, cpu_seconds);
  std::printf("on disk         %.0f bytes per article (%.1f MB)\n",
              static_cast<double>(bytes) / articles, static_cast<double>(bytes) / 1e6);
  std::printf("search          p50 %.2f ms, p99 %.2f ms (1,000 two-word queries, top 20)\n",
              percentile(latencies_ms, 0.5), percentile(latencies_ms, 0.99));
  return failures == 0 ? 0 : 1;
}
