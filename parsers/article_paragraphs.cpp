// Turning the chosen container into paragraphs: a page-order walk that starts
// a paragraph at every block boundary and at <br><br>, skips chrome inside
// the container, then filters out the boilerplate lines DESIGN.md lists.
#include <algorithm>
#include <span>
#include <string>
#include <vector>

#include "parsers/article_internal.h"
#include "parsers/markup_chars.h"
#include "text/ascii.h"
#include "text/utf8.h"

namespace akhbar::parsers::detail {

namespace {

constexpr int kStoryChars = 200;  // body text that makes a later <h1> a new story
constexpr char kBreak = '\x01';   // stands for <br> until paragraphs are split
constexpr int kMaxCommentPolicyChars = 600;

struct Paragraph {
  std::string raw;
  int chars = 0;
  int link_chars = 0;
  int bold_chars = 0;
  int block = -1;           // element the text belongs to
  int root = -1;            // the root of the walk that found it
  std::vector<int> pieces;  // with record_pieces: see BodyParagraph::pieces
};

// A boilerplate line starts with `phrase`; lines longer than `max_chars` are
// prose that merely begins with the same words ("شارك الآلاف ...").
struct Marker {
  const char* phrase;
  int max_chars;
};

constexpr Marker kMarkers[] = {
    {"اقرأ أيضا", 250},
    {"اقرأ المزيد", 250},
    {"انظر أيضا", 250},
    {"شاهد أيضا", 250},
    {"طالع أيضا", 250},
    {"ذات صلة", 250},
    {"مواضيع متعلقة", 250},
    {"مواضيع ذات صلة", 250},
    {"أخبار ذات صلة", 250},
    {"أخبار متعلقة", 250},
    {"الموضوعات المتعلقة", 250},
    {"مقالات ذات صلة", 250},
    {"الأكثر قراءة", 250},
    {"أكثر قراءة", 250},
    {"الأكثر تعليقا", 250},  // folding covers الأكثر تعليقاً / تعليقًا / الاكثر
    {"الأكثر مشاهدة", 250},
    {"الأكثر تداولا", 250},
    {"الأكثر شعبية", 250},
    {"آخر الأخبار", 60},
    {"لمزيد من الأخبار", 250},
    // Newsletter prompts. Imperative "اشترك" is also the past tense ("اشترك
    // في النشرة أكثر من ألف قارئ ..."), and a story may open with the
    // bulletin's name, so these stay short: prompts are one short line.
    {"اشترك في النشرة", 100},
    {"اشترك بالنشرة", 100},
    {"اشترك في نشرتنا", 150},
    {"اشترك في القائمة البريدية", 100},
    {"اشترك الآن", 60},
    {"ليصلك", 120},  // "ليصلك كل جديد": addressed to the reader
    {"لتصلك", 120},
    {"النشرة البريدية", 60},
    {"النشرة الإخبارية", 60},
    {"نشرتنا البريدية", 150},
    {"نشرتنا الإخبارية", 150},
    {"القائمة البريدية", 60},
    {"سجل بريدك", 150},
    {"أدخل بريدك", 150},
    {"أدخل البريد الإلكتروني", 100},
    {"تابعونا", 120},
    {"تابعوا", 60},
    {"إضغط هنا", 120},
    {"اضغط هنا", 120},
    {"شارك", 40},
    {"التعليقات مغلقة", 250},
    {"إضافة تعليق", 250},
    {"أضف تعليق", 250},
    {"لا توجد تعليقات", 250},
    {"التعليقات", 40},
    {"الوسوم", 250},
    {"وسوم", 250},
    {"كلمات مفتاحية", 250},
    {"الكلمات المفتاحية", 250},
    {"المصدر", 60},
    {"read more", 250},
    {"read also", 250},
    {"also read", 250},
    {"see also", 250},
    {"related", 60},
    {"share this", 250},
    {"share", 30},
    {"photo", 80},
    {"image", 60},
    {"credit", 60},
    {"advertisement", 60},
    {"follow us", 120},
    {"sign up", 120},
    {"subscribe", 30},  // the button alone; "subscribers ..." is another word
    {"subscribe to our", 150},
    {"subscribe to the newsletter", 150},
    {"subscribe now", 60},
    {"newsletter", 60},
    {"get our newsletter", 150},
    {"enter your email", 120},
    {"your email address", 60},
    {"most commented", 60},
    {"most read", 60},
    {"most viewed", 60},
    {"click here", 120},
    {"you may also like", 250},
    {"recommended", 60},
    {"tags", 250},
    {"comments", 40},
};

// Whole lines that are controls or labels, not text.
constexpr const char* kExactPhrases[] = {
    "TT", "اليوم", "الأسبوع", "الشهر", "مشاركة", "طباعة", "print", "tweet", "email", "facebook",
    "twitter", "whatsapp", "telegram", "فيسبوك", "فيس بوك", "تويتر", "واتساب", "تليجرام", "إعلان",
    "ad", "تصغير الخط", "تكبير الخط", "A A", "loading", "جار التحميل", "حجم الخط",
    // More font-size controls: "A+ A-" folds to "a a" like "A A" does.
    "A A A", "أ أ", "font size", "text size", "تكبير تصغير الخط"};

// Lines naming the writer ("كتبت أسماء نصار"): the byline, not the story.
constexpr const char* kBylinePrefixes[] = {"كتب", "كتبت", "بقلم", "by", "written by", "حوار"};

struct FoldedMarker {
  std::string phrase;
  int max_chars;
};

const std::vector<FoldedMarker>& folded_markers() {
  static const auto* markers = [] {
    auto* v = new std::vector<FoldedMarker>;
    for (const Marker& m : kMarkers) v->push_back({fold(m.phrase), m.max_chars});
    return v;
  }();
  return *markers;
}

std::vector<std::string> fold_all(std::span<const char* const> phrases) {
  std::vector<std::string> out;
  for (const char* phrase : phrases) out.push_back(fold(phrase));
  return out;
}

bool is_exact_boilerplate(const std::string& folded) {
  static const auto* phrases = new std::vector<std::string>(fold_all(kExactPhrases));
  return std::find(phrases->begin(), phrases->end(), folded) != phrases->end();
}

bool starts_with_words(std::string_view folded, std::string_view prefix) {
  return folded.substr(0, prefix.size()) == prefix &&
         (folded.size() == prefix.size() || folded[prefix.size()] == ' ');
}

// The marker a line starts with, or nullptr.
const FoldedMarker* boilerplate_marker(std::string_view folded, int chars) {
  for (const FoldedMarker& m : folded_markers()) {
    if (chars <= m.max_chars && starts_with_words(folded, m.phrase)) return &m;
  }
  return nullptr;
}

bool is_byline(std::string_view folded, int chars) {
  if (chars > 60 || std::count(folded.begin(), folded.end(), ' ') > 6) return false;
  static const auto* prefixes = new std::vector<std::string>(fold_all(kBylinePrefixes));
  return std::any_of(prefixes->begin(), prefixes->end(),
                     [&](const std::string& p) { return starts_with_words(folded, p); });
}

// Labels of photo credits and caption labels ("تصوير: فلان", "(الصورة: رويترز)",
// "مصدر الصورة، Getty Images"). English "Photo:" / "Image:" / "Credit:" lines
// are markers above; these are the words that need the stricter test below.
constexpr const char* kCreditLabels[] = {
    "تصوير",       "الصورة",      "صورة",         "الصور",     "صور",
    "مصدر الصورة", "حقوق الصورة", "عدسة",         "الصورة من", "التعليق على الصورة",
    "photograph",  "photographs", "photo credit", "picture",   "pictures"};
constexpr int kMaxCreditChars = 80;

// What follows a credit label: colon (also fullwidth), dashes, bar, slash,
// the Arabic comma; a bracket ends one too: "(تصوير)".
// A hyphen separates only with a space beside it: "Picture-in-Picture" is one name.
bool is_credit_separator(char32_t cp, std::string_view text, std::size_t at, std::size_t next) {
  if (cp == U'-') {
    return (at > 0 && text[at - 1] == ' ') || (next < text.size() && text[next] == ' ');
  }
  return cp == U':' || cp == U'|' || cp == U'/' || cp == U')' || cp == U']' || cp == 0x2013 ||
         cp == 0x2014 || cp == 0xFF1A || cp == 0x060C;
}

// A short line that is only a photo credit: its first words, up to a
// separator, are a credit label ("تصوير: فلان"), or the whole line is in
// brackets and starts with one ("(الصورة من رويترز)"). A sentence that
// merely starts with such a word ("تصوير الفيلم يبدأ ...", "الصورة الكاملة
// للأزمة: ...") has no separator right after the label and is kept.
bool is_photo_credit(std::string_view text, int chars) {
  if (chars > kMaxCreditChars) return false;
  static const auto* labels = new std::vector<std::string>(fold_all(kCreditLabels));
  const auto is_label = [](const std::string& folded) {
    return std::find(labels->begin(), labels->end(), folded) != labels->end();
  };
  std::size_t pos = 0;
  bool bracketed = false;
  while (pos < text.size() && (text[pos] == ' ' || text[pos] == '(' || text[pos] == '[')) {
    bracketed |= text[pos] != ' ';
    ++pos;
  }
  const std::size_t start = pos;
  std::size_t label_end = text.size();
  while (pos < text.size()) {
    const std::size_t at = pos;
    const char32_t cp = text::next_code_point(text, pos);
    if (is_credit_separator(cp, text, at, pos)) {
      label_end = at;
      break;
    }
  }
  if (is_label(fold(text.substr(start, label_end - start)))) return true;
  if (!bracketed || !(text.ends_with(")") || text.ends_with("]"))) return false;
  const std::string folded = fold(text);
  return std::any_of(labels->begin(), labels->end(),
                     [&](const std::string& l) { return starts_with_words(folded, l); });
}

bool is_bare_url(std::string_view text) {
  return (text.starts_with("http://") || text.starts_with("https://") ||
          text.starts_with("www.")) &&
         text.find(' ') == std::string_view::npos;
}

// "٠٢:٠٠ الثلاثاء ١ / ١٢ / ٢٠٢٠", "Updated 10:30 GMT, 3 May 2021": mostly numbers.
bool is_date_line(std::string_view folded, int chars) {
  if (chars > 80) return false;
  int numbers = 0;
  int words = 0;
  std::size_t pos = 0;
  while (pos < folded.size()) {
    std::size_t next = folded.find(' ', pos);
    if (next == std::string_view::npos) next = folded.size();
    const std::string_view token = folded.substr(pos, next - pos);
    const bool numeric = !token.empty() && std::all_of(token.begin(), token.end(),
                                                       [](char c) { return c >= '0' && c <= '9'; });
    ++(numeric ? numbers : words);
    pos = next + 1;
  }
  return (chars <= 50 && numbers >= 2 && words <= 4) || (numbers >= 4 && words <= 7);
}

// A line that is only a number or a code: "17302" (an editor's id), "2min"
// (a reading-time badge), "12 / 30". No prose line lacks letters, and none is
// one short word with digits in it (scripts without spaces write long lines).
bool is_code_line(std::string_view text) {
  constexpr std::size_t kMaxCodeChars = 12;
  bool letter = false;
  bool digit = false;
  bool space = text::count_chars(text) > kMaxCodeChars;
  for (std::size_t pos = 0; pos < text.size();) {
    const char32_t cp = text::next_code_point(text, pos);
    if (cp == U' ') {
      space = true;
    } else if ((cp >= U'0' && cp <= U'9') || (cp >= 0x0660 && cp <= 0x0669) ||
               (cp >= 0x06F0 && cp <= 0x06F9)) {
      digit = true;
    } else if ((cp >= U'a' && cp <= U'z') || (cp >= U'A' && cp <= U'Z') || cp >= 0x00C0) {
      letter = true;  // any non-ASCII character counts: only ASCII symbols do not
    }
  }
  return digit && (!letter || !space);
}

class Collector {
 public:
  Collector(const Page& page, int container, std::string_view title, bool record_pieces)
      : page_(page),
        container_(container),
        folded_title_(fold(title)),
        record_pieces_(record_pieces) {}

