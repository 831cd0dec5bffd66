// ArticleStore: the operations akhbar performs on its database — sources and
// their fetch state, articles with their URL aliases, deduplication verdicts
// and stories, the events outbox and search. An article and its events
// (article.new / article.duplicate / article.updated, story.new /
// story.updated) are written in one transaction: after a crash all exist or
// none does. Not thread-safe: one writer owns it.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "base/result.h"
#include "storage/database.h"
#include "storage/dedup_state.h"

namespace akhbar::storage {

struct SourceSpec {
  std::string name;
  std::string url;
  std::string kind;  // "feed", "sitemap" or "listing"
  std::int64_t interval_seconds = 900;
  bool enabled = true;
};

// What the metrics endpoint and `sources list` say about the store.
struct StoreCounts {
  std::map<std::string, std::int64_t> sources_by_state;  // see source_state()
  std::int64_t articles = 0;
  std::int64_t pages_due = 0;       // queued and due now
  std::int64_t pages_waiting = 0;   // queued for a later attempt
  std::int64_t pages_given_up = 0;  // kept with their last error
  std::int64_t last_event_id = 0;
};

struct SourceRow {
  std::int64_t id = 0;
  SourceSpec spec;
  std::string etag;
  std::string last_modified;
  std::string last_attempt_at;
  std::string last_success_at;
  std::int64_t last_status = 0;  // 0: no HTTP status (never fetched or transport error)
  std::string last_error;        // empty after a success
  std::int64_t consecutive_errors = 0;
  std::int64_t total_errors = 0;
  std::string next_attempt_at;
  std::int64_t articles_stored = 0;
};

// "disabled", "new" (never fetched), "failing" (last attempt failed) or "ok".
const char* source_state(const SourceRow& row);

// What one poll of a source came to; recorded on its row.
struct FetchOutcome {
  bool success = false;
  std::int64_t http_status = 0;
  std::string error;  // why it failed; empty on success
  std::string etag;   // validators to send next time (success only)
  std::string last_modified;
  std::string next_attempt_at;
};

// An article URL found in a source and not stored yet.
struct PendingPage {
  std::string url;  // canonicalised
  std::int64_t source_id = 0;
  std::string feed_title;
  std::string feed_published_at;
  std::int64_t attempts = 0;  // failed fetches so far
};

struct NewArticle {
  std::optional<std::int64_t> source_id;
  std::string url;            // canonicalised URL the article was fetched under
  std::string canonical_url;  // the page's own canonical URL (canonicalised), or `url`
  std::string site;           // host name
  std::string title;
  std::string author;
  std::string published_at;
  std::string fetched_at;
  std::string language;
  std::string text;
  std::vector<std::string> aliases;  // further URLs that lead to this article
};

// What store_article did (docs/schema.md, "How an article is stored").
// Every URL the article is known by: its aliases, url and canonical_url,
// each once, empty ones left out.
std::vector<std::string> all_urls(const NewArticle& article);

enum class StoreOutcome {
  kInserted,      // an original: new row, article.new
  kDuplicate,     // copy of another outlet's article: new row with duplicate_of, article.duplicate
  kRevision,      // same page, changed text: row updated, old text kept, article.updated
  kDuplicateUrl,  // one of its URLs is stored with the same text: URLs become aliases
  kDuplicateContent,  // same text stored on the same site under another URL: alias
};

const char* store_outcome_name(StoreOutcome outcome);

struct StoreResult {
  StoreOutcome outcome = StoreOutcome::kInserted;
  std::int64_t article_id = 0;      // the new or updated article, or the one its URLs now lead to
  std::int64_t event_id = 0;        // the article.* event; 0 when nothing new was stored
  std::int64_t story_id = 0;        // the article's story (0: none)
  std::int64_t story_event_id = 0;  // story.new / story.updated; 0 when none was written
  std::optional<std::int64_t> duplicate_of;
  std::int64_t revision = 1;
  std::string reason;  // the verdict's reason ("exact", "near", "same url", ...)
};

// A story and its articles, for `akhbar stories`.
struct StoryArticleRow {
  std::int64_t id = 0;
  std::string title;
  std::string site;
  std::string url;
  std::string published_at;
  std::string fetched_at;
  std::optional<std::int64_t> duplicate_of;
};

struct StoryRow {
  std::int64_t id = 0;
  std::string title;
  std::string first_seen_at;
  std::string last_seen_at;
  std::int64_t article_count = 0;
  std::vector<std::string> outlets;       // distinct sites, in order of first article
  std::vector<StoryArticleRow> articles;  // oldest first
};

struct EventRow {
  std::int64_t id = 0;
  std::string type;
  std::optional<std::int64_t> article_id;
  std::string created_at;
  std::string payload;  // JSON object
};

struct SearchHit {
  std::int64_t article_id = 0;
  std::string title;
  std::string url;
  std::string site;
  std::string published_at;
  std::string snippet;  // from the article text, around the first match
};

struct SearchOptions {
  int limit = 20;
  std::string since;     // UTC "YYYY-MM-DDTHH:MM:SSZ": published (else fetched) at or after
  std::string site;      // only this site (host, e.g. "www.aljazeera.net"); also matches
                         // without "www."
  std::string language;  // e.g. "ar"
  bool include_duplicates = false;  // near copies of a stored article are left out by default
};

class ArticleStore {
 public:
  explicit ArticleStore(Database& db) : db_(db) {}

