#include "parsers/feed/entry_parts.h"

#include <algorithm>
#include <optional>

#include "parsers/feed/html_text.h"
#include "parsers/feed/links.h"
#include "parsers/feed/node_text.h"
#include "parsers/feed/xml_names.h"
#include "parsers/markup_chars.h"
#include "text/ascii.h"
#include "text/url.h"
#include "text/utf8.h"

namespace akhbar::parsers::feed_detail {

using detail::trim_xml_space;

namespace {

bool is_html_type(std::string_view type) {
  const std::string t = text::ascii_lower(trim_xml_space(type));
  return t.empty() || t == "text/html" || t == "application/xhtml+xml" || t == "html" ||
         t == "xhtml";
}

// A URI reference with a scheme ("http:", "urn:", "mailto:") is absolute.
bool has_scheme(std::string_view ref) {
  std::size_t i = 0;
  while (i < ref.size() &&
         (detail::is_ascii_alnum(ref[i]) || ref[i] == '+' || ref[i] == '-' || ref[i] == '.')) {
    ++i;
  }
  return i > 0 && i < ref.size() && ref[i] == ':' && detail::is_ascii_alpha(ref[0]);
}

}  // namespace

std::string written_ref(pugi::xml_node where, std::string_view ref,
                        const std::string& document_url) {
  std::string collapsed = text::collapse_whitespace(ref);
  if (collapsed.empty() || has_scheme(collapsed)) return collapsed;
  if (std::string resolved = resolve_link(where, collapsed, document_url); !resolved.empty()) {
    return resolved;
  }
  return collapsed;
}

std::string written_link(const ElementChildren& children, unsigned namespaces,
                         const std::string& document_url) {
  std::string link;
  for (const ElementName& e : children.all()) {
    if (!e.is(namespaces, "link")) continue;
    const pugi::xml_node c = e.node();
    if (const pugi::xml_attribute href = c.attribute("href")) {
      const std::string_view rel = trim_xml_space(c.attribute("rel").value());
      if ((rel.empty() || rel == "alternate") && is_html_type(c.attribute("type").value())) {
        link = written_ref(c, href.value(), document_url);
      }
    } else if (std::string text = own_text(c); !text.empty() || !has_element_child(c)) {
      link = written_ref(c, text, document_url);
    }
  }
  return link;
}

pugi::xml_node first_child_of(pugi::xml_node parent,
                              std::initializer_list<std::pair<unsigned, std::string_view>> names) {
  for (pugi::xml_node c = parent.first_child(); c; c = c.next_sibling()) {
    for (const auto& [ns, local] : names) {
      if (is_element(c, ns, local)) return c;
    }
  }
  return {};
}

namespace {

// Preorder over the elements below `root` (not `root` itself); `visit`
// gets each element's name, split once, and returns true to also walk the
// children of that element. Iterative: hostile nesting cannot exhaust the
// stack.
template <typename Visit>
void walk_elements(pugi::xml_node root, Visit visit) {
  pugi::xml_node n = root.first_child();
  int depth = 1;
  while (n) {
    bool descend = false;
    if (n.type() == pugi::node_element) descend = visit(ElementName(n), depth);
    if (descend && n.first_child()) {
      n = n.first_child();
      ++depth;
      continue;
    }
    while (n != root && !n.next_sibling()) {
      n = n.parent();
      --depth;
    }
    if (n == root) break;
    n = n.next_sibling();
  }
}

TextType declared_type(pugi::xml_node n, TextType fallback, bool atom) {
  const std::string type = text::ascii_lower(trim_xml_space(n.attribute("type").value()));
  if (type.empty()) return fallback;
  if (type == "html" || type == "text/html") return TextType::kHtml;
  if (type == "xhtml" || type == "application/xhtml+xml") return TextType::kXhtml;
  if (type == "text" || type == "text/plain") return atom ? TextType::kPlain : TextType::kText;
  return atom ? TextType::kPlain : TextType::kText;
}

// RFC 4287 §4.1.3.3: Atom content whose type is not text, html, xhtml, a
// text/* type or an XML type is Base64; Atom 0.3 says so with mode="base64".
bool is_base64(pugi::xml_node n, bool atom) {
  if (text::ascii_iequals(trim_xml_space(n.attribute("mode").value()), "base64")) return true;
  if (!atom) return false;
  const std::string type = text::ascii_lower(trim_xml_space(n.attribute("type").value()));
  if (type.empty() || type == "text" || type == "html" || type == "xhtml") return false;
  return !type.starts_with("text/") && !type.ends_with("+xml") && !type.ends_with("/xml");
}

// Content is also the summary only when it is text or HTML (feedparser's
// copyToSummary): an image or a binary is no summary.
bool is_textual(pugi::xml_node n) {
  const std::string type = text::ascii_lower(trim_xml_space(n.attribute("type").value()));
  return type.empty() || type == "text" || type == "html" || type == "xhtml" ||
         type == "text/plain" || type == "text/html" || type == "application/xhtml+xml";
}

struct Text {
  std::string markup;
  std::string plain;
};

// What a summary or content element says: its markup and its plain text.
Text construct_text(pugi::xml_node n, TextType type, bool atom) {
  if (type != TextType::kOpaque && is_base64(n, atom)) {
    std::string raw = own_text(n);
    if (std::optional<std::string> decoded = decode_base64_text(raw)) raw = std::move(*decoded);
    std::string plain = type == TextType::kHtml || type == TextType::kXhtml
                            ? html_to_text(raw)
                            : text::collapse_whitespace(raw);
    return {std::move(raw), std::move(plain)};
  }
  return {summary_markup(n, type), plain_text(n, type)};
}

}  // namespace

void set_summary_and_content(FeedEntry& entry, pugi::xml_node item, bool atom) {
  const TextType plain = atom ? TextType::kPlain : TextType::kText;
  bool has_summary = false;
  bool has_content = false;  // feedparser's hasContent: content or content:encoded seen
  bool content_set = false;
  bool content_textual = false;
  int summary_depth = 0;
  const auto add_content = [&](pugi::xml_node n, TextType type) {
    if (content_set) return;
    content_set = true;
    content_textual = is_textual(n);
    if (type != TextType::kOpaque && !n.attribute("src")) {
      Text t = construct_text(n, type, atom);
      entry.content = std::move(t.markup);
      entry.content_text = std::move(t.plain);
    }
  };
  const auto set_summary = [&](pugi::xml_node n, TextType type, int depth) {
    if (has_summary && depth > summary_depth) return;
    has_summary = true;
    summary_depth = depth;
    Text t = construct_text(n, type, atom);
    entry.summary = std::move(t.markup);
    entry.summary_text = std::move(t.plain);
  };
  walk_elements(item, [&](const ElementName& e, int depth) {
    const pugi::xml_node n = e.node();
    const bool description =
        e.is(mask(Ns::kCore), "description") || e.is(mask(Ns::kMedia), "description");
    const bool summary = e.is(kAtomNames, "summary") || e.is(mask(Ns::kItunes), "summary");
    if (description || summary) {
      if (has_summary && !has_content) {
        has_content = true;
        add_content(n, declared_type(n, plain, atom));
      } else {
        set_summary(n, declared_type(n, description ? TextType::kHtml : plain, atom), depth);
      }
      return false;
    }
    if (e.is(kAtomNames, "content")) {
      has_content = true;
      add_content(n, declared_type(n, plain, atom));
      return false;
    }
    if (e.is(mask(Ns::kContent), "encoded") || e.is(mask(Ns::kCore), "fullitem")) {
      has_content = true;
      add_content(n, TextType::kHtml);
      return false;
    }
    if (e.is(mask(Ns::kCore), "body") || e.is(kXhtmlNs, "body")) {
      add_content(n, TextType::kXhtml);
      return false;
    }
    // Entries nested in entries, and Atom sources, are not this entry's.
    return !e.is(kAtomNames, "source") && !e.is(mask(Ns::kCore), "item") &&
           !e.is(kAtomNames, "entry");
  });
  if (!has_summary && content_set && content_textual) {
    entry.summary = entry.content;
    entry.summary_text = entry.content_text;
  }
}

std::string atom_person(pugi::xml_node person) {
  if (!person) return {};
  const std::string name = plain_text(child(person, kAtomNames, "name"), TextType::kPlain);
  const std::string email = plain_text(child(person, kAtomNames, "email"), TextType::kPlain);
  if (!name.empty() && !email.empty()) return name + " (" + email + ")";
  if (!name.empty()) return name;
  if (!email.empty()) return email;
  // Sloppy feeds put the name straight into <author>.
  return has_element_child(person) ? std::string() : plain_text(person);
}

std::string last_author(const ElementChildren& item) {
  std::string author;
  for (const ElementName& e : item.all()) {
    const pugi::xml_node c = e.node();
    std::string value;
    if (e.is(mask(Ns::kAtom), "author")) {
      value = atom_person(c);
    } else if (e.is(mask(Ns::kCore), "author")) {
      value = has_element_child(c) ? atom_person(c) : plain_text(c);
    } else if (e.is(mask(Ns::kDc), "creator") || e.is(mask(Ns::kDc), "author") ||
               e.is(mask(Ns::kItunes), "author")) {
      value = plain_text(c);
    } else {
      continue;
    }
    if (!value.empty()) author = std::move(value);
  }
  return author;
}

std::vector<FeedEnclosure> enclosures_of(const ElementChildren& item,
                                         const std::string& document_url) {
  std::vector<FeedEnclosure> out;
  for (const ElementName& e : item.all()) {
    const pugi::xml_node c = e.node();
    if (e.is(mask(Ns::kCore), "enclosure")) {
      const pugi::xml_attribute url = c.attribute("url") ? c.attribute("url") : c.attribute("href");
      out.push_back({url ? written_ref(c, url.value(), document_url) : std::string(),
                     std::string(trim_xml_space(c.attribute("type").value())),
                     std::string(trim_xml_space(c.attribute("length").value()))});
    } else if (e.is(kAtomNames, "link") &&
               trim_xml_space(c.attribute("rel").value()) == "enclosure") {
      const pugi::xml_attribute type = c.attribute("type");
      out.push_back({written_ref(c, c.attribute("href").value(), document_url),
                     type ? std::string(trim_xml_space(type.value())) : "text/html",
                     std::string(trim_xml_space(c.attribute("length").value()))});
    }
  }
  return out;
}

std::vector<std::string> categories_of(pugi::xml_node item) {
  // feedparser keeps a tag once per (term, scheme, label).
  struct Tag {
    std::string term, scheme, label;
    bool operator==(const Tag&) const = default;
  };
  std::vector<Tag> tags;
  const auto add = [&tags](Tag tag) {
    if (tag.term.empty() && tag.label.empty()) return;
    if (std::find(tags.begin(), tags.end(), tag) == tags.end()) tags.push_back(std::move(tag));
  };
  const auto attr = [](pugi::xml_node n, const char* name) {
    return text::collapse_whitespace(n.attribute(name).value());
  };
  walk_elements(item, [&](const ElementName& e, int) {
    const pugi::xml_node c = e.node();
    const bool media_category = e.is(mask(Ns::kMedia), "category");
    if (media_category || e.is(kAtomNames, "category")) {
      // The text is the term when there is no term attribute. Category text
      // is taken raw: no HTML treatment.
      std::string scheme = attr(c, "scheme");
      if (scheme.empty()) scheme = attr(c, "domain");
      if (scheme.empty() && media_category) {
        scheme = "http://search.yahoo.com/mrss/category_schema";
      }
      std::string term = attr(c, "term");
      if (term.empty()) term = text::collapse_whitespace(own_text(c));
      add({std::move(term), std::move(scheme), attr(c, "label")});
    } else if (e.is(mask(Ns::kDc), "subject")) {
      add({text::collapse_whitespace(own_text(c)), {}, {}});
    } else if (e.is(mask(Ns::kItunes), "category")) {
      add({attr(c, "text"), "http://www.itunes.com/", {}});
      return true;  // nested itunes:category
    } else if (const bool itunes = e.is(mask(Ns::kItunes), "keywords");
               itunes || e.is(mask(Ns::kMedia), "keywords")) {
      const std::string all = own_text(c);
      const std::string scheme = itunes ? "http://www.itunes.com/" : "";
      std::size_t start = 0;
      while (start <= all.size()) {
        std::size_t comma = all.find(',', start);
        if (comma == std::string::npos) comma = all.size();
        add({text::collapse_whitespace(std::string_view(all).substr(start, comma - start)),
             scheme,
             {}});
        start = comma + 1;
      }
    } else {
      return !e.is(kAtomNames, "source") && !e.is(mask(Ns::kCore), "item") &&
             !e.is(kAtomNames, "entry") && !e.is(kAtomNames, "content") &&
             !e.is(mask(Ns::kCore), "description");
    }
    return false;
  });
  std::vector<std::string> out;
  for (Tag& t : tags) out.push_back(t.term.empty() ? std::move(t.label) : std::move(t.term));
  return out;
}

std::string root_language(pugi::xml_node root) {
  pugi::xml_attribute a = root.attribute("xml:lang");
  if (!a) a = root.attribute("lang");
  std::string lang(trim_xml_space(a.value()));
  for (char& c : lang) {
    if (c == '_') c = '-';
  }
  return lang;
}

}  // namespace akhbar::parsers::feed_detail