  void walk(int root) {
    root_ = root;
    const auto& nodes = page_.nodes;
    std::vector<int> open;
    for (int i = root; i < nodes[root].end && !stopped_;) {
      while (!open.empty() && nodes[open.back()].end <= i) {
        if (is_block_tag(nodes[open.back()].tag)) end_paragraph();
        open.pop_back();
      }
      const DomNode& n = nodes[i];
      if (n.is_text) {
        append_text(i);
        ++i;
        continue;
      }
      if (i != root && skip_element(i)) {
        end_paragraph();
        i = n.end;
        continue;
      }
      if (n.tag == GUMBO_TAG_BR) {
        // "<strong>Subheading</strong><br>text": the bold line stands alone.
        if (current_.chars > 0 && current_.bold_chars == current_.chars) end_paragraph();
        current_.raw += kBreak;
        if (record_pieces_) current_.pieces.push_back(-1);
        ++i;
        continue;
      }
      if (is_block_tag(n.tag)) end_paragraph();
      open.push_back(i);
      ++i;
    }
    end_paragraph();
  }

  std::vector<BodyParagraph> finish() {
    std::vector<BodyParagraph> out;
    std::vector<bool> dropped(paragraphs_.size(), false);
    for (std::size_t k = 0; k < paragraphs_.size(); ++k) {
      if (dropped[k]) continue;
      Paragraph& p = paragraphs_[k];
      std::string text = text::to_nfc(text::collapse_whitespace(p.raw));
      if (text.empty() || p.link_chars * 2 > p.chars) continue;
      const int chars = static_cast<int>(text::count_chars(text));
      const std::string folded = fold(text);
      if (folded.empty() || is_bare_url(text) || is_exact_boilerplate(folded) ||
          is_byline(folded, chars) || is_photo_credit(text, chars) || is_date_line(folded, chars) ||
          folded == folded_title_ || (is_code_line(text) && !in_tabular_block(p.block))) {
        continue;
      }
      if (const FoldedMarker* marker = boilerplate_marker(folded, chars)) {
        // A bare marker heads a box ("اقرأ أيضا" + links): the box goes too.
        if (folded.size() <= marker->phrase.size() + 2) drop_rest_of_box(k, dropped);
        continue;
      }
      out.push_back({std::move(text), p.block, p.root, std::move(p.pieces)});
    }
    return out;
  }

