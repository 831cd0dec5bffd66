// libFuzzer target: the article extractor on arbitrary bytes. It must never
// crash, hang or return invalid UTF-8, whatever the page.
// Build with the "fuzz" preset; see docs/benchmarks.md for how to run it.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "parsers/article.h"
#include "text/utf8.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view html(reinterpret_cast<const char*>(data), size);
  const akhbar::parsers::ExtractedArticle article =
      akhbar::parsers::extract_article(html, {"https://example.com/news/2024/story.html"});
  for (const std::string* s : {&article.title, &article.author, &article.published_at,
                               &article.canonical_url, &article.language, &article.site_name}) {
    if (!akhbar::text::is_valid_utf8(*s)) std::abort();
  }
  for (const std::string& p : article.paragraphs) {
    if (p.empty() || !akhbar::text::is_valid_utf8(p)) std::abort();
  }
  return 0;
}
