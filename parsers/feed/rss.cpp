// RSS 0.9x, 1.0 (RDF) and 2.0, with the Dublin Core, content, Media RSS,
// iTunes and Atom elements that RSS feeds borrow.
#include <string>
#include <string_view>

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
std::string rss_author_name(pugi::xml_node n) {
  std::string author = plain_text(n);
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

// rel=alternate links in another vocabulary (atom:link inside RSS items).
std::string rss_item_link(pugi::xml_node item, const std::string& document_url) {
  if (const pugi::xml_node link = child(item, mask(Ns::kCore), "link")) {
    // Some generators write <link href="..."/> as if it were Atom.
    const std::string ref = own_text(link);
    std::string url =
        resolve_link(link, ref.empty() ? link.attribute("href").value() : ref, document_url);
    if (!url.empty()) return url;
  }
  return best_atom_link(item, mask(Ns::kAtom), document_url);
}

FeedEntry parse_rss_item(pugi::xml_node item, const std::string& document_url) {
  FeedEntry entry;
  entry.title = first_nonempty({plain_text(child(item, mask(Ns::kCore), "title")),
                                plain_text(child(item, mask(Ns::kDc), "title")),
                                plain_text(child(item, mask(Ns::kMedia), "title"))});
  entry.link = rss_item_link(item, document_url);

  const pugi::xml_node guid = child(item, mask(Ns::kCore), "guid");
  entry.id = text::collapse_whitespace(own_text(guid));
  if (entry.link.empty() && guid &&
      !text::ascii_iequals(trim_xml_space(guid.attribute("isPermaLink").value()), "false") &&
      starts_with_http(entry.id)) {
    entry.link = resolve_link(guid, entry.id, document_url);
  }
  if (entry.id.empty()) entry.id = trim_xml_space(attribute_by_local(item, "about"));  // RSS 1.0
  if (entry.id.empty()) entry.id = entry.link;

  // content:encoded is the full body; it stands in only when there is no
  // description, so that summary is always the shorter teaser when both exist.
  entry.summary = summary_markup(child(item, mask(Ns::kCore), "description"), TextType::kHtml);
  if (entry.summary.empty()) {
    entry.summary = summary_markup(child(item, mask(Ns::kContent), "encoded"), TextType::kHtml);
  }

  entry.author = first_nonempty({plain_text(child(item, mask(Ns::kDc), "creator")),
                                 rss_author_name(child(item, mask(Ns::kCore), "author")),
                                 atom_person_name(child(item, mask(Ns::kAtom), "author")),
                                 plain_text(child(item, mask(Ns::kItunes), "author"))});

  // dc:date is the only date RSS 1.0 has; it serves as publication date
  // when there is no pubDate, and as the update date (feedparser's reading).
  const std::string dc_date = date_of(child(item, mask(Ns::kDc), "date"));
  entry.published_at =
      first_nonempty({date_of(child(item, mask(Ns::kCore), "pubDate")),
                      date_of(child(item, mask(Ns::kDcTerms), "issued")),
                      date_of(child(item, mask(Ns::kDcTerms), "created")),
                      date_of(child(item, mask(Ns::kAtom), "published")), dc_date});
  entry.updated_at = first_nonempty({dc_date, date_of(child(item, mask(Ns::kDcTerms), "modified")),
                                     date_of(child(item, mask(Ns::kAtom), "updated"))});
  return entry;
}

std::string language_of(pugi::xml_node channel, pugi::xml_node root) {
  return first_nonempty({plain_text(child(channel, mask(Ns::kCore), "language")),
                         plain_text(child(channel, mask(Ns::kDc), "language")),
                         std::string(trim_xml_space(channel.attribute("xml:lang").value())),
                         std::string(trim_xml_space(root.attribute("xml:lang").value()))});
}

}  // namespace

void parse_rss(pugi::xml_node root, Feed& feed, const std::string& document_url) {
  const pugi::xml_node channel = child(root, mask(Ns::kCore), "channel");
  feed.title = first_nonempty({plain_text(child(channel, mask(Ns::kCore), "title")),
                               plain_text(child(channel, mask(Ns::kDc), "title"))});
  if (const pugi::xml_node link = child(channel, mask(Ns::kCore), "link")) {
    feed.link = resolve_link(link, own_text(link), document_url);
  }
  if (feed.link.empty()) feed.link = best_atom_link(channel, mask(Ns::kAtom), document_url);
  feed.language = language_of(channel, root);

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
