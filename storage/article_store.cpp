#include "storage/article_store.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <iterator>
#include <set>
#include <sstream>

#include "base/time.h"
#include "dedup/arabic_words.h"
#include "storage/sqlite.h"
#include "text/normalize.h"
#include "text/utf8.h"

namespace akhbar::storage {

namespace {

constexpr std::string_view kSourceColumns =
    "id, name, url, kind, interval_seconds, enabled, etag, last_modified, last_attempt_at, "
    "last_success_at, last_status, last_error, consecutive_errors, total_errors, "
    "next_attempt_at, articles_stored";

SourceRow read_source(const Statement& q) {
  SourceRow row;
  row.id = q.column_int(0);
  row.spec = {q.column_text(1), q.column_text(2), q.column_text(3), q.column_int(4),
              q.column_int(5) != 0};
  row.etag = q.column_text(6);
  row.last_modified = q.column_text(7);
  row.last_attempt_at = q.column_text(8);
  row.last_success_at = q.column_text(9);
  row.last_status = q.column_int(10);
  row.last_error = q.column_text(11);
  row.consecutive_errors = q.column_int(12);
  row.total_errors = q.column_int(13);
  row.next_attempt_at = q.column_text(14);
  row.articles_stored = q.column_int(15);
  return row;
}

std::optional<std::string> non_empty(const std::string& s) {
  return s.empty() ? std::nullopt : std::optional<std::string>(s);
}

// FTS5 query from user words: each folded word quoted (so FTS syntax in the
// input is taken literally) and all of them required.
std::string fts_query(const std::vector<std::string>& words) {
  std::string query;
  for (const auto& word : words) {
    if (!query.empty()) query += ' ';
    query += '"' + word + '"';
  }
  return query;
}

std::vector<std::string> split_words(const std::string& folded) {
  std::vector<std::string> words;
  std::istringstream in(folded);
  for (std::string word; in >> word;) words.push_back(word);
  return words;
}

// The first paragraph whose folded form contains a query word, cut to about
// 200 characters.
std::string make_snippet(const std::string& text, const std::vector<std::string>& words) {
  std::string chosen;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    const std::string folded = text::fold_for_matching(line);
    for (const auto& w : words) {
      if (folded.find(w) != std::string::npos) {
        chosen = line;
        break;
      }
    }
    if (!chosen.empty()) break;
  }
  if (chosen.empty()) chosen = text.substr(0, text.find('\n'));
  std::string out;
  size_t chars = 0;
  for (size_t pos = 0; pos < chosen.size() && chars < 200; ++chars) {
    const size_t start = pos;
    text::next_code_point(chosen, pos);
    out.append(chosen, start, pos - start);
  }
  if (out.size() < chosen.size()) out += "…";
  return out;
}

}  // namespace

std::vector<std::string> all_urls(const NewArticle& article) {
  std::vector<std::string> urls;
  urls.reserve(article.aliases.size() + 2);
  // Each once (the canonical URL is usually the URL itself): every URL
  // costs a lookup and two writes when the article is stored.
  const auto add = [&](const std::string& url) {
    if (!url.empty() && std::find(urls.begin(), urls.end(), url) == urls.end()) urls.push_back(url);
  };
  for (const std::string& alias : article.aliases) add(alias);
  add(article.url);
  add(article.canonical_url);
  return urls;
}

