// Feed parsing with pugixml. pugixml has no namespace support, so element
// names are split into prefix and local name and the prefix is resolved by
// hand against the xmlns declarations in scope: feeds choose their prefixes
// freely, and a bare local-name match would mistake media:title for the item
// title.
//
// Every walk over the DOM here is a loop over direct children or a climb to
// the root from a node at most a few levels deep. Whole subtrees (xhtml,
// unescaped HTML) are only serialised by pugixml, whose parser, printer and
// destructor are all iterative, so deeply nested hostile input cannot
// exhaust the stack. Text scanning is linear (see Finder and tag_end).
#include "parsers/feed.h"

#include <pugixml.hpp>

#include <algorithm>
#include <array>
#include <climits>
#include <cstdint>
#include <initializer_list>
#include <iterator>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "text/url.h"
#include "text/utf8.h"

namespace akhbar::parsers {

std::string_view feed_format_name(FeedFormat format) {
  switch (format) {
    case FeedFormat::kRss20:
      return "rss20";
    case FeedFormat::kRss10:
      return "rss10";
    case FeedFormat::kAtom10:
      return "atom10";
  }
  return "unknown";
}

namespace {

// ---------------------------------------------------------------- strings

bool is_ascii_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_ascii_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_ascii_space(s.back())) s.remove_suffix(1);
  return s;
}

char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = ascii_lower(c);
  return out;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return ascii_lower(x) == ascii_lower(y);
         });
}

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_alnum(char c) { return is_alpha(c) || (c >= '0' && c <= '9'); }

bool starts_with_http(std::string_view s) {
  return (s.size() > 7 && iequals(s.substr(0, 7), "http://")) ||
         (s.size() > 8 && iequals(s.substr(0, 8), "https://"));
}

// ------------------------------------------------------ HTML to plain text

// HTML 4 named references plus apos: what real feeds double-escape. The
// Latin-1 block is contiguous from U+00A0.
constexpr std::array<std::string_view, 96> kLatin1Entities = {
    "nbsp",   "iexcl",  "cent",   "pound",  "curren", "yen",    "brvbar", "sect",   "uml",
    "copy",   "ordf",   "laquo",  "not",    "shy",    "reg",    "macr",   "deg",    "plusmn",
    "sup2",   "sup3",   "acute",  "micro",  "para",   "middot", "cedil",  "sup1",   "ordm",
    "raquo",  "frac14", "frac12", "frac34", "iquest", "Agrave", "Aacute", "Acirc",  "Atilde",
    "Auml",   "Aring",  "AElig",  "Ccedil", "Egrave", "Eacute", "Ecirc",  "Euml",   "Igrave",
    "Iacute", "Icirc",  "Iuml",   "ETH",    "Ntilde", "Ograve", "Oacute", "Ocirc",  "Otilde",
    "Ouml",   "times",  "Oslash", "Ugrave", "Uacute", "Ucirc",  "Uuml",   "Yacute", "THORN",
    "szlig",  "agrave", "aacute", "acirc",  "atilde", "auml",   "aring",  "aelig",  "ccedil",
    "egrave", "eacute", "ecirc",  "euml",   "igrave", "iacute", "icirc",  "iuml",   "eth",
    "ntilde", "ograve", "oacute", "ocirc",  "otilde", "ouml",   "divide", "oslash", "ugrave",
    "uacute", "ucirc",  "uuml",   "yacute", "thorn",  "yuml"};

struct NamedEntity {
  std::string_view name;
  char32_t code_point;
};