  // Makes the sources table match the configuration: inserts new names,
  // updates url/kind/interval/enabled of known ones (keeping their fetch
  // state) and disables rows whose name is no longer configured.
  Status sync_sources(const std::vector<SourceSpec>& sources);
  Result<std::vector<SourceRow>> list_sources();
  Result<SourceRow> source_by_name(const std::string& name);
  Status record_fetch(std::int64_t source_id, const FetchOutcome& outcome);

  // The article stored under `url` (its own, canonical or an alias), if any.
  Result<std::optional<std::int64_t>> find_by_url(const std::string& url);
  // True when the stored article was fetched at or after `stored_since` and
  // `entry_updated_at` (its source's word that the entry changed) is later
  // than every fetch of its page: first, last revision and last check.
  // All three are UTC "YYYY-MM-DDTHH:MM:SSZ".
  Result<bool> needs_recheck(std::int64_t article_id, const std::string& entry_updated_at,
                             const std::string& stored_since);
  // Classifies the article against the store and `dedup` (dedup::classify)
  // and stores it accordingly, with its fingerprint, story and events, in one
  // transaction; takes its URLs off the pending queue. `dedup` is updated
  // after the commit (loaded first if it was not). See StoreOutcome.
  Result<StoreResult> store_article(const NewArticle& article, DedupState& dedup);
  // Stores a batch in one transaction (group commit: one WAL append and one
  // FTS flush for the lot). Each article is classified and written as
  // store_article() does; one that fails is undone alone and its error
  // returned in its slot, the others are kept. Later
  // articles of the batch are checked against earlier ones. If the commit
  // fails, every slot holds the error. Whenever memory and store may
  // disagree, `dedup` is marked for a rebuild on the next call.
  std::vector<Result<StoreResult>> store_articles(std::span<const NewArticle> articles,
                                                  DedupState& dedup);

  // Rebuilds `dedup` from the database: every stored fingerprint into the
  // near-duplicate index, the story assignments of articles fetched in the
  // last StoryOptions::active_seconds replayed into the clusterer.
  Result<DedupLoadStats> load_dedup_state(DedupState& dedup);

  // Stories seen at or after `since` (UTC text), most recent first, with
  // their articles; at most `limit` stories.
  Result<std::vector<StoryRow>> recent_stories(const std::string& since, int limit);

