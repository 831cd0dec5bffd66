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
#include "daemon/admin_server.h"
#include "daemon/instance_lock.h"
#include "daemon/metrics.h"
#include "daemon/poller.h"
#include "daemon/systemd_notify.h"
#include "fetchers/http_client.h"
#include "notify/dispatcher.h"
#include "storage/article_store.h"
#include "storage/database.h"
#include "storage/delivery_store.h"
#include "storage/maintenance.h"

namespace akhbar::daemon {

namespace {

// What the signal thread hands the polling thread.
struct SharedState {
  std::mutex mutex;
  std::condition_variable wake;
  std::shared_ptr<const Config> config;
  bool config_changed = false;
  std::atomic<bool> stop{false};
  // steady_clock time (ns) of the polling loop's last sign of life; the
  // watchdog is pinged only while it is recent.
  std::atomic<std::int64_t> heartbeat_ns{0};
  const SystemdNotifier* notifier = nullptr;

  // For the admin endpoint, under metrics_mutex: running poll totals and the
  // current HTTP client (replaced when a reload changes [http]).
  std::mutex metrics_mutex;
  PollStats totals;
  std::int64_t polls = 0;
  std::shared_ptr<const fetchers::HttpClient> http;

  void beat() { heartbeat_ns = std::chrono::steady_clock::now().time_since_epoch().count(); }
  std::chrono::nanoseconds silent_for() const {
    return std::chrono::steady_clock::now().time_since_epoch() -
           std::chrono::nanoseconds(heartbeat_ns.load());
  }
};

// The loop wakes at least this often, so /healthz can tell a live idle
// service from a wedged one.
constexpr std::int64_t kMaxIdleSleepMs = 30'000;
// /healthz answers 503 once the loop has been silent this long.
constexpr auto kHealthySilence = std::chrono::seconds(120);

// A source polled less than this long ago is not polled again, whatever the
// database says: if recording its outcome failed (database locked), it must
// not be fetched in a tight loop.
constexpr std::int64_t kMinSecondsBetweenPolls = 30;

// When each source may be polled next: the stored next_attempt_at, but never
// before the in-memory floor set when it was last polled. The floor belongs
// to the URL polled: a source given a new URL by a reload is due at once.
class DueTimes {
 public:
  std::time_t due_at(const storage::SourceRow& row) const {
    const std::time_t stored = row.next_attempt_at.empty() ? 0 : parse_utc(row.next_attempt_at);
    const auto floor = not_before_.find(row.id);
    if (floor == not_before_.end() || floor->second.url != row.spec.url) return stored;
    return std::max(stored, floor->second.at);
  }
  void polled(const storage::SourceRow& row, std::time_t now) {
    not_before_[row.id] = {row.spec.url, now + kMinSecondsBetweenPolls};
  }

