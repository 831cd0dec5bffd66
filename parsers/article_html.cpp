// The extracted body as sanitised HTML, from the paragraphs the collector
// kept and the page nodes they came from (no second parse). Output is built
// from an allow-list, never by copying markup: every element and attribute
// written here is one of p, h2-h4, ul/ol/li, blockquote, div[lang,dir] and
// a[href], text and attribute values are escaped, and an href is written only
// when it resolves to an absolute http(s) URL without white space or control
// characters. So nothing of the page's own markup (scripts, event handlers,
// styles, javascript: or data: URLs, SVG) can pass through.
#include <string>
#include <string_view>
#include <vector>

#include "parsers/article_internal.h"
#include "parsers/markup_chars.h"
#include "text/ascii.h"
#include "text/url.h"
#include "text/utf8.h"

namespace akhbar::parsers::detail {

namespace {

// Languages written right to left (primary subtags; "iw" is Hebrew's old code).
constexpr std::string_view kRtlLanguages[] = {"ar", "fa", "ur",  "he", "iw",  "yi", "ps",
                                              "sd", "ug", "ckb", "dv", "syr", "arc"};

void append_escaped(std::string& out, std::string_view s) {
  for (const char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
}

// A BCP 47 tag as written, or empty when it is not one (letters, digits and
// '-' only): the value goes into an attribute and must not carry markup.
std::string_view clean_language(std::string_view tag) {
  if (tag.empty() || tag.size() > 35) return {};
  for (const char c : tag) {
    if (!is_ascii_alnum(c) && c != '-') return {};
  }
  return tag;
}

bool is_rtl(std::string_view language) {
  const std::string primary = text::ascii_lower(language.substr(0, language.find('-')));
  for (std::string_view rtl : kRtlLanguages) {
    if (primary == rtl) return true;
  }
  return false;
}

// The href of a link as an absolute http(s) URL, or empty: relative links
// need a base, and every other scheme (javascript:, data:, mailto:, ...) is
// dropped with the link, its text kept.
std::string safe_href(std::string_view href, std::string_view base) {
  href = text::trim_ascii(href);
  if (href.empty() || href.front() == '#') return {};
  std::string url;
  if (text::parse_http_url(href)) {
    url = std::string(href);
  } else if (!base.empty()) {
    url = text::resolve_url(base, href).value_or("");
  }
  if (url.empty() || !text::parse_http_url(url)) return {};
  for (const char c : url) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte <= 0x20 || byte == 0x7F) return {};
  }
  return url;
}

// A stretch of a paragraph: text under one link (or none).
struct Run {
  std::string raw;
  int anchor = -1;  // index of the <a> element, -1 for plain text
};

class Renderer {
 public:
  Renderer(const Page& page, const BodyHtmlOptions& options) : page_(page), options_(options) {}

  std::string render(const std::vector<BodyParagraph>& paragraphs) {
    const std::string_view language = clean_language(options_.language);
    out_ += "<div";
    if (!language.empty()) {
      out_ += " lang=\"";
      out_ += language;
      out_ += is_rtl(language) ? "\" dir=\"rtl\"" : "\" dir=\"ltr\"";
    }
    out_ += ">\n";
    for (const BodyParagraph& p : paragraphs) render_block(p);
    set_context(-1, -1, false);
    out_ += "</div>\n";
    return std::move(out_);
  }

 private:
  void render_block(const BodyParagraph& p) {
    const int heading = heading_level(p.block);
    const int quote = heading > 0 ? -1 : ancestor_with(p.block, GUMBO_TAG_BLOCKQUOTE, p.root);
    int list = -1;
    bool ordered = false;
    if (heading == 0) {
      const int item = ancestor_with(p.block, GUMBO_TAG_LI, p.root);
      // A list inside a quote is written inside the quote; a quote inside a
      // list item is written as a quote, outside any list (one level each).
      if (item >= 0 && (quote < 0 || item > quote)) {
        const int parent = page_.nodes[item].parent;
        list = parent >= 0 ? parent : item;
        ordered = parent >= 0 && page_.nodes[parent].tag == GUMBO_TAG_OL;
      }
    }
    set_context(quote >= 0 && (list < 0 || quote < list) ? quote : -1, list, ordered);
    const char* tag = heading == 2   ? "h2"
                      : heading == 3 ? "h3"
                      : heading == 4 ? "h4"
                      : list >= 0    ? "li"
                                     : "p";
    out_ += '<';
    out_ += tag;
    out_ += '>';
    render_inline(p);
    out_ += "</";
    out_ += tag;
    out_ += ">\n";
  }