  // Queues newly found article URLs (already queued ones are left as they are).
  Status enqueue_pages(const std::vector<PendingPage>& pages);
  // Up to `limit` queued pages of the source that are due now, oldest first.
  Result<std::vector<PendingPage>> due_pages(std::int64_t source_id, int limit);
  // Records a failed fetch or extraction: retried at `next_attempt_at`, or
  // never again when `give_up` (the row stays for operators to see).
  Status page_failed(const std::string& url, const std::string& error,
                     const std::string& next_attempt_at, bool give_up);
  // Puts a page off until `next_attempt_at` without counting an attempt (the
  // site asked us to wait, or its robots.txt could not be read yet).
  Status postpone_page(const std::string& url, const std::string& reason,
                       const std::string& next_attempt_at);

  Result<std::vector<EventRow>> events_after(std::int64_t after_id, int limit);
  Result<std::int64_t> count_articles();
  Result<StoreCounts> counts();

  // Full-text search with Arabic folding (harakat, tatweel, hamza forms);
  // every query word must match; best matches first (bm25).
  Result<std::vector<SearchHit>> search(const std::string& query, const SearchOptions& options);

 private:
  Status add_aliases(std::int64_t article_id, const NewArticle& article);
  // A row of the search index to write when the batch ends. FTS5 writes its
  // pending terms to disk at every savepoint, and each article has one (and
  // each of its upserts another): indexing as the batch goes wrote a segment
  // per article and kept merging them. Written together before the commit,
  // the batch's terms go to disk once.
  struct SearchEntry {
    std::int64_t rowid = 0;
    std::string title;      // folded
    std::string body;       // folded
    bool replaces = false;  // a revision: the row's old entry goes first
  };
  Status write_search_entries(const std::vector<SearchEntry>& entries);
  // store_articles() in one transaction. With `isolate_each`, each article
  // is written inside its own savepoint, so that one that fails is undone
  // alone. Without, nothing is kept if one fails: the transaction is rolled
  // back, `dedup` marked for a rebuild, and nullopt returned.
  std::optional<std::vector<Result<StoreResult>>> store_batch(std::span<const NewArticle> articles,
                                                              DedupState& dedup, bool isolate_each);
  // One article of store_articles(), inside its savepoint if any; `index_entry` is
  // what the near-duplicate index learns once the savepoint is released,
  // `search` gains its search-index row.
  Result<StoreResult> store_one(const NewArticle& article, DedupState& dedup,
                                std::optional<dedup::IndexEntry>& index_entry,
                                std::vector<SearchEntry>& search);
  Result<std::optional<std::int64_t>> story_of(std::int64_t article_id);
  // What store_one derives from an article's text, for its row and the
  // search index.
  struct TextKeys {
    std::string folded;  // text::fold_for_matching(text): indexed for search
    std::string content_hash;
    std::string fingerprint;  // serialised
  };
  // The id the next article row gets (rowids are max + 1): known before the
  // insert, so the story is chosen first and written with the row.
  Result<std::int64_t> next_article_id();
  // Inserts the row under `id`, in story `story_id`; its search entry goes
  // to `search`.
  Status insert_article(const NewArticle& article, TextKeys& keys,
                        std::optional<std::int64_t> duplicate_of, std::int64_t id,
                        std::int64_t story_id, std::vector<SearchEntry>& search);
  Status revise_article(std::int64_t id, const NewArticle& article, TextKeys& keys,
                        std::int64_t& revision, std::vector<SearchEntry>& search);
  // Counts the article in its story (stories row upserted; the article row
  // names the story already); returns the story event's payload.
  Result<std::string> join_story(std::int64_t article_id, std::int64_t story_id,
                                 const NewArticle& article);
  Result<std::int64_t> add_event(const std::string& type, std::int64_t article_id,
                                 const std::string& payload);
  Database& db_;
};

}  // namespace akhbar::storage
