#include "daemon/poller.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <ctime>
#include <set>

#include "base/time.h"
#include "dedup/content_hash.h"
#include "dedup/url_canonical.h"
#include "fetchers/charset.h"
#include "parsers/article.h"
#include "parsers/feed.h"
#include "text/url.h"

namespace akhbar::daemon {

namespace {

// A page that fails is tried again after 5 min × 2^(attempts−1), at most
// 12 hours apart; after kMaxPageAttempts (about 10 hours in all) it is given
// up and stays in pending_pages with its last error.
constexpr std::int64_t kMaxPageAttempts = 8;

std::string next_page_attempt(std::int64_t failed_attempts) {
  std::int64_t delay = 300;
  for (std::int64_t i = 1; i < failed_attempts && delay < 12 * 3600; ++i) delay *= 2;
  return format_utc(std::time(nullptr) + std::min<std::int64_t>(delay, 12 * 3600));
}

// Retry a failing source later and later: interval * 2^(errors-1), at most
// 6 hours, so a dead source costs little but is never given up on.
std::string next_attempt_after_failure(const storage::SourceRow& source) {
  std::int64_t delay = source.spec.interval_seconds;
  for (std::int64_t i = 0; i < source.consecutive_errors && delay < 6 * 3600; ++i) delay *= 2;
  return format_utc(std::time(nullptr) + std::min<std::int64_t>(delay, 6 * 3600));
}

std::string next_attempt_after_success(const storage::SourceRow& source) {
  return format_utc(std::time(nullptr) + source.spec.interval_seconds);
}

std::string_view site_of(std::string_view host) {
  for (std::string_view prefix : {"www.", "m.", "amp."}) {
    if (host.substr(0, prefix.size()) == prefix) return host.substr(prefix.size());
  }
  return host;
}

// A page names its canonical URL; it is believed only when it stays on the
// page's own site and is not the site's front page (a common template bug
// that would make every article a duplicate of the first, and a way for one
// site to claim another's articles).
std::string trusted_canonical(const std::string& canonical, const std::string& page_url) {
  const auto claimed = text::parse_http_url(canonical);
  const auto page = text::parse_http_url(page_url);
  if (!claimed || !page || site_of(claimed->host) != site_of(page->host)) return {};
  if (claimed->path == "/" && claimed->query.empty()) return {};
  return canonical;
}

void record_failure(storage::ArticleStore& store, const storage::SourceRow& source,
                    std::int64_t http_status, const std::string& error) {
  spdlog::warn("source {}: {}", source.spec.name, error);
  storage::FetchOutcome outcome;
  outcome.http_status = http_status;
  outcome.error = error;
  outcome.next_attempt_at = next_attempt_after_failure(source);
  if (Status st = store.record_fetch(source.id, outcome); !st) {
    spdlog::error("source {}: cannot record the failure: {}", source.spec.name, st.error());
  }
}

}  // namespace

std::string describe(const PollStats& s) {
  return fmt::format(
      "{} sources ({} failed, {} not modified): {} entries, {} new articles, {} duplicates, "
      "{} pages failed ({} given up)",
      s.sources_polled, s.sources_failed, s.sources_not_modified, s.entries_seen, s.articles_stored,
      s.duplicates, s.pages_failed, s.pages_given_up);
}

fetchers::HttpOptions http_options_from(const HttpConfig& http) {
  fetchers::HttpOptions options;
  options.user_agent = http.user_agent;
  options.connect_timeout_ms = http.connect_timeout_seconds * 1000;
  options.total_timeout_ms = http.timeout_seconds * 1000;
  options.max_body_bytes = static_cast<std::size_t>(http.max_body_bytes);
  options.max_redirects = http.max_redirects;
  options.concurrency = static_cast<int>(http.concurrency);
  options.allow_private_networks = http.allow_private_networks;
  options.proxy = http.proxy;
  return options;
}

std::vector<storage::SourceSpec> source_specs(const Config& config) {
  std::vector<storage::SourceSpec> specs;
  for (const auto& s : config.sources) {
    specs.push_back({s.name, s.url, s.kind, s.interval_seconds, s.enabled});
  }
  return specs;
}

PollStats Poller::poll(const std::vector<storage::SourceRow>& sources,
                       const fetchers::FetchHooks& hooks) {
  const auto stopping = [&hooks] { return hooks.cancel != nullptr && hooks.cancel->load(); };
  const auto progress = [&hooks] {
    if (hooks.on_progress) hooks.on_progress();
  };
  PollStats stats;
  std::vector<fetchers::FetchRequest> requests;
  for (const auto& s : sources) requests.push_back({s.spec.url, s.etag, s.last_modified});
  const auto responses = http_.fetch_all(requests, hooks);
  // A cancelled fetch says nothing about the source: leave its state alone.
  if (stopping()) return stats;
  for (size_t i = 0; i < sources.size(); ++i) {
    ++stats.sources_polled;
    discover(sources[i], responses[i], stats);
    progress();
  }

  // Due pages of every polled source, whether or not its feed answered this
  // time: earlier failures and overflow from earlier polls are fetched too.
  std::vector<storage::PendingPage> pages;
  std::vector<std::string> page_sources;
  std::set<std::string> queued;
  for (const auto& source : sources) {
    auto due = store_.due_pages(source.id, static_cast<int>(config_.max_articles_per_poll));
    if (!due) {
      spdlog::error("source {}: cannot read its pending pages: {}", source.spec.name, due.error());
      continue;
    }
    for (auto& page : *due) {
      if (!queued.insert(page.url).second) continue;
      pages.push_back(std::move(page));
      page_sources.push_back(source.spec.name);
    }
  }
  std::vector<fetchers::FetchRequest> page_requests;
  for (const auto& page : pages) page_requests.push_back({page.url, "", ""});
  const auto responses_for_pages = http_.fetch_all(page_requests, hooks);
  // Pages cut off by a stop stay queued as they were, without a failure mark.
  for (size_t i = 0; i < pages.size() && !stopping(); ++i) {
    store_page(pages[i], page_sources[i], responses_for_pages[i], stats);
    progress();
  }
  return stats;
}

void Poller::discover(const storage::SourceRow& source, const fetchers::FetchResponse& response,
                      PollStats& stats) {
  const std::string& name = source.spec.name;
  if (!response.ok() && !response.not_modified()) {
    ++stats.sources_failed;
    record_failure(store_, source, response.status, "fetch failed: " + response.describe_failure());
    return;
  }
  storage::FetchOutcome outcome;
  outcome.success = true;
  outcome.http_status = response.status;
  outcome.etag = response.not_modified() ? source.etag : response.etag;
  outcome.last_modified = response.not_modified() ? source.last_modified : response.last_modified;
  outcome.next_attempt_at = next_attempt_after_success(source);
  if (response.not_modified()) {
    ++stats.sources_not_modified;
    spdlog::debug("source {}: not modified", name);
    (void)store_.record_fetch(source.id, outcome);
    return;
  }
  if (source.spec.kind != "feed") {
    ++stats.sources_failed;
    record_failure(
        store_, source, response.status,
        "sources of kind '" + source.spec.kind + "' are not supported yet (only 'feed')");
    return;
  }

  const auto body = fetchers::decode_to_utf8(response.body, response.content_type);
  const std::string base = response.final_url.empty() ? source.spec.url : response.final_url;
  auto feed = parsers::parse_feed(body.text, {base});
  if (!feed) {
    ++stats.sources_failed;
    record_failure(store_, source, response.status, "not a usable feed: " + feed.error());
    return;
  }

  std::vector<storage::PendingPage> fresh;
  std::set<std::string> seen;
  for (const auto& entry : feed->entries) {
    ++stats.entries_seen;
    if (entry.link.empty()) continue;
    const std::string url = dedup::canonicalize_url(entry.link);
    if (!seen.insert(url).second) continue;
    auto known = store_.find_by_url(url);
    if (!known) {
      spdlog::error("source {}: {}", name, known.error());
      continue;
    }
    if (*known) continue;
    fresh.push_back({url, source.id, entry.title, entry.published_at, 0});
  }
  spdlog::info("source {}: {} entries, {} not stored yet", name, feed->entries.size(),
               fresh.size());
  if (Status st = store_.enqueue_pages(fresh); !st) {
    // Not recorded as a success: the entries must be seen again next time.
    ++stats.sources_failed;
    record_failure(store_, source, response.status, "cannot queue its article URLs: " + st.error());
    return;
  }
  if (Status st = store_.record_fetch(source.id, outcome); !st) {
    spdlog::error("source {}: cannot record the fetch: {}", name, st.error());
  }
}

void Poller::page_failed(const storage::PendingPage& pending, const std::string& source_name,
                         const std::string& error, PollStats& stats) {
  ++stats.pages_failed;
  const std::int64_t attempts = pending.attempts + 1;
  const bool give_up = attempts >= kMaxPageAttempts;
  if (give_up) ++stats.pages_given_up;
  spdlog::warn("source {}: article {}: {} (attempt {}{})", source_name, pending.url, error,
               attempts, give_up ? ", giving up" : "");
  if (Status st = store_.page_failed(pending.url, error, next_page_attempt(attempts), give_up);
      !st) {
    spdlog::error("source {}: cannot record the page failure: {}", source_name, st.error());
  }
}

void Poller::store_page(const storage::PendingPage& candidate, const std::string& source_name,
                        const fetchers::FetchResponse& page, PollStats& stats) {
  if (!page.ok()) {
    page_failed(candidate, source_name, page.describe_failure(), stats);
    return;
  }
  const std::string final_url = page.final_url.empty() ? candidate.url : page.final_url;
  const auto body = fetchers::decode_to_utf8(page.body, page.content_type);
  const parsers::ExtractedArticle extracted = parsers::extract_article(body.text, {final_url});
  if (extracted.paragraphs.empty()) {
    page_failed(candidate, source_name, "no article text found", stats);
    return;
  }

  storage::NewArticle article;
  article.source_id = candidate.source_id;
  article.url = candidate.url;
  const std::string canonical = trusted_canonical(extracted.canonical_url, final_url);
  article.canonical_url = dedup::canonicalize_url(canonical.empty() ? final_url : canonical);
  const std::string fetched_as = dedup::canonicalize_url(final_url);
  if (fetched_as != article.url) article.aliases.push_back(fetched_as);
  article.site = text::url_host(article.canonical_url);
  if (article.site.empty()) article.site = text::url_host(article.url);
  article.title = extracted.title.empty() ? candidate.feed_title : extracted.title;
  article.author = extracted.author;
  article.published_at =
      extracted.published_at.empty() ? candidate.feed_published_at : extracted.published_at;
  article.fetched_at = utc_now();
  article.language = extracted.language;
  article.text = extracted.text();
  article.content_hash = dedup::content_hash(article.text);

  auto stored = store_.store_article(article);
  if (!stored) {
    page_failed(candidate, source_name, "not stored: " + stored.error(), stats);
    return;
  }
  if (stored->outcome == storage::StoreOutcome::kInserted) {
    ++stats.articles_stored;
    spdlog::info("source {}: stored article {} \"{}\"", source_name, stored->article_id,
                 article.title);
  } else {
    ++stats.duplicates;
    spdlog::info("source {}: {} duplicates article {}", source_name, candidate.url,
                 stored->article_id);
  }
}

}  // namespace akhbar::daemon
