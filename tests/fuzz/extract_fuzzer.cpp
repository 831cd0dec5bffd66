// libFuzzer target: the article extractor on arbitrary bytes. It must never
// crash, hang or return invalid UTF-8, whatever the page.
// Build with the "fuzz" preset; see docs/benchmarks.md for how to run it.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "parsers/article.h"
#include "text/utf8.h"

namespace {

void require_utf8(const std::string& s) {
  if (!akhbar::text::is_valid_utf8(s)) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view html(reinterpret_cast<const char*>(data), size);
  // The HTML renderer is a second writer of page text (links, escaping), so
  // half the inputs ask for it too: those of odd length. Not a flag byte: the
  // seed pages all start with '<' and would all take one path, while their
  // lengths split them, and a one-byte insertion flips any input's path.
  akhbar::parsers::ExtractOptions options;
  options.url = "https://example.com/news/2024/story.html";
  options.html = size % 2 == 1;
  const akhbar::parsers::ExtractedArticle article = akhbar::parsers::extract_article(html, options);
  for (const std::string* s :
       {&article.title, &article.author, &article.published_at, &article.modified_at,
        &article.canonical_url, &article.language, &article.site_name, &article.image_url,
        &article.description, &article.section, &article.html}) {
    require_utf8(*s);
  }
  for (const std::string& tag : article.tags) require_utf8(tag);
  for (const std::string& p : article.paragraphs) {
    if (p.empty()) std::abort();
    require_utf8(p);
  }
  // Without the option nothing is rendered; with it, always the one wrapper
  // <div> (empty for a page without text), whatever the page did to it.
  if (!options.html) {
    if (!article.html.empty()) std::abort();
  } else if (!article.html.starts_with("<div") || !article.html.ends_with("</div>\n")) {
    std::abort();
  }
  return 0;
}
