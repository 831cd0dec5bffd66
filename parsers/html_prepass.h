// Internal to the article extractor: a cheap byte-level pass that removes what
// gumbo would otherwise spend most of its time on and what the extractor
// ignores anyway, and that caps element nesting so hostile pages cannot make
// gumbo's scope checks quadratic.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace akhbar::parsers::detail {

// Nesting depth beyond which further start tags (and their end tags) are
// dropped. Browsers cap tree depth at a similar order (Blink: 512).
inline constexpr int kMaxNestingDepth = 512;

// Attributes kept per tag (of those the extractor reads); the rest are
// dropped before gumbo sees them. gumbo compares each new attribute with every earlier one of its
// tag, so N attributes cost O(N^2): 200 000 on one tag take minutes. Real pages stay far below this
// (a few dozen on the busiest tags).
inline constexpr std::size_t kMaxAttributesPerTag = 256;

// Characters of an <a href> value (after leading white space) kept when
// full link targets are not needed: enough to tell a "javascript:" pseudo-link
// even when written with character references ("java&#115;cript:").
inline constexpr std::size_t kKeptHrefChars = 32;

struct PrepassOptions {
  // Keep <a href> values whole (the sanitised-HTML output writes them);
  // otherwise they are cut to kKeptHrefChars.
  bool full_link_targets = true;
};

// Returns `html` without <script> elements (except type=application/ld+json,
// which the metadata reader needs), <style> and <svg> elements and <!-- -->
// comments. Tag names match case-insensitively; an unterminated element or
// comment runs to the end of the input. Start tags nested deeper than
// kMaxNestingDepth are dropped together with their end tags. Start tags keep
// only the attributes the extractor reads (class, id, itemprop, role, style,
// hidden, aria-hidden, href, rel, content, datetime, property, name, type,
// lang, and title/alt for the link harvesters), at most kMaxAttributesPerTag of them; end tags keep
// none (the parser ignores them). Runs of HTML white space in text (not in raw text such as JSON-LD
// or <title>) are cut to their first character.
std::string strip_html_noise(std::string_view html, const PrepassOptions& options = {});

}  // namespace akhbar::parsers::detail
