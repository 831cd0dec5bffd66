#include "parsers/feed/xml_names.h"

#include <string>

#include "parsers/markup_chars.h"
#include "text/ascii.h"

namespace akhbar::parsers::feed_detail {

using detail::trim_xml_space;

namespace {

Ns namespace_from_uri(std::string_view uri) {
  struct Known {
    std::string_view uri;
    Ns ns;
  };
  static constexpr Known kKnown[] = {
      {"http://www.w3.org/2005/Atom", Ns::kAtom},
      {"http://purl.org/atom/ns#", Ns::kAtom},  // Atom 0.3
      {"http://purl.org/dc/elements/1.1/", Ns::kDc},
      {"http://purl.org/dc/terms/", Ns::kDcTerms},
      {"http://purl.org/rss/1.0/modules/content/", Ns::kContent},
      {"http://www.w3.org/1999/02/22-rdf-syntax-ns#", Ns::kRdf},
      {"http://purl.org/rss/1.0/", Ns::kCore},
      {"http://my.netscape.com/rdf/simple/0.9/", Ns::kCore},
      {"http://backend.userland.com/rss2", Ns::kCore},
      {"http://search.yahoo.com/mrss/", Ns::kMedia},
      {"http://search.yahoo.com/mrss", Ns::kMedia},
      {"http://www.itunes.com/dtds/podcast-1.0.dtd", Ns::kItunes},
      {"http://www.w3.org/1999/xhtml", Ns::kXhtml},
  };
  uri = trim_xml_space(uri);
  // Case-insensitive: generators copy these URIs with their own capitals
  // (iTunes' own documentation spells it "DTDs/Podcast-1.0.dtd").
  for (const Known& k : kKnown) {
    if (text::ascii_iequals(k.uri, uri)) return k.ns;
  }
  return Ns::kOther;
}

// Feeds that forget to declare a prefix still mean the usual namespace.
Ns namespace_from_prefix(std::string_view prefix) {
  if (prefix.empty()) return Ns::kCore;
  if (prefix == "atom") return Ns::kAtom;
  if (prefix == "dc") return Ns::kDc;
  if (prefix == "dcterms") return Ns::kDcTerms;
  if (prefix == "content") return Ns::kContent;
  if (prefix == "rdf") return Ns::kRdf;
  if (prefix == "media") return Ns::kMedia;
  if (prefix == "itunes") return Ns::kItunes;
  if (prefix == "xhtml") return Ns::kXhtml;
  return Ns::kOther;
}

// The namespace `prefix` stands for at `element`: a climb to the root, a
// few levels at most in a feed.
Ns namespace_of(pugi::xml_node element, std::string_view prefix) {
  const std::string attr = prefix.empty() ? "xmlns" : "xmlns:" + std::string(prefix);
  for (pugi::xml_node n = element; n && n.type() == pugi::node_element; n = n.parent()) {
    if (const pugi::xml_attribute a = n.attribute(attr.c_str())) {
      const Ns ns = namespace_from_uri(a.value());
      // An unknown default namespace on bare names is still the feed's own
      // vocabulary (some generators invent one).
      if (ns == Ns::kOther && prefix.empty()) return Ns::kCore;
      return ns;
    }
  }
  return namespace_from_prefix(prefix);
}

}  // namespace

QName split_name(const char* name) {
  const std::string_view s(name);
  const std::size_t colon = s.find(':');
  if (colon == std::string_view::npos) return {{}, s};
  return {s.substr(0, colon), s.substr(colon + 1)};
}

ElementName::ElementName(pugi::xml_node n) : node_(n), name_(split_name(n.name())) {}

bool ElementName::in_namespaces(unsigned namespaces) const {
  if (ns_ == 0) {
    if (node_.type() != pugi::node_element) return false;
    ns_ = mask(namespace_of(node_, name_.prefix));
  }
  return (ns_ & namespaces) != 0;
}

ElementChildren::ElementChildren(pugi::xml_node parent) {
  children_.reserve(16);  // an item's usual number of fields: one allocation
  for (pugi::xml_node c = parent.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_element) children_.emplace_back(c);
  }
}

pugi::xml_node ElementChildren::first(unsigned namespaces, std::string_view local) const {
  for (const ElementName& c : children_) {
    if (c.is(namespaces, local)) return c.node();
  }
  return {};
}

bool is_element(pugi::xml_node n, unsigned namespaces, std::string_view local) {
  return ElementName(n).is(namespaces, local);
}

pugi::xml_node child(pugi::xml_node parent, unsigned namespaces, std::string_view local) {
  for (pugi::xml_node c = parent.first_child(); c; c = c.next_sibling()) {
    if (is_element(c, namespaces, local)) return c;
  }
  return {};
}

std::string_view attribute_by_local(pugi::xml_node n, std::string_view local) {
  for (pugi::xml_attribute a = n.first_attribute(); a; a = a.next_attribute()) {
    if (split_name(a.name()).local == local) return a.value();
  }
  return {};
}

}  // namespace akhbar::parsers::feed_detail
