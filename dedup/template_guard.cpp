#include "dedup/template_guard.h"

#include <algorithm>
#include <cstdint>
#include <unordered_map>
#include <vector>

#include "dedup/arabic_words.h"
#include "dedup/shingles.h"

namespace akhbar::dedup {

namespace {

struct Segment {
  bool match;
  std::size_t a_begin, a_len, b_begin, b_len;
};

bool has_digit(std::string_view w) {
  return std::any_of(w.begin(), w.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// The alignment of a and b (words as ids) as alternating matched and changed
// segments, from a longest common subsequence.
std::vector<Segment> align(const std::vector<std::uint32_t>& a,
                           const std::vector<std::uint32_t>& b) {
  // Common prefix and suffix first: near copies share most of both, and the
  // quadratic table is then only built over the middle.
  std::size_t pre = 0;
  while (pre < a.size() && pre < b.size() && a[pre] == b[pre]) ++pre;
  std::size_t suf = 0;
  while (suf < a.size() - pre && suf < b.size() - pre &&
         a[a.size() - 1 - suf] == b[b.size() - 1 - suf]) {
    ++suf;
  }
  const std::size_t n = a.size() - pre - suf, m = b.size() - pre - suf;
  // lcs[i][j]: LCS length of a[pre+i ..] and b[pre+j ..] within the middle.
  std::vector<std::uint16_t> lcs((n + 1) * (m + 1), 0);
  const auto at = [&](std::size_t i, std::size_t j) -> std::uint16_t& {
    return lcs[i * (m + 1) + j];
  };
  for (std::size_t i = n; i-- > 0;) {
    for (std::size_t j = m; j-- > 0;) {
      at(i, j) = a[pre + i] == b[pre + j] ? static_cast<std::uint16_t>(at(i + 1, j + 1) + 1)
                                          : std::max(at(i + 1, j), at(i, j + 1));
    }
  }
  std::vector<Segment> segs;
  const auto push = [&](bool match, std::size_t ai, std::size_t bi, std::size_t da,
                        std::size_t db) {
    if (!segs.empty() && segs.back().match == match) {
      segs.back().a_len += da;
      segs.back().b_len += db;
    } else {
      segs.push_back(Segment{match, ai, da, bi, db});
    }
  };
  if (pre > 0) push(true, 0, 0, pre, pre);
  std::size_t i = 0, j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[pre + i] == b[pre + j]) {
      push(true, pre + i, pre + j, 1, 1);
      ++i, ++j;
    } else if (j == m || (i < n && at(i + 1, j) >= at(i, j + 1))) {
      push(false, pre + i, pre + j, 1, 0);
      ++i;
    } else {
      push(false, pre + i, pre + j, 0, 1);
      ++j;
    }
  }
  if (suf > 0) push(true, a.size() - suf, b.size() - suf, suf, suf);
  return segs;
}

// Matched runs shorter than the anchor length next to a change are stray
// matches of common words: they join the change around them.
std::vector<Segment> absorb_short_matches(const std::vector<Segment>& segs, std::size_t anchor) {
  std::vector<Segment> out;
  for (std::size_t k = 0; k < segs.size(); ++k) {
    Segment s = segs[k];
    if (s.match && s.a_len < anchor && segs.size() > 1) s.match = false;
    if (!out.empty() && !out.back().match && !s.match) {
      out.back().a_len += s.a_len;
      out.back().b_len += s.b_len;
    } else {
      out.push_back(s);
    }
  }
  return out;
}

std::string join(const std::vector<std::string_view>& w, std::size_t begin, std::size_t len) {
  std::string out;
  for (std::size_t k = begin; k < begin + len; ++k) {
    if (!out.empty()) out += ' ';
    out.append(w[k]);
  }
  return out;
}

}  // namespace

FactCheck compare_facts(std::string_view folded_a, std::string_view folded_b, double jaccard,
                        const TemplateGuardOptions& options) {
  std::vector<std::string_view> wa = split_words(folded_a);
  std::vector<std::string_view> wb = split_words(folded_b);
  if (wa.size() > options.max_words) wa.resize(options.max_words);
  if (wb.size() > options.max_words) wb.resize(options.max_words);
  std::unordered_map<std::string_view, std::uint32_t> ids;
  const auto to_ids = [&](const std::vector<std::string_view>& words) {
    std::vector<std::uint32_t> out;
    out.reserve(words.size());
    for (const std::string_view w : words) {
      out.push_back(ids.emplace(w, static_cast<std::uint32_t>(ids.size())).first->second);
    }
    return out;
  };
  const std::vector<std::uint32_t> ia = to_ids(wa), ib = to_ids(wb);
  const auto max_len = static_cast<std::size_t>(options.max_replaced_words);

  for (const Segment& s :
       absorb_short_matches(align(ia, ib), static_cast<std::size_t>(options.min_anchor_words))) {
    if (s.match || s.a_len == 0 || s.b_len == 0 || s.a_len > max_len || s.b_len > max_len) {
      continue;
    }
    std::vector<std::string_view> numbers_a, numbers_b;
    bool content_word = false;
    for (std::size_t k = 0; k < s.a_len; ++k) {
      if (has_digit(wa[s.a_begin + k])) numbers_a.push_back(wa[s.a_begin + k]);
      content_word |= !is_stopword(wa[s.a_begin + k]);
    }
    for (std::size_t k = 0; k < s.b_len; ++k) {
      if (has_digit(wb[s.b_begin + k])) numbers_b.push_back(wb[s.b_begin + k]);
      content_word |= !is_stopword(wb[s.b_begin + k]);
    }
    const std::string what = join(wa, s.a_begin, s.a_len) + " -> " + join(wb, s.b_begin, s.b_len);
    if (!numbers_a.empty() && !numbers_b.empty()) {
      std::sort(numbers_a.begin(), numbers_a.end());
      std::sort(numbers_b.begin(), numbers_b.end());
      if (numbers_a != numbers_b) return FactCheck{false, "different numbers: " + what};
    }
    if (jaccard < options.names_checked_below && content_word) {
      return FactCheck{false, "different names: " + what};
    }
  }
  return FactCheck{};
}

}  // namespace akhbar::dedup
