// Builds the flat Page from one gumbo parse: drops what is never text
// (scripts, forms controls, hidden elements), harvests head metadata, scores
// class/id semantics and sums text statistics bottom-up.
#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>

#include "parsers/article_internal.h"
#include "parsers/html_prepass.h"
#include "text/normalize.h"
#include "text/utf8.h"

namespace akhbar::parsers::detail {

namespace {

bool is_dropped_tag(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_TEMPLATE: case GUMBO_TAG_SVG: case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_BUTTON: case GUMBO_TAG_SELECT: case GUMBO_TAG_TEXTAREA:
    case GUMBO_TAG_INPUT: case GUMBO_TAG_OBJECT: case GUMBO_TAG_EMBED:
    case GUMBO_TAG_CANVAS: case GUMBO_TAG_AUDIO: case GUMBO_TAG_VIDEO:
    case GUMBO_TAG_MAP: case GUMBO_TAG_MATH:
    case GUMBO_TAG_LABEL: case GUMBO_TAG_APPLET: case GUMBO_TAG_FRAMESET:
      return true;
    default:
      return false;
  }
}

// Landmarks that hold page chrome, never the story.
bool is_chrome_tag(GumboTag tag) {
  return tag == GUMBO_TAG_HEADER || tag == GUMBO_TAG_FOOTER || tag == GUMBO_TAG_NAV ||
         tag == GUMBO_TAG_ASIDE || tag == GUMBO_TAG_MENU;
}

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

// Class/id tokens: split at anything that is not a letter or digit.
bool has_token(std::string_view s, std::string_view token) {
  std::size_t pos = 0;
  while ((pos = s.find(token, pos)) != std::string_view::npos) {
    const bool left = pos == 0 || !std::isalnum(static_cast<unsigned char>(s[pos - 1]));
    const std::size_t after = pos + token.size();
    const bool right = after == s.size() || !std::isalnum(static_cast<unsigned char>(s[after]));
    if (left && right) return true;
    pos = after;
  }
  return false;
}

bool has_class(std::string_view classes, std::string_view name) {
  std::size_t pos = 0;
  while (pos < classes.size()) {
    const std::size_t start = classes.find_first_not_of(" \t\n\r\f", pos);
    if (start == std::string_view::npos) return false;
    std::size_t end = classes.find_first_of(" \t\n\r\f", start);
    if (end == std::string_view::npos) end = classes.size();
    if (classes.substr(start, end - start) == name) return true;
    pos = end;
  }
  return false;
}

constexpr std::array<std::string_view, 11> kPositive = {
    "article", "content", "story", "body", "entry", "post", "text", "main", "detail",
    "hentry",  "blog"};
constexpr std::array<std::string_view, 38> kNegative = {
    "comment",  "related",    "share",     "social",  "sidebar",    "widget",   "footer",
    "header",   "menu",       "nav",       "promo",   "banner",     "popular",  "most-read",
    "mostread", "most_read",  "breadcrumb", "newsletter", "subscribe", "caption", "credit",
    "author",   "byline",     "sponsor",   "outbrain", "taboola",   "disqus",   "pagination",
    "pager",    "masthead",   "cookie",    "consent", "modal",      "popup",    "trending",
    "tags",     "keywords",   "most-viewed"};
constexpr std::array<std::string_view, 12> kNegativeTokens = {
    "ad",    "ads",    "advert", "advertisement", "adv",  "meta",
    "tag",   "print",  "rating", "login",         "tool", "tools"};

int name_weight(std::string_view raw) {
  if (raw.empty()) return 0;
  const std::string s = lower_ascii(raw);
  int weight = 0;
  if (std::any_of(kPositive.begin(), kPositive.end(), [&](auto w) { return contains(s, w); })) {
    weight += 25;
  }
  const bool negative =
      std::any_of(kNegative.begin(), kNegative.end(), [&](auto w) { return contains(s, w); }) ||
      std::any_of(kNegativeTokens.begin(), kNegativeTokens.end(),
                  [&](auto w) { return has_token(s, w); });
  if (negative) weight -= 25;
  return weight;
}

int class_weight(const GumboElement& element) {
  int weight = name_weight(attribute(element, "class")) + name_weight(attribute(element, "id"));
  const std::string itemprop = lower_ascii(attribute(element, "itemprop"));
  if (itemprop == "articlebody" || itemprop == "text") weight += 50;
  const std::string role = lower_ascii(attribute(element, "role"));
  if (role == "navigation" || role == "complementary" || role == "contentinfo" ||
      role == "banner" || role == "dialog" || role == "menu") {
    weight -= 50;
  } else if (role == "main" || role == "article") {
    weight += 25;
  }
  return weight;
}

bool is_hidden(const GumboElement& element) {
  if (gumbo_get_attribute(&element.attributes, "hidden") != nullptr) return true;
  if (lower_ascii(attribute(element, "aria-hidden")) == "true") return true;
  const std::string_view style = attribute(element, "style");
  if (!style.empty()) {
    std::string compact;
    for (char c : style) {
      if (!std::isspace(static_cast<unsigned char>(c))) {
        compact += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      }
    }
    if (contains(compact, "display:none") || contains(compact, "visibility:hidden")) return true;
  }
  // Whole class names only: "mw-hide-empty-elt" hides nothing.
  const std::string cls = lower_ascii(attribute(element, "class"));
  return has_class(cls, "hidden") || has_class(cls, "d-none") || has_class(cls, "hide") ||
         has_class(cls, "sr-only") || has_class(cls, "visually-hidden") ||
         has_class(cls, "screen-reader-text");
}

std::string unknown_tag_name(const GumboElement& element) {
  GumboStringPiece piece = element.original_tag;
  gumbo_tag_from_original_text(&piece);
  return lower_ascii(std::string_view(piece.data, piece.length));
}

bool is_punctuation(char32_t cp) {
  return cp == U',' || cp == U'.' || cp == U'?' || cp == U'!' || cp == U';' ||
         cp == 0x060C /* ، */ || cp == 0x061B /* ؛ */ || cp == 0x061F /* ؟ */ ||
         cp == 0x06D4 /* ۔ */;
}

struct TextStats {
  int chars = 0;
  int punct = 0;
};

// Counts characters as collapse_whitespace leaves them, so indentation in the
// markup does not inflate a block's weight.
TextStats text_stats(std::string_view s) {
  TextStats stats;
  const std::string collapsed = text::collapse_whitespace(s);
  stats.chars = static_cast<int>(text::count_chars(collapsed));
  for (std::size_t pos = 0; pos < collapsed.size();) {
    if (is_punctuation(text::next_code_point(collapsed, pos))) ++stats.punct;
  }
  return stats;
}

class Builder {
 public:
  explicit Builder(Page& page) : page_(page) {}

