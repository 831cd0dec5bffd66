// Feed parsing with pugixml: one parse (two for a malformed document), then
// the reader of the document element's vocabulary (parsers/feed/rss.cpp,
// parsers/feed/atom.cpp); JSON Feed goes to parsers/feed/json_feed.cpp.
//
// Every walk over the DOM in parsers/feed/ is a loop over direct children, a
// climb to the root from a node at most a few levels deep, or an iterative
// preorder walk. Whole subtrees (xhtml, unescaped HTML) are only serialised
// by pugixml, whose parser, printer and destructor are all iterative, so
// deeply nested hostile input cannot exhaust the stack. Text scanning is
// linear (parsers/feed/html_text.cpp, parsers/feed/xml_repair.cpp).
#include "parsers/feed.h"

#include <pugixml.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <unordered_map>

#include "parsers/feed/encoding_check.h"
#include "parsers/feed/formats.h"
#include "parsers/feed/xml_names.h"
#include "parsers/feed/xml_repair.h"
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
    case FeedFormat::kRss090:
      return "rss090";
    case FeedFormat::kRss091Netscape:
      return "rss091n";
    case FeedFormat::kRss091Userland:
      return "rss091u";
    case FeedFormat::kRss092:
      return "rss092";
    case FeedFormat::kRss093:
      return "rss093";
    case FeedFormat::kRss094:
      return "rss094";
    case FeedFormat::kRss:
      return "rss";
    case FeedFormat::kAtom03:
      return "atom03";
    case FeedFormat::kAtom:
      return "atom";
    case FeedFormat::kJson10:
      return "json1";
    case FeedFormat::kJson11:
      return "json11";
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
         {&e.id, &e.title, &e.link, &e.summary, &e.summary_text, &e.content, &e.content_text,
          &e.author, &e.written.id, &e.written.link, &e.written.author}) {
      sanitize(*s);
    }
    for (std::string& c : e.categories) sanitize(c);
    for (FeedEnclosure& enc : e.enclosures) {
      sanitize(enc.url);
      sanitize(enc.type);
      sanitize(enc.length);
    }
  }
}

std::string describe_root(std::string_view name) {
  constexpr std::size_t kMaxShown = 64;
  if (name.size() > kMaxShown) return std::string(name.substr(0, kMaxShown)) + "...";
  return std::string(name);
}

// FNV-1a, 64 bits: a stable id for entries with neither guid nor link.
std::string content_id(const FeedEntry& e) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  const auto mix = [&h](std::string_view s) {
    for (unsigned char c : s) {
      h ^= c;
      h *= 0x100000001b3ULL;
    }
    h ^= 0xff;  // field separator
    h *= 0x100000001b3ULL;
  };
  mix(e.title);
  mix(e.published_at.empty() ? e.updated_at : e.published_at);
  if (e.title.empty()) mix(e.summary);
  char out[24];
  std::snprintf(out, sizeof out, "hash:%016llx", static_cast<unsigned long long>(h));
  return out;
}

// Entry identity: guid, else link, else a hash of title and date. A guid
// that several entries share identifies none of them (feeds that give every
// item the channel URL, or a constant, as guid), so then no guid is used.
void assign_ids(Feed& feed) {
  std::unordered_map<std::string_view, int> guid_count;
  for (const FeedEntry& e : feed.entries) {
    if (!e.written.id.empty()) ++guid_count[e.written.id];
  }
  for (const auto& [guid, count] : guid_count) {
    if (count > 1) feed.entries_share_guids = true;
  }
  for (FeedEntry& e : feed.entries) {
    if (!feed.entries_share_guids) e.id = e.written.id;
    if (e.id.empty()) e.id = e.link;
    if (e.id.empty()) e.id = e.written.link;
    if (e.id.empty()) e.id = content_id(e);
  }
}

// Expat (and so feedparser) rejects an element or attribute prefix that no
// xmlns declaration binds; pugixml has no namespaces. Iterative preorder.
std::string unbound_prefix(pugi::xml_node root) {
  const auto bound = [](pugi::xml_node n, std::string_view prefix) {
    if (prefix == "xml" || prefix == "xmlns") return true;
    const std::string attr = "xmlns:" + std::string(prefix);
    for (; n && n.type() == pugi::node_element; n = n.parent()) {
      if (n.attribute(attr.c_str())) return true;
    }
    return false;
  };
  pugi::xml_node n = root;
  while (n) {
    if (n.type() == pugi::node_element) {
      const auto q = feed_detail::split_name(n.name());
      if (!q.prefix.empty() && !bound(n, q.prefix)) {
        return "unbound namespace prefix in <" + describe_root(n.name()) + ">";
      }
      for (pugi::xml_attribute a = n.first_attribute(); a; a = a.next_attribute()) {
        const auto qa = feed_detail::split_name(a.name());
        if (!qa.prefix.empty() && !bound(n, qa.prefix)) {
          return "unbound namespace prefix in attribute " + describe_root(a.name());
        }
      }
    }
    if (n.first_child()) {
      n = n.first_child();
      continue;
    }
    while (n && n != root && !n.next_sibling()) n = n.parent();
    if (!n || n == root) break;
    n = n.next_sibling();
  }
  return {};
}

bool has_xmlns_value(pugi::xml_node root, std::string_view uri) {
  for (pugi::xml_attribute a = root.first_attribute(); a; a = a.next_attribute()) {
    const std::string_view name = a.name();
    if ((name == "xmlns" || name.starts_with("xmlns:")) &&
        text::ascii_iequals(detail::trim_xml_space(a.value()), uri)) {
      return true;
    }
  }
  return false;
}

