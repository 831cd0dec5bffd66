#include "daemon/metrics.h"

#include <fmt/format.h>

#include <algorithm>

namespace akhbar::daemon {

namespace {

// Label values are escaped as the exposition format says: \\, \" and \n.
std::string label(std::string_view value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

class Writer {
 public:
  void family(std::string_view name, std::string_view type, std::string_view help) {
    out_ += fmt::format("# HELP {} {}\n# TYPE {} {}\n", name, help, name, type);
  }
  template <typename T>
  void sample(std::string_view name, std::string_view labels, T value) {
    if (labels.empty()) {
      out_ += fmt::format("{} {}\n", name, value);
    } else {
      out_ += fmt::format("{}{{{}}} {}\n", name, labels, value);
    }
  }
  // Cumulative buckets, +Inf, sum and count, as Prometheus histograms read.
  void histogram(std::string_view name, const std::string& labels, const Histogram& h) {
    const std::string prefix = labels.empty() ? "" : labels + ",";
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < h.bounds().size(); ++i) {
      cumulative += h.buckets()[i];
      sample(fmt::format("{}_bucket", name), fmt::format("{}le=\"{}\"", prefix, h.bounds()[i]),
             cumulative);
    }
    sample(fmt::format("{}_bucket", name), prefix + "le=\"+Inf\"", h.count());
    sample(fmt::format("{}_sum", name), labels, h.sum());
    sample(fmt::format("{}_count", name), labels, h.count());
  }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

void store_figures(Writer& w, const storage::StoreCounts& store) {
  w.family("akhbar_sources", "gauge", "Configured sources by state (ok, failing, new, disabled).");
  for (const auto& [state, count] : store.sources_by_state) {
    w.sample("akhbar_sources", fmt::format("state=\"{}\"", label(state)), count);
  }
  w.family("akhbar_articles", "gauge", "Articles in the store.");
  w.sample("akhbar_articles", "", store.articles);
  w.family("akhbar_pending_pages", "gauge",
           "Article pages queued: due now, waiting for a later attempt, given up.");
  w.sample("akhbar_pending_pages", "state=\"due\"", store.pages_due);
  w.sample("akhbar_pending_pages", "state=\"waiting\"", store.pages_waiting);
  w.sample("akhbar_pending_pages", "state=\"given_up\"", store.pages_given_up);
  w.family("akhbar_last_event_id", "gauge", "Id of the newest event in the outbox.");
  w.sample("akhbar_last_event_id", "", store.last_event_id);
}

void sink_figures(Writer& w, const std::vector<SinkFigures>& sinks, std::int64_t last_event_id) {
  if (sinks.empty()) return;
  w.family("akhbar_sink_cursor", "gauge", "Last event id each sink is done with.");
  for (const auto& s : sinks)
    w.sample("akhbar_sink_cursor", fmt::format("sink=\"{}\"", label(s.name)), s.cursor);
  w.family("akhbar_sink_backlog", "gauge",
           "Events after the sink's cursor (its filters may drop some of them).");
  for (const auto& s : sinks) {
    w.sample("akhbar_sink_backlog", fmt::format("sink=\"{}\"", label(s.name)),
             std::max<std::int64_t>(0, last_event_id - s.cursor));
  }
  w.family("akhbar_sink_dead_letters", "gauge", "Events each sink gave up on.");
  for (const auto& s : sinks) {
    w.sample("akhbar_sink_dead_letters", fmt::format("sink=\"{}\"", label(s.name)), s.dead_letters);
  }
}

void poll_figures(Writer& w, const PollStats& t, std::int64_t polls) {
  const std::pair<const char*, std::int64_t> counters[] = {
      {"polls", polls},
      {"sources_polled", t.sources_polled},
      {"sources_failed", t.sources_failed},
      {"sources_not_modified", t.sources_not_modified},
      {"feed_entries_seen", t.entries_seen},
      {"articles_stored", t.articles_stored},
      {"duplicates", t.duplicates},
      {"articles_updated", t.articles_updated},
      {"pages_fetched", t.pages_fetched},
      {"pages_rechecked", t.pages_rechecked},
      {"pages_failed", t.pages_failed},
      {"pages_given_up", t.pages_given_up},
      {"pages_blocked_by_robots", t.pages_blocked},
      {"pages_deferred", t.pages_deferred},
  };
  for (const auto& [name, value] : counters) {
    const std::string metric = fmt::format("akhbar_{}_total", name);
    w.family(metric, "counter", fmt::format("{} since the service started.", name));
    w.sample(metric, "", value);
  }
  w.family("akhbar_extraction_seconds", "histogram",
           "Time to decode and extract one article page.");
  w.histogram("akhbar_extraction_seconds", "", t.extraction_seconds);
}

void fetch_figures(Writer& w, const std::map<std::string, fetchers::SiteCounters>& sites) {
  w.family("akhbar_fetch_requests_total", "counter", "HTTP requests by site.");
  for (const auto& [site, c] : sites) {
    w.sample("akhbar_fetch_requests_total", fmt::format("site=\"{}\"", label(site)), c.requests);
  }
  w.family("akhbar_fetch_bytes_total", "counter", "Decoded body bytes received by site.");
  for (const auto& [site, c] : sites) {
    w.sample("akhbar_fetch_bytes_total", fmt::format("site=\"{}\"", label(site)), c.bytes);
  }
  w.family("akhbar_fetch_responses_total", "counter",
           "Answers by site and status class (none: no response arrived).");
  for (const auto& [site, c] : sites) {
    for (std::size_t k = 0; k < c.status_classes.size(); ++k) {
      if (c.status_classes[k] == 0) continue;
      const std::string cls = k == 0 ? "none" : fmt::format("{}xx", k);
      w.sample("akhbar_fetch_responses_total",
               fmt::format("site=\"{}\",class=\"{}\"", label(site), cls), c.status_classes[k]);
    }
  }
  w.family("akhbar_fetch_errors_total", "counter", "Failed fetches by site and kind.");
  for (const auto& [site, c] : sites) {
    for (const auto& [kind, count] : c.errors) {
      w.sample("akhbar_fetch_errors_total",
               fmt::format("site=\"{}\",kind=\"{}\"", label(site), label(kind)), count);
    }
  }
  w.family("akhbar_fetch_duration_seconds", "histogram", "Fetch latency by site.");
  for (const auto& [site, c] : sites) {
    w.histogram("akhbar_fetch_duration_seconds", fmt::format("site=\"{}\"", label(site)),
                c.latency_seconds);
  }
}

}  // namespace

std::string render_prometheus(const MetricsSnapshot& s) {
  Writer w;
  w.family("akhbar_store_up", "gauge", "1 when the store could be read for this scrape.");
  w.sample("akhbar_store_up", "", s.store_ok ? 1 : 0);
  if (s.store_ok) store_figures(w, s.store);
  if (s.store_ok) sink_figures(w, s.sinks, s.store.last_event_id);
  poll_figures(w, s.totals, s.polls);
  fetch_figures(w, s.sites);
  return w.take();
}

}  // namespace akhbar::daemon
