// Word-level helpers for folded Arabic text (text::fold_for_matching output):
// a stop-word list and a light stemmer, shared by the template guard and the
// story clusterer.
#pragma once

#include <string>
#include <string_view>

namespace akhbar::dedup {

// True for the function words (and their folded spellings) that say nothing
// about what an article is about: في، من، الى، على، ان، هذا، قال ...
bool is_stopword(std::string_view folded_word);

// Light stemming in the manner of Larkey, Ballesteros and Connell's "light10"
// (2007), on folded text (ة is already ه): a leading و, then at most one of
// the prefixes وال بال كال فال لل ال, then at most one of the suffixes ها ان
// ات ون ين يه ه ي are removed, each only when at least 3 letters remain.
// Words with anything but Arabic letters are returned unchanged.
std::string light_stem(std::string_view folded_word);

}  // namespace akhbar::dedup