FeedFormat rss_version(pugi::xml_node root, bool netscape_doctype) {
  const std::string_view version = detail::trim_xml_space(root.attribute("version").value());
  if (version == "0.91") {
    return netscape_doctype ? FeedFormat::kRss091Netscape : FeedFormat::kRss091Userland;
  }
  if (version == "0.92") return FeedFormat::kRss092;
  if (version == "0.93") return FeedFormat::kRss093;
  if (version == "0.94") return FeedFormat::kRss094;
  if (version.starts_with("2.") || version == "2") return FeedFormat::kRss20;
  return FeedFormat::kRss;
}

FeedFormat atom_version(pugi::xml_node root) {
  if (detail::trim_xml_space(root.attribute("version").value()) == "0.3") {
    return FeedFormat::kAtom03;
  }
  if (has_xmlns_value(root, "http://www.w3.org/2005/Atom")) return FeedFormat::kAtom10;
  return FeedFormat::kAtom;
}

struct XmlParse {
  pugi::xml_document doc;
  pugi::xml_parse_result result;
};

// parse_default: CDATA, entity decoding, newline normalisation; no
// declaration, PI or comment nodes. encoding_utf8 because the declaration's
// encoding was already applied by the fetcher and must not be re-applied.
void load(XmlParse& p, std::string& buffer, std::size_t start) {
  p.result = p.doc.load_buffer_inplace(buffer.data() + start, buffer.size() - start,
                                       pugi::parse_default, pugi::encoding_utf8);
}

}  // namespace

Result<Feed> parse_feed(std::string_view document, const FeedParseOptions& options) {
  // One copy, which pugixml then parses in place. Invalid UTF-8 would pass
  // through pugixml untouched, and a NUL byte would end the document early.
  // The contract is UTF-8 in; anything else was decoded wrongly upstream.
  const bool invalid_utf8 = !options.known_valid_utf8 && !text::is_valid_utf8(document);
  std::string buffer = invalid_utf8 ? text::sanitize_utf8(document) : std::string(document);
  if (buffer.find('\0') != std::string::npos)
    std::erase(buffer, '\0');  // memchr first: NUL is rare
  std::size_t start = 0;
  if (buffer.starts_with("\xEF\xBB\xBF")) start = 3;
  while (start < buffer.size() && detail::is_xml_space(buffer[start])) ++start;

  if (start < buffer.size() && buffer[start] == '{') {
    Result<Feed> json =
        feed_detail::parse_json_feed(std::string_view(buffer).substr(start), options.base_url);
    if (json) {
      assign_ids(*json);
      sanitize(*json);
    }
    return json;
  }

  const std::string unreported = feed_detail::unreported_xml_error(buffer);
  const std::string encoding_defect = feed_detail::encoding_defect(buffer);
  // Valid UTF-8 in, valid out, except where pugixml decodes a numeric
  // reference to a surrogate: without "&#" there is nothing to re-check.
  const bool has_numeric_reference = buffer.find("&#") != std::string::npos;
  // Before the in-place parse changes the buffer: the doctype is all
  // that tells RSS 0.91 Netscape from 0.91 Userland.
  const bool netscape_doctype =
      text::ascii_lower(
          std::string_view(buffer).substr(0, std::min<std::size_t>(buffer.size(), 1024)))
          .find("netscape") != std::string::npos;
  std::string malformed_reason;
  if (start < buffer.size() && buffer[start] != '<')
    malformed_reason = "text before the root element";

  XmlParse strict;
  load(strict, buffer, start);
  XmlParse* used = &strict;
  XmlParse lenient;
  std::string repaired;
  if (!strict.result) {
    malformed_reason = "not well-formed XML: " + std::string(strict.result.description()) +
                       " at offset " + std::to_string(start + strict.result.offset);
    // The strict parse worked in place on `buffer`, and its partial tree
    // still points into it (it is the fallback below), so the lenient pass
    // starts afresh from its own copy.
    std::string fresh = text::sanitize_utf8(document);
    std::erase(fresh, '\0');
    repaired = feed_detail::repair_xml(fresh);
    load(lenient, repaired, 0);
    if (lenient.doc.document_element()) used = &lenient;
    if (!used->doc.document_element()) return make_error("feed is " + malformed_reason);
  } else if (!unreported.empty() && malformed_reason.empty()) {
    malformed_reason = "not well-formed XML: " + unreported;
  }
  const pugi::xml_node root = used->doc.document_element();
  if (malformed_reason.empty()) malformed_reason = unbound_prefix(root);
  if (malformed_reason.empty()) malformed_reason = encoding_defect;
  if (malformed_reason.empty() && invalid_utf8) {
    malformed_reason = "input is not valid UTF-8";
  }
  const std::string_view root_name = feed_detail::split_name(root.name()).local;
  Feed feed;
  if (root_name == "rss") {
    feed.format = rss_version(root, netscape_doctype);
    feed_detail::parse_rss(root, feed, options.base_url);
  } else if (text::ascii_iequals(root_name, "RDF")) {
    feed.format = has_xmlns_value(root, "http://my.netscape.com/rdf/simple/0.9/")
                      ? FeedFormat::kRss090
                      : FeedFormat::kRss10;
    feed_detail::parse_rss(root, feed, options.base_url);
  } else if (root_name == "feed") {
    feed.format = atom_version(root);
    feed_detail::parse_atom(root, feed, options.base_url);
  } else {
    return make_error("not a feed: root element is <" + describe_root(root.name()) +
                      ">, expected <rss>, <rdf:RDF> or <feed>");
  }
  feed.malformed = !malformed_reason.empty();
  feed.malformed_reason = std::move(malformed_reason);
  assign_ids(feed);
  if (has_numeric_reference) sanitize(feed);
  return feed;
}

}  // namespace akhbar::parsers
