// OPML through pugixml: a strict parse, an iterative preorder walk over the
// outlines (nesting is the document's choice, not bounded), and pugixml's
// own writer for export, which escapes text and attributes.
#include "parsers/opml.h"

#include <pugixml.hpp>

#include <map>
#include <optional>
#include <sstream>
#include <unordered_set>
#include <utility>
#include <vector>

#include "parsers/feed/xml_names.h"
#include "parsers/markup_chars.h"
#include "text/ascii.h"
#include "text/url.h"
#include "text/utf8.h"

namespace akhbar::parsers {

namespace {

// Only a name for the namespace of akhbar:kind; never fetched.
constexpr const char* kAkhbarNs = "https://akhbar.invalid/ns/opml";
constexpr std::string_view kCategorySeparator = " / ";

std::string_view local_name(const char* name) { return feed_detail::split_name(name).local; }

// OPML attribute names are camelCase by the spec; generators also write
// xmlurl and XMLURL.
std::string_view attr(pugi::xml_node n, std::string_view name) {
  for (pugi::xml_attribute a = n.first_attribute(); a; a = a.next_attribute()) {
    if (text::ascii_iequals(a.name(), name)) return detail::trim_xml_space(a.value());
  }
  return {};
}

std::string outline_title(pugi::xml_node n) {
  std::string t = text::collapse_whitespace(attr(n, "title"));
  return t.empty() ? text::collapse_whitespace(attr(n, "text")) : t;
}

std::optional<std::string> absolute(const std::string& base, std::string_view ref) {
  if (ref.empty()) return std::nullopt;
  // Without a base only absolute URLs count (resolve_url would take a
  // relative one as is).
  if (base.empty() && !text::parse_http_url(ref)) return std::nullopt;
  return text::resolve_url(base.empty() ? std::string(ref) : base, ref);
}

// The URL's path (after resolution: what export writes back) ends in .opml.
bool names_opml_file(const std::string& base, std::string_view ref) {
  const std::optional<std::string> url = absolute(base, ref);
  const std::optional<text::UrlParts> parts =
      url ? text::parse_http_url(*url) : text::parse_http_url(ref);
  const std::string path = text::ascii_lower(parts ? parts->path : std::string(ref));
  return path.ends_with(".opml");
}

// akhbar:kind (any prefix) when it names a kind akhbar polls.
std::string written_kind(pugi::xml_node n) {
  for (pugi::xml_attribute a = n.first_attribute(); a; a = a.next_attribute()) {
    const std::string_view name = a.name();
    if (name.find(':') == std::string_view::npos || local_name(a.name()) != "kind") continue;
    const std::string_view v = detail::trim_xml_space(a.value());
    if (v == "feed" || v == "sitemap" || v == "listing") return std::string(v);
  }
  return {};
}

std::string join_category(const std::string& parent, const std::string& title) {
  if (title.empty()) return parent;
  if (parent.empty()) return title;
  return parent + std::string(kCategorySeparator) + title;
}

// OPML 2.0's category attribute: comma-separated "/A/B" paths; the first
// one, as "A / B".
std::string category_attribute(pugi::xml_node n) {
  std::string_view v = attr(n, "category");
  v = v.substr(0, v.find(','));
  std::string out;
  std::size_t pos = 0;
  while (pos < v.size()) {
    std::size_t end = v.find('/', pos);
    if (end == std::string_view::npos) end = v.size();
    out = join_category(out, text::collapse_whitespace(v.substr(pos, end - pos)));
    pos = end + 1;
  }
  return out;
}

// Text that XML 1.0 can carry: valid UTF-8 without the C0 controls it
// forbids even as references (tab, LF and CR stay).
std::string xml_safe(std::string_view s) {
  std::string out = text::sanitize_utf8(s);
  std::erase_if(out, [](char c) {
    return static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r';
  });
  return out;
}

struct StringWriter : pugi::xml_writer {
  std::string out;
  void write(const void* data, std::size_t size) override {
    out.append(static_cast<const char*>(data), size);
  }
};

}  // namespace

Result<OpmlImport> parse_opml(std::string_view document, const std::string& base_url) {
  std::string buffer = text::sanitize_utf8(document);
  pugi::xml_document doc;
  const pugi::xml_parse_result parsed = doc.load_buffer_inplace(
      buffer.data(), buffer.size(), pugi::parse_default, pugi::encoding_utf8);
  if (!parsed) {
    return make_error("OPML is not well-formed XML: " + std::string(parsed.description()) +
                      " at offset " + std::to_string(parsed.offset));
  }
  const pugi::xml_node root = doc.document_element();
  if (!root || !text::ascii_iequals(local_name(root.name()), "opml")) {
    return make_error("not OPML: the root element is not <opml>");
  }
  pugi::xml_node head;
  pugi::xml_node body;
  for (pugi::xml_node c = root.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    if (!head && text::ascii_iequals(local_name(c.name()), "head")) head = c;
    if (!body && text::ascii_iequals(local_name(c.name()), "body")) body = c;
  }
  if (!body) return make_error("not OPML: no <body>");

  OpmlImport out;
  for (pugi::xml_node c = head.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_element && text::ascii_iequals(local_name(c.name()), "title")) {
      out.title = text::collapse_whitespace(c.child_value());
    }
  }
  std::unordered_set<std::string> seen;
  // Preorder over outlines: (outline, category of its parent).
  std::vector<std::pair<pugi::xml_node, std::string>> stack;
  const auto push_children = [&stack](pugi::xml_node parent, const std::string& category) {
    std::vector<pugi::xml_node> kids;
    for (pugi::xml_node c = parent.first_child(); c; c = c.next_sibling()) {
      if (c.type() == pugi::node_element && text::ascii_iequals(local_name(c.name()), "outline")) {
        kids.push_back(c);
      }
    }
    for (auto it = kids.rbegin(); it != kids.rend(); ++it) stack.emplace_back(*it, category);
  };
  push_children(body, "");
  while (!stack.empty()) {
    auto [n, category] = std::move(stack.back());
    stack.pop_back();
    const std::string_view xml_url = attr(n, "xmlUrl");
    const std::string_view type = attr(n, "type");
    const std::string_view page_url = attr(n, "url");
    const bool is_feed = !xml_url.empty();
    // A link to another OPML file is an inclusion, which is not followed.
    const bool is_link = !is_feed && !page_url.empty() && text::ascii_iequals(type, "link") &&
                         !names_opml_file(base_url, page_url);
    if (!is_feed && !is_link) {
      // A folder: its title becomes part of the category below it.
      push_children(n, join_category(category, outline_title(n)));
      continue;
    }
    OpmlSource s;
    s.name = outline_title(n);
    s.kind = is_feed ? "feed" : written_kind(n);
    if (s.kind.empty()) s.kind = "listing";
    s.category = category.empty() ? category_attribute(n) : category;
    if (const auto html = absolute(base_url, attr(n, "htmlUrl"))) s.html_url = *html;
    push_children(n, category);
    const std::optional<std::string> url = absolute(base_url, is_feed ? xml_url : page_url);
    if (!url) {
      ++out.skipped;
      continue;
    }
    if (!seen.insert(*url).second) {
      ++out.duplicates;
      continue;
    }
    s.url = *url;
    out.sources.push_back(std::move(s));
  }
  return out;
}

