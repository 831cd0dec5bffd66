// Feed parsing: RSS 2.0 (and 0.9x), RSS 1.0 (RDF) and Atom 1.0 documents
// become a Feed value. Pure: bytes in, value out, no network, no database.
// Input must already be UTF-8 (the fetchers decode charsets); an XML
// declaration naming another encoding is ignored.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace akhbar::parsers {

enum class FeedFormat { kRss20, kRss10, kAtom10 };

std::string_view feed_format_name(FeedFormat format);  // "rss20", "rss10", "atom10"

struct FeedEntry {
  std::string id;            // guid / atom:id; falls back to the link
  std::string title;         // plain text, entities decoded, white space collapsed
  std::string link;          // absolute http(s) URL of the article page; empty if none
  std::string summary;       // as given (may contain HTML)
  std::string author;        // plain text name
  std::string published_at;  // ISO 8601 UTC "YYYY-MM-DDTHH:MM:SSZ", empty if absent/unparseable
  std::string updated_at;    // same format
};

struct Feed {
  FeedFormat format = FeedFormat::kRss20;
  std::string title;
  std::string link;
  std::string language;
  std::vector<FeedEntry> entries;  // in document order
};

struct FeedParseOptions {
  // URL the document was fetched from: relative links resolve against it
  // (and against xml:base where the document sets one).
  std::string base_url;
};

// Errors: not XML at all, XML that is not a feed (no rss/rdf:RDF/feed root).
// An entry without a usable link is kept with an empty link; the caller skips it.
Result<Feed> parse_feed(std::string_view xml, const FeedParseOptions& options = {});

// Parses RFC 822/1123 ("Tue, 10 Jun 2003 04:00:00 GMT", numeric and named
// zones) and RFC 3339 / ISO 8601 dates into "YYYY-MM-DDTHH:MM:SSZ" (UTC).
// Empty string when it cannot parse the date.
std::string normalize_feed_date(std::string_view raw);

}  // namespace akhbar::parsers
