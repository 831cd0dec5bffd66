// Internal to the article extractor (parsers/article*.cpp): the page as a flat
// pre-order array of the nodes that matter, built from one gumbo parse, and
// the stages that read it. Not a public header.
#pragma once

#include <gumbo.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "parsers/article.h"

namespace akhbar::parsers::detail {

// One element or text node. Descendants of node i are exactly the indices
// [i + 1, end), so subtrees are ranges and no walk needs recursion.
struct DomNode {
  const GumboNode* node = nullptr;
  GumboTag tag = GUMBO_TAG_UNKNOWN;  // GUMBO_TAG_UNKNOWN for text nodes
  int parent = -1;
  int end = 0;
  int block = -1;  // nearest block-level ancestor (text) or ancestor-or-self (elements)
  bool is_text = false;
  bool in_link = false;        // inside an <a>
  bool in_bold = false;        // inside <b>/<strong>: a bold line before <br> is a subheading
  bool excluded = false;       // never body text: header/footer/nav/aside, negative class, ...
  bool skipped = false;        // excluded itself or below an excluded ancestor
  bool has_h1 = false;         // subtree holds an <h1> (excluded parts included)
  bool has_article = false;    // subtree holds an <article> or <main> (self excluded)
  int class_weight = 0;        // from class/id/itemprop/role semantics
  bool negative_name = false;  // class/id/role/itemprop names chrome (share, related, ...)
  int raw_chars = 0;           // characters in the subtree, excluded parts included
  // Characters of text in the subtree, excluded parts left out; for text nodes
  // their own count.
  int chars = 0;
  int link_chars = 0;
  // Inline text whose nearest block is this element ("own" paragraph text).
  int own_chars = 0;
  int own_link_chars = 0;
  int own_punct = 0;
  double score = 0;
  bool is_candidate = false;

  std::string_view text() const {
    return is_text ? std::string_view(node->v.text.text) : std::string_view();
  }
  const GumboElement& element() const { return node->v.element; }
};

struct Page {
  std::vector<DomNode> nodes;
  std::vector<const GumboElement*> metas;
  std::vector<const GumboElement*> links;
  std::vector<std::string> json_ld;  // raw text of ld+json scripts
  std::string html_lang;
  std::string title_tag;  // text of the first <title>
};

// Owns the gumbo output the Page points into.
class ParsedPage {
 public:
  // `full_link_targets`: keep <a href> values whole (see PrepassOptions).
  ParsedPage(std::string_view html, bool full_link_targets);
  ~ParsedPage();
  ParsedPage(const ParsedPage&) = delete;
  ParsedPage& operator=(const ParsedPage&) = delete;

  Page& page() { return page_; }

 private:
  std::string html_;  // gumbo keeps pointers into it
  GumboOutput* output_ = nullptr;
  Page page_;
};

// What an element's class, id, itemprop, role, style, hidden and aria-hidden
// say, read in one pass over its attributes.
struct ElementNames {
  int weight = 0;         // story-vs-chrome weight: + story, - chrome
  bool negative = false;  // the names say page chrome (share, related, ad, ...)
  bool hidden = false;    // hidden, aria-hidden=true, display:none, a "hidden"/"d-none" class
};
ElementNames read_names(const GumboElement& element);

// Attribute value or empty.
std::string_view attribute(const GumboElement& element, const char* name);

// Text of node i's subtree (text nodes concatenated, <br> as a space),
// white space collapsed.
std::string subtree_text(const Page& page, int index);

bool is_block_tag(GumboTag tag);

// Article fields found in JSON-LD (schema.org *Article / *Posting).
struct JsonLdArticle {
  std::string headline;
  std::string author;
  std::string date_published;
  std::string date_modified;
  std::string article_body;
  std::string image;  // first image URL as written (may be relative)
  std::string description;
  std::string section;  // first articleSection
  std::vector<std::string> keywords;
  std::vector<std::string> breadcrumb;  // names of a BreadcrumbList, in position order
};
JsonLdArticle read_json_ld(const Page& page);

// Index of the element holding the main text, or -1. `roots` gets it plus any
// sibling that continues it, in page order.
int choose_container(Page& page, std::vector<int>& roots);

// One paragraph of the body, as the collector kept it.
struct BodyParagraph {
  std::string text;  // NFC, white space collapsed: what ExtractedArticle::paragraphs holds
  int block = -1;    // nearest block element of its first text; -1 when not from the DOM
  int root = -1;     // the chosen root (see choose_container) it lies in; -1 likewise
  // With record_pieces: the page nodes the text was made of, in order (text
  // node indices, -1 for a <br>); the HTML renderer reads links from them.
  std::vector<int> pieces;
};

// Clean paragraphs of the chosen roots.
std::vector<BodyParagraph> collect_paragraphs(const Page& page, int container,
                                              const std::vector<int>& roots, std::string_view title,
                                              bool record_pieces);

// The body as sanitised HTML (see ExtractedArticle::html).
struct BodyHtmlOptions {
  std::string_view base_url;  // absolute; relative links are dropped without one
  std::string_view language;  // BCP 47 tag or empty
};
std::string render_body_html(const Page& page, const std::vector<BodyParagraph>& paragraphs,
                             const BodyHtmlOptions& options);

// Fills everything but `paragraphs`; `container` may be -1.
void read_metadata(const Page& page, const JsonLdArticle& json_ld, int container,
                   const ExtractOptions& options, ExtractedArticle& article);

// Arabic-aware folding shared by the filters.
std::string fold(std::string_view s);

}  // namespace akhbar::parsers::detail