constexpr NamedEntity kNamedEntities[] = {
    {"quot", 0x22},      {"amp", 0x26},      {"apos", 0x27},      {"lt", 0x3C},
    {"gt", 0x3E},        {"OElig", 0x152},   {"oelig", 0x153},    {"Scaron", 0x160},
    {"scaron", 0x161},   {"Yuml", 0x178},    {"fnof", 0x192},     {"circ", 0x2C6},
    {"tilde", 0x2DC},    {"Alpha", 0x391},   {"Beta", 0x392},     {"Gamma", 0x393},
    {"Delta", 0x394},    {"Epsilon", 0x395}, {"Zeta", 0x396},     {"Eta", 0x397},
    {"Theta", 0x398},    {"Iota", 0x399},    {"Kappa", 0x39A},    {"Lambda", 0x39B},
    {"Mu", 0x39C},       {"Nu", 0x39D},      {"Xi", 0x39E},       {"Omicron", 0x39F},
    {"Pi", 0x3A0},       {"Rho", 0x3A1},     {"Sigma", 0x3A3},    {"Tau", 0x3A4},
    {"Upsilon", 0x3A5},  {"Phi", 0x3A6},     {"Chi", 0x3A7},      {"Psi", 0x3A8},
    {"Omega", 0x3A9},    {"alpha", 0x3B1},   {"beta", 0x3B2},     {"gamma", 0x3B3},
    {"delta", 0x3B4},    {"epsilon", 0x3B5}, {"zeta", 0x3B6},     {"eta", 0x3B7},
    {"theta", 0x3B8},    {"iota", 0x3B9},    {"kappa", 0x3BA},    {"lambda", 0x3BB},
    {"mu", 0x3BC},       {"nu", 0x3BD},      {"xi", 0x3BE},       {"omicron", 0x3BF},
    {"pi", 0x3C0},       {"rho", 0x3C1},     {"sigmaf", 0x3C2},   {"sigma", 0x3C3},
    {"tau", 0x3C4},      {"upsilon", 0x3C5}, {"phi", 0x3C6},      {"chi", 0x3C7},
    {"psi", 0x3C8},      {"omega", 0x3C9},   {"thetasym", 0x3D1}, {"upsih", 0x3D2},
    {"piv", 0x3D6},      {"ensp", 0x2002},   {"emsp", 0x2003},    {"thinsp", 0x2009},
    {"zwnj", 0x200C},    {"zwj", 0x200D},    {"lrm", 0x200E},     {"rlm", 0x200F},
    {"ndash", 0x2013},   {"mdash", 0x2014},  {"lsquo", 0x2018},   {"rsquo", 0x2019},
    {"sbquo", 0x201A},   {"ldquo", 0x201C},  {"rdquo", 0x201D},   {"bdquo", 0x201E},
    {"dagger", 0x2020},  {"Dagger", 0x2021}, {"bull", 0x2022},    {"hellip", 0x2026},
    {"permil", 0x2030},  {"prime", 0x2032},  {"Prime", 0x2033},   {"lsaquo", 0x2039},
    {"rsaquo", 0x203A},  {"oline", 0x203E},  {"frasl", 0x2044},   {"euro", 0x20AC},
    {"image", 0x2111},   {"weierp", 0x2118}, {"real", 0x211C},    {"trade", 0x2122},
    {"alefsym", 0x2135}, {"larr", 0x2190},   {"uarr", 0x2191},    {"rarr", 0x2192},
    {"darr", 0x2193},    {"harr", 0x2194},   {"crarr", 0x21B5},   {"lArr", 0x21D0},
    {"uArr", 0x21D1},    {"rArr", 0x21D2},   {"dArr", 0x21D3},    {"hArr", 0x21D4},
    {"forall", 0x2200},  {"part", 0x2202},   {"exist", 0x2203},   {"empty", 0x2205},
    {"nabla", 0x2207},   {"isin", 0x2208},   {"notin", 0x2209},   {"ni", 0x220B},
    {"prod", 0x220F},    {"sum", 0x2211},    {"minus", 0x2212},   {"lowast", 0x2217},
    {"radic", 0x221A},   {"prop", 0x221D},   {"infin", 0x221E},   {"ang", 0x2220},
    {"and", 0x2227},     {"or", 0x2228},     {"cap", 0x2229},     {"cup", 0x222A},
    {"int", 0x222B},     {"there4", 0x2234}, {"sim", 0x223C},     {"cong", 0x2245},
    {"asymp", 0x2248},   {"ne", 0x2260},     {"equiv", 0x2261},   {"le", 0x2264},
    {"ge", 0x2265},      {"sub", 0x2282},    {"sup", 0x2283},     {"nsub", 0x2284},
    {"sube", 0x2286},    {"supe", 0x2287},   {"oplus", 0x2295},   {"otimes", 0x2297},
    {"perp", 0x22A5},    {"sdot", 0x22C5},   {"lceil", 0x2308},   {"rceil", 0x2309},
    {"lfloor", 0x230A},  {"rfloor", 0x230B}, {"lang", 0x27E8},    {"rang", 0x27E9},
    {"loz", 0x25CA},     {"spades", 0x2660}, {"clubs", 0x2663},   {"hearts", 0x2665},
    {"diams", 0x2666},
};

const std::unordered_map<std::string_view, char32_t>& entity_table() {
  static const auto* const table = [] {
    auto* t = new std::unordered_map<std::string_view, char32_t>();
    for (std::size_t i = 0; i < kLatin1Entities.size(); ++i) {
      t->emplace(kLatin1Entities[i], static_cast<char32_t>(0xA0 + i));
    }
    for (const NamedEntity& e : kNamedEntities) t->emplace(e.name, e.code_point);
    return t;
  }();
  return *table;
}

// Python's html.unescape maps these C1 references to Windows-1252, as
// browsers do; the oracle and the sites' own pages agree on that.
char32_t numeric_reference_value(std::uint32_t n) {
  static constexpr std::array<char32_t, 32> kCp1252 = {
      0x20AC, 0x81,   0x201A, 0x192,  0x201E, 0x2026, 0x2020, 0x2021, 0x2C6,  0x2030, 0x160,
      0x2039, 0x152,  0x8D,   0x17D,  0x8F,   0x90,   0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
      0x2013, 0x2014, 0x2DC,  0x2122, 0x161,  0x203A, 0x153,  0x9D,   0x17E,  0x178};
  if (n >= 0x80 && n <= 0x9F) return kCp1252[n - 0x80];
  if (n == 0 || n > 0x10FFFF || (n >= 0xD800 && n <= 0xDFFF)) return 0xFFFD;
  return n;
}

