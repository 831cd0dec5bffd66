// Feed parsing: RSS 0.90-2.0, RSS 1.0 (RDF), Atom 0.3 and 1.0, and JSON Feed
// 1.0/1.1 documents become a Feed value. Pure: bytes in, value out, no
// network, no database. Input must already be UTF-8 (the fetchers decode
// charsets); an XML declaration naming another encoding is ignored.
//
// Malformed documents are normal on the web. When strict XML parsing fails,
// a lenient second pass repairs the buffer (stray '&', undefined entities,
// garbage before the root, unclosed elements of a truncated document) and
// parses that; what it recovers is returned with `malformed` set.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace akhbar::parsers {

// The format and version, named as feedparser's `version` strings.
enum class FeedFormat {
  kRss20,
  kRss10,
  kAtom10,
  kRss090,
  kRss091Netscape,
  kRss091Userland,
  kRss092,
  kRss093,
  kRss094,
  kRss,  // RSS with no or an unknown version
  kAtom03,
  kAtom,  // Atom with no or an unknown version
  kJson10,
  kJson11,
};

// "rss20", "rss10", "atom10", "rss090", "rss091n", "rss091u", "rss092",
// "rss093", "rss094", "rss", "atom03", "atom", "json1", "json11".
std::string_view feed_format_name(FeedFormat format);

struct FeedEnclosure {
  std::string url;
  std::string type;
  std::string length;  // as written; empty when absent
};

struct FeedEntry {
  // Identity for deduplication, never empty: the guid (atom:id, rdf:about,
  // JSON id), else the link, else "sha1:" + a hash of title and date. A guid
  // that several entries of one document share is not used (see
  // entries_share_guids).
  std::string id;
  std::string title;         // plain text, entities decoded, white space collapsed
  std::string link;          // absolute http(s) URL of the article page; empty if none
  std::string summary;       // as given (may contain HTML); content when there is no summary
  std::string summary_text;  // `summary` as plain text (html rules or collapsed text)
  std::string content;       // content:encoded / atom:content / content_html, as given
  std::string content_text;  // `content` as plain text
  std::string author;        // plain text name
  std::string published_at;  // ISO 8601 UTC "YYYY-MM-DDTHH:MM:SSZ", empty if absent/unparseable
  std::string updated_at;    // same format
  std::vector<FeedEnclosure> enclosures;  // RSS <enclosure>, Atom rel="enclosure"
  std::vector<std::string> categories;    // category, dc:subject, itunes:keywords, tags

  // The fields as the document itself writes them, which the convenience
  // fields above refine: what `akhbar parse-feed --json` reports.
  struct AsWritten {
    std::string id;            // guid / atom:id / rdf:about; empty if none
    std::string link;          // resolved where a base allows, else as written
    std::string author;        // "jo@example.com (Jo)" stays so; Atom: "name (email)"
    std::string published_at;  // publication date only (no fallback to dc:date)
  } written;
};

struct Feed {
  FeedFormat format = FeedFormat::kRss20;
  std::string title;
  std::string link;
  std::string language;
  std::string updated_at;          // lastBuildDate, atom:updated, dc:date (UTC ISO 8601)
  std::int64_t ttl_minutes = 0;    // RSS <ttl>: how long the feed may be cached; 0 if none
  std::vector<FeedEntry> entries;  // in document order
  // The document was not well-formed (and was read by the lenient pass), or
  // had another defect worth reporting; `malformed_reason` says what.
  bool malformed = false;
  std::string malformed_reason;
  // Several entries carried the same guid, so guids were not used as ids.
  bool entries_share_guids = false;
};

struct FeedParseOptions {
  // URL the document was fetched from: relative links resolve against it
  // (and against xml:base where the document sets one).
  std::string base_url;
  // The caller has already checked that the document is valid UTF-8
  // (fetchers::decode_to_utf8 output always is): the parser then skips its
  // own check, a second scan of the whole document. A document that is not
  // valid UTF-8 must not be passed with this set.
  bool known_valid_utf8 = false;
};

// Errors: nothing recoverable at all (not XML, not JSON), or a document that
// is not a feed (no rss/rdf:RDF/feed root, no JSON Feed version).
// An entry without a usable link is kept with an empty link; the caller skips it.
Result<Feed> parse_feed(std::string_view document, const FeedParseOptions& options = {});

// Parses RFC 822/1123 ("Tue, 10 Jun 2003 04:00:00 GMT", numeric and named
// zones), RFC 3339 / ISO 8601 and the broken forms feeds use (no seconds,
// Arabic-Indic digits, ...) into "YYYY-MM-DDTHH:MM:SSZ" (UTC). Empty string
// when it cannot parse the date.
std::string normalize_feed_date(std::string_view raw);

}  // namespace akhbar::parsers
