// Builds the flat Page from one gumbo parse: drops what is never text
// (scripts, form controls, hidden elements), harvests head metadata and sums
// text statistics bottom-up.
#include <string>
#include <vector>

#include "parsers/article_internal.h"
#include "parsers/html_prepass.h"
#include "text/ascii.h"
#include "text/normalize.h"
#include "text/utf8.h"

namespace akhbar::parsers::detail {

namespace {

bool is_dropped_tag(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE:
    case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_SVG:
    case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_SELECT:
    case GUMBO_TAG_TEXTAREA:
    case GUMBO_TAG_INPUT:
    case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_EMBED:
    case GUMBO_TAG_CANVAS:
    case GUMBO_TAG_AUDIO:
    case GUMBO_TAG_VIDEO:
    case GUMBO_TAG_MAP:
    case GUMBO_TAG_MATH:
    case GUMBO_TAG_LABEL:
    case GUMBO_TAG_APPLET:
    case GUMBO_TAG_FRAMESET:
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

// An <a> that leads to another page. "javascript:" pseudo-links are script
// handlers wrapped around plain text, and "#..." links (tables of contents,
// headings linking back to them, footnote references) stay on the page: the
// text they wrap is the page's own. (Readability.js likewise discounts
// in-page links in its link density.)
bool is_navigating_link(const GumboElement& element) {
  if (element.tag != GUMBO_TAG_A) return false;
  const std::string_view href = text::trim_ascii(attribute(element, "href"));
  if (!href.empty() && href.front() == '#') return false;
  return !(href.size() >= 11 && text::ascii_iequals(href.substr(0, 11), "javascript:"));
}

std::string unknown_tag_name(const GumboElement& element) {
  GumboStringPiece piece = element.original_tag;
  gumbo_tag_from_original_text(&piece);
  return text::ascii_lower(std::string_view(piece.data, piece.length));
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
  // A run ("..." or "؟!") is one mark: ellipses in teasers are not sentences.
  bool previous = false;
  for (std::size_t pos = 0; pos < collapsed.size();) {
    const bool punct = is_punctuation(text::next_code_point(collapsed, pos));
    if (punct && !previous) ++stats.punct;
    previous = punct;
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
    bool in_bold;
    int close_index;  // >= 0: this frame only closes node close_index
  };

  void flatten(const GumboNode* root) {
    std::vector<Frame> stack;
    stack.push_back({root, -1, false, false, false, -1});
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
        text.in_bold = frame.in_bold;
        text.end = static_cast<int>(page_.nodes.size()) + 1;
        page_.nodes.push_back(text);
        continue;
      }
      if (node->type != GUMBO_NODE_ELEMENT) continue;
      const GumboElement& element = node->v.element;
      if (!harvest(element, frame.in_head)) continue;

      ElementNames names;
      if (!frame.in_head) {
        names = read_names(element);
        // <html> is never hidden: some pages hide it until their scripts run.
        if (names.hidden && element.tag != GUMBO_TAG_HTML) continue;
      }

      const bool in_head = frame.in_head || element.tag == GUMBO_TAG_HEAD;
      int parent = frame.parent;
      if (!in_head) {
        parent = add_element(node, frame.parent, frame.in_link, names);
        stack.push_back({nullptr, -1, false, false, false, parent});
      }
      const bool in_link = frame.in_link || is_navigating_link(element);
      const bool in_bold =
          frame.in_bold || element.tag == GUMBO_TAG_B || element.tag == GUMBO_TAG_STRONG;
      for (unsigned i = element.children.length; i-- > 0;) {
        stack.push_back({static_cast<const GumboNode*>(element.children.data[i]), parent, in_head,
                         in_link, in_bold, -1});
      }
    }
  }

  // Records metadata elements; false when the subtree carries no text
  // (hidden elements are left out by the caller).
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
        if (text::ascii_lower(attribute(element, "type")).find("ld+json") != std::string::npos) {
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
    return !is_dropped_tag(element.tag);
  }

  int add_element(const GumboNode* node, int parent, bool in_link, const ElementNames& names) {
    DomNode dom;
    dom.node = node;
    dom.tag = node->v.element.tag;
    dom.parent = parent;
    dom.in_link = in_link || is_navigating_link(node->v.element);
    dom.class_weight = names.weight;
    dom.negative_name = names.negative;
    const int index = static_cast<int>(page_.nodes.size());
    dom.block = (is_block_tag(dom.tag) || parent < 0) ? index : page_.nodes[parent].block;
    page_.nodes.push_back(dom);
    return index;
  }