// Decodes the reference starting at s[pos] == '&'; returns its length, or 0
// when it is not a reference (the '&' is then literal text).
std::size_t decode_reference(std::string_view s, std::size_t pos, std::string& out) {
  std::size_t i = pos + 1;
  if (i < s.size() && s[i] == '#') {
    ++i;
    const bool hex = i < s.size() && (s[i] == 'x' || s[i] == 'X');
    if (hex) ++i;
    const std::size_t digits_start = i;
    std::uint32_t value = 0;
    for (; i < s.size(); ++i) {
      const char c = s[i];
      int digit;
      if (c >= '0' && c <= '9') {
        digit = c - '0';
      } else if (hex && ascii_lower(c) >= 'a' && ascii_lower(c) <= 'f') {
        digit = ascii_lower(c) - 'a' + 10;
      } else {
        break;
      }
      // Saturate: anything beyond U+10FFFF decodes to U+FFFD anyway.
      value = std::min<std::uint32_t>(value * (hex ? 16 : 10) + digit, 0x110000);
    }
    if (i == digits_start) return 0;
    if (i < s.size() && s[i] == ';') ++i;
    text::append_utf8(out, numeric_reference_value(value));
    return i - pos;
  }
  constexpr std::size_t kLongestName = 8;
  const std::size_t name_start = i;
  while (i < s.size() && i - name_start <= kLongestName && is_alnum(s[i])) ++i;
  const std::string_view name = s.substr(name_start, i - name_start);
  if (name.empty()) return 0;
  const auto& table = entity_table();
  if (i < s.size() && s[i] == ';') {
    const auto it = table.find(name);
    if (it == table.end()) return 0;
    text::append_utf8(out, it->second);
    return i + 1 - pos;
  }
  // The few legacy references browsers accept without ';' ("&amp", "&nbsp").
  for (std::string_view legacy : {"amp", "lt", "gt", "quot", "nbsp", "copy", "reg"}) {
    if (name.substr(0, legacy.size()) == legacy) {
      text::append_utf8(out, table.at(legacy));
      return 1 + legacy.size();
    }
  }
  return 0;
}

std::string decode_entities(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t pos = 0; pos < s.size();) {
    const std::size_t amp = s.find('&', pos);
    out.append(s.substr(pos, amp == std::string_view::npos ? amp : amp - pos));
    if (amp == std::string_view::npos) break;
    const std::size_t used = decode_reference(s, amp, out);
    if (used == 0) out += '&';
    pos = amp + std::max<std::size_t>(used, 1);
  }
  return out;
}

// Element names whose tags separate words (replaced by a space, not removed).
bool is_block_tag(std::string_view name) {
  static constexpr std::string_view kBlocks[] = {
      "address", "article",    "aside",   "blockquote", "br",      "dd",     "div",   "dl",
      "dt",      "figcaption", "figure",  "footer",     "h1",      "h2",     "h3",    "h4",
      "h5",      "h6",         "header",  "hr",         "li",      "main",   "nav",   "ol",
      "p",       "pre",        "section", "table",      "tbody",   "td",     "tfoot", "th",
      "thead",   "tr",         "ul",      "title",      "caption", "center", "form",  "menu",
      "option",  "select",     "textarea"};
  return std::find(std::begin(kBlocks), std::end(kBlocks), name) != std::end(kBlocks);
}

// Finds `needle` in `haystack` from `from`, remembering the last answer per
// needle: a later search from inside an already scanned stretch is answered
// without rescanning, so a text full of unterminated "<!--" or "<x" stays
// linear, not quadratic.
class Finder {
 public:
  explicit Finder(std::string_view haystack) : haystack_(haystack) {}
  std::size_t find(std::string_view needle, std::size_t from) {
    for (Memo& m : memos_) {
      if (m.needle != needle) continue;
      // No occurrence lies in [m.from, m.at), so from there on it is m.at.
      if (from >= m.from && from <= m.at) return m.at;
      m = {needle, from, haystack_.find(needle, from)};
      return m.at;
    }
    memos_.push_back({needle, from, haystack_.find(needle, from)});
    return memos_.back().at;
  }

 private:
  struct Memo {
    std::string_view needle;
    std::size_t from;
    std::size_t at;  // npos when there is none
  };
  std::string_view haystack_;
  std::vector<Memo> memos_;
};

// The '>' closing a tag that starts before `from`. A '>' inside a quoted
// attribute value (alt="a<br>b") does not close it; an unterminated quote
// falls back to the first '>'. Quote matching can rescan text that a later
// tag scans again, so it draws on a byte budget shared by the whole text and
// falls back to the first '>' once that is spent: linear time however the
// quotes are arranged.
std::size_t tag_end(std::string_view s, std::size_t from, Finder& find, std::size_t& budget) {
  const std::size_t first_gt = find.find(">", from);
  std::size_t pos = from;
  while (true) {
    const std::size_t gt = find.find(">", pos);
    if (gt == std::string_view::npos) return first_gt;
    const std::size_t quote = s.substr(0, gt).find_first_of("\"'", pos);
    if (quote == std::string_view::npos) return gt;
    const std::size_t close = find.find(s[quote] == '"' ? "\"" : "'", quote + 1);
    if (close == std::string_view::npos || close + 1 - pos > budget) return first_gt;
    budget -= close + 1 - pos;
    pos = close + 1;
  }
}

