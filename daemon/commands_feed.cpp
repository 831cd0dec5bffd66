// `akhbar parse-feed`: one saved feed as akhbar sees it, or (--json, --batch)
// in the neutral feed-oracle/1 schema of ../shared/corpus/feeds/README.md
// that the feedparser oracle is written in.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <system_error>
#include <vector>

#include "daemon/command_support.h"
#include "fetchers/charset.h"
#include "parsers/feed.h"

namespace akhbar::daemon {

namespace {

namespace fs = std::filesystem;

Json or_null(const std::string& s) { return s.empty() ? Json(nullptr) : Json(s); }

// akhbar's own view: the fields consumers use.
Json akhbar_view(const parsers::Feed& feed) {
  Json entries = Json::array();
  for (const auto& e : feed.entries) {
    Json enclosures = Json::array();
    for (const auto& enc : e.enclosures) {
      enclosures.push_back({{"url", enc.url}, {"type", enc.type}, {"length", enc.length}});
    }
    entries.push_back({{"id", e.id},
                       {"guid", e.written.id},
                       {"title", e.title},
                       {"link", e.link},
                       {"author", e.author},
                       {"published_at", e.published_at},
                       {"updated_at", e.updated_at},
                       {"summary", e.summary},
                       {"content", e.content},
                       {"enclosures", enclosures},
                       {"categories", e.categories}});
  }
  return {{"format", std::string(parsers::feed_format_name(feed.format))},
          {"title", feed.title},
          {"link", feed.link},
          {"language", feed.language},
          {"updated_at", feed.updated_at},
          {"malformed", feed.malformed},
          {"malformed_reason", feed.malformed_reason},
          {"entries_share_guids", feed.entries_share_guids},
          {"entries", entries}};
}

// The feed-oracle/1 schema: what the document says, in feedparser's terms.
Json oracle_view(const parsers::Feed* feed, const std::string& encoding, const std::string& error) {
  Json out = {{"schema", "feed-oracle/1"},
              {"format", feed ? std::string(parsers::feed_format_name(feed->format)) : ""},
              {"encoding", encoding},
              // A well-formed XML document that is not a feed is not bozo.
              {"bozo", feed ? feed->malformed : !error.starts_with("not a feed")}};
  if (!feed) {
    out["feed"] = {
        {"title", nullptr}, {"link", nullptr}, {"language", nullptr}, {"updated", nullptr}};
    out["entries"] = Json::array();
    out["_debug"] = {{"error", error}};
    return out;
  }
  out["feed"] = {{"title", or_null(feed->title)},
                 {"link", or_null(feed->link)},
                 {"language", or_null(feed->language)},
                 {"updated", or_null(feed->updated_at)}};
  Json entries = Json::array();
  for (const auto& e : feed->entries) {
    Json enclosures = Json::array();
    for (const auto& enc : e.enclosures) {
      enclosures.push_back(
          {{"url", enc.url}, {"type", or_null(enc.type)}, {"length", or_null(enc.length)}});
    }
    entries.push_back({{"id", or_null(e.written.id)},
                       {"title", or_null(e.title)},
                       {"link", or_null(e.written.link)},
                       {"published", or_null(e.written.published_at)},
                       {"updated", or_null(e.updated_at)},
                       {"author", or_null(e.written.author)},
                       {"summary", or_null(e.summary_text)},
                       {"content", or_null(e.content_text)},
                       {"enclosures", enclosures},
                       {"categories", e.categories},
                       {"_debug", {{"akhbar_id", e.id}}}});
  }
  out["entries"] = entries;
  out["_debug"] = {{"bozo_exception", or_null(feed->malformed_reason)}};
  return out;
}

int parse_one(const ParsedArgs& args) {
  const std::string& path = args.positional.at(0);
  auto raw = read_file(path);
  if (!raw) return fail(raw.error());
  const auto decoded = fetchers::decode_to_utf8(*raw, "");
  auto feed = parsers::parse_feed(decoded.text,
                                  {.base_url = args.value("--url"), .known_valid_utf8 = true});
  if (!feed) return fail(path + ": " + feed.error());
  const Json out =
      args.has("--json") ? oracle_view(&*feed, decoded.charset, "") : akhbar_view(*feed);
  std::cout << dump(out) << "\n";
  return kExitOk;
}

Status write_text(const fs::path& path, const std::string& text) {
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  if (ec) return make_error(path.parent_path().string() + ": " + ec.message());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) return make_error(path.string() + ": cannot write");
  return {};
}

int parse_batch(const ParsedArgs& args) {
  const fs::path in_dir = args.positional.at(0);
  const fs::path out_dir = args.positional.at(1);
  std::error_code ec;
  if (!fs::is_directory(in_dir, ec)) return fail(in_dir.string() + ": not a directory");
  std::vector<fs::path> files;
  for (fs::recursive_directory_iterator it(in_dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    const std::string name = it->path().filename().string();
    if (name.ends_with(".expected.json")) continue;  // oracle files next to their inputs
    files.push_back(it->path());
  }
  if (ec) return fail(in_dir.string() + ": " + ec.message());
  std::sort(files.begin(), files.end());

  const auto start = std::chrono::steady_clock::now();
  std::size_t parsed = 0, not_feeds = 0, malformed = 0, io_errors = 0;
  for (const fs::path& file : files) {
    const fs::path rel = fs::relative(file, in_dir, ec);
    auto raw = read_file(file.string());
    if (!raw || ec) {
      std::cerr << "akhbar parse-feed: " << file.string() << ": "
                << (raw ? ec.message() : raw.error()) << "\n";
      ++io_errors;
      continue;
    }
    const auto decoded = fetchers::decode_to_utf8(*raw, "");
    const auto feed = parsers::parse_feed(decoded.text, {.base_url = {}, .known_valid_utf8 = true});
    Json out;
    if (feed) {
      ++parsed;
      if (feed->malformed) ++malformed;
      out = oracle_view(&*feed, decoded.charset, "");
    } else {
      ++not_feeds;
      std::cerr << "akhbar parse-feed: " << file.string() << ": " << feed.error() << "\n";
      out = oracle_view(nullptr, decoded.charset, feed.error());
    }
    fs::path target = out_dir / rel;
    target += ".json";
    if (Status st = write_text(target, dump(out) + "\n"); !st) {
      std::cerr << "akhbar parse-feed: " << st.error() << "\n";
      ++io_errors;
    }
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  char summary[256];
  std::snprintf(summary, sizeof summary,
                "parse-feed: %zu files, %zu feeds (%zu malformed), %zu not feeds, %zu I/O "
                "errors in %.2f s (%.0f files/s)\n",
                files.size(), parsed, malformed, not_feeds, io_errors, seconds,
                seconds > 0 ? static_cast<double>(files.size()) / seconds : 0.0);
  std::cerr << summary;
  return io_errors == 0 ? kExitOk : kExitFailure;
}

}  // namespace

int cmd_parse_feed(const ParsedArgs& args) {
  return args.has("--batch") ? parse_batch(args) : parse_one(args);
}

}  // namespace akhbar::daemon