 private:
  struct Floor {
    std::string url;
    std::time_t at = 0;
  };
  std::map<std::int64_t, Floor> not_before_;
};

// Hourly upkeep: the WAL checkpointed and truncated (it would otherwise keep
// its largest size), and old article texts trimmed when [retention] asks.
void apply_retention_if_due(const Config& config, storage::Database& db, std::time_t& last_run) {
  const std::time_t now = std::time(nullptr);
  if (now - last_run < 3600) return;
  last_run = now;
  if (Status st = storage::checkpoint_wal(db); !st) spdlog::warn("{}", st.error());
  if (config.retention_full_text_days <= 0) return;
  auto trimmed = storage::apply_retention(db, {config.retention_full_text_days});
  if (!trimmed) {
    spdlog::error("retention: {}", trimmed.error());
  } else if (trimmed->articles_trimmed + trimmed->revisions_trimmed > 0) {
    spdlog::info("retention: dropped the text of {} articles and {} revisions older than {} days",
                 trimmed->articles_trimmed, trimmed->revisions_trimmed,
                 config.retention_full_text_days);
  }
}

void poll_loop(SharedState& shared, storage::Database& db, storage::ArticleStore& store) {
  std::time_t retention_last_run = 0;
  std::shared_ptr<const Config> config;
  std::shared_ptr<fetchers::HttpClient> http;
  std::unique_ptr<fetchers::RobotsCache> robots;
  DueTimes due_times;
  bool sources_synced = false;
  // Near-duplicate index and stories, kept across polls; rebuilt from the
  // store once here (if that fails, the first article stored retries it).
  storage::DedupState dedup;
  if (auto loaded = store.load_dedup_state(dedup); loaded) {
    spdlog::info("dedup state rebuilt: {} fingerprints, {} story assignments in {:.2f} s",
                 loaded->fingerprints, loaded->stories_restored, loaded->seconds);
  } else {
    spdlog::error("cannot rebuild the dedup state: {}", loaded.error());
  }
  // Never sleep longer than half the watchdog interval, so an idle loop still
  // proves it is alive.
  const auto watchdog = shared.notifier->watchdog_interval();
  const std::int64_t max_sleep_ms =
      watchdog ? std::clamp<std::int64_t>(watchdog->count() / 2000, 50, kMaxIdleSleepMs)
               : kMaxIdleSleepMs;
  while (!shared.stop) {
    shared.beat();
    {
      std::lock_guard lock(shared.mutex);
      if (!config || shared.config_changed) {
        // The client (its connections, site pauses and counters) and the
        // robots.txt cache are kept unless [http] itself changed.
        const bool http_changed = !config || !(config->http == shared.config->http);
        config = shared.config;
        shared.config_changed = false;
        if (http_changed) {
          http = std::make_shared<fetchers::HttpClient>(http_options_from(config->http));
          robots = std::make_unique<fetchers::RobotsCache>(robots_token(config->http.user_agent));
          std::lock_guard metrics_lock(shared.metrics_mutex);
          shared.http = http;
        }
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
    apply_retention_if_due(*config, db, retention_last_run);
    std::int64_t wait = 30;
    auto rows = store.list_sources();
    if (!rows) {
      spdlog::error("cannot read sources: {}", rows.error());
    } else {
      const std::time_t now = std::time(nullptr);
      std::vector<storage::SourceRow> due, enabled;
      wait = 3600;
      for (const auto& row : *rows) {
        if (!row.spec.enabled) continue;
        enabled.push_back(row);
        const std::time_t at = due_times.due_at(row);
        if (at <= now) {
          due.push_back(row);
          due_times.polled(row, now);
        } else {
          wait = std::min<std::int64_t>(wait, at - now);
        }
      }
      const fetchers::FetchHooks hooks{&shared.stop, [&shared] { shared.beat(); }};
      Poller poller(*config, store, *http, *robots, &dedup);
      PollStats stats;
      if (!due.empty()) {
        shared.notifier->status("polling " + std::to_string(due.size()) + " sources");
        stats += poller.poll_sources(due, hooks);
      }
      // Article pages have their own turn: fetched until the next source is
      // due (a minute at most), the rest left queued, so a burst of new links
      // never delays feed polling.
      const auto deadline = std::chrono::steady_clock::now() +
                            std::chrono::seconds(std::clamp<std::int64_t>(wait, 1, 60));
      stats += poller.fetch_pages(enabled, hooks, deadline);
      const bool worked =
          !due.empty() || stats.pages_fetched + stats.pages_blocked + stats.pages_deferred > 0;
      if (worked) {
        {
          std::lock_guard metrics_lock(shared.metrics_mutex);
          shared.totals += stats;
          if (!due.empty()) ++shared.polls;
        }
        const std::string summary = "last poll " + utc_now() + ": " + describe(stats);
        spdlog::info("{}", summary);
        shared.notifier->status(summary);
        continue;
      }
    }
    std::unique_lock lock(shared.mutex);
    shared.wake.wait_for(lock,
                         std::min(std::chrono::milliseconds(std::max<std::int64_t>(1, wait) * 1000),
                                  std::chrono::milliseconds(max_sleep_ms)),
                         [&] { return shared.stop.load() || shared.config_changed; });
  }
}

// Reads the store through its own read-only connection, never the writer's.
Result<storage::StoreCounts> read_store_counts(const std::string& path) {
  storage::DatabaseOptions options;
  options.read_only = true;
  options.busy_timeout_ms = 1000;
  auto db = storage::Database::open(path, options);
  if (!db) return make_error(db.error());
  storage::ArticleStore store(**db);
  return store.counts();
}

// Each configured sink's cursor and dead letters, through a read-only
// connection of its own.
Result<std::vector<SinkFigures>> read_sink_figures(const std::string& path,
                                                   const std::vector<notify::SinkSpec>& sinks) {
  std::vector<SinkFigures> figures;
  if (sinks.empty()) return figures;
  storage::DatabaseOptions options;
  options.read_only = true;
  options.busy_timeout_ms = 1000;
  auto db = storage::Database::open(path, options);
  if (!db) return make_error(db.error());
  storage::DeliveryStore store(**db);
  for (const auto& sink : sinks) {
    auto cursor = store.cursor(sink.name);
    auto dead = store.dead_letters(sink.name);
    if (!cursor) return make_error(cursor.error());
    if (!dead) return make_error(dead.error());
    figures.push_back({sink.name, *cursor, static_cast<std::int64_t>(dead->size())});
  }
  return figures;
}

std::unique_ptr<AdminServer> start_admin(const Config& config, SharedState& shared) {
  if (config.admin.listen.empty()) return nullptr;
  auto options = parse_listen_address(config.admin.listen);
  if (!options) {
    spdlog::error("admin endpoint off: {}", options.error());
    return nullptr;
  }
  options->token = config.admin.token;
  options->max_event_streams = static_cast<int>(config.admin.max_event_streams);
  const std::string db_path = config.database_path();
  AdminHooks hooks;
  hooks.alive = [&shared] { return shared.silent_for() < kHealthySilence; };
  hooks.ready = [db_path]() -> Status {
    auto counts = read_store_counts(db_path);
    if (!counts) return make_error(counts.error());
    return {};
  };
  hooks.metrics = [&shared, db_path] {
    MetricsSnapshot snapshot;
    auto counts = read_store_counts(db_path);
    snapshot.store_ok = counts.ok();
    if (counts) snapshot.store = std::move(*counts);
    std::shared_ptr<const Config> config;
    {
      std::lock_guard lock(shared.mutex);
      config = shared.config;
    }
    if (auto sinks = read_sink_figures(db_path, config->sinks); sinks) {
      snapshot.sinks = std::move(*sinks);
    } else {
      spdlog::warn("metrics: cannot read the sinks' state: {}", sinks.error());
    }
    std::shared_ptr<const fetchers::HttpClient> http;
    {
      std::lock_guard lock(shared.metrics_mutex);
      snapshot.totals = shared.totals;
      snapshot.polls = shared.polls;
      http = shared.http;
    }
    if (http) snapshot.sites = http->counters();
    return render_prometheus(snapshot);
  };
  hooks.open_events = [db_path]() -> Result<AdminHooks::EventReader> {
    storage::DatabaseOptions read_only;
    read_only.read_only = true;
    read_only.busy_timeout_ms = 1000;
    auto db = storage::Database::open(db_path, read_only);
    if (!db) return make_error(db.error());
    std::shared_ptr<storage::Database> shared_db = std::move(*db);
    auto store = std::make_shared<storage::ArticleStore>(*shared_db);
    return AdminHooks::EventReader([shared_db, store](std::int64_t after, int limit) {
      return store->events_after(after, limit);
    });
  };
  auto admin = AdminServer::start(*options, std::move(hooks));
  if (!admin) {
    // The harvester matters more than its dashboard: log and go on.
    spdlog::error("{}; the service runs without it", admin.error());
    return nullptr;
  }
  spdlog::info("admin endpoint on http://{}:{}/ (/healthz, /readyz, /metrics, /events{})",
               options->host, (*admin)->port(),
               options->token.empty() ? "" : ", bearer token required");
  return std::move(*admin);
}

// The dispatcher for the configured sinks (nullptr when there are none). It
// opens its own connections to the store.
std::unique_ptr<notify::Dispatcher> start_dispatcher(const Config& config) {
  if (config.sinks.empty()) return nullptr;
  notify::DispatcherOptions options;
  options.database_path = config.database_path();
  options.sinks = config.sinks;
  int enabled = 0;
  for (const auto& sink : config.sinks) enabled += sink.enabled ? 1 : 0;
  spdlog::info("delivering events to {} sinks", enabled);
  return std::make_unique<notify::Dispatcher>(std::move(options));
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

  auto lock = InstanceLock::acquire(initial.database_path());
  if (!lock) {
    spdlog::critical("{}", lock.error());
    return 1;
  }
  auto db = storage::Database::open(initial.database_path());
  if (!db) {
    spdlog::critical("{}", db.error());
    return 1;
  }
  storage::ArticleStore store(**db);
  const SystemdNotifier notifier;
  SharedState shared;
  shared.config = std::make_shared<const Config>(initial);
  shared.notifier = &notifier;
  shared.beat();
  spdlog::info("akhbar serving {} sources, database {}", initial.sources.size(),
               initial.database_path());
  notifier.ready("serving " + std::to_string(initial.sources.size()) + " sources");

  std::unique_ptr<AdminServer> admin = start_admin(initial, shared);
  std::thread poller([&] { poll_loop(shared, **db, store); });
  std::unique_ptr<notify::Dispatcher> dispatcher = start_dispatcher(initial);
  const auto watchdog = notifier.watchdog_interval();
  for (;;) {
    int signal = 0;
    if (watchdog) {
      // Wake at half the interval to ping, but only while the loop is alive:
      // a wedged loop stops the pings and systemd restarts the service.
      const auto half = *watchdog / 2;
      timespec timeout{static_cast<time_t>(half.count() / 1'000'000),
                       static_cast<long>(half.count() % 1'000'000) * 1000};
      signal = sigtimedwait(&signals, nullptr, &timeout);
      if (signal < 0) {
        const auto silent = shared.silent_for();
        if (silent < *watchdog) {
          notifier.watchdog();
        } else {
          spdlog::error("polling loop silent for {} s; withholding the watchdog ping",
                        std::chrono::duration_cast<std::chrono::seconds>(silent).count());
        }
        continue;
      }
    } else if (sigwait(&signals, &signal) != 0) {
      continue;
    }
    if (signal == SIGHUP) {
      auto reloaded = load_config(initial.config_path);
      if (!reloaded) {
        spdlog::error("configuration not reloaded, keeping the running one: {}", reloaded.error());
        continue;
      }
      spdlog::info("configuration reloaded from {}", initial.config_path);
      notifier.status("configuration reloaded");
      // Sinks restart with the new settings; a batch in flight is sent again.
      dispatcher.reset();
      dispatcher = start_dispatcher(*reloaded);
      std::lock_guard lock(shared.mutex);
      shared.config = std::make_shared<const Config>(std::move(*reloaded));
      shared.config_changed = true;
      shared.wake.notify_all();
      continue;
    }
    spdlog::info("received {}, stopping", signal == SIGTERM ? "SIGTERM" : "SIGINT");
    notifier.stopping();
    {
      std::lock_guard lock(shared.mutex);
      shared.stop = true;
    }
    shared.wake.notify_all();
    break;
  }
  dispatcher.reset();
  poller.join();
  spdlog::info("stopped");
  return 0;
}

}  // namespace akhbar::daemon