// "script" or "style" when `s` starts with that start tag: their content is
// code, not text.
std::string_view raw_text_element(std::string_view s) {
  for (std::string_view name : {"script", "style"}) {
    if (s.size() > name.size() && s[0] == '<' && s.substr(1, name.size()) == name &&
        (s.size() == name.size() + 1 || !is_alnum(s[name.size() + 1]))) {
      return name;
    }
  }
  return {};
}

// Markup to plain text: comments, script and style go; block tags become a
// space, other tags vanish; character references are decoded; white space is
// collapsed. A '<' that does not start a tag is text ("5 < 6").
std::string html_to_text(std::string_view html) {
  const std::string lower = ascii_lower(html);
  Finder find(lower);
  std::size_t quote_budget = 4 * html.size() + 4096;
  std::string out;
  out.reserve(html.size());
  std::size_t pos = 0;
  const auto skip_to_end = [&](std::string_view closer, std::size_t from) {
    const std::size_t end = find.find(closer, from);
    pos = end == std::string_view::npos ? html.size() : end + closer.size();
  };
  while (pos < html.size()) {
    const std::size_t lt = html.find('<', pos);
    out.append(html.substr(pos, lt == std::string_view::npos ? lt : lt - pos));
    if (lt == std::string_view::npos) break;
    pos = lt;
    const std::string_view rest = std::string_view(lower).substr(lt);
    const char next = rest.size() > 1 ? rest[1] : '\0';
    if (rest.starts_with("<!--")) {
      skip_to_end("-->", lt + 4);
    } else if (rest.starts_with("<![cdata[")) {
      const std::size_t end = find.find("]]>", lt + 9);
      if (end == std::string_view::npos) {
        out += '<';
        ++pos;
        continue;
      }
      out.append(html.substr(lt + 9, end - lt - 9));
      pos = end + 3;
    } else if (const std::string_view raw = raw_text_element(rest); !raw.empty()) {
      skip_to_end(raw == "script" ? "</script" : "</style", lt + 1);
      if (pos < html.size()) skip_to_end(">", pos);
      out += ' ';
    } else if (next == '!' || next == '?' || is_alpha(next) ||
               (next == '/' && rest.size() > 2 && is_alpha(rest[2]))) {
      const std::size_t gt = tag_end(lower, lt + 1, find, quote_budget);
      if (gt == std::string_view::npos) {
        out += '<';
        ++pos;
        continue;
      }
      std::size_t name_start = lt + (next == '/' ? 2 : 1);
      std::size_t name_end = name_start;
      while (name_end < gt && (is_alnum(lower[name_end]) || lower[name_end] == ':')) ++name_end;
      std::string_view name = std::string_view(lower).substr(name_start, name_end - name_start);
      if (const std::size_t colon = name.rfind(':'); colon != std::string_view::npos) {
        name.remove_prefix(colon + 1);  // "xhtml:p" from a serialised xhtml title
      }
      if (is_block_tag(name)) out += ' ';
      pos = gt + 1;
    } else {
      out += '<';
      ++pos;
    }
  }
  return text::collapse_whitespace(decode_entities(out));
}

// The oracle's looks_like_html: an end tag or a character reference means
// the producer escaped HTML into a nominally plain-text element.
bool looks_like_html(std::string_view s) {
  for (std::size_t i = s.find('<'); i != std::string_view::npos; i = s.find('<', i + 1)) {
    if (i + 2 < s.size() && s[i + 1] == '/' && is_alpha(s[i + 2])) {
      std::size_t j = i + 3;
      while (j < s.size() && is_alnum(s[j])) ++j;
      if (j < s.size() && s[j] == '>') return true;
    }
  }
  for (std::size_t i = s.find('&'); i != std::string_view::npos; i = s.find('&', i + 1)) {
    std::size_t j = i + 1;
    if (j < s.size() && s[j] == '#') ++j;
    const std::size_t start = j;
    while (j < s.size() && is_alnum(s[j])) ++j;
    if (j > start && j < s.size() && s[j] == ';') return true;
  }
  return false;
}

// ------------------------------------------------------------- namespaces

enum class Ns : unsigned {
  kCore = 1,  // no namespace, RSS 1.0/0.90, or an unknown default namespace
  kAtom = 2,
  kDc = 4,
  kDcTerms = 8,
  kContent = 16,
  kRdf = 32,
  kMedia = 64,
  kItunes = 128,
  kOther = 256,
};

constexpr unsigned operator|(Ns a, Ns b) {
  return static_cast<unsigned>(a) | static_cast<unsigned>(b);
}
constexpr unsigned mask(Ns ns) { return static_cast<unsigned>(ns); }

// Atom documents without xmlns are common enough; their bare names count.
constexpr unsigned kAtomNames = Ns::kAtom | Ns::kCore;

struct QName {
  std::string_view prefix;
  std::string_view local;
};

QName split_name(const char* name) {
  const std::string_view s(name);
  const std::size_t colon = s.find(':');
  if (colon == std::string_view::npos) return {{}, s};
  return {s.substr(0, colon), s.substr(colon + 1)};
}