  void build(const GumboNode* root) {
    flatten(root);
    sum_stats();
    mark_skipped();
  }

 private:
  struct Frame {
    const GumboNode* node;
    int parent;
    bool in_head;
    bool in_link;
    int close_index;  // >= 0: this frame only closes node close_index
  };

  void flatten(const GumboNode* root) {
    std::vector<Frame> stack;
    stack.push_back({root, -1, false, false, -1});
    while (!stack.empty()) {
      const Frame frame = stack.back();
      stack.pop_back();
      if (frame.close_index >= 0) {
        page_.nodes[frame.close_index].end = static_cast<int>(page_.nodes.size());
        continue;
      }
      const GumboNode* node = frame.node;
      if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_WHITESPACE ||
          node->type == GUMBO_NODE_CDATA) {
        if (frame.in_head || frame.parent < 0) continue;
        DomNode text;
        text.node = node;
        text.is_text = true;
        text.parent = frame.parent;
        text.block = page_.nodes[frame.parent].block;
        text.in_link = frame.in_link;
        text.end = static_cast<int>(page_.nodes.size()) + 1;
        page_.nodes.push_back(text);
        continue;
      }
      if (node->type != GUMBO_NODE_ELEMENT) continue;
      const GumboElement& element = node->v.element;
      if (!harvest(element, frame.in_head)) continue;

      const bool in_head = frame.in_head || element.tag == GUMBO_TAG_HEAD;
      int parent = frame.parent;
      if (!in_head) {
        parent = add_element(node, frame.parent, frame.in_link);
        stack.push_back({nullptr, -1, false, false, parent});
      }
      const bool in_link = frame.in_link || element.tag == GUMBO_TAG_A;
      for (unsigned i = element.children.length; i-- > 0;) {
        stack.push_back({static_cast<const GumboNode*>(element.children.data[i]), parent,
                         in_head, in_link, -1});
      }
    }
  }