std::string write_opml(const std::vector<OpmlSource>& sources, const OpmlWriteOptions& options) {
  pugi::xml_document doc;
  pugi::xml_node decl = doc.append_child(pugi::node_declaration);
  decl.append_attribute("version") = "1.0";
  decl.append_attribute("encoding") = "UTF-8";
  pugi::xml_node opml = doc.append_child("opml");
  opml.append_attribute("version") = "2.0";
  opml.append_attribute("xmlns:akhbar") = kAkhbarNs;
  pugi::xml_node head = opml.append_child("head");
  head.append_child("title").text() = xml_safe(options.title).c_str();
  if (!options.date_created.empty()) {
    head.append_child("dateCreated").text() = xml_safe(options.date_created).c_str();
  }
  pugi::xml_node body = opml.append_child("body");

  // One folder outline per category path component, made on first use.
  std::map<std::string, pugi::xml_node> folders;
  const auto folder_for = [&](const std::string& category) {
    pugi::xml_node parent = body;
    std::string path;
    std::size_t pos = 0;
    while (pos < category.size()) {
      std::size_t end = category.find(kCategorySeparator, pos);
      if (end == std::string::npos) end = category.size();
      const std::string part = xml_safe(category.substr(pos, end - pos));
      pos = end + kCategorySeparator.size();
      if (part.empty()) continue;
      path = join_category(path, part);
      auto it = folders.find(path);
      if (it == folders.end()) {
        pugi::xml_node f = parent.append_child("outline");
        f.append_attribute("text") = part.c_str();
        f.append_attribute("title") = part.c_str();
        it = folders.emplace(path, f).first;
      }
      parent = it->second;
    }
    return parent;
  };

  for (const OpmlSource& s : sources) {
    pugi::xml_node o = folder_for(s.category).append_child("outline");
    const std::string name = xml_safe(s.name);
    o.append_attribute("text") = name.c_str();
    o.append_attribute("title") = name.c_str();
    if (s.kind == "feed" || s.kind.empty()) {
      o.append_attribute("type") = "rss";
      o.append_attribute("xmlUrl") = xml_safe(s.url).c_str();
    } else {
      o.append_attribute("type") = "link";
      o.append_attribute("url") = xml_safe(s.url).c_str();
      o.append_attribute("akhbar:kind") = xml_safe(s.kind).c_str();
    }
    if (!s.html_url.empty()) o.append_attribute("htmlUrl") = xml_safe(s.html_url).c_str();
  }
  StringWriter writer;
  doc.save(writer, "  ", pugi::format_default, pugi::encoding_utf8);
  return writer.out;
}

}  // namespace akhbar::parsers
