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
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_MAIN:
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_TD:
    case GUMBO_TAG_BODY:
    case GUMBO_TAG_CENTER:
      return true;
    default:
      return false;
  }
}

double tag_bonus(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_ARTICLE:
      return 10;
    case GUMBO_TAG_MAIN:
    case GUMBO_TAG_DIV:
      return 5;
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_TD:
      return 3;
    case GUMBO_TAG_BODY:
      return -10;
    default:
      return 0;
  }
}

// Blocks whose own text never counts as story prose.
bool is_non_prose_block(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
    case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_CAPTION:
    case GUMBO_TAG_TH:
    case GUMBO_TAG_DT:
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
    double score = 1.0 + unit.own_punct + std::min(unit.own_chars / 100.0, 3.0);
    // List items are prose in some stories but far more often references,
    // teasers and menus: they count, but less.
    if (unit.tag == GUMBO_TAG_LI) score /= 2;
    int ancestor = is_candidate_tag(unit.tag) ? i : unit.parent;
    // Levels count block ancestors only: <font>/<span> wrappers, however
    // many, do not push the containers out of reach.
    for (int level = 0; ancestor >= 0 && level < 5; ancestor = nodes[ancestor].parent) {
      DomNode& a = nodes[ancestor];
      if (!is_block_tag(a.tag)) continue;
      const int this_level = level++;
      if (!is_candidate_tag(a.tag)) continue;
      if (!a.is_candidate) candidates.push_back(ancestor);
      const double divider = this_level == 0 ? 1.0 : this_level == 1 ? 2.0 : this_level * 3.0;
      add_score(a, score / divider);
      // An <article> is one story: its text does not make the list that
      // holds several of them look like a bigger story.
      if (a.tag == GUMBO_TAG_ARTICLE) break;
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
  const double density = link_density(s);
  if (s.chars > 80 && s.tag != GUMBO_TAG_UL && s.tag != GUMBO_TAG_OL && s.tag != GUMBO_TAG_TABLE) {
    return density < 0.25;
  }
  if (s.tag != GUMBO_TAG_P) return false;
  return s.chars > 0 && density == 0 && ends_sentence(subtree_text(page, sibling));
}

bool overlaps(const Page& page, const std::vector<int>& roots, int i) {
  return std::any_of(roots.begin(), roots.end(), [&](int r) {
    return (i >= r && i < page.nodes[r].end) || (r >= i && r < page.nodes[i].end);
  });
}

// Long stories are often cut into several boxes of the same kind with figures
// or quotes between them: take every box that repeats the winner's tag and
// class, unless another story starts in between.
void add_same_class_boxes(const Page& page, int top, std::vector<int>& roots) {
  constexpr std::size_t kMaxBoxes = 64;
  const DomNode& t = page.nodes[top];
  const std::string_view cls = attribute(t.element(), "class");
  if (cls.empty()) return;
  // story_starts[i]: headlines and <article>s starting before node i.
  std::vector<int> story_starts(page.nodes.size() + 1, 0);
  for (std::size_t i = 0; i < page.nodes.size(); ++i) {
    const DomNode& n = page.nodes[i];
    const bool starts = !n.is_text && (n.tag == GUMBO_TAG_H1 || n.tag == GUMBO_TAG_ARTICLE);
    story_starts[i + 1] = story_starts[i] + (starts ? 1 : 0);
  }
  // Another story starts between two subtrees when one of them begins there.
  const auto boundary_between = [&](int a, int b) {
    if (a > b) std::swap(a, b);
    return story_starts[b] - story_starts[page.nodes[a].end] > 0;
  };
  for (int i = 0; i < static_cast<int>(page.nodes.size()) && roots.size() < kMaxBoxes; ++i) {
    const DomNode& n = page.nodes[i];
    if (n.is_text || n.skipped || n.tag != t.tag || n.chars < 100 || link_density(n) > 0.5 ||
        attribute(n.element(), "class") != cls) {
      continue;
    }
    if (overlaps(page, roots, i) || boundary_between(top, i)) continue;
    roots.push_back(i);
  }
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
  if (top < 0) {
    // No block long enough to vote: the page's own text is in <body>, if
    // anywhere (the collector still drops chrome, links and boilerplate).
    for (int i = 0; i < static_cast<int>(page.nodes.size()); ++i) {
      const DomNode& n = page.nodes[i];
      if (!n.is_text && n.tag == GUMBO_TAG_BODY && n.chars > n.link_chars) top = i;
    }
    if (top < 0) return -1;
    roots.push_back(top);
    return top;
  }
  roots.push_back(top);
  // Siblings continuing the story: next to the winner, and next to wrappers
  // that add almost no text of their own (the lead often sits one level up).
  for (int child = top, level = 0; level < 3; child = page.nodes[child].parent, ++level) {
    const int parent = page.nodes[child].parent;
    if (parent < 0) break;
    const DomNode& p = page.nodes[parent];
    const int wrapper_chars = page.nodes[child].chars;
    if (level > 0 && wrapper_chars > page.nodes[top].chars + page.nodes[top].chars / 10) break;
    for (int s = parent + 1; s < p.end; s = page.nodes[s].end) {
      if (s != child && continues_story(page, top, s)) roots.push_back(s);
    }
  }
  add_same_class_boxes(page, top, roots);
  std::sort(roots.begin(), roots.end());
  return top;
}

}  // namespace akhbar::parsers::detail