  // Opens and closes <blockquote> and <ul>/<ol> around the next block.
  void set_context(int quote, int list, bool ordered) {
    if (list != list_ || quote != quote_) close_list();
    if (quote != quote_) {
      if (quote_ >= 0) out_ += "</blockquote>\n";
      if (quote >= 0) out_ += "<blockquote>\n";
      quote_ = quote;
    }
    if (list != list_ && list >= 0) {
      out_ += ordered ? "<ol>\n" : "<ul>\n";
      list_ = list;
      ordered_ = ordered;
    }
  }

  void close_list() {
    if (list_ >= 0) out_ += ordered_ ? "</ol>\n" : "</ul>\n";
    list_ = -1;
  }

  // 2, 3 or 4 for a paragraph that is a heading (h5 and h6 become h4; an h1
  // the collector kept is a section heading inside the story), else 0.
  int heading_level(int block) const {
    if (block < 0) return 0;
    switch (page_.nodes[block].tag) {
      case GUMBO_TAG_H1:
      case GUMBO_TAG_H2:
        return 2;
      case GUMBO_TAG_H3:
        return 3;
      case GUMBO_TAG_H4:
      case GUMBO_TAG_H5:
      case GUMBO_TAG_H6:
        return 4;
      default:
        return 0;
    }
  }

  // The nearest ancestor-or-self of `index` with `tag` strictly inside
  // `root` (a list around the whole story does not make it a list), or -1.
  int ancestor_with(int index, GumboTag tag, int root) const {
    for (int i = index; i > root; i = page_.nodes[i].parent) {
      if (!page_.nodes[i].is_text && page_.nodes[i].tag == tag) return i;
    }
    return -1;
  }

  int anchor_of(int text_node) const {
    if (text_node < 0 || !page_.nodes[text_node].in_link) return -1;
    return ancestor_with(page_.nodes[text_node].parent, GUMBO_TAG_A, -1);
  }

  // The paragraph's text with its links. White space is collapsed across the
  // runs as the collector collapsed the whole; when the result differs from
  // the paragraph's text in any way, the plain text is written instead.
  void render_inline(const BodyParagraph& p) {
    std::vector<Run> runs;
    for (const int piece : p.pieces) {
      const int anchor = anchor_of(piece);
      if (runs.empty() || runs.back().anchor != anchor) runs.push_back({{}, anchor});
      runs.back().raw += piece < 0 ? std::string_view(" ") : page_.nodes[piece].text();
    }
    std::string html;
    std::string plain;
    bool pending_space = false;
    for (const Run& run : runs) {
      // Which ends of the run are white space, as collapse_whitespace sees it.
      const std::string framed = text::collapse_whitespace("x" + run.raw + "x");
      const std::string_view inner = std::string_view(framed).substr(1, framed.size() - 2);
      const std::string core = text::to_nfc(text::collapse_whitespace(run.raw));
      if (!inner.empty() && inner.front() == ' ') pending_space = true;
      if (!core.empty()) {
        if (pending_space && !plain.empty()) {
          html += ' ';
          plain += ' ';
        }
        const std::string href =
            run.anchor >= 0
                ? safe_href(attribute(page_.nodes[run.anchor].element(), "href"), options_.base_url)
                : std::string();
        if (!href.empty()) {
          html += "<a href=\"";
          append_escaped(html, href);
          html += "\">";
        }
        append_escaped(html, core);
        if (!href.empty()) html += "</a>";
        plain += core;
        pending_space = false;
      }
      if (!inner.empty() && inner.back() == ' ') pending_space = true;
    }
    if (plain == p.text) {
      out_ += html;
    } else {
      append_escaped(out_, p.text);
    }
  }

  const Page& page_;
  const BodyHtmlOptions& options_;
  std::string out_;
  int quote_ = -1;
  int list_ = -1;
  bool ordered_ = false;
};

}  // namespace

std::string render_body_html(const Page& page, const std::vector<BodyParagraph>& paragraphs,
                             const BodyHtmlOptions& options) {
  return Renderer(page, options).render(paragraphs);
}

}  // namespace akhbar::parsers::detail
