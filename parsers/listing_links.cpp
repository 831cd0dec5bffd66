// Listing-page links: one iterative walk over the DOM carrying "inside a
// navigation-like container", then each link's URL judged on its own.
//
// Why these rules: news sites put article links in the content area and
// site chrome (menus, breadcrumbs, footers, share bars, tag clouds) in
// <nav>/<footer>/<header> or containers named so. Article URLs carry a
// numeric id (youm7 /story/.../6451234, masrawy .../details/.../2523456),
// a date path (aljazeera /news/2026/11/21/slug) or a long slug, where
// section, tag and author pages carry one short word.
#include "parsers/listing_links.h"

#include <gumbo.h>

#include <algorithm>
#include <cctype>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "parsers/gumbo_page.h"
#include "parsers/markup_chars.h"
#include "text/ascii.h"
#include "text/url.h"
#include "text/utf8.h"

namespace akhbar::parsers {

namespace {

using detail::attribute;
using detail::is_ascii_alnum;
using detail::is_ascii_digit;

constexpr std::string_view kSitePrefixes[] = {"www.", "m.", "amp.", "mobile."};

// Container class/id words that mark site chrome. Matched as whole words of
// the attribute split at anything not a letter or digit, so "main-nav" and
// "footer_links" match but "navigator" or "tagline" do not.
constexpr std::string_view kChromeWords[] = {
    "nav",        "navbar",     "navigation",  "menu",       "menubar", "submenu",
    "footer",     "breadcrumb", "breadcrumbs", "pagination", "pager",   "share",
    "sharing",    "social",     "tags",        "tagcloud",   "topbar",  "copyright",
    "newsletter", "login",      "signin",      "subscribe",  "cookie",  "cookies"};

// Path segments (percent-decoded, lower case) of pages that are not
// articles: taxonomy, people, site pages, pagination. The Arabic words are
// what Arabic CMSs use for tag (وسم، وسوم), writer (كاتب، الكاتب، كتاب) and
// classification (تصنيف، التصنيفات).
constexpr std::string_view kNonArticleSegments[] = {
    "tag",       "tags",         "topic",     "topics",     "author",
    "authors",   "writer",       "writers",   "category",   "categories",
    "page",      "search",       "login",     "register",   "signup",
    "subscribe", "account",      "contact",   "contact-us", "contactus",
    "about",     "about-us",     "aboutus",   "privacy",    "privacy-policy",
    "terms",     "terms-of-use", "advertise", "feed",       "feeds",
    "rss",       "newsletter",   "profile",   "user",       "users",
    "trend",     "trends",       "hashtag",   "keyword",    "keywords",
    "section",   "sections",     "وسم",       "وسوم",       "كاتب",
    "الكاتب",    "كتاب",         "تصنيف",     "التصنيفات"};

constexpr std::string_view kAssetExtensions[] = {
    ".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg",  ".ico", ".css", ".js",  ".pdf", ".mp3",
    ".mp4", ".m4a",  ".zip", ".rar", ".doc",  ".docx", ".xls", ".apk", ".xml", ".rss", ".json"};

constexpr std::string_view kPageExtensions[] = {".html", ".htm", ".shtml", ".aspx", ".php", ".asp"};

// Query parameters that turn a page into another page of a listing.
constexpr std::string_view kPagingParams[] = {
    "page", "paged", "pg", "offset", "start", "tag", "category", "cat", "author", "s", "q"};

bool contains(const auto& list, std::string_view s) {
  return std::find(std::begin(list), std::end(list), s) != std::end(list);
}

bool ends_with_any(std::string_view s, const auto& list) {
  return std::any_of(std::begin(list), std::end(list),
                     [&](std::string_view e) { return s.ends_with(e); });
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  const char l = text::ascii_lower(c);
  if (l >= 'a' && l <= 'f') return l - 'a' + 10;
  return -1;
}

std::string percent_decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && hex_value(s[i + 1]) >= 0 && hex_value(s[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return text::sanitize_utf8(out);
}

std::vector<std::string> split(std::string_view s, char sep) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos <= s.size()) {
    std::size_t end = s.find(sep, pos);
    if (end == std::string_view::npos) end = s.size();
    if (end > pos) out.emplace_back(s.substr(pos, end - pos));
    pos = end + 1;
  }
  return out;
}

bool is_chrome_container(const GumboNode* n) {
  switch (n->v.element.tag) {
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_FORM:
    case GUMBO_TAG_SELECT:
      return true;
    default:
      break;
  }
  const std::string_view role = attribute(n, "role");
  if (text::ascii_iequals(role, "navigation") || text::ascii_iequals(role, "contentinfo") ||
      text::ascii_iequals(role, "banner") || text::ascii_iequals(role, "menu")) {
    return true;
  }
  for (const char* name : {"class", "id"}) {
    const std::string value = text::ascii_lower(attribute(n, name));
    std::size_t pos = 0;
    while (pos < value.size()) {
      while (pos < value.size() && !is_ascii_alnum(value[pos])) ++pos;
      std::size_t end = pos;
      while (end < value.size() && is_ascii_alnum(value[end])) ++end;
      if (end > pos && contains(kChromeWords, std::string_view(value).substr(pos, end - pos))) {
        return true;
      }
      pos = end;
    }
  }
  return false;
}

// A run of at least `n` ASCII digits somewhere in `s`.
bool has_digit_run(std::string_view s, std::size_t n) {
  std::size_t run = 0;
  for (char c : s) {
    run = is_ascii_digit(c) ? run + 1 : 0;
    if (run >= n) return true;
  }
  return false;
}

bool is_number(std::string_view s, std::size_t min_len, std::size_t max_len) {
  return s.size() >= min_len && s.size() <= max_len &&
         std::all_of(s.begin(), s.end(), is_ascii_digit);
}

// /2026/11/21/, /2026/11/ or a 2026-11-21 / 20261121 segment, years 1990-2099.
bool has_date_path(const std::vector<std::string>& segments) {
  const auto is_year = [](std::string_view s) {
    return is_number(s, 4, 4) && (s.starts_with("19") || s.starts_with("20")) && s >= "1990";
  };
  const auto is_month = [](std::string_view s) {
    return is_number(s, 1, 2) && std::stoi(std::string(s)) >= 1 && std::stoi(std::string(s)) <= 12;
  };
  for (std::size_t i = 0; i < segments.size(); ++i) {
    const std::string_view s = segments[i];
    if (is_year(s) && i + 1 < segments.size() && is_month(segments[i + 1])) return true;
    if (s.size() >= 10 && is_year(s.substr(0, 4)) && (s[4] == '-' || s[4] == '_') &&
        is_ascii_digit(s[5]) && is_ascii_digit(s[6]) && s[7] == s[4]) {
      return true;
    }
  }
  return false;
}

// Words of a slug: parts between '-', '_', '+' and '.'.
std::size_t slug_words(std::string_view s) {
  std::size_t words = 0;
  bool in_word = false;
  for (char c : s) {
    const bool sep = c == '-' || c == '_' || c == '+' || c == '.';
    if (!sep && !in_word) ++words;
    in_word = !sep;
  }
  return words;
}

struct UrlVerdict {
  bool excluded = true;
  int score = 0;
};

UrlVerdict judge_url(const text::UrlParts& url) {
  UrlVerdict v;
  const std::string path = text::ascii_lower(percent_decode(url.path));
  if (ends_with_any(path, kAssetExtensions)) return v;
  const std::vector<std::string> segments = split(path, '/');
  if (segments.empty()) return v;  // the site root
  for (const std::string& s : segments) {
    if (contains(kNonArticleSegments, s)) return v;
  }
  // /page/2 style pagination is caught above; ?page=2 here.
  for (const std::string& pair : split(url.query, '&')) {
    const std::string name = text::ascii_lower(pair.substr(0, pair.find('=')));
    if (contains(kPagingParams, name)) return v;
  }
  v.excluded = false;
  const std::string& last = segments.back();
  bool id = false;
  for (const std::string& s : segments) {
    if (has_digit_run(s, 5)) id = true;
  }
  // story.aspx?id=123456, ?ArticleID=..., ?nid=...
  for (const std::string& pair : split(url.query, '&')) {
    const std::size_t eq = pair.find('=');
    if (eq != std::string::npos && is_number(std::string_view(pair).substr(eq + 1), 4, 20)) {
      id = true;
    }
  }
  if (id) v.score += 2;
  if (has_date_path(segments)) v.score += 2;
  const std::string stem =
      ends_with_any(last, kPageExtensions) ? last.substr(0, last.rfind('.')) : last;
  if (slug_words(stem) >= 4 || text::count_chars(stem) >= 30) v.score += 2;
  if (ends_with_any(last, kPageExtensions)) v.score += 1;
  return v;
}

struct Candidate {
  std::string url;
  std::string title;
  int url_score = 0;
};

std::string link_title(const GumboNode* a) {
  std::string t = detail::element_text(a);
  if (t.empty()) t = text::collapse_whitespace(attribute(a, "title"));
  if (!t.empty()) return t;
  // An image link: its alt text.
  std::vector<const GumboNode*> stack{a};
  while (!stack.empty()) {
    const GumboNode* n = stack.back();
    stack.pop_back();
    if (n->type != GUMBO_NODE_ELEMENT) continue;
    if (n->v.element.tag == GUMBO_TAG_IMG) {
      t = text::collapse_whitespace(attribute(n, "alt"));
      if (!t.empty()) return t;
    }
    const GumboVector& c = n->v.element.children;
    for (unsigned i = c.length; i > 0; --i) stack.push_back(static_cast<GumboNode*>(c.data[i - 1]));
  }
  return {};
}

// One key per page: the fragment dropped and percent escapes in upper case
// (RFC 3986 §6.2.2.1: %d8 and %D8 are the same octet).
std::string url_key(std::string_view url) {
  std::string key(url.substr(0, url.find('#')));
  for (std::size_t i = 0; i + 2 < key.size(); ++i) {
    if (key[i] == '%' && hex_value(key[i + 1]) >= 0 && hex_value(key[i + 2]) >= 0) {
      key[i + 1] = static_cast<char>(std::toupper(static_cast<unsigned char>(key[i + 1])));
      key[i + 2] = static_cast<char>(std::toupper(static_cast<unsigned char>(key[i + 2])));
      i += 2;
    }
  }
  return key;
}

// Headlines are sentences; menu entries are a word or two.
int title_score(std::string_view title) {
  std::size_t words = 0;
  bool in_word = false;
  for (char c : title) {
    const bool space = c == ' ';
    if (!space && !in_word) ++words;
    in_word = !space;
  }
  return words >= 4 ? 1 : 0;
}

}  // namespace