Ns namespace_from_uri(std::string_view uri) {
  struct Known {
    std::string_view uri;
    Ns ns;
  };
  static constexpr Known kKnown[] = {
      {"http://www.w3.org/2005/Atom", Ns::kAtom},
      {"http://purl.org/atom/ns#", Ns::kAtom},  // Atom 0.3
      {"http://purl.org/dc/elements/1.1/", Ns::kDc},
      {"http://purl.org/dc/terms/", Ns::kDcTerms},
      {"http://purl.org/rss/1.0/modules/content/", Ns::kContent},
      {"http://www.w3.org/1999/02/22-rdf-syntax-ns#", Ns::kRdf},
      {"http://purl.org/rss/1.0/", Ns::kCore},
      {"http://my.netscape.com/rdf/simple/0.9/", Ns::kCore},
      {"http://backend.userland.com/rss2", Ns::kCore},
      {"http://search.yahoo.com/mrss/", Ns::kMedia},
      {"http://search.yahoo.com/mrss", Ns::kMedia},
      {"http://www.itunes.com/dtds/podcast-1.0.dtd", Ns::kItunes},
  };
  uri = trim(uri);
  // Case-insensitive: generators copy these URIs with their own capitals
  // (iTunes' own documentation spells it "DTDs/Podcast-1.0.dtd").
  for (const Known& k : kKnown) {
    if (iequals(k.uri, uri)) return k.ns;
  }
  return Ns::kOther;
}

// Feeds that forget to declare a prefix still mean the usual namespace.
Ns namespace_from_prefix(std::string_view prefix) {
  if (prefix.empty()) return Ns::kCore;
  if (prefix == "atom") return Ns::kAtom;
  if (prefix == "dc") return Ns::kDc;
  if (prefix == "dcterms") return Ns::kDcTerms;
  if (prefix == "content") return Ns::kContent;
  if (prefix == "rdf") return Ns::kRdf;
  if (prefix == "media") return Ns::kMedia;
  if (prefix == "itunes") return Ns::kItunes;
  return Ns::kOther;
}

Ns namespace_of(pugi::xml_node element, std::string_view prefix) {
  const std::string attr = prefix.empty() ? "xmlns" : "xmlns:" + std::string(prefix);
  for (pugi::xml_node n = element; n && n.type() == pugi::node_element; n = n.parent()) {
    if (const pugi::xml_attribute a = n.attribute(attr.c_str())) {
      const Ns ns = namespace_from_uri(a.value());
      // An unknown default namespace on bare names is still the feed's own
      // vocabulary (some generators invent one).
      if (ns == Ns::kOther && prefix.empty()) return Ns::kCore;
      return ns;
    }
  }
  return namespace_from_prefix(prefix);
}

bool is_element(pugi::xml_node n, unsigned namespaces, std::string_view local) {
  if (n.type() != pugi::node_element) return false;
  const QName q = split_name(n.name());
  return q.local == local && (mask(namespace_of(n, q.prefix)) & namespaces) != 0;
}

pugi::xml_node child(pugi::xml_node parent, unsigned namespaces, std::string_view local) {
  for (pugi::xml_node c = parent.first_child(); c; c = c.next_sibling()) {
    if (is_element(c, namespaces, local)) return c;
  }
  return {};
}

// An attribute by local name whatever its prefix (rdf:about, RDF:about).
std::string_view attribute_by_local(pugi::xml_node n, std::string_view local) {
  for (pugi::xml_attribute a = n.first_attribute(); a; a = a.next_attribute()) {
    if (split_name(a.name()).local == local) return a.value();
  }
  return {};
}

// ------------------------------------------------------------ node text

struct StringWriter : pugi::xml_writer {
  std::string out;
  void write(const void* data, std::size_t size) override {
    out.append(static_cast<const char*>(data), size);
  }
};

bool has_element_child(pugi::xml_node n) {
  for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_element) return true;
  }
  return false;
}

// The element's own text, CDATA included, trimmed: what identifiers, URLs
// and dates are written as. Child elements do not contribute.
std::string own_text(pugi::xml_node n) {
  std::string out;
  for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) out += c.value();
  }
  return std::string(trim(out));
}

// The children serialised as markup (text escaped), as an xhtml construct
// or unescaped HTML in an RSS element means them.
std::string serialized_children(pugi::xml_node n) {
  StringWriter writer;
  for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling()) {
    c.print(writer, "", pugi::format_raw);
  }
  return std::string(trim(writer.out));
}

// The element's content as the producer wrote it: its text or, when it
// holds elements, their serialisation.
std::string markup(pugi::xml_node n) {
  return has_element_child(n) ? serialized_children(n) : own_text(n);
}

// Atom xhtml constructs wrap their content in one xhtml:div that is not
// part of the content (RFC 4287 3.1.1.3).
pugi::xml_node xhtml_content_root(pugi::xml_node n) {
  pugi::xml_node only;
  for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_element) {
      if (only) return n;
      only = c;
    }
  }
  return only && split_name(only.name()).local == "div" ? only : n;
}

enum class TextType { kText, kHtml, kXhtml, kOpaque };

TextType atom_text_type(pugi::xml_node n) {
  const std::string type = ascii_lower(trim(n.attribute("type").value()));
  if (type == "html" || type == "text/html") return TextType::kHtml;
  if (type == "xhtml" || type == "application/xhtml+xml") return TextType::kXhtml;
  // Atom 0.3 marks base64 explicitly; other unknown types are read as text,
  // as feed readers do (an Atom 1.0 title may only be text/html/xhtml anyway).
  if (iequals(trim(n.attribute("mode").value()), "base64")) return TextType::kOpaque;
  return TextType::kText;
}

