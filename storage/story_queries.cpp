// ArticleStore::recent_stories: the read side of stories for `akhbar
// stories` (read-only; works on a read-only connection).
#include <algorithm>

#include "storage/article_store.h"
#include "storage/sqlite.h"

namespace akhbar::storage {

Result<std::vector<StoryRow>> ArticleStore::recent_stories(const std::string& since, int limit) {
  sqlite3* db = db_.handle();
  std::vector<StoryRow> stories;
  Statement q(db,
              "SELECT id, title, first_seen_at, last_seen_at, article_count FROM stories "
              "WHERE last_seen_at >= ?1 ORDER BY last_seen_at DESC, id DESC LIMIT ?2");
  q.bind(1, since).bind(2, std::int64_t{limit});
  for (;;) {
    auto row = q.step();
    if (!row) return make_error("read stories: " + row.error());
    if (!*row) break;
    StoryRow story;
    story.id = q.column_int(0);
    story.title = q.column_text(1);
    story.first_seen_at = q.column_text(2);
    story.last_seen_at = q.column_text(3);
    story.article_count = q.column_int(4);
    stories.push_back(std::move(story));
  }
  Statement members(db,
                    "SELECT id, title, site, url, coalesce(published_at, ''), fetched_at, "
                    "duplicate_of FROM articles WHERE story_id = ?1 ORDER BY fetched_at, id");
  for (auto& story : stories) {
    members.reset();
    members.bind(1, story.id);
    for (;;) {
      auto row = members.step();
      if (!row) return make_error("read the articles of a story: " + row.error());
      if (!*row) break;
      StoryArticleRow a{members.column_int(0),
                        members.column_text(1),
                        members.column_text(2),
                        members.column_text(3),
                        members.column_text(4),
                        members.column_text(5),
                        std::nullopt};
      if (!members.column_is_null(6)) a.duplicate_of = members.column_int(6);
      if (std::find(story.outlets.begin(), story.outlets.end(), a.site) == story.outlets.end()) {
        story.outlets.push_back(a.site);
      }
      story.articles.push_back(std::move(a));
    }
  }
  return stories;
}

}  // namespace akhbar::storage
