// Article extraction: one HTML page (UTF-8) becomes its metadata and the clean
// paragraphs of its main text, with boilerplate (most-read lists, related
// links, share prompts, captions, comment boxes, tag lists) left out.
// Pure: bytes in, value out.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace akhbar::parsers {

struct ExtractedArticle {
  std::string title;              // og:title, else h1, else <title> without the site name
  std::string author;             // empty if unknown
  std::string published_at;       // ISO 8601 UTC "YYYY-MM-DDTHH:MM:SSZ" or empty
  std::string modified_at;        // same form; article:modified_time, dateModified
  std::string canonical_url;      // rel=canonical / og:url, absolute; empty if none
  std::string amp_url;            // rel=amphtml (the page's AMP twin), absolute; empty if none
  std::string language;           // lang attribute (e.g. "ar"), else guessed from the script
  std::string site_name;          // og:site_name; empty if none
  std::string image_url;          // og:image, twitter:image, JSON-LD image; absolute
  std::string description;        // og:description, meta description, JSON-LD
  std::string section;            // article:section, JSON-LD articleSection, breadcrumb
  std::vector<std::string> tags;  // article:tag, JSON-LD keywords, meta keywords; deduped
  std::vector<std::string> paragraphs;  // page order, NFC, white space collapsed
  // Only with ExtractOptions::html: the same paragraphs as sanitised HTML, in
  // one <div> (lang and dir when the language is known). Elements: p, h2-h4
  // (the page's h2-h6), ul/ol with li, blockquote, and a with an absolute
  // http(s) href; no other element or attribute. Text escaped; the text of
  // each block is exactly the matching entry of `paragraphs`.
  std::string html;

  // The paragraphs joined by '\n': the stored `text`.
  std::string text() const;
};

struct ExtractOptions {
  std::string url;    // the page's URL, to make canonical/relative links absolute
  bool html = false;  // also fill ExtractedArticle::html
};

// Never fails: a page with no recognisable article yields empty paragraphs,
// which the caller treats as an extraction error on the source.
ExtractedArticle extract_article(std::string_view html, const ExtractOptions& options = {});

}  // namespace akhbar::parsers
