// Internal to parsers/ (listing links, feed discovery): an HTML page parsed
// by gumbo after the extractor's byte-level prepass (scripts, styles,
// comments gone; nesting capped so hostile pages cannot make gumbo slow),
// with the few DOM reads the link harvesters share. Every walk here is
// iterative: no recursion over a tree an attacker shapes.
#pragma once

#include <gumbo.h>

#include <string>
#include <string_view>

namespace akhbar::parsers::detail {

class GumboPage {
 public:
  explicit GumboPage(std::string_view html);
  ~GumboPage();
  GumboPage(const GumboPage&) = delete;
  GumboPage& operator=(const GumboPage&) = delete;

  const GumboNode* root() const { return output_->root; }

  // The URL relative links resolve against: the first <base href> resolved
  // against `page_url`, else `page_url` itself (HTML §4.2.3).
  std::string base_url(const std::string& page_url) const;

 private:
  std::string html_;
  GumboOutput* output_ = nullptr;
};

// The attribute's value, or empty when the element has none.
std::string_view attribute(const GumboNode* element, const char* name);

// The text under `node`, white space collapsed, capped at `max_bytes`
// (an anchor that wraps half the page must not cost a copy of it).
std::string element_text(const GumboNode* node, std::size_t max_bytes = 1024);

// True when the space-separated token list `list` holds `token` (ASCII
// case-insensitive), as rel="alternate feed" does.
bool has_token(std::string_view list, std::string_view token);

}  // namespace akhbar::parsers::detail
