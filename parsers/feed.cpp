// Feed parsing with pugixml: one parse, then the reader of the document
// element's vocabulary (parsers/feed/rss.cpp, parsers/feed/atom.cpp).
//
// Every walk over the DOM in parsers/feed/ is a loop over direct children or
// a climb to the root from a node at most a few levels deep. Whole subtrees
// (xhtml, unescaped HTML) are only serialised by pugixml, whose parser,
// printer and destructor are all iterative, so deeply nested hostile input
// cannot exhaust the stack. Text scanning is linear (parsers/feed/html_text.cpp).
#include "parsers/feed.h"

#include <pugixml.hpp>

#include <string>
#include <string_view>

#include "parsers/feed/formats.h"
#include "parsers/feed/xml_names.h"
#include "parsers/markup_chars.h"
#include "text/ascii.h"
#include "text/utf8.h"

namespace akhbar::parsers {

std::string_view feed_format_name(FeedFormat format) {
  switch (format) {
    case FeedFormat::kRss20:
      return "rss20";
    case FeedFormat::kRss10:
      return "rss10";
    case FeedFormat::kAtom10:
      return "atom10";
  }
  return "unknown";
}

namespace {

// The input was made valid UTF-8, but pugixml encodes numeric references to
// surrogates (&#xD800;) as they are, so every output field is checked once.
void sanitize(std::string& s) {
  if (!text::is_valid_utf8(s)) s = text::sanitize_utf8(s);
}

void sanitize(Feed& feed) {
  sanitize(feed.title);
  sanitize(feed.link);
  sanitize(feed.language);
  for (FeedEntry& e : feed.entries) {
    for (std::string* s :
         {&e.id, &e.title, &e.link, &e.summary, &e.author, &e.published_at, &e.updated_at}) {
      sanitize(*s);
    }
  }
}

std::string describe_root(std::string_view name) {
  constexpr std::size_t kMaxShown = 64;
  if (name.size() > kMaxShown) return std::string(name.substr(0, kMaxShown)) + "...";
  return std::string(name);
}

}  // namespace

Result<Feed> parse_feed(std::string_view xml, const FeedParseOptions& options) {
  // One copy, which pugixml then parses in place. Invalid UTF-8 would pass
  // through pugixml untouched, and a NUL byte would end the document early.
  std::string buffer = text::sanitize_utf8(xml);
  std::erase(buffer, '\0');
  std::size_t start = 0;
  if (buffer.starts_with("\xEF\xBB\xBF")) start = 3;
  while (start < buffer.size() && detail::is_xml_space(buffer[start])) ++start;

  pugi::xml_document doc;
  // parse_default: CDATA, entity decoding, newline normalisation; no
  // declaration, doctype, PI or comment nodes (never needed, and skipping
  // them keeps the tree small). encoding_utf8 because the declaration's
  // encoding was already applied by the fetcher and must not be re-applied.
  const pugi::xml_parse_result parsed = doc.load_buffer_inplace(
      buffer.data() + start, buffer.size() - start, pugi::parse_default, pugi::encoding_utf8);
  if (!parsed) {
    return make_error("feed is not well-formed XML: " + std::string(parsed.description()) +
                      " at offset " + std::to_string(start + parsed.offset));
  }
  const pugi::xml_node root = doc.document_element();
  const std::string_view root_name = feed_detail::split_name(root.name()).local;
  Feed feed;
  if (root_name == "rss") {
    feed.format = FeedFormat::kRss20;
    feed_detail::parse_rss(root, feed, options.base_url);
  } else if (text::ascii_iequals(root_name, "RDF")) {
    feed.format = FeedFormat::kRss10;
    feed_detail::parse_rss(root, feed, options.base_url);
  } else if (root_name == "feed") {
    feed.format = FeedFormat::kAtom10;
    feed_detail::parse_atom(root, feed, options.base_url);
  } else {
    return make_error("not a feed: root element is <" + describe_root(root.name()) +
                      ">, expected <rss>, <rdf:RDF> or <feed>");
  }
  sanitize(feed);
  return feed;
}

}  // namespace akhbar::parsers