// A plain-text field. Nominally plain elements get the HTML treatment only
// when they look like escaped HTML, as feed readers do.
std::string plain_text(pugi::xml_node n, TextType type = TextType::kText) {
  if (!n || type == TextType::kOpaque) return {};
  if (type == TextType::kXhtml) return html_to_text(serialized_children(xhtml_content_root(n)));
  std::string raw = markup(n);
  if (type == TextType::kHtml || has_element_child(n) || looks_like_html(raw)) {
    return html_to_text(raw);
  }
  return text::collapse_whitespace(raw);
}

// Summaries keep their markup: the article extractor, not the feed parser,
// decides what text is.
std::string summary_markup(pugi::xml_node n, TextType type) {
  if (!n || type == TextType::kOpaque) return {};
  if (type == TextType::kXhtml) return serialized_children(xhtml_content_root(n));
  return markup(n);
}

std::string first_nonempty(std::initializer_list<std::string> values) {
  for (const std::string& v : values) {
    if (!v.empty()) return v;
  }
  return {};
}

// ------------------------------------------------------------------ links

// The base URL in effect at `n`: the document URL with every xml:base from
// the root down to `n` applied in turn.
std::string base_url_at(pugi::xml_node n, const std::string& document_url) {
  std::vector<std::string_view> bases;
  for (; n && n.type() == pugi::node_element; n = n.parent()) {
    if (const pugi::xml_attribute a = n.attribute("xml:base")) bases.push_back(a.value());
  }
  std::string base = document_url;
  for (auto it = bases.rbegin(); it != bases.rend(); ++it) {
    if (auto resolved = text::resolve_url(base, *it)) base = std::move(*resolved);
  }
  return base;
}

// `ref` made absolute against the base in effect at `where`; empty unless
// the result is http(s).
std::string resolve_link(pugi::xml_node where, std::string_view ref,
                         const std::string& document_url) {
  ref = trim(ref);
  if (ref.empty()) return {};
  return text::resolve_url(base_url_at(where, document_url), ref).value_or(std::string());
}

// Atom links: rel="alternate" (or no rel) wins, preferring an HTML type;
// then other page-like relations. Links to the feed itself, to edit URIs,
// media and comment feeds are never the article.
std::string best_atom_link(pugi::xml_node parent, unsigned namespaces,
                           const std::string& document_url) {
  static constexpr std::array<std::string_view, 12> kNotThePage = {
      "self", "edit", "edit-media", "enclosure", "replies", "license",
      "hub",  "next", "previous",   "prev",      "first",   "last"};
  int best_rank = INT_MAX;
  std::string best;
  for (pugi::xml_node c = parent.first_child(); c; c = c.next_sibling()) {
    if (!is_element(c, namespaces, "link")) continue;
    const std::string rel = ascii_lower(trim(c.attribute("rel").value()));
    const std::string type = ascii_lower(trim(c.attribute("type").value()));
    int rank;
    if (rel.empty() || rel == "alternate" ||
        rel == "http://www.iana.org/assignments/relation/alternate") {
      rank = type.empty() || type == "text/html" || type == "application/xhtml+xml" ? 0 : 1;
    } else if (std::find(kNotThePage.begin(), kNotThePage.end(), rel) == kNotThePage.end()) {
      rank = 2;
    } else {
      continue;
    }
    if (rank >= best_rank) continue;
    std::string url = resolve_link(c, c.attribute("href").value(), document_url);
    if (url.empty()) continue;
    best_rank = rank;
    best = std::move(url);
  }
  return best;
}

// ---------------------------------------------------------------- entries

struct Context {
  const std::string& document_url;
  std::string feed_author;  // Atom: entries inherit the feed's author
};

std::string date_of(pugi::xml_node n) {
  return n ? normalize_feed_date(own_text(n)) : std::string();
}

// RSS <author> holds an e-mail address, usually "jo@example.com (Jo Name)",
// sometimes "Jo Name (jo@example.com)"; the name is what a reader wants.
std::string rss_author_name(pugi::xml_node n) {
  std::string author = plain_text(n);
  const std::size_t open = author.find('(');
  if (open == std::string::npos || author.back() != ')') return author;
  const std::string_view view(author);
  const std::string outside = text::collapse_whitespace(view.substr(0, open));
  const std::string inside =
      text::collapse_whitespace(view.substr(open + 1, author.size() - open - 2));
  const bool outside_is_email = outside.find('@') != std::string::npos;
  if (outside_is_email && !inside.empty()) return inside;
  if (!outside_is_email && !outside.empty() && inside.find('@') != std::string::npos) {
    return outside;
  }
  return author;
}

std::string atom_person_name(pugi::xml_node person) {
  if (!person) return {};
  if (std::string name = plain_text(child(person, kAtomNames, "name")); !name.empty()) {
    return name;
  }
  if (std::string email = plain_text(child(person, kAtomNames, "email")); !email.empty()) {
    return email;
  }
  // Sloppy feeds put the name straight into <author>.
  return has_element_child(person) ? std::string() : plain_text(person);
}

