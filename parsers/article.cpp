#include "parsers/article.h"

#include <string>
#include <vector>

#include "parsers/article_internal.h"
#include "text/utf8.h"

namespace akhbar::parsers {

namespace {

// JSON-LD articleBody shorter than this is a teaser, not the story.
constexpr std::size_t kMinJsonLdBodyChars = 200;

std::size_t total_chars(const std::vector<detail::BodyParagraph>& paragraphs) {
  std::size_t n = 0;
  for (const detail::BodyParagraph& p : paragraphs) n += text::count_chars(p.text);
  return n;
}

std::vector<detail::BodyParagraph> split_paragraphs(std::string_view body) {
  std::vector<detail::BodyParagraph> out;
  std::size_t pos = 0;
  while (pos <= body.size()) {
    std::size_t next = body.find('\n', pos);
    if (next == std::string_view::npos) next = body.size();
    std::string line = text::to_nfc(text::collapse_whitespace(body.substr(pos, next - pos)));
    if (!line.empty() && (out.empty() || out.back().text != line)) {
      out.push_back({std::move(line), -1, -1, {}});
    }
    pos = next + 1;
  }
  return out;
}

// The page's own structured copy of the story wins when the DOM walk found
// much less of it (scripted pages, unusual markup).
void prefer_json_ld_body(const detail::JsonLdArticle& json_ld,
                         std::vector<detail::BodyParagraph>& paragraphs) {
  if (json_ld.article_body.find('<') != std::string::npos) return;  // HTML: not plain text
  const std::size_t body_chars = text::count_chars(json_ld.article_body);
  if (body_chars < kMinJsonLdBodyChars) return;
  if (total_chars(paragraphs) * 2 >= body_chars) return;
  paragraphs = split_paragraphs(text::sanitize_utf8(json_ld.article_body));
}

bool is_arabic_letter(char32_t cp) {
  return (cp >= 0x0620 && cp <= 0x064A) || (cp >= 0x066E && cp <= 0x06D3) ||
         (cp >= 0x06FA && cp <= 0x06FF) || (cp >= 0x0750 && cp <= 0x077F) ||
         (cp >= 0x08A0 && cp <= 0x08C9) || (cp >= 0xFB50 && cp <= 0xFDFF) ||
         (cp >= 0xFE70 && cp <= 0xFEFC);
}

bool is_other_letter(char32_t cp) {
  return (cp >= U'a' && cp <= U'z') || (cp >= U'A' && cp <= U'Z') ||
         (cp >= 0x00C0 && cp <= 0x024F) || (cp >= 0x0370 && cp <= 0x052F);
}

// Letters that only one language of the Arabic script writes.
bool is_persian_letter(char32_t cp) {
  // پ چ ژ گ, and the Persian forms of kaf and yeh (ک ی).
  return cp == 0x067E || cp == 0x0686 || cp == 0x0698 || cp == 0x06AF || cp == 0x06A9 ||
         cp == 0x06CC;
}
bool is_urdu_letter(char32_t cp) {
  // ٹ ڈ ڑ ں ے ہ ھ
  return cp == 0x0679 || cp == 0x0688 || cp == 0x0691 || cp == 0x06BA || cp == 0x06D2 ||
         cp == 0x06C1 || cp == 0x06BE;
}
bool is_arabic_only_letter(char32_t cp) {
  // ة ى, and the Arabic forms of yeh and kaf (ي ك) that Persian and Urdu replace.
  return cp == 0x0629 || cp == 0x0649 || cp == 0x064A || cp == 0x0643;
}

// Without a declared language, the script and its letters decide: Arabic
// script is Urdu when Urdu's own letters (ے ں ٹ ...) are common, Persian when
// Persian's (پ چ ژ گ ک ی) outnumber the Arabic-only ones (ة ى ي ك), else Arabic.
std::string guess_language(const ExtractedArticle& article) {
  long arabic_script = 0;
  long other = 0;
  long persian = 0;
  long urdu = 0;
  long arabic_only = 0;
  const auto count = [&](std::string_view s) {
    for (std::size_t pos = 0; pos < s.size();) {
      const char32_t cp = text::next_code_point(s, pos);
      if (is_arabic_letter(cp)) {
        ++arabic_script;
        persian += is_persian_letter(cp) ? 1 : 0;
        urdu += is_urdu_letter(cp) ? 1 : 0;
        arabic_only += is_arabic_only_letter(cp) ? 1 : 0;
      } else if (is_other_letter(cp)) {
        ++other;
      }
    }
  };
  count(article.title);
  for (const std::string& p : article.paragraphs) count(p);
  if (arabic_script <= other) return "";
  // ے alone is some 3% of Urdu letters; Persian and Arabic never write it.
  if (urdu * 100 >= arabic_script && urdu > arabic_only) return "ur";
  if (persian > arabic_only) return "fa";
  return "ar";
}

void make_valid(std::string& s) {
  if (!text::is_valid_utf8(s)) s = text::sanitize_utf8(s);
}

}  // namespace

std::string ExtractedArticle::text() const {
  std::string out;
  for (const std::string& p : paragraphs) {
    if (!out.empty()) out += '\n';
    out += p;
  }
  return out;
}

ExtractedArticle extract_article(std::string_view html, const ExtractOptions& options) {
  detail::ParsedPage parsed(html, options.html);
  detail::Page& page = parsed.page();
  const detail::JsonLdArticle json_ld = detail::read_json_ld(page);
  std::vector<int> roots;
  const int container = detail::choose_container(page, roots);

  ExtractedArticle article;
  detail::read_metadata(page, json_ld, container, options, article);
  std::vector<detail::BodyParagraph> body =
      detail::collect_paragraphs(page, container, roots, article.title, options.html);
  prefer_json_ld_body(json_ld, body);
  article.paragraphs.reserve(body.size());
  for (detail::BodyParagraph& p : body) {
    make_valid(p.text);
    article.paragraphs.push_back(p.text);
  }
  if (article.language.empty()) article.language = guess_language(article);

  for (std::string* field :
       {&article.title, &article.author, &article.published_at, &article.modified_at,
        &article.canonical_url, &article.language, &article.site_name, &article.image_url,
        &article.description, &article.section}) {
    make_valid(*field);
  }
  for (std::string& tag : article.tags) make_valid(tag);
  if (options.html) {
    const std::string_view base = options.url.empty() ? article.canonical_url : options.url;
    article.html = detail::render_body_html(page, body, {base, article.language});
    make_valid(article.html);
  }
  return article;
}

}  // namespace akhbar::parsers