  // Records metadata elements; false when the subtree carries no text.
  bool harvest(const GumboElement& element, bool in_head) {
    switch (element.tag) {
      case GUMBO_TAG_HTML:
        if (page_.html_lang.empty()) page_.html_lang = std::string(attribute(element, "lang"));
        return true;
      case GUMBO_TAG_META:
        page_.metas.push_back(&element);
        return false;
      case GUMBO_TAG_LINK:
        page_.links.push_back(&element);
        return false;
      case GUMBO_TAG_TITLE:
        if (page_.title_tag.empty() && element.children.length > 0) {
          const auto* child = static_cast<const GumboNode*>(element.children.data[0]);
          if (child->type == GUMBO_NODE_TEXT) {
            page_.title_tag = text::collapse_whitespace(child->v.text.text);
          }
        }
        return false;
      case GUMBO_TAG_SCRIPT:
        if (contains(lower_ascii(attribute(element, "type")), "ld+json")) {
          for (unsigned i = 0; i < element.children.length; ++i) {
            const auto* child = static_cast<const GumboNode*>(element.children.data[i]);
            if (child->type == GUMBO_NODE_TEXT || child->type == GUMBO_NODE_CDATA) {
              page_.json_ld.emplace_back(child->v.text.text);
            }
          }
        }
        return false;
      default:
        break;
    }
    if (in_head) return true;
    if (element.tag == GUMBO_TAG_UNKNOWN) {
      // Elements gumbo 0.10 does not know: <dialog> is chrome, <picture> only media.
      const std::string name = unknown_tag_name(element);
      if (name == "dialog" || name == "picture") return false;
    }
    return !is_dropped_tag(element.tag) && !is_hidden(element);
  }

  int add_element(const GumboNode* node, int parent, bool in_link) {
    DomNode dom;
    dom.node = node;
    dom.tag = node->v.element.tag;
    dom.parent = parent;
    dom.in_link = in_link || dom.tag == GUMBO_TAG_A;
    dom.class_weight = class_weight(node->v.element);
    const int index = static_cast<int>(page_.nodes.size());
    dom.block = (is_block_tag(dom.tag) || parent < 0) ? index : page_.nodes[parent].block;
    page_.nodes.push_back(dom);
    return index;
  }

  // Bottom-up: children come after their parent, so a reverse sweep sees
  // every subtree complete before its root.
  void sum_stats() {
    auto& nodes = page_.nodes;
    for (int i = static_cast<int>(nodes.size()) - 1; i >= 0; --i) {
      DomNode& n = nodes[i];
      if (n.is_text) {
        if (n.node->type == GUMBO_NODE_WHITESPACE) continue;
        const TextStats stats = text_stats(n.text());
        n.chars = stats.chars;
        n.link_chars = n.in_link ? stats.chars : 0;
        if (n.block >= 0) {
          nodes[n.block].own_chars += stats.chars;
          nodes[n.block].own_link_chars += n.link_chars;
          nodes[n.block].own_punct += stats.punct;
        }
      } else {
        if (n.tag == GUMBO_TAG_H1) n.has_h1 = true;
        n.excluded = should_exclude(n);
        if (n.tag == GUMBO_TAG_ARTICLE || n.tag == GUMBO_TAG_MAIN) n.has_article = true;
      }
      if (n.parent < 0) continue;
      DomNode& parent = nodes[n.parent];
      parent.has_h1 |= n.has_h1;
      parent.has_article |= n.has_article;
      if (!n.excluded) {
        parent.chars += n.chars;
        parent.link_chars += n.link_chars;
      }
    }
  }