  // Bottom-up sweeps: children come after their parent, so a reverse sweep
  // sees every subtree complete before its root. The first counts all text,
  // the second decides what is chrome, the third counts what is left.
  void sum_stats() {
    auto& nodes = page_.nodes;
    for (int i = static_cast<int>(nodes.size()) - 1; i >= 0; --i) {
      DomNode& n = nodes[i];
      if (n.is_text) {
        if (n.node->type == GUMBO_NODE_WHITESPACE) continue;
        const TextStats stats = text_stats(n.text());
        n.raw_chars = n.chars = stats.chars;
        n.link_chars = n.in_link ? stats.chars : 0;
        if (n.block >= 0) {
          nodes[n.block].own_chars += stats.chars;
          nodes[n.block].own_link_chars += n.link_chars;
          nodes[n.block].own_punct += stats.punct;
        }
      } else {
        if (n.tag == GUMBO_TAG_H1) n.has_h1 = true;
        if (n.tag == GUMBO_TAG_ARTICLE || n.tag == GUMBO_TAG_MAIN) n.has_article = true;
      }
      if (n.parent < 0) continue;
      DomNode& parent = nodes[n.parent];
      parent.has_h1 |= n.has_h1;
      parent.has_article |= n.has_article;
      parent.raw_chars += n.raw_chars;
    }
    const int page_chars = nodes.empty() ? 0 : nodes[0].raw_chars;
    for (DomNode& n : nodes) {
      if (!n.is_text) n.excluded = should_exclude(n, page_chars);
    }
    for (int i = static_cast<int>(nodes.size()) - 1; i >= 0; --i) {
      const DomNode& n = nodes[i];
      if (n.parent < 0 || n.excluded) continue;
      nodes[n.parent].chars += n.chars;
      nodes[n.parent].link_chars += n.link_chars;
    }
  }

  static bool should_exclude(const DomNode& n, int page_chars) {
    if (is_chrome_tag(n.tag)) return true;
    const bool holds_story = n.has_h1 || n.has_article;
    // Some sites wrap the whole page in one <form>; only small forms are chrome.
    if (n.tag == GUMBO_TAG_FORM) return !holds_story && n.raw_chars < 2000;
    if (!n.negative_name) return false;
    if (n.tag == GUMBO_TAG_BODY || n.tag == GUMBO_TAG_HTML || n.tag == GUMBO_TAG_ARTICLE ||
        n.tag == GUMBO_TAG_MAIN) {
      return false;
    }
    // A negative name on a wrapper of the whole story ("layout-with-sidebar",
    // "content has-comments") must not hide the story.
    if (holds_story) return false;
    // Nor may one on the box that holds most of the page's text
    // ("elementor-widget-container" around the post).
    return n.raw_chars * 3 < page_chars;
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
    case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_BODY:
    case GUMBO_TAG_CENTER:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_DETAILS:
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_DL:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_FIELDSET:
    case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_FORM:
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_HR:
    case GUMBO_TAG_LI:
    case GUMBO_TAG_MAIN:
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_P:
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_TABLE:
    case GUMBO_TAG_TBODY:
    case GUMBO_TAG_THEAD:
    case GUMBO_TAG_TFOOT:
    case GUMBO_TAG_TR:
    case GUMBO_TAG_TD:
    case GUMBO_TAG_TH:
    case GUMBO_TAG_UL:
    case GUMBO_TAG_CAPTION:
    case GUMBO_TAG_SUMMARY:
    case GUMBO_TAG_MENU:
    case GUMBO_TAG_HTML:
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

ParsedPage::ParsedPage(std::string_view html, bool full_link_targets)
    : html_(strip_html_noise(html, {full_link_targets})) {
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 0;  // recording parse errors costs time nobody reads
  output_ = gumbo_parse_with_options(&options, html_.data(), html_.size());
  Builder(page_).build(output_->root);
}

ParsedPage::~ParsedPage() {
  if (output_ != nullptr) gumbo_destroy_output(&kGumboDefaultOptions, output_);
}

}  // namespace akhbar::parsers::detail
