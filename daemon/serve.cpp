#include "daemon/serve.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <csignal>
#include <ctime>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

#include "base/time.h"
#include "daemon/poller.h"
#include "fetchers/http_client.h"
#include "storage/article_store.h"
#include "storage/database.h"

namespace akhbar::daemon {

namespace {

// What the signal thread hands the polling thread.
struct SharedState {
  std::mutex mutex;
  std::condition_variable wake;
  std::shared_ptr<const Config> config;
  bool config_changed = false;
  std::atomic<bool> stop{false};
};

// A source polled less than this long ago is not polled again, whatever the
// database says: if recording its outcome failed (database locked), it must
// not be fetched in a tight loop.
constexpr std::int64_t kMinSecondsBetweenPolls = 30;

// When each source may be polled next: the stored next_attempt_at, but never
// before the in-memory floor set when it was last polled.
class DueTimes {
 public:
  std::time_t due_at(const storage::SourceRow& row) const {
    const std::time_t stored = row.next_attempt_at.empty() ? 0 : parse_utc(row.next_attempt_at);
    const auto floor = not_before_.find(row.id);
    return std::max(stored, floor == not_before_.end() ? 0 : floor->second);
  }
  void polled(const storage::SourceRow& row, std::time_t now) {
    not_before_[row.id] = now + kMinSecondsBetweenPolls;
  }

 private:
  std::map<std::int64_t, std::time_t> not_before_;
};

void poll_loop(SharedState& shared, storage::ArticleStore& store) {
  std::shared_ptr<const Config> config;
  std::unique_ptr<fetchers::HttpClient> http;
  DueTimes due_times;
  bool sources_synced = false;
  while (!shared.stop) {
    {
      std::lock_guard lock(shared.mutex);
      if (!config || shared.config_changed) {
        config = shared.config;
        shared.config_changed = false;
        http = std::make_unique<fetchers::HttpClient>(http_options_from(config->http));
        sources_synced = false;
      }
    }
    if (!sources_synced) {
      // Retried every round until it works (the database may be locked).
      Status synced = store.sync_sources(source_specs(*config));
      sources_synced = synced.ok();
      if (!synced)
        spdlog::error("cannot update sources from the configuration: {}", synced.error());
    }
    std::int64_t wait = 30;
    auto rows = store.list_sources();
    if (!rows) {
      spdlog::error("cannot read sources: {}", rows.error());
    } else {
      const std::time_t now = std::time(nullptr);
      std::vector<storage::SourceRow> due;
      wait = 3600;
      for (const auto& row : *rows) {
        if (!row.spec.enabled) continue;
        const std::time_t at = due_times.due_at(row);
        if (at <= now) {
          due.push_back(row);
          due_times.polled(row, now);
        } else {
          wait = std::min<std::int64_t>(wait, at - now);
        }
      }
      if (!due.empty()) {
        Poller poller(*config, store, *http);
        const PollStats stats = poller.poll(due, &shared.stop);
        spdlog::info(
            "poll: {} sources ({} failed, {} not modified), {} new articles, {} duplicates, "
            "{} pages failed",
            stats.sources_polled, stats.sources_failed, stats.sources_not_modified,
            stats.articles_stored, stats.duplicates, stats.pages_failed);
        continue;
      }
    }
    std::unique_lock lock(shared.mutex);
    shared.wake.wait_for(lock, std::chrono::seconds(std::max<std::int64_t>(1, wait)),
                         [&] { return shared.stop.load() || shared.config_changed; });
  }
}

}  // namespace

int run_serve(const Config& initial) {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGHUP);
  // Blocked before any thread starts, so only sigwait below receives them.
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  auto db = storage::Database::open(initial.database_path());
  if (!db) {
    spdlog::critical("{}", db.error());
    return 1;
  }
  storage::ArticleStore store(**db);
  SharedState shared;
  shared.config = std::make_shared<const Config>(initial);
  spdlog::info("akhbar serving {} sources, database {}", initial.sources.size(),
               initial.database_path());

  std::thread poller([&] { poll_loop(shared, store); });
  for (;;) {
    int signal = 0;
    if (sigwait(&signals, &signal) != 0) continue;
    if (signal == SIGHUP) {
      auto reloaded = load_config(initial.config_path);
      if (!reloaded) {
        spdlog::error("configuration not reloaded, keeping the running one: {}", reloaded.error());
        continue;
      }
      spdlog::info("configuration reloaded from {}", initial.config_path);
      std::lock_guard lock(shared.mutex);
      shared.config = std::make_shared<const Config>(std::move(*reloaded));
      shared.config_changed = true;
      shared.wake.notify_all();
      continue;
    }
    spdlog::info("received {}, stopping", signal == SIGTERM ? "SIGTERM" : "SIGINT");
    {
      std::lock_guard lock(shared.mutex);
      shared.stop = true;
    }
    shared.wake.notify_all();
    break;
  }
  poller.join();
  spdlog::info("stopped");
  return 0;
}

}  // namespace akhbar::daemon
