// Event delivery throughput: a store with N article.new events, drained by
// the dispatcher into a webhook receiver on 127.0.0.1 (and, for comparison,
// an exec sink running `cat >/dev/null` per batch). Prints events per second
// for a few batch sizes. Needs no corpus.
//   delivery_speed [EVENTS]   (default 5000)
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>

#include "notify/dispatcher.h"
#include "storage/article_store.h"
#include "storage/database.h"
#include "storage/dedup_state.h"
#include "storage/delivery_store.h"

namespace {

using namespace akhbar;
using Clock = std::chrono::steady_clock;

// Seconds until the sink's cursor reaches `last`.
double drain(const std::string& db_path, const notify::SinkSpec& spec, std::int64_t last) {
  auto db = storage::Database::open(db_path);
  storage::DeliveryStore store(**db);
  const auto start = Clock::now();
  notify::DispatcherOptions options;
  options.database_path = db_path;
  options.sinks = {spec};
  options.idle_poll = std::chrono::milliseconds(10);
  notify::Dispatcher dispatcher(options);
  while (*store.cursor(spec.name) < last) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  return std::chrono::duration<double>(Clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
  const int events = argc > 1 ? std::atoi(argv[1]) : 5000;
  const auto dir =
      std::filesystem::temp_directory_path() / ("akhbar-delivery-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  const std::string db_path = (dir / "bench.db").string();
  std::int64_t last = 0;
  {
    auto db = storage::Database::open(db_path);
    if (!db) {
      std::fprintf(stderr, "%s\n", db.error().c_str());
      return 1;
    }
    storage::ArticleStore store(**db);
    storage::DedupState dedup;
    for (int i = 0; i < events; ++i) {
      storage::NewArticle a;
      a.url = "https://www.example.com/news/" + std::to_string(i);
      a.canonical_url = a.url;
      a.site = "www.example.com";
      a.title = "خبر رقم " + std::to_string(i);
      a.fetched_at = "2026-11-22T10:00:00Z";
      a.language = "ar";
      // Distinct words, so deduplication keeps every article (~2 kB).
      for (int w = 0; w < 150; ++w)
        a.text += "كلمة" + std::to_string((i * 7919 + w * 104729) % 1000003) + " ";
      if (auto stored = store.store_article(a, dedup); !stored) {
        std::fprintf(stderr, "%s\n", stored.error().c_str());
        return 1;
      }
    }
  }
  {
    // Articles also write story events: every event in the outbox counts.
    auto db = storage::Database::open(db_path);
    storage::ArticleStore store(**db);
    last = store.counts()->last_event_id;
  }
  httplib::Server server;
  std::atomic<long> bytes{0};
  server.Post("/hook", [&](const httplib::Request& request, httplib::Response& response) {
    bytes += static_cast<long>(request.body.size());
    response.status = 204;
  });
  const int port = server.bind_to_any_port("127.0.0.1");
  std::thread listener([&] { server.listen_after_bind(); });
  while (!server.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));

  std::printf("%d articles, %lld events, webhook on 127.0.0.1 (signed), exec `cat`\n", events,
              static_cast<long long>(last));
  int run = 0;
  for (int batch : {1, 10, 50, 200}) {
    for (bool text : {false, true}) {
      notify::SinkSpec spec;
      spec.name = "hook" + std::to_string(run++);
      spec.kind = "webhook";
      spec.url = "http://127.0.0.1:" + std::to_string(port) + "/hook";
      spec.secret = "bench";
      spec.batch_size = batch;
      spec.include_text = text;
      bytes = 0;
      const double seconds = drain(db_path, spec, last);
      std::printf("webhook batch_size=%-4d include_text=%-5s %8.0f events/s  %6.1f MB/s\n", batch,
                  text ? "true" : "false", static_cast<double>(last) / seconds,
                  bytes / seconds / 1e6);
    }
  }
  for (int batch : {10, 200}) {
    notify::SinkSpec spec;
    spec.name = "exec" + std::to_string(run++);
    spec.kind = "exec";
    spec.command = {"sh", "-c", "cat >/dev/null"};
    spec.batch_size = batch;
    const double seconds = drain(db_path, spec, last);
    std::printf("exec    batch_size=%-4d                    %8.0f events/s\n", batch,
                static_cast<double>(last) / seconds);
  }
  server.stop();
  listener.join();
  std::filesystem::remove_all(dir);
  return 0;
}
