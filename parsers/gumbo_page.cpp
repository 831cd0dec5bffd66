#include "parsers/gumbo_page.h"

#include <optional>
#include <vector>

#include "parsers/html_prepass.h"
#include "parsers/markup_chars.h"
#include "text/ascii.h"
#include "text/url.h"
#include "text/utf8.h"

namespace akhbar::parsers::detail {

GumboPage::GumboPage(std::string_view html) : html_(strip_html_noise(html)) {
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 0;  // nobody reads them
  output_ = gumbo_parse_with_options(&options, html_.data(), html_.size());
}

GumboPage::~GumboPage() {
  if (output_ != nullptr) gumbo_destroy_output(&kGumboDefaultOptions, output_);
}

std::string GumboPage::base_url(const std::string& page_url) const {
  std::vector<const GumboNode*> stack{root()};
  while (!stack.empty()) {
    const GumboNode* n = stack.back();
    stack.pop_back();
    if (n->type != GUMBO_NODE_ELEMENT) continue;
    if (n->v.element.tag == GUMBO_TAG_BASE) {
      const std::string_view href = attribute(n, "href");
      if (href.empty()) continue;
      const std::optional<std::string> resolved = text::resolve_url(page_url, href);
      return resolved ? *resolved : page_url;
    }
    if (n->v.element.tag == GUMBO_TAG_BODY) continue;  // <base> belongs in <head>
    const GumboVector& children = n->v.element.children;
    for (unsigned i = children.length; i > 0; --i) {
      stack.push_back(static_cast<const GumboNode*>(children.data[i - 1]));
    }
  }
  return page_url;
}

std::string_view attribute(const GumboNode* element, const char* name) {
  if (element->type != GUMBO_NODE_ELEMENT) return {};
  const GumboAttribute* a = gumbo_get_attribute(&element->v.element.attributes, name);
  return a != nullptr ? std::string_view(a->value) : std::string_view();
}

std::string element_text(const GumboNode* node, std::size_t max_bytes) {
  std::string raw;
  std::vector<const GumboNode*> stack{node};
  while (!stack.empty() && raw.size() < max_bytes) {
    const GumboNode* n = stack.back();
    stack.pop_back();
    if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_WHITESPACE ||
        n->type == GUMBO_NODE_CDATA) {
      raw += n->v.text.text;
      raw += ' ';
      continue;
    }
    if (n->type != GUMBO_NODE_ELEMENT && n->type != GUMBO_NODE_TEMPLATE) continue;
    const GumboVector& children = n->v.element.children;
    for (unsigned i = children.length; i > 0; --i) {
      stack.push_back(static_cast<const GumboNode*>(children.data[i - 1]));
    }
  }
  if (raw.size() > max_bytes) {
    raw.resize(max_bytes);
    // Do not leave half a UTF-8 sequence at the cut: drop continuation
    // bytes, then the lead byte they belonged to.
    while (!raw.empty() && (static_cast<unsigned char>(raw.back()) & 0xC0) == 0x80) raw.pop_back();
    if (!raw.empty() && (static_cast<unsigned char>(raw.back()) & 0xC0) == 0xC0) raw.pop_back();
  }
  return text::collapse_whitespace(raw);
}

bool has_token(std::string_view list, std::string_view token) {
  std::size_t pos = 0;
  while (pos < list.size()) {
    while (pos < list.size() && is_html_space(list[pos])) ++pos;
    std::size_t end = pos;
    while (end < list.size() && !is_html_space(list[end])) ++end;
    if (end > pos && text::ascii_iequals(list.substr(pos, end - pos), token)) return true;
    pos = end;
  }
  return false;
}

}  // namespace akhbar::parsers::detail
