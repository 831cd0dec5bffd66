#include "parsers/feed/links.h"

#include <algorithm>
#include <array>
#include <climits>
#include <utility>
#include <vector>

#include "parsers/feed/xml_names.h"
#include "parsers/markup_chars.h"
#include "text/ascii.h"
#include "text/url.h"

namespace akhbar::parsers::feed_detail {

using detail::trim_xml_space;

namespace {

// The base URL in effect at `n`: the document URL with every xml:base from
// the root down to `n` applied in turn.
std::string base_url_at(pugi::xml_node n, const std::string& document_url) {
  std::vector<std::string_view> bases;
  for (; n && n.type() == pugi::node_element; n = n.parent()) {
    if (const pugi::xml_attribute a = n.attribute("xml:base")) bases.push_back(a.value());
  }
  std::string base = document_url;
  for (auto it = bases.rbegin(); it != bases.rend(); ++it) {
    if (auto resolved = text::resolve_url(base, *it)) base = std::move(*resolved);
  }
  return base;
}

}  // namespace

bool starts_with_http(std::string_view s) {
  return (s.size() > 7 && text::ascii_iequals(s.substr(0, 7), "http://")) ||
         (s.size() > 8 && text::ascii_iequals(s.substr(0, 8), "https://"));
}

std::string resolve_link(pugi::xml_node where, std::string_view ref,
                         const std::string& document_url) {
  ref = trim_xml_space(ref);
  if (ref.empty()) return {};
  return text::resolve_url(base_url_at(where, document_url), ref).value_or(std::string());
}

std::string best_atom_link(const ElementChildren& children, unsigned namespaces,
                           const std::string& document_url) {
  // Links to the feed itself, to edit URIs, media and comment feeds are
  // never the article.
  static constexpr std::array<std::string_view, 12> kNotThePage = {
      "self", "edit", "edit-media", "enclosure", "replies", "license",
      "hub",  "next", "previous",   "prev",      "first",   "last"};
  int best_rank = INT_MAX;
  std::string best;
  for (const ElementName& e : children.all()) {
    if (!e.is(namespaces, "link")) continue;
    const pugi::xml_node c = e.node();
    const std::string rel = text::ascii_lower(trim_xml_space(c.attribute("rel").value()));
    const std::string type = text::ascii_lower(trim_xml_space(c.attribute("type").value()));
    int rank;
    if (rel.empty() || rel == "alternate" ||
        rel == "http://www.iana.org/assignments/relation/alternate") {
      rank = type.empty() || type == "text/html" || type == "application/xhtml+xml" ? 0 : 1;
    } else if (std::find(kNotThePage.begin(), kNotThePage.end(), rel) == kNotThePage.end()) {
      rank = 2;
    } else {
      continue;
    }
    if (rank >= best_rank) continue;
    std::string url = resolve_link(c, c.attribute("href").value(), document_url);
    if (url.empty()) continue;
    best_rank = rank;
    best = std::move(url);
  }
  return best;
}

}  // namespace akhbar::parsers::feed_detail
