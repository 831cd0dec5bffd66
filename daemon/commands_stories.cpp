// `akhbar stories`: recent stories with their articles and outlets, read
// from the database without writing to it (like `sources list`).
#include <ctime>
#include <iostream>

#include "base/time.h"
#include "daemon/command_support.h"

namespace akhbar::daemon {

namespace {

Json story_json(const storage::StoryRow& story) {
  Json articles = Json::array();
  for (const auto& a : story.articles) {
    articles.push_back({{"id", a.id},
                        {"title", a.title},
                        {"site", a.site},
                        {"url", a.url},
                        {"published_at", a.published_at.empty() ? Json() : Json(a.published_at)},
                        {"fetched_at", a.fetched_at},
                        {"duplicate", a.duplicate_of.has_value()},
                        {"duplicate_of", a.duplicate_of ? Json(*a.duplicate_of) : Json()}});
  }
  return {{"id", story.id},
          {"title", story.title},
          {"first_seen_at", story.first_seen_at},
          {"last_seen_at", story.last_seen_at},
          {"article_count", story.article_count},
          {"outlets", story.outlets},
          {"articles", std::move(articles)}};
}

void print_story(const storage::StoryRow& story) {
  std::cout << "story " << story.id << "  " << story.first_seen_at << " .. " << story.last_seen_at
            << "  " << story.article_count << " article" << (story.article_count == 1 ? "" : "s")
            << ", " << story.outlets.size() << " outlet" << (story.outlets.size() == 1 ? "" : "s")
            << ":";
  for (const auto& outlet : story.outlets) std::cout << " " << outlet;
  std::cout << "\n  " << story.title << "\n";
  for (const auto& a : story.articles) {
    std::cout << "    " << a.id << "  " << a.site << "  " << a.title;
    if (a.duplicate_of) std::cout << "  [copy of " << *a.duplicate_of << "]";
    std::cout << "\n      " << a.url << "\n";
  }
}

}  // namespace

int cmd_stories(const ParsedArgs& args) {
  auto since = parse_duration(args.value("--since", "24h"));
  auto limit = parse_count("--limit", args.value("--limit", "20"));
  if (!since || !limit) {
    std::cerr << "akhbar: " << (!since ? "--since: " + since.error() : limit.error()) << "\n";
    return kExitUsage;
  }
  auto config = load_selected_config(args);
  if (!config) return fail(config.error());
  auto open = open_for_reading(*config);
  if (!open) return fail(open.error());
  std::vector<storage::StoryRow> stories;
  // A database from before schema version 2 has no stories yet.
  if (open->db->schema_version() >= 2) {
    auto rows = open->store->recent_stories(format_utc(std::time(nullptr) - *since),
                                            static_cast<int>(*limit));
    if (!rows) return fail(rows.error());
    stories = std::move(*rows);
  }
  if (args.has("--json")) {
    Json out = Json::array();
    for (const auto& story : stories) out.push_back(story_json(story));
    std::cout << dump(out) << "\n";
    return kExitOk;
  }
  for (const auto& story : stories) print_story(story);
  if (stories.empty()) std::cerr << "no stories in that period\n";
  return kExitOk;
}

}  // namespace akhbar::daemon
