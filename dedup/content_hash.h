// Exact-duplicate fingerprint of an article's text: equal for two copies that
// differ only in harakat, tatweel, hamza forms, punctuation, case or spacing.
#pragma once

#include <string>
#include <string_view>

namespace akhbar::dedup {

// 16 lower-case hex digits (64-bit FNV-1a over text::fold_for_matching).
std::string content_hash(std::string_view text);

}  // namespace akhbar::dedup
