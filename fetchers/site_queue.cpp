#include "fetchers/site_queue.h"

#include <algorithm>

namespace akhbar::fetchers {

void SiteQueue::push(const std::string& site, std::uint64_t id) {
  Site& s = sites_[site];
  if (s.waiting.empty()) turn_.push_back(site);  // the ring holds sites with waiting requests
  s.waiting.push_back(id);
  ++queued_;
}

std::chrono::milliseconds SiteQueue::delay_of(const Site& site) const {
  return std::max(site.delay, std::chrono::milliseconds(options_.per_site_delay_ms));
}

std::optional<SiteQueue::Clock::time_point> SiteQueue::eligible_at(const Site& site,
                                                                   Clock::time_point now) const {
  if (site.paused_until > now) return now;  // answered at once, as deferred
  if (options_.per_site_concurrency > 0 && site.running >= options_.per_site_concurrency) {
    return std::nullopt;  // only a finish can free a slot
  }
  if (site.last_start) return std::max(now, *site.last_start + delay_of(site));
  return now;
}

std::optional<SiteQueue::Ready> SiteQueue::pop_ready(Clock::time_point now) {
  forget_idle(now);
  for (std::size_t tries = turn_.size(); tries > 0; --tries) {
    std::string name = std::move(turn_.front());
    turn_.pop_front();
    Site& site = sites_[name];
    const auto when = eligible_at(site, now);
    if (!when || *when > now) {
      turn_.push_back(std::move(name));
      continue;
    }
    Ready ready{site.waiting.front(), name, std::nullopt};
    site.waiting.pop_front();
    --queued_;
    if (site.paused_until > now) {
      ready.deferred_until = site.paused_until;
    } else {
      ++site.running;
      site.last_start = now;
    }
    if (!site.waiting.empty()) turn_.push_back(std::move(name));
    return ready;
  }
  return std::nullopt;
}

void SiteQueue::finished(const std::string& site) {
  const auto found = sites_.find(site);
  if (found != sites_.end() && found->second.running > 0) --found->second.running;
}

std::optional<SiteQueue::Clock::duration> SiteQueue::wait_hint(Clock::time_point now) const {
  std::optional<Clock::duration> soonest;
  for (const std::string& name : turn_) {
    const auto when = eligible_at(sites_.at(name), now);
    if (!when) continue;
    const Clock::duration wait = *when - now;
    if (!soonest || wait < *soonest) soonest = wait;
  }
  return soonest;
}

void SiteQueue::pause(const std::string& site, Clock::time_point until) {
  Site& s = sites_[site];
  s.paused_until = std::max(s.paused_until, until);
}

void SiteQueue::set_min_delay(const std::string& site, std::chrono::milliseconds delay) {
  sites_[site].delay = delay;
}

void SiteQueue::remove_if(const std::function<bool(std::uint64_t)>& doomed,
                          const std::function<void(std::uint64_t)>& removed) {
  std::deque<std::string> still_waiting;
  for (std::string& name : turn_) {
    auto& waiting = sites_[name].waiting;
    for (auto it = waiting.begin(); it != waiting.end();) {
      if (doomed(*it)) {
        removed(*it);
        it = waiting.erase(it);
        --queued_;
      } else {
        ++it;
      }
    }
    if (!waiting.empty()) still_waiting.push_back(std::move(name));
  }
  turn_ = std::move(still_waiting);
}

void SiteQueue::forget_idle(Clock::time_point now) {
  // Sites seen once and never again would otherwise accumulate for months.
  constexpr auto kIdle = std::chrono::minutes(10);
  if (now - last_sweep_ < std::chrono::minutes(1)) return;
  last_sweep_ = now;
  std::erase_if(sites_, [&](const auto& item) {
    const Site& s = item.second;
    return s.waiting.empty() && s.running == 0 && s.paused_until <= now &&
           (!s.last_start || now - *s.last_start > std::max<Clock::duration>(kIdle, delay_of(s)));
  });
}

}  // namespace akhbar::fetchers
