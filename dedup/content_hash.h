// Exact-duplicate fingerprint of an article's text: equal for two copies that
// differ only in harakat, tatweel, hamza forms, punctuation, case or spacing.
#pragma once

#include <string>
#include <string_view>

namespace akhbar::dedup {

// 16 lower-case hex digits (64-bit FNV-1a over text::fold_for_matching).
std::string content_hash(std::string_view text);
// The same, for text already folded with text::fold_for_matching (callers
// that fold once for several uses).
std::string content_hash_of_folded(std::string_view folded);

}  // namespace akhbar::dedup
