// Internal to the article extractor: a cheap byte-level pass that removes what
// gumbo would otherwise spend most of its time on and what the extractor
// ignores anyway, and that caps element nesting so hostile pages cannot make
// gumbo's scope checks quadratic.
#pragma once

#include <string>
#include <string_view>

namespace akhbar::parsers::detail {

// Nesting depth beyond which further start tags (and their end tags) are
// dropped. Browsers cap tree depth at a similar order (Blink: 512).
inline constexpr int kMaxNestingDepth = 512;

// Returns `html` without <script> elements (except type=application/ld+json,
// which the metadata reader needs), <style> and <svg> elements and <!-- -->
// comments. Tag names match case-insensitively; an unterminated element or
// comment runs to the end of the input. Start tags nested deeper than
// kMaxNestingDepth are dropped together with their end tags.
std::string strip_html_noise(std::string_view html);

}  // namespace akhbar::parsers::detail