Status ArticleStore::sync_sources(const std::vector<SourceSpec>& sources) {
  sqlite3* db = db_.handle();
  Transaction transaction(db);
  if (!transaction.begin_status()) return transaction.begin_status();
  Statement upsert(db,
                   "INSERT INTO sources (name, url, kind, interval_seconds, enabled, created_at) "
                   "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (name) DO UPDATE SET "
                   // Validators and the backoff belong to the old URL; a new URL
                   // starts afresh and is polled at once.
                   "etag = CASE WHEN url = excluded.url THEN etag END, "
                   "last_modified = CASE WHEN url = excluded.url THEN last_modified END, "
                   "next_attempt_at = CASE WHEN url = excluded.url THEN next_attempt_at END, "
                   "consecutive_errors = CASE WHEN url = excluded.url "
                   "THEN consecutive_errors ELSE 0 END, "
                   "last_error = CASE WHEN url = excluded.url THEN last_error END, "
                   "url = excluded.url, kind = excluded.kind, "
                   "interval_seconds = excluded.interval_seconds, enabled = excluded.enabled");
  std::set<std::string> names;
  for (const auto& s : sources) {
    upsert.reset();
    upsert.bind(1, s.name).bind(2, s.url).bind(3, s.kind).bind(4, s.interval_seconds);
    upsert.bind(5, std::int64_t{s.enabled ? 1 : 0}).bind(6, utc_now());
    if (Status st = upsert.run(); !st) return make_error("source " + s.name + ": " + st.error());
    names.insert(s.name);
  }
  Statement all(db, "SELECT name FROM sources WHERE enabled = 1");
  std::vector<std::string> stale;
  for (auto row = all.step(); row && *row; row = all.step()) {
    if (!names.count(all.column_text(0))) stale.push_back(all.column_text(0));
  }
  Statement disable(db, "UPDATE sources SET enabled = 0 WHERE name = ?1");
  for (const auto& name : stale) {
    disable.reset();
    if (Status st = disable.bind(1, name).run(); !st) return st;
  }
  return transaction.commit();
}

Result<std::vector<SourceRow>> ArticleStore::list_sources() {
  Statement q(
      db_, "SELECT " + std::string(kSourceColumns) + " FROM sources ORDER BY enabled DESC, name");
  std::vector<SourceRow> rows;
  for (;;) {
    auto row = q.step();
    if (!row) return make_error(row.error());
    if (!*row) break;
    rows.push_back(read_source(q));
  }
  return rows;
}

Result<SourceRow> ArticleStore::source_by_name(const std::string& name) {
  Statement q(db_, "SELECT " + std::string(kSourceColumns) + " FROM sources WHERE name = ?1");
  q.bind(1, name);
  auto row = q.step();
  if (!row) return make_error(row.error());
  if (!*row) return make_error("no source named " + name);
  return read_source(q);
}

Status ArticleStore::record_fetch(std::int64_t source_id, const FetchOutcome& outcome) {
  const std::string now = utc_now();
  if (outcome.success) {
    Statement q(db_,
                "UPDATE sources SET last_attempt_at = ?2, last_success_at = ?2, last_status = ?3, "
                "last_error = NULL, consecutive_errors = 0, etag = ?4, last_modified = ?5, "
                "next_attempt_at = ?6 WHERE id = ?1");
    q.bind(1, source_id).bind(2, now).bind(3, outcome.http_status);
    q.bind_optional(4, non_empty(outcome.etag)).bind_optional(5, non_empty(outcome.last_modified));
    q.bind_optional(6, non_empty(outcome.next_attempt_at));
    return q.run();
  }
  Statement q(db_,
              "UPDATE sources SET last_attempt_at = ?2, last_status = ?3, last_error = ?4, "
              "consecutive_errors = consecutive_errors + 1, total_errors = total_errors + 1, "
              "next_attempt_at = ?5 WHERE id = ?1");
  q.bind(1, source_id).bind(2, now);
  if (outcome.http_status > 0) {
    q.bind(3, outcome.http_status);
  } else {
    q.bind_null(3);
  }
  q.bind(4, outcome.error).bind_optional(5, non_empty(outcome.next_attempt_at));
  return q.run();
}

Result<std::optional<std::int64_t>> ArticleStore::find_by_url(const std::string& url) {
  Statement q(db_,
              "SELECT id FROM articles WHERE url = ?1 UNION ALL "
              "SELECT article_id FROM article_urls WHERE url = ?1 UNION ALL "
              "SELECT id FROM articles WHERE canonical_url = ?1 LIMIT 1");
  q.bind(1, url);
  auto row = q.step();
  if (!row) return make_error(row.error());
  if (!*row) return std::optional<std::int64_t>();
  return std::optional<std::int64_t>(q.column_int(0));
}

Result<bool> ArticleStore::needs_recheck(std::int64_t article_id,
                                         const std::string& entry_updated_at,
                                         const std::string& stored_since) {
  Statement q(db_,
              "SELECT 1 FROM articles WHERE id = ?1 AND fetched_at >= ?3 AND "
              "?2 > max(fetched_at, coalesce(updated_at, ''), coalesce(checked_at, ''))");
  q.bind(1, article_id).bind(2, entry_updated_at).bind(3, stored_since);
  auto row = q.step();
  if (!row) return make_error(row.error());
  return *row;
}