std::string site_key(std::string_view host) {
  std::string h = text::ascii_lower(host);
  while (!h.empty() && h.back() == '.') h.pop_back();
  for (std::string_view prefix : kSitePrefixes) {
    if (h.starts_with(prefix) && h.size() > prefix.size()) return h.substr(prefix.size());
  }
  return h;
}

bool same_site(std::string_view host_a, std::string_view host_b) {
  const std::string a = site_key(host_a);
  const std::string b = site_key(host_b);
  if (a.empty() || b.empty()) return false;
  if (a == b) return true;
  const auto sub_of = [](const std::string& sub, const std::string& parent) {
    // A parent without a dot ("localhost", "com") would make every host its
    // subdomain.
    return parent.find('.') != std::string::npos && sub.size() > parent.size() &&
           sub.ends_with(parent) && sub[sub.size() - parent.size() - 1] == '.';
  };
  return sub_of(a, b) || sub_of(b, a);
}

Result<std::vector<ListingLink>> harvest_listing_links(std::string_view html,
                                                       const std::string& page_url,
                                                       const ListingOptions& options) {
  const std::optional<text::UrlParts> page = text::parse_http_url(page_url);
  if (!page) return make_error("listing page URL is not an absolute http(s) URL: " + page_url);
  // As resolution writes it (Arabic paths percent-encoded), so that links
  // back to the page itself are recognised.
  // (resolve_url encodes the reference, not the base: the page URL goes in
  // as the reference.)
  const std::string page_key = url_key(text::resolve_url(page_url, page_url).value_or(page_url));

  const detail::GumboPage dom(html);
  const std::string base = dom.base_url(page_url);

  std::vector<Candidate> found;
  std::unordered_map<std::string, std::size_t> index;
  // (node, inside site chrome)
  std::vector<std::pair<const GumboNode*, bool>> stack{{dom.root(), false}};
  while (!stack.empty() && found.size() < options.max_links) {
    const auto [n, in_chrome] = stack.back();
    stack.pop_back();
    if (n->type != GUMBO_NODE_ELEMENT) continue;
    // The page header is chrome; an <article>'s own header is not.
    bool chrome = in_chrome || is_chrome_container(n);
    if (n->v.element.tag == GUMBO_TAG_HEADER && n->parent != nullptr &&
        n->parent->type == GUMBO_NODE_ELEMENT &&
        (n->parent->v.element.tag == GUMBO_TAG_BODY ||
         n->parent->v.element.tag == GUMBO_TAG_HTML)) {
      chrome = true;
    }
    if (n->v.element.tag == GUMBO_TAG_A && !chrome) {
      const std::string_view href = attribute(n, "href");
      const std::optional<std::string> resolved =
          href.empty() ? std::nullopt : text::resolve_url(base, href);
      std::optional<text::UrlParts> parts;
      if (resolved) parts = text::parse_http_url(*resolved);
      if (parts && same_site(parts->host, page->host) &&
          !detail::has_token(attribute(n, "rel"), "tag") &&
          !detail::has_token(attribute(n, "rel"), "author")) {
        std::string url = resolved->substr(0, resolved->find('#'));
        std::string key = url_key(url);
        const UrlVerdict verdict = judge_url(*parts);
        if (!verdict.excluded && key != page_key) {
          std::string title = link_title(n);
          const auto [it, inserted] = index.emplace(std::move(key), found.size());
          if (inserted) {
            found.push_back({std::move(url), std::move(title), verdict.score});
          } else if (text::count_chars(title) > text::count_chars(found[it->second].title)) {
            found[it->second].title = std::move(title);
          }
        }
      }
      continue;  // nested anchors are not links of their own
    }
    const GumboVector& children = n->v.element.children;
    for (unsigned i = children.length; i > 0; --i) {
      stack.emplace_back(static_cast<const GumboNode*>(children.data[i - 1]), chrome);
    }
  }

  std::vector<ListingLink> out;
  for (Candidate& c : found) {
    const int score = c.url_score + title_score(c.title);
    if (score >= options.min_score) out.push_back({std::move(c.url), std::move(c.title), score});
  }
  return out;
}

}  // namespace akhbar::parsers
