// ArticleStore::store_article and the dedup state it keeps: the verdict of
// dedup::classify turned into rows and events (docs/schema.md, "How an
// article is stored"), and the start-up rebuild of DedupState.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <span>

#include "base/time.h"
#include "dedup/content_hash.h"
#include "dedup/fingerprint.h"
#include "storage/article_store.h"
#include "storage/sqlite.h"
#include "text/normalize.h"

namespace akhbar::storage {

namespace {

using Json = nlohmann::ordered_json;

Json or_null(const std::string& s) { return s.empty() ? Json() : Json(s); }

Json or_null(std::optional<std::int64_t> v) { return v ? Json(*v) : Json(); }

std::string dump(const Json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::time_t time_or(const std::string& utc, std::time_t fallback) {
  const std::time_t t = utc.empty() ? -1 : parse_utc(utc);
  return t == -1 ? fallback : t;
}

// The time a story sees an article at: when it was published if the page or
// feed said so in UTC form, else when it was fetched.
std::time_t story_time(const std::string& published_at, const std::string& fetched_at) {
  return time_or(published_at, time_or(fetched_at, std::time(nullptr)));
}

Json article_payload(std::int64_t id, const NewArticle& a, const StoreResult& r) {
  Json payload = {
      {"article_id", id},
      {"url", a.url},
      {"canonical_url", a.canonical_url},
      {"site", a.site},
      {"title", a.title},
      {"published_at", or_null(a.published_at)},
      {"language", or_null(a.language)},
  };
  if (a.source_id) payload["source_id"] = *a.source_id;
  payload["story_id"] = r.story_id != 0 ? Json(r.story_id) : Json();
  payload["duplicate_of"] = or_null(r.duplicate_of);
  payload["revision"] = r.revision;
  return payload;
}

}  // namespace

const char* store_outcome_name(StoreOutcome outcome) {
  switch (outcome) {
    case StoreOutcome::kInserted:
      return "new";
    case StoreOutcome::kDuplicate:
      return "duplicate";
    case StoreOutcome::kRevision:
      return "revision";
    case StoreOutcome::kDuplicateUrl:
      return "known url";
    case StoreOutcome::kDuplicateContent:
      return "same text on the same site";
  }
  return "new";
}

Result<std::int64_t> ArticleStore::add_event(const std::string& type, std::int64_t article_id,
                                             const std::string& payload) {
  Statement event(db_,
                  "INSERT INTO events (type, article_id, created_at, payload) "
                  "VALUES (?1, ?2, ?3, ?4)");
  event.bind(1, type).bind(2, article_id).bind(3, utc_now()).bind(4, payload);
  if (Status st = event.run(); !st) return make_error("insert event: " + st.error());
  return static_cast<std::int64_t>(sqlite3_last_insert_rowid(db_.handle()));
}

Result<std::optional<std::int64_t>> ArticleStore::story_of(std::int64_t article_id) {
  Statement q(db_, "SELECT story_id FROM articles WHERE id = ?1");
  q.bind(1, article_id);
  auto row = q.step();
  if (!row) return make_error(row.error());
  if (!*row || q.column_is_null(0)) return std::optional<std::int64_t>();
  return std::optional<std::int64_t>(q.column_int(0));
}

Result<std::int64_t> ArticleStore::next_article_id() {
  Statement q(db_, "SELECT coalesce(max(id), 0) + 1 FROM articles");
  auto row = q.step();
  if (!row || !*row) return make_error("next article id: " + (row ? "no row" : row.error()));
  return q.column_int(0);
}

Status ArticleStore::insert_article(const NewArticle& article, TextKeys& keys,
                                    std::optional<std::int64_t> duplicate_of, std::int64_t id,
                                    std::int64_t story_id, std::vector<SearchEntry>& search) {
  Database& db = db_;
  Statement insert(db,
                   "INSERT INTO articles (source_id, url, canonical_url, site, title, author, "
                   "published_at, fetched_at, language, text, content_hash, fingerprint, "
                   "duplicate_of, id, story_id) "
                   "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)");
  if (article.source_id) {
    insert.bind(1, *article.source_id);
  } else {
    insert.bind_null(1);
  }
  insert.bind(2, article.url).bind(3, article.canonical_url).bind(4, article.site);
  insert.bind(5, article.title);
  insert.bind_optional(6, article.author.empty() ? std::nullopt : std::optional(article.author));
  insert.bind_optional(
      7, article.published_at.empty() ? std::nullopt : std::optional(article.published_at));
  insert.bind(8, article.fetched_at);
  insert.bind_optional(9,
                       article.language.empty() ? std::nullopt : std::optional(article.language));
  insert.bind(10, article.text).bind(11, keys.content_hash).bind_blob(12, keys.fingerprint);
  if (duplicate_of) {
    insert.bind(13, *duplicate_of);
  } else {
    insert.bind_null(13);
  }
  insert.bind(14, id).bind(15, story_id);
  if (Status st = insert.run(); !st) return make_error("insert article: " + st.error());

  search.push_back({id, text::fold_for_matching(article.title), std::move(keys.folded), false});
  if (article.source_id) {
    Statement count(db, "UPDATE sources SET articles_stored = articles_stored + 1 WHERE id = ?1");
    if (Status st = count.bind(1, *article.source_id).run(); !st) return st;
  }
  return {};
}

Status ArticleStore::revise_article(std::int64_t id, const NewArticle& article, TextKeys& keys,
                                    std::int64_t& revision, std::vector<SearchEntry>& search) {
  Database& db = db_;
  const std::string& now = article.fetched_at;
  // The current text becomes a revision row; its fetch time is when it
  // replaced the one before (updated_at), or the first fetch. The new text
  // was fetched now: that is when it replaced the old one.
  Statement keep(db,
                 "INSERT INTO article_revisions (article_id, revision, title, text, content_hash, "
                 "fetched_at, replaced_at) SELECT id, revision, title, text, content_hash, "
                 "coalesce(updated_at, fetched_at), ?2 FROM articles WHERE id = ?1");
  if (Status st = keep.bind(1, id).bind(2, now).run(); !st) {
    return make_error("keep the previous revision: " + st.error());
  }
  Statement update(
      db,
      "UPDATE articles SET title = ?2, text = ?3, content_hash = ?4, fingerprint = ?5, "
      "author = coalesce(?6, author), published_at = coalesce(?7, published_at), "
      "revision = revision + 1, updated_at = ?8 WHERE id = ?1 RETURNING revision");
  update.bind(1, id).bind(2, article.title).bind(3, article.text).bind(4, keys.content_hash);
  update.bind_blob(5, keys.fingerprint);
  update.bind_optional(6, article.author.empty() ? std::nullopt : std::optional(article.author));
  update.bind_optional(
      7, article.published_at.empty() ? std::nullopt : std::optional(article.published_at));
  update.bind(8, now);
  auto row = update.step();
  if (!row) return make_error("update article: " + row.error());
  if (!*row) return make_error("update article: article " + std::to_string(id) + " is gone");
  revision = update.column_int(0);
  update.reset();

  search.push_back({id, text::fold_for_matching(article.title), std::move(keys.folded), true});
  return {};
}

Status ArticleStore::write_search_entries(const std::vector<SearchEntry>& entries) {
  for (const SearchEntry& e : entries) {
    if (e.replaces) {
      Statement unindex(db_, "DELETE FROM articles_fts WHERE rowid = ?1");
      if (Status st = unindex.bind(1, e.rowid).run(); !st) {
        return make_error("index article " + std::to_string(e.rowid) + ": " + st.error());
      }
    }
    Statement index(db_, "INSERT INTO articles_fts (rowid, title, body) VALUES (?1, ?2, ?3)");
    index.bind(1, e.rowid).bind(2, e.title).bind(3, e.body);
    if (Status st = index.run(); !st) {
      return make_error("index article " + std::to_string(e.rowid) + ": " + st.error());
    }
  }
  return {};
}

Result<std::string> ArticleStore::join_story(std::int64_t article_id, std::int64_t story_id,
                                             const NewArticle& article) {
  Database& db = db_;
  const std::string seen = format_utc(story_time(article.published_at, article.fetched_at));
  Statement upsert(db,
                   "INSERT INTO stories (id, title, first_seen_at, last_seen_at, article_count) "
                   "VALUES (?1, ?2, ?3, ?3, 1) ON CONFLICT (id) DO UPDATE SET "
                   "first_seen_at = min(first_seen_at, excluded.first_seen_at), "
                   "last_seen_at = max(last_seen_at, excluded.last_seen_at), "
                   "article_count = article_count + 1 "
                   "RETURNING title, first_seen_at, last_seen_at, article_count");
  upsert.bind(1, story_id).bind(2, article.title).bind(3, seen);
  auto row = upsert.step();
  if (!row || !*row) return make_error("update story: " + (row ? "no row" : row.error()));
  const Json payload = {{"story_id", story_id},
                        {"title", upsert.column_text(0)},
                        {"article_id", article_id},
                        {"site", article.site},
                        // What a sink's `languages` filter matches, as for article events.
                        {"language", or_null(article.language)},
                        {"article_count", upsert.column_int(3)},
                        {"first_seen_at", upsert.column_text(1)},
                        {"last_seen_at", upsert.column_text(2)}};
  upsert.reset();
  return dump(payload);
}

Result<StoreResult> ArticleStore::store_article(const NewArticle& article, DedupState& dedup) {
  return std::move(store_articles(std::span(&article, 1), dedup).front());
}

std::vector<Result<StoreResult>> ArticleStore::store_articles(std::span<const NewArticle> articles,
                                                              DedupState& dedup) {
  if (articles.empty()) return {};
  // Every article in a savepoint of its own costs SQLite a copy of each
  // page the article changes (some 25), made before the change in case the
  // savepoint is rolled back; bench/ingest spent 3.4 % of its instructions
  // and much of its allocation on them. Articles fail only on database
  // errors, which are rare, so the batch is first written without them; if
  // one fails, that attempt is rolled back and the batch written again with
  // a savepoint around each article.
  if (auto results = store_batch(articles, dedup, false)) return std::move(*results);
  return std::move(*store_batch(articles, dedup, true));
}

std::optional<std::vector<Result<StoreResult>>> ArticleStore::store_batch(
    std::span<const NewArticle> articles, DedupState& dedup, bool isolate_each) {
  std::vector<Result<StoreResult>> results;
  results.reserve(articles.size());
  const auto fail_all = [&](const std::string& error) {
    results.clear();
    for (std::size_t i = 0; i < articles.size(); ++i) results.emplace_back(make_error(error));
    return std::move(results);
  };
  if (!dedup.loaded) {
    auto loaded = load_dedup_state(dedup);
    if (!loaded) return fail_all("cannot load the dedup state: " + loaded.error());
  }
  Transaction transaction(db_.handle());
  if (!transaction.begin_status()) return fail_all(transaction.begin_status().error());
  bool state_diverged = false;  // memory holds what the store does not
  std::vector<SearchEntry> search;
  for (const NewArticle& article : articles) {
    // Isolated: each article in its own savepoint, so one that fails is undone alone.
    if (isolate_each) {
      if (Status st = Statement(db_, "SAVEPOINT article").run(); !st) {
        results.emplace_back(make_error(st.error()));
        continue;
      }
    }
    std::optional<dedup::IndexEntry> index_entry;
    const std::size_t search_before = search.size();
    auto stored = store_one(article, dedup, index_entry, search);
    if (stored && isolate_each) {
      if (Status st = Statement(db_, "RELEASE article").run(); !st) {
        stored = make_error(st.error());
      }
    }
    if (!stored) {
      if (!isolate_each) {
        // The clusterer may have counted articles whose rows are rolled back
        // with the transaction as it goes out of scope.
        dedup.loaded = false;
        return std::nullopt;
      }
      (void)Statement(db_, "ROLLBACK TO article").run();
      (void)Statement(db_, "RELEASE article").run();
      search.resize(search_before);
      // The clusterer may have counted the article before its rows failed.
      state_diverged = true;
    } else if (index_entry) {
      // Later articles of the batch are checked against this one.
      dedup.index.add(std::move(*index_entry));
    }
    results.push_back(std::move(stored));
  }
  // In the batch's transaction: an article is searchable when it is stored.
  if (Status st = write_search_entries(search); !st) {
    dedup.loaded = false;  // the transaction is rolled back as it goes out of scope
    return fail_all(st.error());
  }
  if (Status st = transaction.commit(); !st) {
    dedup.loaded = false;  // the index and stories saw rows that are not there
    return fail_all("commit: " + st.error());
  }
  if (state_diverged) dedup.loaded = false;  // rebuilt from the store on the next call
  return results;
}

Result<StoreResult> ArticleStore::store_one(const NewArticle& article, DedupState& dedup,
                                            std::optional<dedup::IndexEntry>& index_entry,
                                            std::vector<SearchEntry>& search) {
  Database& db = db_;
  const std::time_t fetched = time_or(article.fetched_at, std::time(nullptr));
  // Folded once: the content hash, the fingerprint and the search index all
  // read the folded text.
  TextKeys keys;
  keys.folded = text::fold_for_matching(article.text);
  const std::string hash = dedup::content_hash_of_folded(keys.folded);
  dedup::ArticleToClassify input;
  input.text = article.text;
  input.folded = keys.folded;
  input.time = fetched;
  // 1. The same page under one of its URLs (own, canonical, after redirects).
  for (const auto& url : all_urls(article)) {
    auto existing = find_by_url(url);
    if (!existing) return make_error(existing.error());
    if (!*existing) continue;
    Statement q(db, "SELECT content_hash FROM articles WHERE id = ?1");
    q.bind(1, **existing);
    auto row = q.step();
    if (!row) return make_error(row.error());
    input.same_url = dedup::StoredArticleRef{**existing, *row ? q.column_text(0) : ""};
    break;
  }
  StoreResult result;
  // 2. The same text: on the same site it is the same page under another URL
  // (an alias, as before version 2); from another outlet, a copy.
  if (!input.same_url) {
    Statement q(db,
                "SELECT id, coalesce(duplicate_of, id), site = ?2 FROM articles "
                "WHERE content_hash = ?1 ORDER BY site = ?2 DESC, id LIMIT 1");
    q.bind(1, hash).bind(2, article.site);
    auto row = q.step();
    if (!row) return make_error(row.error());
    if (*row && q.column_int(2) != 0) {
      result.outcome = StoreOutcome::kDuplicateContent;
      result.article_id = q.column_int(0);
      result.reason = "exact, same site";
      q.reset();
      if (Status st = add_aliases(result.article_id, article); !st) return make_error(st.error());
      return result;
    }
    if (*row) input.same_content_hash = q.column_int(1);
  }
  const dedup::TextLookup text_of = [&db](std::int64_t id) -> std::optional<std::string> {
    Statement q(db, "SELECT text FROM articles WHERE id = ?1");
    q.bind(1, id);
    auto row = q.step();
    // A text dropped by retention ('') is as good as gone: the candidate is
    // then judged on its fingerprint alone.
    if (!row || !*row || q.column_text(0).empty()) return std::nullopt;
    return q.column_text(0);
  };
  const dedup::Verdict v = dedup::classify(input, dedup.index, text_of, dedup.options.classify);
  keys.content_hash = v.content_hash;
  keys.fingerprint = dedup::serialize_fingerprint(v.fingerprint);
  result.reason = v.reason;
  const dedup::StoryArticle story_input{
      0, story_time(article.published_at, article.fetched_at), article.title, article.text, {}};

  std::int64_t first_copy = 0;  // what the index links the new fingerprint to
  std::string event_type;
  std::pair<std::string, std::string> story_event;  // type and payload, when one is due
  switch (v.kind) {
    case dedup::VerdictKind::kUnchanged: {
      result.outcome = StoreOutcome::kDuplicateUrl;
      result.article_id = v.of;
      if (Status st = add_aliases(v.of, article); !st) return make_error(st.error());
      // The page was fetched again and had not changed: remembered, so that
      // its source's "updated" mark does not send us back every poll.
      Statement checked(db, "UPDATE articles SET checked_at = ?2 WHERE id = ?1");
      if (Status st = checked.bind(1, v.of).bind(2, article.fetched_at).run(); !st) {
        return make_error(st.error());
      }
      return result;
    }
    case dedup::VerdictKind::kRevision: {
      result.outcome = StoreOutcome::kRevision;
      result.article_id = v.of;
      if (Status st = revise_article(v.of, article, keys, result.revision, search); !st) {
        return make_error(st.error());
      }
      Statement q(db,
                  "SELECT coalesce(duplicate_of, id), duplicate_of, story_id FROM articles "
                  "WHERE id = ?1");
      q.bind(1, v.of);
      if (auto row = q.step(); !row || !*row) return make_error("revised article is gone");
      first_copy = q.column_int(0);
      if (!q.column_is_null(1)) result.duplicate_of = q.column_int(1);
      result.story_id = q.column_is_null(2) ? 0 : q.column_int(2);
      event_type = "article.updated";
      break;
    }
    case dedup::VerdictKind::kDuplicate:
    case dedup::VerdictKind::kNew: {
      const bool duplicate = v.kind == dedup::VerdictKind::kDuplicate;
      result.outcome = StoreOutcome::kInserted;
      if (duplicate) {
        result.outcome = StoreOutcome::kDuplicate;
        result.duplicate_of = v.of;
      }
      auto id = next_article_id();
      if (!id) return make_error(id.error());
      result.article_id = *id;
      first_copy = duplicate ? v.of : *id;
      dedup::StoryArticle story = story_input;
      story.id = *id;
      // A copy belongs to its first copy's story; an original (or a copy of
      // an article stored before stories existed) is clustered.
      std::optional<std::int64_t> story_id;
      if (duplicate) {
        auto of = story_of(v.of);
        if (!of) return make_error(of.error());
        story_id = *of;
      }
      bool new_story = false;
      if (story_id) {
        dedup.stories.restore(story, *story_id);
      } else {
        for (std::int64_t other : v.different_facts) {
          auto excluded = story_of(other);
          if (!excluded) return make_error(excluded.error());
          if (*excluded) story.exclude_stories.push_back(**excluded);
        }
        // Before insert_article, which takes keys.folded for the search index.
        const dedup::StoryAssignment assigned = dedup.stories.assign(story, keys.folded);
        story_id = assigned.story_id;
        new_story = assigned.new_story;
      }
      if (Status st = insert_article(article, keys, result.duplicate_of, *id, *story_id, search);
          !st) {
        return make_error(st.error());
      }
      auto payload = join_story(*id, *story_id, article);
      if (!payload) return make_error(payload.error());
      result.story_id = *story_id;
      story_event = {new_story ? "story.new" : "story.updated", std::move(*payload)};
      event_type = duplicate ? "article.duplicate" : "article.new";
      break;
    }
  }
  if (Status st = add_aliases(result.article_id, article); !st) return make_error(st.error());
  auto event = add_event(event_type, result.article_id,
                         dump(article_payload(result.article_id, article, result)));
  if (!event) return make_error(event.error());
  result.event_id = *event;
  // The story event follows the article event: a consumer reading in id
  // order learns of the article first.
  if (!story_event.first.empty()) {
    auto written = add_event(story_event.first, result.article_id, story_event.second);
    if (!written) return make_error(written.error());
    result.story_event_id = *written;
  }
  index_entry = dedup::IndexEntry{result.article_id, first_copy, fetched, v.fingerprint};
  return result;
}

Result<DedupLoadStats> ArticleStore::load_dedup_state(DedupState& dedup) {
  const auto started = std::chrono::steady_clock::now();
  sqlite3* db = db_.handle();
  DedupLoadStats stats;
  const std::time_t now = std::time(nullptr);
  std::vector<dedup::IndexEntry> entries;
  {
    Statement q(db,
                "SELECT id, coalesce(duplicate_of, id), fetched_at, fingerprint FROM articles "
                "WHERE fingerprint IS NOT NULL");
    for (;;) {
      auto row = q.step();
      if (!row) return make_error("read fingerprints: " + row.error());
      if (!*row) break;
      auto f = dedup::deserialize_fingerprint(q.column_blob(3));
      if (!f) {
        ++stats.bad_fingerprints;
        continue;
      }
      entries.push_back({q.column_int(0), q.column_int(1), time_or(q.column_text(2), now), *f});
    }
  }
  // Revisions are not re-added: only the current text of a revised article
  // is found after a restart (its earlier fingerprints are not stored).
  std::time_t newest = now;
  for (const auto& e : entries) newest = std::max<std::time_t>(newest, e.time);
  stats.fingerprints = static_cast<std::int64_t>(entries.size());
  dedup.index = dedup::NearDuplicateIndex::rebuild(std::move(entries), newest, dedup.options.index);

  // Stories: replay the assignments of the clusterer's active period, in the
  // order it saw them.
  dedup.stories = dedup::StoryClusterer(dedup.options.stories);
  struct Replay {
    std::int64_t time, id, story;
    std::string title, text;
  };
  std::vector<Replay> replay;
  {
    Statement q(db,
                "SELECT id, story_id, title, text, coalesce(published_at, ''), fetched_at "
                "FROM articles WHERE story_id IS NOT NULL AND fetched_at >= ?1");
    q.bind(1, format_utc(now - dedup.options.stories.active_seconds));
    for (;;) {
      auto row = q.step();
      if (!row) return make_error("read story assignments: " + row.error());
      if (!*row) break;
      replay.push_back({story_time(q.column_text(4), q.column_text(5)), q.column_int(0),
                        q.column_int(1), q.column_text(2), q.column_text(3)});
    }
  }
  std::sort(replay.begin(), replay.end(), [](const Replay& a, const Replay& b) {
    return a.time != b.time ? a.time < b.time : a.id < b.id;
  });
  for (const auto& r : replay) {
    dedup.stories.restore({r.id, r.time, r.title, r.text, {}}, r.story);
  }
  stats.stories_restored = static_cast<std::int64_t>(replay.size());
  dedup.loaded = true;
  stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return stats;
}

}  // namespace akhbar::storage
