// Atom 1.0 (RFC 4287), Atom 0.3's renamed elements, and the Dublin Core and
// Media RSS elements Atom feeds borrow.
#include <string>

#include "parsers/feed/entry_parts.h"
#include "parsers/feed/formats.h"
#include "parsers/feed/links.h"
#include "parsers/feed/node_text.h"
#include "parsers/feed/xml_names.h"
#include "parsers/markup_chars.h"
#include "text/ascii.h"
#include "text/utf8.h"

namespace akhbar::parsers::feed_detail {

using detail::trim_xml_space;

namespace {

struct Context {
  const std::string& document_url;
  std::string feed_author;  // entries inherit the feed's author
};

// How a text construct's content is to be read, by its type (or Atom 0.3's
// mode) attribute. Atom text is never guessed to be HTML: type="text" (the
// default) means what it says.
TextType atom_text_type(pugi::xml_node n) {
  if (text::ascii_iequals(trim_xml_space(n.attribute("mode").value()), "base64")) {
    return TextType::kOpaque;  // Atom 0.3 base64 is not decoded
  }
  const std::string type = text::ascii_lower(trim_xml_space(n.attribute("type").value()));
  if (type == "html" || type == "text/html") return TextType::kHtml;
  if (type == "xhtml" || type == "application/xhtml+xml") {
    // Atom 0.3 may escape xhtml instead of inlining it.
    return text::ascii_iequals(trim_xml_space(n.attribute("mode").value()), "escaped")
               ? TextType::kHtml
               : TextType::kXhtml;
  }
  return TextType::kPlain;
}

FeedEntry parse_atom_entry(pugi::xml_node e, const Context& ctx) {
  const ElementChildren children(e);
  FeedEntry entry;
  const pugi::xml_node title = children.first(kAtomNames, "title");
  entry.title = first_nonempty(plain_text(title, atom_text_type(title)),
                               plain_text(children.first(mask(Ns::kDc), "title")),
                               plain_text(children.first(mask(Ns::kMedia), "title")));
  entry.link = best_atom_link(children, kAtomNames, ctx.document_url);
  entry.written.link = written_link(children, kAtomNames, ctx.document_url);

  const pugi::xml_node id = children.first(kAtomNames, "id");
  entry.written.id = text::collapse_whitespace(own_text(id));
  // feedparser treats atom:id like a permalink guid; http ids of entries
  // without a link are nearly always the page.
  if (entry.link.empty() && starts_with_http(entry.written.id)) {
    entry.link = resolve_link(id, entry.written.id, ctx.document_url);
  }
  if (entry.written.link.empty() && !entry.written.id.empty()) {
    entry.written.link = written_ref(id, entry.written.id, ctx.document_url);
  }

  set_summary_and_content(entry, e, /*atom=*/true);

  const pugi::xml_node source = children.first(kAtomNames, "source");
  entry.written.author = last_author(children);
  entry.author =
      first_nonempty(atom_person_name(children.first(kAtomNames, "author")),
                     plain_text(children.first(mask(Ns::kDc), "creator")),
                     atom_person_name(child(source, kAtomNames, "author")), ctx.feed_author);

  entry.written.published_at =
      first_nonempty(date_of(children.first(kAtomNames, "published")),
                     date_of(children.first(kAtomNames, "issued")),  // 0.3
                     date_of(children.first(mask(Ns::kDcTerms), "issued")));
  entry.published_at = entry.written.published_at;
  entry.updated_at = first_nonempty(date_of(children.first(kAtomNames, "updated")),
                                    date_of(children.first(kAtomNames, "modified")),  // Atom 0.3
                                    date_of(children.first(mask(Ns::kDc), "date")),
                                    date_of(children.first(mask(Ns::kDcTerms), "modified")));
  entry.enclosures = enclosures_of(children, ctx.document_url);
  entry.categories = categories_of(e);
  return entry;
}

}  // namespace

std::string atom_person_name(pugi::xml_node person) {
  if (!person) return {};
  if (std::string name = plain_text(child(person, kAtomNames, "name")); !name.empty()) {
    return name;
  }
  if (std::string email = plain_text(child(person, kAtomNames, "email")); !email.empty()) {
    return email;
  }
  // Sloppy feeds put the name straight into <author>.
  return has_element_child(person) ? std::string() : plain_text(person);
}

void parse_atom(pugi::xml_node root, Feed& feed, const std::string& document_url) {
  const ElementChildren children(root);
  const pugi::xml_node title = children.first(kAtomNames, "title");
  feed.title = first_nonempty(plain_text(title, atom_text_type(title)),
                              plain_text(children.first(mask(Ns::kDc), "title")));
  feed.link = written_link(children, kAtomNames, document_url);
  if (feed.link.empty()) {
    const pugi::xml_node id = children.first(kAtomNames, "id");
    feed.link = written_ref(id, own_text(id), document_url);
  }
  feed.language =
      first_nonempty(root_language(root), plain_text(children.first(mask(Ns::kDc), "language")));
  feed.updated_at = first_nonempty(date_of(children.first(kAtomNames, "updated")),
                                   date_of(children.first(kAtomNames, "modified")),
                                   date_of(children.first(mask(Ns::kDc), "date")),
                                   date_of(children.first(mask(Ns::kDcTerms), "modified")));
  const Context ctx{document_url, atom_person_name(children.first(kAtomNames, "author"))};
  for (const ElementName& c : children.all()) {
    if (c.is(kAtomNames, "entry")) feed.entries.push_back(parse_atom_entry(c.node(), ctx));
  }
}

}  // namespace akhbar::parsers::feed_detail
