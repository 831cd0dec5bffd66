// Internal to the feed parser: XML namespaces on top of pugixml, which has
// none. Element names are split into prefix and local name and the prefix is
// resolved by hand against the xmlns declarations in scope: feeds choose
// their prefixes freely, and a bare local-name match would mistake
// media:title for the item title.
#pragma once

#include <pugixml.hpp>

#include <string_view>
#include <vector>

namespace akhbar::parsers::feed_detail {

// The vocabularies the parser reads, as bits so that a lookup can accept
// several.
enum class Ns : unsigned {
  kCore = 1,  // no namespace, RSS 1.0/0.90, or an unknown default namespace
  kAtom = 2,
  kDc = 4,
  kDcTerms = 8,
  kContent = 16,
  kRdf = 32,
  kMedia = 64,
  kItunes = 128,
  kOther = 256,
  kXhtml = 512,
};

constexpr unsigned operator|(Ns a, Ns b) {
  return static_cast<unsigned>(a) | static_cast<unsigned>(b);
}
constexpr unsigned mask(Ns ns) { return static_cast<unsigned>(ns); }

// Atom documents without xmlns are common enough; their bare names count.
constexpr unsigned kAtomNames = Ns::kAtom | Ns::kCore;
constexpr unsigned kXhtmlNs = static_cast<unsigned>(Ns::kXhtml);

struct QName {
  std::string_view prefix;
  std::string_view local;
};

// "media:title" -> {"media", "title"}; a name without ':' has no prefix.
QName split_name(const char* name);

// A node's name split once into prefix and local name. Readers test one
// element against a dozen names: each test is then a length and byte
// comparison, not a rescan of the name for its colon; the namespace (a climb
// to the root) is looked up only when the local name matches.
class ElementName {
 public:
  explicit ElementName(pugi::xml_node n);

  // True when the node is an element named `local` in one of `namespaces`.
  // Inline: most questions end at the length comparison.
  bool is(unsigned namespaces, std::string_view local) const {
    return name_.local == local && in_namespaces(namespaces);
  }
  pugi::xml_node node() const { return node_; }

 private:
  bool in_namespaces(unsigned namespaces) const;

  pugi::xml_node node_;
  QName name_;  // both empty for text nodes
  // The element's namespace, resolved on the first question that needs it
  // (readers ask "title" in three namespaces); 0 until then.
  mutable unsigned ns_ = 0;
};

// The children of one element, names split once (text nodes left out): an
// item's readers ask for every field they know, and each question is then a
// scan of this list rather than of the DOM through pugixml's accessors.
class ElementChildren {
 public:
  explicit ElementChildren(pugi::xml_node parent);

  // The first child named `local` in one of `namespaces`, or null.
  pugi::xml_node first(unsigned namespaces, std::string_view local) const;
  const std::vector<ElementName>& all() const { return children_; }

 private:
  std::vector<ElementName> children_;
};

// True when `n` is an element named `local` in one of `namespaces`.
bool is_element(pugi::xml_node n, unsigned namespaces, std::string_view local);

// The first child element named `local` in one of `namespaces`, or null.
pugi::xml_node child(pugi::xml_node parent, unsigned namespaces, std::string_view local);

// An attribute by local name whatever its prefix (rdf:about, RDF:about).
std::string_view attribute_by_local(pugi::xml_node n, std::string_view local);

}  // namespace akhbar::parsers::feed_detail
