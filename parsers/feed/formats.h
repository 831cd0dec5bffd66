// Internal to the feed parser: the two vocabularies, each filling a Feed from
// the document element of its kind.
#pragma once

#include <pugixml.hpp>

#include <string>
#include <string_view>
#include <utility>

#include "parsers/feed.h"

namespace akhbar::parsers::feed_detail {

// <rss> (0.9x, 2.0) and <rdf:RDF> (RSS 1.0) documents; sets all but the format.
void parse_rss(pugi::xml_node root, Feed& feed, const std::string& document_url);

// <feed> documents (Atom 1.0 and 0.3); sets all but the format.
void parse_atom(pugi::xml_node root, Feed& feed, const std::string& document_url);

// JSON Feed 1.0 and 1.1 documents; sets everything but `malformed`.
Result<Feed> parse_json_feed(std::string_view document, const std::string& document_url);

// The name in an Atom person construct; RSS items carry atom:author too.
std::string atom_person_name(pugi::xml_node person);

// The first non-empty value: fields fall back from one element to the next.
// Temporaries are moved from, not copied (an initializer_list would copy
// the winner: an allocation per field of every entry); named strings are
// copied.
template <typename... Values>
std::string first_nonempty(Values&&... values) {
  std::string out;
  ((out.empty() ? void(out = std::forward<Values>(values)) : void()), ...);
  return out;
}

}  // namespace akhbar::parsers::feed_detail
