#include "dedup/arabic_words.h"

#include <algorithm>
#include <array>

#include "text/utf8.h"

namespace akhbar::dedup {

namespace {

// Folded forms (ى→ي, ة→ه, hamza on alef dropped): the list is compared with
// fold_for_matching output. Sorted for binary search.
constexpr auto kStopwords = [] {
  std::array<std::string_view, 86> words = {
      "في",   "من",   "الي",   "علي",   "عن",   "ان",   "او",   "ام",    "ثم",     "مع",   "هذا",
      "هذه",  "ذلك",  "تلك",   "هناك",  "هنا",  "التي", "الذي", "الذين", "اللذين", "كان",  "كانت",
      "يكون", "تكون", "قد",    "لقد",   "لا",   "لم",   "لن",   "ما",    "هو",     "هي",   "هم",
      "هما",  "نحن",  "انه",   "انها",  "كما",  "بعد",  "قبل",  "بين",   "حتي",    "اذا",  "اذ",
      "عند",  "كل",   "غير",   "حيث",   "منذ",  "خلال", "و",    "ب",     "ل",      "ف",    "ك",
      "ايضا", "قال",  "وقال",  "وقالت", "قالت", "الا",  "لكن",  "ولكن",  "فيه",    "فيها", "منه",
      "منها", "عليه", "عليها", "به",    "بها",  "له",   "لها",  "وفي",   "ومن",    "وعلي", "وان",
      "لدي",  "اي",   "امام",  "يا",    "عبر",  "ضمن",  "نحو",  "وهو",   "وهي",
  };
  std::sort(words.begin(), words.end());
  return words;
}();

constexpr std::array<std::string_view, 6> kPrefixes = {"وال", "بال", "كال", "فال", "لل", "ال"};
constexpr std::array<std::string_view, 8> kSuffixes = {"ها", "ان", "ات", "ون",
                                                       "ين", "يه", "ه",  "ي"};
constexpr std::size_t kMinStemLetters = 3;

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
bool ends_with(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}

bool is_arabic_letters(std::string_view s) {
  for (std::size_t pos = 0; pos < s.size();) {
    const char32_t cp = text::next_code_point(s, pos);
    if (cp < 0x0620 || cp > 0x064A) return false;
  }
  return !s.empty();
}

}  // namespace

bool is_stopword(std::string_view folded_word) {
  return std::binary_search(kStopwords.begin(), kStopwords.end(), folded_word);
}

std::string light_stem(std::string_view w) {
  if (!is_arabic_letters(w)) return std::string(w);
  // Every letter of the Arabic block is 2 bytes in UTF-8.
  const auto letters = [](std::string_view s) { return s.size() / 2; };
  if (starts_with(w, "و") && letters(w) - 1 >= kMinStemLetters) w.remove_prefix(2);
  for (const std::string_view p : kPrefixes) {
    if (starts_with(w, p) && letters(w) - letters(p) >= kMinStemLetters) {
      w.remove_prefix(p.size());
      break;
    }
  }
  for (const std::string_view s : kSuffixes) {
    if (ends_with(w, s) && letters(w) - letters(s) >= kMinStemLetters) {
      w.remove_suffix(s.size());
      break;
    }
  }
  return std::string(w);
}

}  // namespace akhbar::dedup
