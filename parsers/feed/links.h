// Internal to the feed parser: the links a feed gives, made absolute against
// the document URL and the xml:base in scope, and the choice among Atom links.
#pragma once

#include <pugixml.hpp>

#include <string>
#include <string_view>

#include "parsers/feed/xml_names.h"

namespace akhbar::parsers::feed_detail {

// `s` is an absolute http(s) URL by its scheme (any case), with something
// after the "//".
bool starts_with_http(std::string_view s);

// `ref` made absolute against the base in effect at `where`; empty unless
// the result is http(s).
std::string resolve_link(pugi::xml_node where, std::string_view ref,
                         const std::string& document_url);

// The page among the Atom links (in `namespaces`) among a parent's
// `children`: rel="alternate" (or no rel) wins, preferring an HTML type;
// then other page-like relations. Empty when there is none.
std::string best_atom_link(const ElementChildren& children, unsigned namespaces,
                           const std::string& document_url);

}  // namespace akhbar::parsers::feed_detail
