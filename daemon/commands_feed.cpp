#include "daemon/command_support.h"

#include <iostream>

#include "fetchers/charset.h"
#include "parsers/feed.h"

namespace akhbar::daemon {

int cmd_parse_feed(const ParsedArgs& args) {
  const std::string& path = args.positional.at(0);
  auto raw = read_file(path);
  if (!raw) return fail(raw.error());
  const auto decoded = fetchers::decode_to_utf8(*raw, "");
  auto feed = parsers::parse_feed(decoded.text, {args.value("--url")});
  if (!feed) return fail(path + ": " + feed.error());
  Json entries = Json::array();
  for (const auto& e : feed->entries) {
    entries.push_back({{"id", e.id},
                       {"title", e.title},
                       {"link", e.link},
                       {"author", e.author},
                       {"published_at", e.published_at},
                       {"updated_at", e.updated_at},
                       {"summary", e.summary}});
  }
  const Json out = {{"format", std::string(parsers::feed_format_name(feed->format))},
                    {"title", feed->title},
                    {"link", feed->link},
                    {"language", feed->language},
                    {"entries", entries}};
  std::cout << dump(out) << "\n";
  return kExitOk;
}

}  // namespace akhbar::daemon
