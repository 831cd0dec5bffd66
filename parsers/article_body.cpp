// Finding the main text: Readability-style scoring of containers by the
// paragraphs they hold, then a page-order walk of the winner that keeps
// prose and drops what DESIGN.md lists as boilerplate.
#include <algorithm>
#include <string>
#include <vector>

#include "parsers/article_internal.h"
#include "text/utf8.h"

namespace akhbar::parsers::detail {

namespace {

// Minimum own text for a block to vote for its containers (Readability's).
constexpr int kMinUnitChars = 25;

bool is_candidate_tag(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_ARTICLE: case GUMBO_TAG_MAIN: case GUMBO_TAG_DIV: case GUMBO_TAG_SECTION:
    case GUMBO_TAG_TD: case GUMBO_TAG_BODY: case GUMBO_TAG_CENTER:
      return true;
    default:
      return false;
  }
}

double tag_bonus(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_ARTICLE: return 10;
    case GUMBO_TAG_MAIN: case GUMBO_TAG_DIV: return 5;
    case GUMBO_TAG_SECTION: case GUMBO_TAG_TD: return 3;
    case GUMBO_TAG_BODY: return -10;
    default: return 0;
  }
}

// Blocks whose own text never counts as story prose.
bool is_non_prose_block(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_H1: case GUMBO_TAG_H5: case GUMBO_TAG_H6: case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_FIGURE: case GUMBO_TAG_CAPTION: case GUMBO_TAG_TH: case GUMBO_TAG_DT:
    case GUMBO_TAG_ADDRESS:
      return true;
    default:
      return false;
  }
}

double link_density(const DomNode& n) {
  return n.chars > 0 ? static_cast<double>(n.link_chars) / n.chars : 0.0;
}

void add_score(DomNode& n, double score) {
  if (!n.is_candidate) {
    n.is_candidate = true;
    n.score = n.class_weight + tag_bonus(n.tag);
  }
  n.score += score;
}

// Every prose block votes for the containers above it, closer ones more.
void score_units(Page& page, std::vector<int>& candidates) {
  auto& nodes = page.nodes;
  for (int i = 0; i < static_cast<int>(nodes.size()); ++i) {
    const DomNode& unit = nodes[i];
    if (unit.is_text || unit.skipped || is_non_prose_block(unit.tag)) continue;
    if (unit.own_chars < kMinUnitChars || unit.own_link_chars * 2 > unit.own_chars) continue;
    const double score = 1.0 + unit.own_punct + std::min(unit.own_chars / 100.0, 3.0);
    int ancestor = is_candidate_tag(unit.tag) ? i : unit.parent;
    for (int level = 0; ancestor >= 0 && level < 5; ++level, ancestor = nodes[ancestor].parent) {
      DomNode& a = nodes[ancestor];
      if (!is_candidate_tag(a.tag)) continue;
      if (!a.is_candidate) candidates.push_back(ancestor);
      const double divider = level == 0 ? 1.0 : level == 1 ? 2.0 : level * 3.0;
      add_score(a, score / divider);
    }
  }
  for (int c : candidates) nodes[c].score *= 1.0 - link_density(nodes[c]);
}

bool ends_sentence(const std::string& s) {
  if (s.empty()) return false;
  std::size_t pos = s.size();
  while (pos > 0 && (static_cast<unsigned char>(s[pos - 1]) & 0xC0) == 0x80) --pos;
  if (pos > 0) --pos;
  std::size_t at = pos;
  const char32_t last = text::next_code_point(s, at);
  return last == U'.' || last == U'!' || last == U'?' || last == 0x061F || last == 0x06D4;
}

// Siblings of the winner that continue the same story (text split across
// several wrappers), never one that is a story of its own.
bool continues_story(const Page& page, int top, int sibling) {
  const DomNode& s = page.nodes[sibling];
  const DomNode& t = page.nodes[top];
  if (s.is_text || s.skipped || s.has_h1 || s.has_article || s.tag == GUMBO_TAG_ARTICLE) {
    return false;
  }
  const double threshold = std::max(10.0, t.score * 0.2);
  double bonus = 0;
  const std::string_view top_class = attribute(t.element(), "class");
  if (!top_class.empty() && attribute(s.element(), "class") == top_class) bonus = t.score * 0.2;
  if (s.is_candidate && s.score + bonus >= threshold) return true;
  if (s.tag != GUMBO_TAG_P) return false;
  const double density = link_density(s);
  if (s.chars > 80) return density < 0.25;
  return s.chars > 0 && density == 0 && ends_sentence(subtree_text(page, sibling));
}

}  // namespace

int choose_container(Page& page, std::vector<int>& roots) {
  roots.clear();
  std::vector<int> candidates;
  score_units(page, candidates);
  int top = -1;
  for (int c : candidates) {
    if (top < 0 || page.nodes[c].score > page.nodes[top].score) top = c;
  }
  if (top < 0) return -1;
  const int parent = page.nodes[top].parent;
  if (parent < 0) {
    roots.push_back(top);
    return top;
  }
  for (int s = parent + 1; s < page.nodes[parent].end; s = page.nodes[s].end) {
    if (s == top || continues_story(page, top, s)) roots.push_back(s);
  }
  return top;
}

}  // namespace akhbar::parsers::detail