Status ArticleStore::add_aliases(std::int64_t article_id, const NewArticle& article) {
  Statement alias(
      db_, "INSERT OR IGNORE INTO article_urls (url, article_id, added_at) VALUES (?1, ?2, ?3)");
  Statement dequeue(db_, "DELETE FROM pending_pages WHERE url = ?1");
  for (const auto& url : all_urls(article)) {
    alias.reset();
    if (Status st = alias.bind(1, url).bind(2, article_id).bind(3, utc_now()).run(); !st) return st;
    dequeue.reset();
    if (Status st = dequeue.bind(1, url).run(); !st) return st;
  }
  return {};
}

Status ArticleStore::enqueue_pages(const std::vector<PendingPage>& pages) {
  Transaction transaction(db_.handle());
  if (!transaction.begin_status()) return transaction.begin_status();
  Statement q(db_,
              "INSERT OR IGNORE INTO pending_pages (url, source_id, feed_title, feed_published_at, "
              "discovered_at, next_attempt_at) VALUES (?1, ?2, ?3, ?4, ?5, ?5)");
  const std::string now = utc_now();
  for (const auto& page : pages) {
    q.reset();
    q.bind(1, page.url).bind(2, page.source_id).bind(3, page.feed_title);
    q.bind(4, page.feed_published_at).bind(5, now);
    if (Status st = q.run(); !st) return st;
  }
  return transaction.commit();
}

Result<std::vector<PendingPage>> ArticleStore::due_pages(std::int64_t source_id, int limit) {
  Statement q(db_,
              "SELECT url, source_id, coalesce(feed_title, ''), coalesce(feed_published_at, ''), "
              "attempts FROM pending_pages WHERE source_id = ?1 AND gave_up = 0 AND "
              "next_attempt_at <= ?2 ORDER BY discovered_at, url LIMIT ?3");
  q.bind(1, source_id).bind(2, utc_now()).bind(3, std::int64_t{limit});
  std::vector<PendingPage> pages;
  for (;;) {
    auto row = q.step();
    if (!row) return make_error(row.error());
    if (!*row) break;
    pages.push_back(
        {q.column_text(0), q.column_int(1), q.column_text(2), q.column_text(3), q.column_int(4)});
  }
  return pages;
}

Status ArticleStore::page_failed(const std::string& url, const std::string& error,
                                 const std::string& next_attempt_at, bool give_up) {
  Statement q(db_,
              "UPDATE pending_pages SET attempts = attempts + 1, last_error = ?2, "
              "next_attempt_at = ?3, gave_up = ?4 WHERE url = ?1");
  q.bind(1, url).bind(2, error).bind(3, next_attempt_at).bind(4, std::int64_t{give_up ? 1 : 0});
  return q.run();
}

Status ArticleStore::postpone_page(const std::string& url, const std::string& reason,
                                   const std::string& next_attempt_at) {
  Statement q(db_, "UPDATE pending_pages SET last_error = ?2, next_attempt_at = ?3 WHERE url = ?1");
  q.bind(1, url).bind(2, reason).bind(3, next_attempt_at);
  return q.run();
}

Result<std::vector<EventRow>> ArticleStore::events_after(std::int64_t after_id, int limit) {
  Statement q(db_,
              "SELECT id, type, article_id, created_at, payload FROM events WHERE id > ?1 "
              "ORDER BY id LIMIT ?2");
  q.bind(1, after_id).bind(2, std::int64_t{limit});
  std::vector<EventRow> events;
  for (;;) {
    auto row = q.step();
    if (!row) return make_error(row.error());
    if (!*row) break;
    EventRow e{q.column_int(0), q.column_text(1), std::nullopt, q.column_text(3), q.column_text(4)};
    if (!q.column_is_null(2)) e.article_id = q.column_int(2);
    events.push_back(std::move(e));
  }
  return events;
}

const char* source_state(const SourceRow& r) {
  return !r.spec.enabled             ? "disabled"
         : r.last_attempt_at.empty() ? "new"
         : r.consecutive_errors > 0  ? "failing"
                                     : "ok";
}