// rel=alternate links in another vocabulary (atom:link inside RSS items).
std::string rss_item_link(pugi::xml_node item, const Context& ctx) {
  if (const pugi::xml_node link = child(item, mask(Ns::kCore), "link")) {
    // Some generators write <link href="..."/> as if it were Atom.
    const std::string ref = own_text(link);
    std::string url =
        resolve_link(link, ref.empty() ? link.attribute("href").value() : ref, ctx.document_url);
    if (!url.empty()) return url;
  }
  return best_atom_link(item, mask(Ns::kAtom), ctx.document_url);
}

FeedEntry parse_rss_item(pugi::xml_node item, const Context& ctx) {
  FeedEntry entry;
  entry.title = first_nonempty({plain_text(child(item, mask(Ns::kCore), "title")),
                                plain_text(child(item, mask(Ns::kDc), "title")),
                                plain_text(child(item, mask(Ns::kMedia), "title"))});
  entry.link = rss_item_link(item, ctx);

  const pugi::xml_node guid = child(item, mask(Ns::kCore), "guid");
  entry.id = text::collapse_whitespace(own_text(guid));
  if (entry.link.empty() && guid &&
      !iequals(trim(guid.attribute("isPermaLink").value()), "false") &&
      starts_with_http(entry.id)) {
    entry.link = resolve_link(guid, entry.id, ctx.document_url);
  }
  if (entry.id.empty()) entry.id = trim(attribute_by_local(item, "about"));  // RSS 1.0
  if (entry.id.empty()) entry.id = entry.link;

  // content:encoded is the full body; it stands in only when there is no
  // description, so that summary is always the shorter teaser when both exist.
  entry.summary = summary_markup(child(item, mask(Ns::kCore), "description"), TextType::kHtml);
  if (entry.summary.empty()) {
    entry.summary = summary_markup(child(item, mask(Ns::kContent), "encoded"), TextType::kHtml);
  }

  entry.author = first_nonempty({plain_text(child(item, mask(Ns::kDc), "creator")),
                                 rss_author_name(child(item, mask(Ns::kCore), "author")),
                                 atom_person_name(child(item, mask(Ns::kAtom), "author")),
                                 plain_text(child(item, mask(Ns::kItunes), "author"))});

  // dc:date is the only date RSS 1.0 has; it serves as publication date
  // when there is no pubDate, and as the update date (feedparser's reading).
  const std::string dc_date = date_of(child(item, mask(Ns::kDc), "date"));
  entry.published_at =
      first_nonempty({date_of(child(item, mask(Ns::kCore), "pubDate")),
                      date_of(child(item, mask(Ns::kDcTerms), "issued")),
                      date_of(child(item, mask(Ns::kDcTerms), "created")),
                      date_of(child(item, mask(Ns::kAtom), "published")), dc_date});
  entry.updated_at = first_nonempty({dc_date, date_of(child(item, mask(Ns::kDcTerms), "modified")),
                                     date_of(child(item, mask(Ns::kAtom), "updated"))});
  return entry;
}

FeedEntry parse_atom_entry(pugi::xml_node e, const Context& ctx) {
  FeedEntry entry;
  const pugi::xml_node title = child(e, kAtomNames, "title");
  entry.title = first_nonempty(
      {plain_text(title, atom_text_type(title)), plain_text(child(e, mask(Ns::kMedia), "title"))});
  entry.link = best_atom_link(e, kAtomNames, ctx.document_url);

  const pugi::xml_node id = child(e, kAtomNames, "id");
  entry.id = text::collapse_whitespace(own_text(id));
  // feedparser treats atom:id like a permalink guid; http ids of entries
  // without a link are nearly always the page.
  if (entry.link.empty() && starts_with_http(entry.id)) {
    entry.link = resolve_link(id, entry.id, ctx.document_url);
  }
  if (entry.id.empty()) entry.id = entry.link;

  const pugi::xml_node summary = child(e, kAtomNames, "summary");
  entry.summary = summary_markup(summary, atom_text_type(summary));
  const pugi::xml_node content = child(e, kAtomNames, "content");
  if (entry.summary.empty() && content && !content.attribute("src")) {
    entry.summary = summary_markup(content, atom_text_type(content));
  }

  const pugi::xml_node source = child(e, kAtomNames, "source");
  entry.author =
      first_nonempty({atom_person_name(child(e, kAtomNames, "author")),
                      plain_text(child(e, mask(Ns::kDc), "creator")),
                      atom_person_name(child(source, kAtomNames, "author")), ctx.feed_author});

  entry.published_at = first_nonempty({date_of(child(e, kAtomNames, "published")),
                                       date_of(child(e, kAtomNames, "issued")),  // Atom 0.3
                                       date_of(child(e, mask(Ns::kDcTerms), "issued"))});
  entry.updated_at = first_nonempty({date_of(child(e, kAtomNames, "updated")),
                                     date_of(child(e, kAtomNames, "modified")),  // Atom 0.3
                                     date_of(child(e, mask(Ns::kDc), "date"))});
  return entry;
}

// ------------------------------------------------------------------ feeds

