#include "parsers/feed/node_text.h"

#include <cstddef>
#include <cstdint>

#include "parsers/feed.h"
#include "parsers/feed/html_text.h"
#include "parsers/feed/xml_names.h"
#include "parsers/markup_chars.h"
#include "text/utf8.h"

namespace akhbar::parsers::feed_detail {

using detail::trim_xml_space;

namespace {

struct StringWriter : pugi::xml_writer {
  std::string out;
  void write(const void* data, std::size_t size) override {
    out.append(static_cast<const char*>(data), size);
  }
};

// The children serialised as markup (text escaped), as an xhtml construct
// or unescaped HTML in an RSS element means them.
std::string serialized_children(pugi::xml_node n) {
  StringWriter writer;
  for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling()) {
    c.print(writer, "", pugi::format_raw);
  }
  return std::string(trim_xml_space(writer.out));
}

// The element's content as the producer wrote it: its text or, when it
// holds elements, their serialisation.
std::string markup(pugi::xml_node n) {
  return has_element_child(n) ? serialized_children(n) : own_text(n);
}

// Atom xhtml constructs wrap their content in one xhtml:div that is not
// part of the content (RFC 4287 3.1.1.3).
pugi::xml_node xhtml_content_root(pugi::xml_node n) {
  pugi::xml_node only;
  for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_element) {
      if (only) return n;
      only = c;
    }
  }
  return only && split_name(only.name()).local == "div" ? only : n;
}

}  // namespace

bool has_element_child(pugi::xml_node n) {
  for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_element) return true;
  }
  return false;
}

std::string own_text(pugi::xml_node n) {
  // Nearly always one text or CDATA child: its value is trimmed and copied
  // once; only several pieces are concatenated first.
  pugi::xml_node first;
  bool several = false;
  std::string out;
  for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_pcdata && c.type() != pugi::node_cdata) continue;
    if (!first) {
      first = c;
      continue;
    }
    if (!several) out = first.value();
    several = true;
    out += c.value();
  }
  if (!several) return first ? std::string(trim_xml_space(first.value())) : std::string();
  return std::string(trim_xml_space(out));
}

std::string plain_text(pugi::xml_node n, TextType type) {
  if (!n || type == TextType::kOpaque) return {};
  if (type == TextType::kXhtml) return html_to_text(serialized_children(xhtml_content_root(n)));
  std::string raw = markup(n);
  if (type == TextType::kPlain) return text::collapse_whitespace(raw);
  if (type == TextType::kHtml || has_element_child(n) || looks_like_html(raw)) {
    return html_to_text(raw);
  }
  return text::collapse_whitespace(raw);
}

std::string summary_markup(pugi::xml_node n, TextType type) {
  if (!n || type == TextType::kOpaque) return {};
  if (type == TextType::kXhtml) return serialized_children(xhtml_content_root(n));
  return markup(n);
}

std::optional<std::string> decode_base64_text(std::string_view encoded) {
  const auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  std::string out;
  out.reserve(encoded.size() / 4 * 3);
  std::uint32_t bits = 0;
  int count = 0;  // sextets in `bits`
  std::size_t sextets = 0;
  std::size_t pads = 0;
  for (const char c : encoded) {
    if (c == '=') {
      ++pads;
      continue;
    }
    const int v = value(c);
    if (v < 0) continue;
    if (pads > 0) return std::nullopt;  // data after padding
    ++sextets;
    bits = (bits << 6) | static_cast<std::uint32_t>(v);
    if (++count == 4) {
      out += static_cast<char>((bits >> 16) & 0xFF);
      out += static_cast<char>((bits >> 8) & 0xFF);
      out += static_cast<char>(bits & 0xFF);
      bits = 0;
      count = 0;
    }
  }
  // A final group of 2 or 3 sextets needs its padding; 1 is never valid.
  if (count == 1 || (count > 0 && count + pads < 4) || sextets == 0) return std::nullopt;
  if (count == 2) out += static_cast<char>((bits >> 4) & 0xFF);
  if (count == 3) {
    out += static_cast<char>((bits >> 10) & 0xFF);
    out += static_cast<char>((bits >> 2) & 0xFF);
  }
  if (!text::is_valid_utf8(out)) return std::nullopt;
  return out;
}

std::string date_of(pugi::xml_node n) {
  return n ? normalize_feed_date(own_text(n)) : std::string();
}

}  // namespace akhbar::parsers::feed_detail
