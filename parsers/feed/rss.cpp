// RSS 0.9x, 1.0 (RDF) and 2.0, with the Dublin Core, content, Media RSS,
// iTunes and Atom elements that RSS feeds borrow.
#include <string>
#include <string_view>

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

// RSS <author> holds an e-mail address, usually "jo@example.com (Jo Name)",
// sometimes "Jo Name (jo@example.com)"; the name is what a reader wants.
std::string rss_author_name(const std::string& author) {
  const std::size_t open = author.find('(');
  if (open == std::string::npos || author.back() != ')') return author;
  const std::string_view view(author);
  const std::string outside = text::collapse_whitespace(view.substr(0, open));
  const std::string inside =
      text::collapse_whitespace(view.substr(open + 1, author.size() - open - 2));
  const bool outside_is_email = outside.find('@') != std::string::npos;
  if (outside_is_email && !inside.empty()) return inside;
  if (!outside_is_email && !outside.empty() && inside.find('@') != std::string::npos) {
    return outside;
  }
  return author;
}

// The page among <link> and atom:link children; the link as written too.
void rss_item_links(const ElementChildren& item, const std::string& document_url,
                    FeedEntry& entry) {
  if (const pugi::xml_node link = item.first(mask(Ns::kCore), "link")) {
    // Some generators write <link href="..."/> as if it were Atom.
    const std::string ref = own_text(link);
    entry.link =
        resolve_link(link, ref.empty() ? link.attribute("href").value() : ref, document_url);
  }
  if (entry.link.empty()) entry.link = best_atom_link(item, mask(Ns::kAtom), document_url);
  entry.written.link = written_link(item, mask(Ns::kCore) | mask(Ns::kAtom), document_url);
}

FeedEntry parse_rss_item(pugi::xml_node item, const std::string& document_url) {
  const ElementChildren children(item);
  FeedEntry entry;
  entry.title = first_nonempty(plain_text(children.first(mask(Ns::kCore), "title")),
                               plain_text(children.first(mask(Ns::kDc), "title")),
                               plain_text(children.first(mask(Ns::kMedia), "title")));
  rss_item_links(children, document_url, entry);

  const pugi::xml_node guid = children.first(mask(Ns::kCore), "guid");
  entry.written.id = text::collapse_whitespace(own_text(guid));
  const bool permalink =
      guid && !text::ascii_iequals(trim_xml_space(guid.attribute("isPermaLink").value()), "false");
  if (entry.link.empty() && permalink && starts_with_http(entry.written.id)) {
    entry.link = resolve_link(guid, entry.written.id, document_url);
  }
  // feedparser: a permalink guid is the link when the item has none.
  if (entry.written.link.empty() && permalink && !entry.written.id.empty()) {
    entry.written.link = written_ref(guid, entry.written.id, document_url);
  }
  if (entry.written.id.empty()) {
    entry.written.id = text::collapse_whitespace(attribute_by_local(item, "about"));  // RSS 1.0
  }

  set_summary_and_content(entry, item, /*atom=*/false);

  entry.written.author = last_author(children);
  entry.author = rss_author_name(entry.written.author);

  // dc:date is the only date RSS 1.0 has; feedparser files it as the update
  // date, and akhbar also uses it as the publication date when there is none.
  entry.written.published_at = first_nonempty(date_of(children.first(mask(Ns::kCore), "pubDate")),
                                              date_of(children.first(mask(Ns::kDcTerms), "issued")),
                                              date_of(children.first(mask(Ns::kAtom), "published")),
                                              date_of(children.first(mask(Ns::kAtom), "issued")));
  entry.updated_at = first_nonempty(date_of(children.first(mask(Ns::kDc), "date")),
                                    date_of(children.first(mask(Ns::kDcTerms), "modified")),
                                    date_of(children.first(mask(Ns::kAtom), "updated")),
                                    date_of(children.first(mask(Ns::kAtom), "modified")));
  entry.published_at =
      first_nonempty(entry.written.published_at,
                     date_of(children.first(mask(Ns::kDcTerms), "created")), entry.updated_at);
  entry.enclosures = enclosures_of(children, document_url);
  entry.categories = categories_of(item);
  return entry;
}

std::string language_of(const ElementChildren& channel, pugi::xml_node root) {
  return first_nonempty(plain_text(channel.first(mask(Ns::kCore), "language")),
                        plain_text(channel.first(mask(Ns::kDc), "language")), root_language(root));
}

}  // namespace

void parse_rss(pugi::xml_node root, Feed& feed, const std::string& document_url) {
  pugi::xml_node channel = child(root, mask(Ns::kCore), "channel");
  const ElementChildren channel_children(channel);
  feed.title = first_nonempty(plain_text(channel_children.first(mask(Ns::kCore), "title")),
                              plain_text(channel_children.first(mask(Ns::kDc), "title")));
  feed.link = written_link(channel_children, mask(Ns::kCore) | mask(Ns::kAtom), document_url);
  feed.language = language_of(channel_children, root);
  feed.updated_at =
      first_nonempty(date_of(channel_children.first(mask(Ns::kCore), "lastBuildDate")),
                     date_of(channel_children.first(mask(Ns::kDc), "date")),
                     date_of(channel_children.first(mask(Ns::kDcTerms), "modified")),
                     date_of(channel_children.first(mask(Ns::kAtom), "updated")));
  // <ttl>: minutes the feed may be cached (RSS 2.0 spec); junk reads as none.
  const std::string ttl = plain_text(channel_children.first(mask(Ns::kCore), "ttl"));
  if (!ttl.empty() && ttl.size() <= 6 && ttl.find_first_not_of("0123456789") == std::string::npos) {
    feed.ttl_minutes = std::stoll(ttl);
  }

  // RSS 1.0 puts items next to the channel; a few RSS 0.9x feeds do too.
  for (pugi::xml_node parent : {channel, root}) {
    if (!parent) continue;
    for (pugi::xml_node c = parent.first_child(); c; c = c.next_sibling()) {
      if (is_element(c, mask(Ns::kCore), "item")) {
        feed.entries.push_back(parse_rss_item(c, document_url));
      }
    }
  }
}

}  // namespace akhbar::parsers::feed_detail