std::string language_of(pugi::xml_node channel, pugi::xml_node root) {
  return first_nonempty({plain_text(child(channel, mask(Ns::kCore), "language")),
                         plain_text(child(channel, mask(Ns::kDc), "language")),
                         std::string(trim(channel.attribute("xml:lang").value())),
                         std::string(trim(root.attribute("xml:lang").value()))});
}

void parse_rss(pugi::xml_node root, Feed& feed, const Context& ctx) {
  const pugi::xml_node channel = child(root, mask(Ns::kCore), "channel");
  feed.title = first_nonempty({plain_text(child(channel, mask(Ns::kCore), "title")),
                               plain_text(child(channel, mask(Ns::kDc), "title"))});
  if (const pugi::xml_node link = child(channel, mask(Ns::kCore), "link")) {
    feed.link = resolve_link(link, own_text(link), ctx.document_url);
  }
  if (feed.link.empty()) feed.link = best_atom_link(channel, mask(Ns::kAtom), ctx.document_url);
  feed.language = language_of(channel, root);

  // RSS 1.0 puts items next to the channel; a few RSS 0.9x feeds do too.
  for (pugi::xml_node parent : {channel, root}) {
    if (!parent) continue;
    for (pugi::xml_node c = parent.first_child(); c; c = c.next_sibling()) {
      if (is_element(c, mask(Ns::kCore), "item")) feed.entries.push_back(parse_rss_item(c, ctx));
    }
  }
}

void parse_atom(pugi::xml_node root, Feed& feed, Context& ctx) {
  const pugi::xml_node title = child(root, kAtomNames, "title");
  feed.title = plain_text(title, atom_text_type(title));
  feed.link = best_atom_link(root, kAtomNames, ctx.document_url);
  if (feed.link.empty()) {
    const pugi::xml_node id = child(root, kAtomNames, "id");
    if (const std::string ref = own_text(id); starts_with_http(ref)) {
      feed.link = resolve_link(id, ref, ctx.document_url);
    }
  }
  feed.language = std::string(trim(root.attribute("xml:lang").value()));
  ctx.feed_author = atom_person_name(child(root, kAtomNames, "author"));
  for (pugi::xml_node c = root.first_child(); c; c = c.next_sibling()) {
    if (is_element(c, kAtomNames, "entry")) feed.entries.push_back(parse_atom_entry(c, ctx));
  }
}

// The input was made valid UTF-8, but pugixml encodes numeric references to
// surrogates (&#xD800;) as they are, so every output field is checked once.
void sanitize(std::string& s) {
  if (!text::is_valid_utf8(s)) s = text::sanitize_utf8(s);
}

void sanitize(Feed& feed) {
  sanitize(feed.title);
  sanitize(feed.link);
  sanitize(feed.language);
  for (FeedEntry& e : feed.entries) {
    for (std::string* s :
         {&e.id, &e.title, &e.link, &e.summary, &e.author, &e.published_at, &e.updated_at}) {
      sanitize(*s);
    }
  }
}

std::string describe_root(std::string_view name) {
  constexpr std::size_t kMaxShown = 64;
  if (name.size() > kMaxShown) return std::string(name.substr(0, kMaxShown)) + "...";
  return std::string(name);
}

}  // namespace

Result<Feed> parse_feed(std::string_view xml, const FeedParseOptions& options) {
  // One copy, which pugixml then parses in place. Invalid UTF-8 would pass
  // through pugixml untouched, and a NUL byte would end the document early.
  std::string buffer = text::sanitize_utf8(xml);
  std::erase(buffer, '\0');
  std::size_t start = 0;
  if (buffer.starts_with("\xEF\xBB\xBF")) start = 3;
  while (start < buffer.size() && is_ascii_space(buffer[start])) ++start;

  pugi::xml_document doc;
  // parse_default: CDATA, entity decoding, newline normalisation; no
  // declaration, doctype, PI or comment nodes (never needed, and skipping
  // them keeps the tree small). encoding_utf8 because the declaration's
  // encoding was already applied by the fetcher and must not be re-applied.
  const pugi::xml_parse_result parsed = doc.load_buffer_inplace(
      buffer.data() + start, buffer.size() - start, pugi::parse_default, pugi::encoding_utf8);
  if (!parsed) {
    return make_error("feed is not well-formed XML: " + std::string(parsed.description()) +
                      " at offset " + std::to_string(start + parsed.offset));
  }
  const pugi::xml_node root = doc.document_element();
  const std::string_view root_name = split_name(root.name()).local;
  Feed feed;
  Context ctx{options.base_url, {}};
  if (root_name == "rss") {
    feed.format = FeedFormat::kRss20;
    parse_rss(root, feed, ctx);
  } else if (iequals(root_name, "RDF")) {
    feed.format = FeedFormat::kRss10;
    parse_rss(root, feed, ctx);
  } else if (root_name == "feed") {
    feed.format = FeedFormat::kAtom10;
    parse_atom(root, feed, ctx);
  } else {
    return make_error("not a feed: root element is <" + describe_root(root.name()) +
                      ">, expected <rss>, <rdf:RDF> or <feed>");
  }
  sanitize(feed);
  return feed;
}

}  // namespace akhbar::parsers