Result<StoreCounts> ArticleStore::counts() {
  StoreCounts counts;
  auto sources = list_sources();
  if (!sources) return make_error(sources.error());
  for (const char* state : {"ok", "failing", "new", "disabled"}) counts.sources_by_state[state] = 0;
  for (const auto& row : *sources) ++counts.sources_by_state[source_state(row)];
  Statement q(db_,
              "SELECT (SELECT count(*) FROM articles), "
              "(SELECT count(*) FROM pending_pages WHERE gave_up = 0 AND next_attempt_at <= ?1), "
              "(SELECT count(*) FROM pending_pages WHERE gave_up = 0 AND next_attempt_at > ?1), "
              "(SELECT count(*) FROM pending_pages WHERE gave_up = 1), "
              "(SELECT coalesce(max(id), 0) FROM events)");
  q.bind(1, utc_now());
  auto row = q.step();
  if (!row) return make_error(row.error());
  counts.articles = q.column_int(0);
  counts.pages_due = q.column_int(1);
  counts.pages_waiting = q.column_int(2);
  counts.pages_given_up = q.column_int(3);
  counts.last_event_id = q.column_int(4);
  return counts;
}

Result<std::int64_t> ArticleStore::count_articles() {
  Statement q(db_, "SELECT count(*) FROM articles");
  auto row = q.step();
  if (!row) return make_error(row.error());
  return q.column_int(0);
}

Result<std::vector<SearchHit>> ArticleStore::search(const std::string& query,
                                                    const SearchOptions& options) {
  std::vector<std::string> words = split_words(text::fold_for_matching(query));
  if (words.empty()) return make_error("the search query has no words");
  // Function words (في، من، على …) are in nearly every article: requiring
  // them narrows nothing and makes the ranker score most of the archive.
  // They are dropped from a query that has other words, as search engines
  // do with stop words.
  std::vector<std::string> content_words;
  std::copy_if(words.begin(), words.end(), std::back_inserter(content_words),
               [](const std::string& w) { return !dedup::is_stopword(w); });
  if (!content_words.empty()) words = std::move(content_words);
  // Ranked first, filtered and read after: the index ranks every match
  // (bm25 needs them all), but only the best ones are then looked up in
  // articles, until `limit` pass the filters. Joining in one statement read
  // the article row, text included, of every match before sorting (for a
  // query whose words are in 17,000 articles of 100,000: 80 ms, of which
  // ranking was 19 ms). Ties in rank go to the older article.
  Statement ranked(db_,
                   "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?1 "
                   "ORDER BY bm25(articles_fts, 5.0, 1.0), rowid");
  ranked.bind(1, fts_query(words));
  // Empty filters bind "" and switch themselves off in SQL.
  Statement article(db_,
                    "SELECT id, title, url, site, published_at, text FROM articles "
                    "WHERE id = ?1 "
                    "AND (?2 = '' OR coalesce(nullif(published_at, ''), fetched_at) >= ?2) "
                    "AND (?3 = '' OR site = ?3 OR site = 'www.' || ?3) "
                    "AND (?4 = '' OR language = ?4) "
                    "AND (?5 = 1 OR duplicate_of IS NULL)");
  std::string site = options.site;
  if (site.rfind("www.", 0) == 0) site.erase(0, 4);
  std::vector<SearchHit> hits;
  while (hits.size() < static_cast<std::size_t>(std::max(options.limit, 0))) {
    auto match = ranked.step();
    if (!match) return make_error("search: " + match.error());
    if (!*match) break;
    article.reset();
    article.bind(1, ranked.column_int(0))
        .bind(2, options.since)
        .bind(3, site)
        .bind(4, options.language)
        .bind(5, std::int64_t{options.include_duplicates ? 1 : 0});
    auto row = article.step();
    if (!row) return make_error("search: " + row.error());
    if (!*row) continue;  // filtered out
    hits.push_back({article.column_int(0), article.column_text(1), article.column_text(2),
                    article.column_text(3), article.column_text(4),
                    make_snippet(article.column_text(5), words)});
  }
  return hits;
}

}  // namespace akhbar::storage