  static bool should_exclude(const DomNode& n) {
    if (is_chrome_tag(n.tag)) return true;
    // Some sites wrap the whole page in one <form>; only small forms are chrome.
    if (n.tag == GUMBO_TAG_FORM) return !n.has_h1 && !n.has_article && n.chars < 2000;
    if (n.class_weight >= 0) return false;
    if (n.tag == GUMBO_TAG_BODY || n.tag == GUMBO_TAG_HTML || n.tag == GUMBO_TAG_ARTICLE ||
        n.tag == GUMBO_TAG_MAIN) {
      return false;
    }
    // A negative name on a wrapper of the whole story ("layout-with-sidebar")
    // must not hide the story.
    return !n.has_h1 && !n.has_article;
  }

  void mark_skipped() {
    for (DomNode& n : page_.nodes) {
      n.skipped = n.excluded || (n.parent >= 0 && page_.nodes[n.parent].skipped);
    }
  }

  Page& page_;
};

}  // namespace

std::string_view attribute(const GumboElement& element, const char* name) {
  const GumboAttribute* attr = gumbo_get_attribute(&element.attributes, name);
  return attr == nullptr ? std::string_view() : std::string_view(attr->value);
}

bool is_block_tag(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_ADDRESS: case GUMBO_TAG_ARTICLE: case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_BODY: case GUMBO_TAG_CENTER:
    case GUMBO_TAG_DD: case GUMBO_TAG_DETAILS: case GUMBO_TAG_DIV: case GUMBO_TAG_DL:
    case GUMBO_TAG_DT: case GUMBO_TAG_FIELDSET: case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_FIGURE: case GUMBO_TAG_FOOTER: case GUMBO_TAG_FORM: case GUMBO_TAG_H1:
    case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5:
    case GUMBO_TAG_H6: case GUMBO_TAG_HEADER: case GUMBO_TAG_HR: case GUMBO_TAG_LI:
    case GUMBO_TAG_MAIN: case GUMBO_TAG_NAV: case GUMBO_TAG_OL: case GUMBO_TAG_P:
    case GUMBO_TAG_PRE: case GUMBO_TAG_SECTION: case GUMBO_TAG_TABLE: case GUMBO_TAG_TBODY:
    case GUMBO_TAG_THEAD: case GUMBO_TAG_TFOOT: case GUMBO_TAG_TR: case GUMBO_TAG_TD:
    case GUMBO_TAG_TH: case GUMBO_TAG_UL: case GUMBO_TAG_CAPTION: case GUMBO_TAG_SUMMARY:
    case GUMBO_TAG_MENU: case GUMBO_TAG_HTML:
      return true;
    default:
      return false;
  }
}

std::string subtree_text(const Page& page, int index) {
  std::string raw;
  const DomNode& root = page.nodes[index];
  for (int i = index; i < root.end; ++i) {
    const DomNode& n = page.nodes[i];
    if (n.is_text) {
      raw += n.text();
    } else if (n.tag == GUMBO_TAG_BR || (i != index && is_block_tag(n.tag))) {
      raw += ' ';
    }
  }
  return text::collapse_whitespace(raw);
}

std::string fold(std::string_view s) { return text::fold_for_matching(s); }

ParsedPage::ParsedPage(std::string_view html) : html_(strip_html_noise(html)) {
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 0;  // recording parse errors costs time nobody reads
  output_ = gumbo_parse_with_options(&options, html_.data(), html_.size());
  Builder(page_).build(output_->root);
}

ParsedPage::~ParsedPage() {
  if (output_ != nullptr) gumbo_destroy_output(&kGumboDefaultOptions, output_);
}

}  // namespace akhbar::parsers::detail