 private:
  bool skip_element(int i) {
    const DomNode& n = page_.nodes[i];
    if (n.excluded) return true;
    if (is_block_tag(n.tag) && introduces_comments(i)) return true;
    switch (n.tag) {
      case GUMBO_TAG_FIGURE:
      case GUMBO_TAG_FIGCAPTION:
        return true;
      case GUMBO_TAG_H1:
        // Before the story's text, what came was a kicker or label. After it,
        // a headline starts another story (infinite scroll), while a plain
        // <h1> is a section heading (many CMSs and books use h1 for those).
        if (body_chars_ < kStoryChars) {
          end_paragraph();
          paragraphs_.clear();
          body_chars_ = 0;
          return true;
        }
        stopped_ = is_headline(i);
        return stopped_;
      case GUMBO_TAG_ARTICLE:
        stopped_ = body_chars_ >= kStoryChars;
        return stopped_;
      case GUMBO_TAG_UL:
      case GUMBO_TAG_OL:
      case GUMBO_TAG_DL:
      case GUMBO_TAG_DIV:
      case GUMBO_TAG_SECTION:
      case GUMBO_TAG_TABLE:
      case GUMBO_TAG_ASIDE:
        return n.chars > 0 && n.link_chars * 2 > n.chars;
      default:
        return false;
    }
  }

