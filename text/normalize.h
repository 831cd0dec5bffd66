// Arabic-aware folding for matching and search. Stored text keeps harakat
// and tatweel as the page wrote them; these forms are for comparing only.
#pragma once

#include <string>
#include <string_view>

namespace akhbar::text {

// Folds text for matching (search and deduplication share it): NFKC, lower
// case, bidi and other format characters removed (not turned into spaces),
// harakat (U+064B..U+065F, U+0670) and tatweel (U+0640) removed, alef forms
// (آ أ إ ٱ) to ا, ى to ي, ة to ه, ؤ to و, ئ to ي, Arabic-Indic and Persian
// digits to ASCII, punctuation to spaces, white space collapsed.
std::string fold_for_matching(std::string_view s);

}  // namespace akhbar::text
