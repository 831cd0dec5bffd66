// SiteQueue: the politeness and fairness rules of the fetcher, as a pure data
// structure with the clock passed in. Requests wait in one FIFO per site;
// sites take turns (round-robin), so one site with a long queue or slow
// answers holds at most its own cap of the global slots while every other
// site keeps moving. A site may also be paused (Retry-After): its requests
// then come out at once, marked deferred, instead of waiting in line.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <string>

namespace akhbar::fetchers {

struct PolitenessOptions {
  int per_site_concurrency = 2;           // transfers in flight per site; 0: no cap
  std::int64_t per_site_delay_ms = 1000;  // between two starts on one site; 0: none
};

class SiteQueue {
 public:
  using Clock = std::chrono::steady_clock;

  explicit SiteQueue(PolitenessOptions options) : options_(options) {}

  void push(const std::string& site, std::uint64_t id);

  struct Ready {
    std::uint64_t id = 0;
    std::string site;
    // Set when the site is paused: answer the request as deferred until then.
    std::optional<Clock::time_point> deferred_until;
  };
  // The next request that may start now, taking sites in turn. A request
  // that comes out not deferred counts as started on its site until
  // finished() is called for it.
  std::optional<Ready> pop_ready(Clock::time_point now);
  void finished(const std::string& site);

  // How long until pop_ready may have something (for the event loop's
  // sleep): zero when something is ready, nullopt when nothing is queued.
  std::optional<Clock::duration> wait_hint(Clock::time_point now) const;

  void pause(const std::string& site, Clock::time_point until);
  // A longer minimum delay for one site (robots.txt Crawl-delay); never
  // shorter than the configured one.
  void set_min_delay(const std::string& site, std::chrono::milliseconds delay);

  // Removes and returns (through `removed`) every queued request for which
  // `doomed(id)` holds; used for cancellation.
  void remove_if(const std::function<bool(std::uint64_t)>& doomed,
                 const std::function<void(std::uint64_t)>& removed);

  std::size_t queued() const { return queued_; }

 private:
  struct Site {
    std::deque<std::uint64_t> waiting;
    int running = 0;
    std::optional<Clock::time_point> last_start;
    Clock::time_point paused_until{};
    std::chrono::milliseconds delay{0};
  };
  std::chrono::milliseconds delay_of(const Site& site) const;
  std::optional<Clock::time_point> eligible_at(const Site& site, Clock::time_point now) const;
  void forget_idle(Clock::time_point now);

  PolitenessOptions options_;
  std::map<std::string, Site> sites_;
  std::deque<std::string> turn_;  // sites with waiting requests, next turn first
  std::size_t queued_ = 0;
  Clock::time_point last_sweep_{};
};

}  // namespace akhbar::fetchers