  // Table cells, list items and code hold numbers on their own legitimately.
  bool in_tabular_block(int block) const {
    // A few levels up only: some old sites lay the whole page out in a table.
    for (int a = block, level = 0; a >= 0 && level < 4; a = page_.nodes[a].parent, ++level) {
      switch (page_.nodes[a].tag) {
        case GUMBO_TAG_TD:
        case GUMBO_TAG_TH:
        case GUMBO_TAG_LI:
        case GUMBO_TAG_DD:
        case GUMBO_TAG_DT:
        case GUMBO_TAG_PRE:
        case GUMBO_TAG_CODE:
        case GUMBO_TAG_TABLE:
          return true;
        default:
          break;
      }
    }
    return false;
  }

  // A short block right before the comments box that talks about comments:
  // the comment policy or disclaimer heading that section ("ترحب شبكة ...
  // بالنقاش ... مراجعة التعليقات", "Comments are moderated").
  bool introduces_comments(int i) const {
    const auto& nodes = page_.nodes;
    const DomNode& n = nodes[i];
    if (n.chars == 0 || n.chars > kMaxCommentPolicyChars || n.has_h1 || n.parent < 0) return false;
    const int parent_end = nodes[n.parent].end;
    int next = n.end;
    while (next < parent_end && nodes[next].is_text) {
      if (nodes[next].chars > 0) return false;
      next = nodes[next].end;
    }
    if (next >= parent_end || !names_comments(nodes[next].element())) return false;
    const std::string folded = fold(subtree_text(page_, i));
    return folded.find(fold("تعليق")) != std::string::npos ||
           folded.find("comment") != std::string::npos;
  }

