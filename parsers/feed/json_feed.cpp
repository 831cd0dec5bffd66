// JSON Feed 1.0 and 1.1 (https://www.jsonfeed.org/version/1.1/).
#include <nlohmann/json.hpp>

#include <string>

#include "parsers/feed/formats.h"
#include "parsers/feed/html_text.h"
#include "parsers/feed/links.h"
#include "text/url.h"
#include "text/utf8.h"

namespace akhbar::parsers::feed_detail {

namespace {

using nlohmann::json;

// A string member, or a number written as a string; empty otherwise.
std::string string_member(const json& object, const char* key) {
  const auto it = object.find(key);
  if (it == object.end()) return {};
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number_integer()) return std::to_string(it->get<long long>());
  if (it->is_number_unsigned()) return std::to_string(it->get<unsigned long long>());
  return {};
}

// Relative URLs resolve against the document URL when there is one.
std::string url_member(const json& object, const char* key, const std::string& document_url) {
  std::string ref = text::collapse_whitespace(string_member(object, key));
  if (ref.empty() || document_url.empty()) return ref;
  return text::resolve_url(document_url, ref).value_or(ref);
}

// 1.1 "authors" (the first with a name), else 1.0 "author".
std::string author_of(const json& object) {
  if (const auto it = object.find("authors"); it != object.end() && it->is_array()) {
    for (const json& a : *it) {
      if (a.is_object()) {
        if (std::string name = string_member(a, "name"); !name.empty()) return name;
      }
    }
  }
  if (const auto it = object.find("author"); it != object.end() && it->is_object()) {
    return string_member(*it, "name");
  }
  return {};
}

FeedEntry parse_item(const json& item, const std::string& document_url) {
  FeedEntry entry;
  entry.written.id = text::collapse_whitespace(string_member(item, "id"));
  entry.title = text::collapse_whitespace(string_member(item, "title"));
  entry.written.link = url_member(item, "url", document_url);
  if (entry.written.link.empty())
    entry.written.link = url_member(item, "external_url", document_url);
  if (starts_with_http(entry.written.link)) entry.link = entry.written.link;

  if (std::string html = string_member(item, "content_html"); !html.empty()) {
    entry.content_text = html_to_text(html);
    entry.content = std::move(html);
  } else if (std::string plain = string_member(item, "content_text"); !plain.empty()) {
    entry.content_text = text::collapse_whitespace(plain);
    entry.content = std::move(plain);
  }
  if (std::string summary = string_member(item, "summary"); !summary.empty()) {
    entry.summary_text = text::collapse_whitespace(summary);
    entry.summary = std::move(summary);
  } else {
    entry.summary = entry.content;
    entry.summary_text = entry.content_text;
  }
  entry.written.author = author_of(item);
  entry.author = entry.written.author;
  entry.written.published_at = normalize_feed_date(string_member(item, "date_published"));
  entry.published_at = entry.written.published_at;
  entry.updated_at = normalize_feed_date(string_member(item, "date_modified"));
  if (const auto it = item.find("tags"); it != item.end() && it->is_array()) {
    for (const json& tag : *it) {
      if (!tag.is_string()) continue;
      if (std::string t = text::collapse_whitespace(tag.get<std::string>()); !t.empty()) {
        entry.categories.push_back(std::move(t));
      }
    }
  }
  if (const auto it = item.find("attachments"); it != item.end() && it->is_array()) {
    for (const json& a : *it) {
      if (!a.is_object()) continue;
      entry.enclosures.push_back({url_member(a, "url", document_url), string_member(a, "mime_type"),
                                  string_member(a, "size_in_bytes")});
    }
  }
  return entry;
}

// nlohmann's parser recurses once per nesting level: deeper documents are
// refused before it sees them. Real feeds nest four or five levels.
constexpr int kMaxDepth = 200;

bool nesting_within_limit(std::string_view s) {
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxDepth) return false;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return true;
}

}  // namespace

Result<Feed> parse_json_feed(std::string_view document, const std::string& document_url) {
  if (!nesting_within_limit(document)) return make_error("not a JSON Feed: nested too deeply");
  // No exceptions: a parse failure is a discarded value.
  const json root = json::parse(document, nullptr, /*allow_exceptions=*/false);
  if (root.is_discarded()) return make_error("not a JSON Feed: the document is not valid JSON");
  if (!root.is_object()) return make_error("not a JSON Feed: the document is not a JSON object");
  const std::string version = string_member(root, "version");
  Feed feed;
  if (version.starts_with("https://jsonfeed.org/version/1.1")) {
    feed.format = FeedFormat::kJson11;
  } else if (version.starts_with("https://jsonfeed.org/version/1")) {
    feed.format = FeedFormat::kJson10;
  } else {
    return make_error("not a JSON Feed: no https://jsonfeed.org/version/ in \"version\"");
  }
  feed.title = text::collapse_whitespace(string_member(root, "title"));
  feed.link = url_member(root, "home_page_url", document_url);
  feed.language = text::collapse_whitespace(string_member(root, "language"));
  if (const auto it = root.find("items"); it != root.end() && it->is_array()) {
    for (const json& item : *it) {
      if (item.is_object()) feed.entries.push_back(parse_item(item, document_url));
    }
  }
  return feed;
}

}  // namespace akhbar::parsers::feed_detail
