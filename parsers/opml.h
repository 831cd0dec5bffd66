// OPML subscription lists (OPML 1.0 and 2.0, http://opml.org/spec2.opml):
// import turns the outlines that name a feed (xmlUrl) or a page (type="link"
// url=...) into sources, with the titles of the enclosing outlines as their
// category; export writes an OPML 2.0 document that import reads back to
// the same list. Pure: text in, values out.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace akhbar::parsers {

struct OpmlSource {
  std::string name;      // title, else text; may be empty on import
  std::string url;       // the feed (xmlUrl) or page (url) to poll, absolute http(s)
  std::string html_url;  // the site (htmlUrl); may be empty
  std::string kind;      // "feed", "sitemap" or "listing" (as SourceConfig::kind)
  std::string category;  // enclosing outline titles joined by " / "; may be empty
};

struct OpmlImport {
  std::string title;                // head/title
  std::vector<OpmlSource> sources;  // document order, each url once
  std::size_t duplicates = 0;       // outlines whose url was already taken
  std::size_t skipped = 0;          // outlines naming a non-http(s) or garbage url
};

// `base_url` resolves relative urls (a file on disk: leave it empty, and
// relative urls are skipped). Errors: not well-formed XML (the message says
// where: an operator's file is better fixed than half imported), a root
// other than <opml>, no <body>.
Result<OpmlImport> parse_opml(std::string_view document, const std::string& base_url = {});

struct OpmlWriteOptions {
  std::string title = "akhbar sources";
  std::string date_created;  // RFC 822 date for head/dateCreated; omitted when empty
};

// An OPML 2.0 document: one outline per category (in first-seen order)
// holding its sources; feeds as type="rss" xmlUrl=..., other kinds as
// type="link" url=... with akhbar:kind saying which (a namespaced attribute,
// as OPML 2.0 allows). Text is XML-escaped.
std::string write_opml(const std::vector<OpmlSource>& sources,
                       const OpmlWriteOptions& options = {});

}  // namespace akhbar::parsers
