// Internal to the feed parser: the parts of an entry that RSS and Atom share
// (links as written, summary and content, authors, enclosures, categories),
// read as feedparser reads them.
#pragma once

#include <pugixml.hpp>

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "parsers/feed.h"
#include "parsers/feed/node_text.h"
#include "parsers/feed/xml_names.h"

namespace akhbar::parsers::feed_detail {

// `ref` as feedparser reports it: resolved against the base in scope at
// `where` (xml:base, else the document URL) when there is one, else as
// written (white space collapsed).
std::string written_ref(pugi::xml_node where, std::string_view ref,
                        const std::string& document_url);

// The link of a parent as feedparser reports it: the last <link> among its
// `children` (in `namespaces`) that is either a text link or an href link
// with rel "alternate" (the default) and an HTML type (text/html by default).
std::string written_link(const ElementChildren& children, unsigned namespaces,
                         const std::string& document_url);

// The first child that matches any of (namespaces, local name), in document
// order.
pugi::xml_node first_child_of(pugi::xml_node parent,
                              std::initializer_list<std::pair<unsigned, std::string_view>> names);

// Sets summary, summary_text, content and content_text of an RSS item or
// Atom entry as feedparser does, walking the entry's elements (nested ones
// too, e.g. media:description inside media:content) in document order:
// description, summary, itunes:summary and media:description fill the
// summary, except that one arriving when there is a summary and no content
// yet becomes the content; content, content:encoded, fullitem and body are
// content; the summary at the shallowest depth (then the last) wins; the
// first content wins and is also the summary when there is none.
void set_summary_and_content(FeedEntry& entry, pugi::xml_node item, bool atom);

// The author string of an item, from its children: the last of author,
// dc:creator, dc:author, itunes:author, atom:author (Atom persons as
// "name (email)").
std::string last_author(const ElementChildren& item);

// An Atom person as feedparser writes it: "name (email)", name, or email.
std::string atom_person(pugi::xml_node person);

// RSS <enclosure> and link rel="enclosure" children.
std::vector<FeedEnclosure> enclosures_of(const ElementChildren& item,
                                         const std::string& document_url);

// category (text or term/label), dc:subject, media:category, itunes:keywords
// and media:keywords (split on commas), nested ones too; empty ones dropped.
std::vector<std::string> categories_of(pugi::xml_node item);

// xml:lang (or lang) of the document element, '_' written as '-'.
std::string root_language(pugi::xml_node root);

}  // namespace akhbar::parsers::feed_detail