  static bool names_comments(const GumboElement& e) {
    const std::string names =
        text::ascii_lower(attribute(e, "class")) + ' ' + text::ascii_lower(attribute(e, "id"));
    return names.find("comment") != std::string::npos || names.find("disqus") != std::string::npos;
  }

  // An <h1> marked as a story headline: by its own or its wrappers' names
  // ("entry-title", "story-headline", itemprop=headline) or a <header> around it.
  bool is_headline(int i) const {
    if (text::ascii_iequals(attribute(page_.nodes[i].element(), "itemprop"), "headline")) {
      return true;
    }
    for (int level = 0; level < 3 && i >= 0; ++level, i = page_.nodes[i].parent) {
      const DomNode& n = page_.nodes[i];
      if (n.tag == GUMBO_TAG_HEADER) return true;
      for (const char* attr : {"class", "id"}) {
        const std::string name = text::ascii_lower(attribute(n.element(), attr));
        if (name.find("title") != std::string::npos || name.find("headline") != std::string::npos ||
            name.find("header") != std::string::npos) {
          return true;
        }
      }
    }
    return false;
  }

  void append_text(int i) {
    const DomNode& n = page_.nodes[i];
    if (n.chars > 0) {
      split_at_double_break();
      if (current_.block < 0) {
        current_.block = n.block;
        current_.root = root_;
      }
      current_.chars += n.chars;
      current_.link_chars += n.link_chars;
      if (n.in_bold) current_.bold_chars += n.chars;
    }
    current_.raw += n.text();
    if (record_pieces_) current_.pieces.push_back(i);
  }

  // Two <br> with only white space between them end a paragraph.
  void split_at_double_break() {
    const std::string& raw = current_.raw;
    std::size_t last = raw.find_last_not_of(kHtmlSpace);
    if (last == std::string::npos || raw[last] != kBreak) return;
    std::size_t breaks = 0;
    for (std::size_t i = last + 1; i-- > 0;) {
      const char c = raw[i];
      if (c == kBreak) {
        ++breaks;
      } else if (!is_html_space(c)) {
        break;
      }
    }
    if (breaks >= 2) end_paragraph();
  }

  void end_paragraph() {
    if (current_.chars > 0) {
      std::replace(current_.raw.begin(), current_.raw.end(), kBreak, ' ');
      body_chars_ += current_.chars - current_.link_chars;
      paragraphs_.push_back(std::move(current_));
    }
    current_ = Paragraph{};
  }

  // Drops the paragraphs after k that sit in the same box as marker k: the
  // marker's parent element, unless that is the story container itself.
  void drop_rest_of_box(std::size_t k, std::vector<bool>& dropped) const {
    const int block = paragraphs_[k].block;
    if (block < 0) return;
    int box = page_.nodes[block].parent;
    if (box < 0 || box <= container_) return;
    const int box_end = page_.nodes[box].end;
    // Paragraphs come in page order: once one lies outside the box, all later do.
    for (std::size_t j = k + 1; j < paragraphs_.size(); ++j) {
      if (paragraphs_[j].block < box || paragraphs_[j].block >= box_end) break;
      dropped[j] = true;
    }
  }

  const Page& page_;
  int container_;
  std::string folded_title_;
  std::vector<Paragraph> paragraphs_;
  Paragraph current_;
  int body_chars_ = 0;
  bool stopped_ = false;
  bool record_pieces_ = false;
  int root_ = -1;
};

}  // namespace

std::vector<BodyParagraph> collect_paragraphs(const Page& page, int container,
                                              const std::vector<int>& roots, std::string_view title,
                                              bool record_pieces) {
  if (container < 0) return {};
  Collector collector(page, container, title, record_pieces);
  for (int root : roots) collector.walk(root);
  return collector.finish();
}

}  // namespace akhbar::parsers::detail
