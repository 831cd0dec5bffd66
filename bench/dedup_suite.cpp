#include "bench/dedup_suite.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "base/time.h"
#include "dedup/classify.h"
#include "dedup/content_hash.h"
#include "dedup/shingles.h"
#include "dedup/stories.h"
#include "dedup/url_canonical.h"
#include "text/normalize.h"

namespace akhbar::bench {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

template <class T, class Parse>
Result<std::vector<T>> read_jsonl(const std::string& path, Parse parse) {
  std::ifstream in(path);
  if (!in) return make_error("cannot open " + path);
  std::vector<T> out;
  int line_no = 0;
  for (std::string line; std::getline(in, line);) {
    ++line_no;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    try {
      out.push_back(parse(json::parse(line)));
    } catch (const std::exception& e) {
      return make_error(path + ":" + std::to_string(line_no) + ": " + e.what());
    }
  }
  return out;
}

std::int64_t json_id(const json& v) {
  return v.is_string() ? std::stoll(v.get<std::string>()) : v.get<std::int64_t>();
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= s.size()) {
    std::size_t end = s.find(sep, start);
    if (end == std::string::npos) end = s.size();
    if (end > start) out.push_back(s.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

std::string join(const std::vector<std::string>& parts, const char* sep) {
  std::string out;
  for (const std::string& p : parts) {
    if (!out.empty()) out += sep;
    out += p;
  }
  return out;
}

// Sentences of a paragraph: split after '.', '؟', '!' followed by a space.
std::vector<std::string> sentences(const std::string& paragraph) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (std::size_t i = 0; i < paragraph.size(); ++i) {
    const bool dot = paragraph[i] == '.' || paragraph[i] == '!';
    const bool question = paragraph.compare(i, 2, "؟") == 0;
    const std::size_t after = i + (question ? 2 : 1);
    if ((dot || question) && after < paragraph.size() && paragraph[after] == ' ') {
      out.push_back(paragraph.substr(start, after - start));
      start = after + 1;
    }
  }
  if (start < paragraph.size()) out.push_back(paragraph.substr(start));
  return out;
}

// std::mt19937 is specified exactly; the distributions are not, so indices
// are drawn by modulo to keep the suite identical on every platform.
struct Rng {
  std::mt19937 gen;
  std::size_t below(std::size_t n) { return n == 0 ? 0 : gen() % n; }
};

double true_jaccard(const std::string& a, const std::string& b) {
  return dedup::jaccard(dedup::shingle_hashes(text::fold_for_matching(a)),
                        dedup::shingle_hashes(text::fold_for_matching(b)));
}

// Lines that outlets add around wire copy.
const std::vector<std::string> kDatelines = {"القاهرة (أ ش أ) - ", "(سبوتنيك) - ",
                                             "الرياض - واس - ", "بيروت - «الأخبار» - "};
const std::vector<std::string> kFooters = {
    "تابعونا على تويتر وفيسبوك لمزيد من الأخبار العاجلة.",
    "جميع الحقوق محفوظة، ولا يجوز إعادة النشر دون إذن مسبق من الناشر.",
    "للاشتراك في النشرة البريدية اليومية اضغط هنا.", "المصدر: وكالات."};

// Template news written for the suite after real bulletins: each template is
// filled with different facts; any two fillings must stay apart.
struct Template {
  const char* title;
  const char* body;  // {0} {1} {2} slots
  std::vector<std::vector<std::string>> fillings;
};

std::string fill(std::string s, const std::vector<std::string>& values) {
  for (std::size_t i = 0; i < values.size(); ++i) {
    const std::string slot = "{" + std::to_string(i) + "}";
    for (auto at = s.find(slot); at != std::string::npos; at = s.find(slot, at)) {
      s.replace(at, slot.size(), values[i]);
      at += values[i].size();
    }
  }
  return s;
}

const std::vector<Template>& templates() {
  static const std::vector<Template> kTemplates = {
      {"طقس {0}: العظمى {1} درجة",
       "توقع المركز الوطني للأرصاد أن تكون درجة الحرارة العظمى في {0} اليوم {1} درجة مئوية "
       "والصغرى {2} درجة، مع رياح شمالية غربية خفيفة إلى معتدلة السرعة وسماء صافية إلى غائمة "
       "جزئيا، ونصح المركز المواطنين بمتابعة النشرات الجوية الصادرة عنه عبر موقعه الرسمي.\n"
       "وأوضح المركز أن الرطوبة النسبية في {0} تتراوح بين 20 و{1} في المئة خلال ساعات النهار.",
       {{"الرياض", "35", "22"},
        {"جدة", "38", "27"},
        {"الدمام", "41", "29"},
        {"الرياض", "36", "23"},
        {"أبها", "24", "13"}}},
      {"مواقيت الصلاة في {0} اليوم",
       "تنشر البوابة مواقيت الصلاة اليوم في {0} وفقا لتقويم الهيئة العامة للمساحة: الفجر {1}، "
       "والظهر {2}، والعصر 3:15، والمغرب 5:40، والعشاء 7:05، ويمكن متابعة مواقيت الصلاة في جميع "
       "المحافظات يوميا عبر صفحتنا الخاصة بمواقيت الصلاة.",
       {{"القاهرة", "4:52", "11:49"},
        {"الإسكندرية", "4:58", "11:55"},
        {"أسوان", "4:41", "11:38"},
        {"القاهرة", "4:53", "11:49"}}},
      {"خادم الحرمين يعزي أسرة {0}",
       "بعث خادم الحرمين الشريفين برقية عزاء ومواساة لأسرة {0}، وقال فيها: علمنا بنبأ وفاة {0} "
       "رحمه الله، وإننا إذ نبعث لكم ولأسرة الفقيد أحر التعازي وصادق المواساة، لنسأل المولى عز "
       "وجل أن يتغمده بواسع رحمته ويسكنه فسيح جناته، إنا لله وإنا إليه راجعون.",
       {{"الشيخ عبدالله بن سالم العتيبي"},
        {"الشيخ محمد بن فهد القحطاني"},
        {"الأمير خالد بن سعود"},
        {"اللواء سعد بن علي الغامدي"}}},
  };
  return kTemplates;
}

// The runs of ASCII digits of `text`, in order, each once.
std::vector<std::string> distinct_numbers(const std::string& text) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < text.size();) {
    if (text[i] < '0' || text[i] > '9') {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < text.size() && text[j] >= '0' && text[j] <= '9') ++j;
    const std::string n = text.substr(i, j - i);
    if (std::find(out.begin(), out.end(), n) == out.end()) out.push_back(n);
    i = j;
  }
  return out;
}

// `text` with every number (or, with `only_one`, every occurrence of one
// number) replaced by another: the same report with other figures.
std::string change_numbers(const std::string& text, Rng& rng, bool only_one) {
  const std::vector<std::string> numbers = distinct_numbers(text);
  if (numbers.empty()) return text;
  const std::string target = numbers[rng.below(numbers.size())];
  std::map<std::string, std::string> replaced;
  for (const std::string& n : numbers) {
    if (only_one && n != target) continue;
    const long long v = std::stoll(n.size() > 15 ? n.substr(0, 15) : n);
    replaced[n] = std::to_string(v + 1 + static_cast<long long>(rng.below(9)));
  }
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    if (text[i] < '0' || text[i] > '9') {
      out += text[i++];
      continue;
    }
    std::size_t j = i;
    while (j < text.size() && text[j] >= '0' && text[j] <= '9') ++j;
    const std::string n = text.substr(i, j - i);
    const auto it = replaced.find(n);
    out += it == replaced.end() ? n : it->second;
    i = j;
  }
  return out;
}

}  // namespace

Result<std::vector<SuiteArticle>> read_articles_jsonl(const std::string& path) {
  return read_jsonl<SuiteArticle>(path, [](const json& j) {
    SuiteArticle a;
    a.id = json_id(j.at("id"));
    a.title = j.value("title", "");
    a.text = j.at("text").get<std::string>();
    a.site = j.value("site", "");
    a.published_at = j.value("published_at", "");
    a.url = j.value("url", "");
    return a;
  });
}

Result<std::vector<LabelledPair>> read_pairs_jsonl(const std::string& path) {
  return read_jsonl<LabelledPair>(path, [](const json& j) {
    LabelledPair p;
    p.a = json_id(j.at("a"));
    p.b = json_id(j.at("b"));
    p.duplicate = j.at("duplicate").get<bool>();
    p.same_story = j.value("same_story", p.duplicate);
    p.kind = j.value("kind", "");
    p.jaccard = j.value("jaccard", -1.0);
    return p;
  });
}

Status write_suite(const std::string& dir, const std::vector<SuiteArticle>& articles,
                   const std::vector<LabelledPair>& pairs) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  std::ofstream a(dir + "/articles.jsonl"), p(dir + "/pairs.jsonl");
  if (!a || !p) return make_error("cannot write to " + dir);
  for (const SuiteArticle& x : articles) {
    json j = {{"id", x.id},
              {"title", x.title},
              {"text", x.text},
              {"site", x.site},
              {"published_at", x.published_at}};
    if (!x.url.empty()) j["url"] = x.url;
    a << j.dump() << '\n';
  }
  for (const LabelledPair& x : pairs) {
    p << json{{"a", x.a},
              {"b", x.b},
              {"duplicate", x.duplicate},
              {"same_story", x.same_story},
              {"kind", x.kind},
              {"jaccard", x.jaccard}}
             .dump()
      << '\n';
  }
  if (!a || !p) return make_error("write failed in " + dir);
  return {};
}

Result<std::vector<SuiteArticle>> read_arabic_gold(const std::string& gold_dir) {
  std::error_code ec;
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(gold_dir, ec)) {
    const std::string name = e.path().filename().string();
    if (name.rfind("ar-", 0) == 0 && e.path().extension() == ".json") files.push_back(e.path());
  }
  if (ec) return make_error("cannot read " + gold_dir + ": " + ec.message());
  std::sort(files.begin(), files.end());
  std::vector<SuiteArticle> out;
  for (const fs::path& f : files) {
    std::ifstream in(f);
    try {
      const json g = json::parse(in);
      SuiteArticle a;
      a.id = static_cast<std::int64_t>(out.size() + 1);
      a.title = g.value("title", "");
      a.text = join(g.at("body").get<std::vector<std::string>>(), "\n");
      a.site = g.value("site", "");
      a.published_at = g.value("published", "2020-01-01").substr(0, 10) + "T00:00:00Z";
      out.push_back(std::move(a));
    } catch (const std::exception& e) {
      return make_error(f.string() + ": " + e.what());
    }
  }
  if (out.empty()) return make_error("no ar-*.json in " + gold_dir);
  return out;
}

Suite build_perturbation_suite(const std::vector<SuiteArticle>& sources,
                               const PerturbOptions& options) {
  Suite suite;
  Rng rng{std::mt19937(options.seed)};
  std::int64_t next_id = 1;
  // Sources a week apart, all on one synthetic calendar, so that each one's
  // copies fall in its window and unrelated sources rarely share 72 hours.
  const std::int64_t t0 = parse_utc("2026-01-01T00:00:00Z");
  std::vector<std::int64_t> source_ids;
  std::vector<std::string> all_sentences;
  for (const SuiteArticle& s : sources) {
    for (const std::string& p : split(s.text, '\n')) {
      for (std::string& x : sentences(p)) all_sentences.push_back(std::move(x));
    }
  }
  const auto add = [&](SuiteArticle a, std::int64_t time) {
    a.id = next_id++;
    a.published_at = format_utc(time);
    suite.articles.push_back(std::move(a));
    return suite.articles.back().id;
  };
  for (std::size_t si = 0; si < sources.size(); ++si) {
    const std::int64_t t = t0 + static_cast<std::int64_t>(si) * 7 * 86400;
    SuiteArticle original = sources[si];
    original.url.clear();
    source_ids.push_back(add(original, t));
  }

  const auto label_copy = [&](std::size_t si, const std::string& kind, SuiteArticle copy,
                              std::int64_t offset) {
    const double j = true_jaccard(sources[si].text, copy.text);
    if (j < 0.5) {
      ++suite.skipped_below_half;
      return;
    }
    const std::int64_t t = t0 + static_cast<std::int64_t>(si) * 7 * 86400 + offset;
    const std::int64_t id = add(std::move(copy), t);
    suite.pairs.push_back({source_ids[si], id, true, true, kind, j});
  };

  for (std::size_t si = 0; si < sources.size(); ++si) {
    const SuiteArticle& src = sources[si];
    std::vector<std::string> paragraphs = split(src.text, '\n');
    std::vector<std::string> sents;
    for (const std::string& p : paragraphs) {
      for (std::string& x : sentences(p)) sents.push_back(std::move(x));
    }
    for (int v = 0; v < options.variants; ++v) {
      const std::int64_t hour = 3600 * (1 + v);
      SuiteArticle copy = src;
      copy.site = "copy" + std::to_string(v) + ".example";

      // Insertions: 1-3 sentences of other articles at sentence boundaries.
      std::vector<std::string> ins = sents;
      for (std::size_t k = 0, n = 1 + rng.below(3); k < n; ++k) {
        ins.insert(ins.begin() + static_cast<long>(rng.below(ins.size() + 1)),
                   all_sentences[rng.below(all_sentences.size())]);
      }
      copy.text = join(ins, " ");
      label_copy(si, "insertion", copy, hour);

      // Deletions: 1-3 sentences dropped.
      std::vector<std::string> del = sents;
      for (std::size_t k = 0, n = 1 + rng.below(3); k < n && del.size() > 1; ++k) {
        del.erase(del.begin() + static_cast<long>(rng.below(del.size())));
      }
      copy.text = join(del, " ");
      label_copy(si, "deletion", copy, hour + 60);

      // Reordered paragraphs (sentences when there is one paragraph).
      std::vector<std::string> moved = paragraphs.size() > 1 ? paragraphs : sents;
      for (std::size_t k = moved.size(); k > 1; --k) std::swap(moved[k - 1], moved[rng.below(k)]);
      copy.text = join(moved, "\n");
      label_copy(si, "reorder", copy, hour + 120);

      // Changed headline (the body as published, or behind a dateline).
      copy.title = (v % 2 ? "عاجل: " : "بالفيديو.. ") + src.title;
      copy.text = v % 3 == 0 ? kDatelines[rng.below(kDatelines.size())] + src.text : src.text;
      label_copy(si, "headline", copy, hour + 180);
      copy.title = src.title;

      // Boilerplate: dateline and one or two footers.
      copy.text = kDatelines[rng.below(kDatelines.size())] + src.text + "\n" +
                  kFooters[rng.below(kFooters.size())];
      if (v % 2) copy.text += "\nاقرأ أيضا: " + sources[rng.below(sources.size())].title;
      label_copy(si, "boilerplate", copy, hour + 240);

      // All of it at once, lighter: one insertion, one deletion, a footer.
      std::vector<std::string> mixed = sents;
      if (mixed.size() > 2) mixed.erase(mixed.begin() + static_cast<long>(rng.below(mixed.size())));
      mixed.insert(mixed.begin() + static_cast<long>(rng.below(mixed.size() + 1)),
                   all_sentences[rng.below(all_sentences.size())]);
      copy.text = join(mixed, " ") + "\n" + kFooters[rng.below(kFooters.size())];
      label_copy(si, "mixed", copy, hour + 300);
    }

    // The same report with other figures (the next day's count): negatives,
    // every figure changed or a single one, each against the original.
    for (int v = 0; v < std::max(1, options.variants / 2); ++v) {
      const std::string renumbered = change_numbers(src.text, rng, v % 2 == 1);
      if (renumbered == src.text) break;  // no figures in this article
      SuiteArticle other = src;
      other.text = renumbered;
      other.site = "daily" + std::to_string(v) + ".example";
      const std::int64_t id =
          add(other, t0 + static_cast<std::int64_t>(si) * 7 * 86400 + 86400 + 3600 * v);
      suite.pairs.push_back({source_ids[si], id, false, false,
                             v % 2 ? "template-one-number" : "template-numbers",
                             true_jaccard(src.text, renumbered)});
    }
  }

  // Unrelated articles: every pair of sources.
  for (std::size_t i = 0; i < source_ids.size(); ++i) {
    for (std::size_t k = i + 1; k < source_ids.size(); ++k) {
      suite.pairs.push_back({source_ids[i], source_ids[k], false, false, "unrelated",
                             true_jaccard(sources[i].text, sources[k].text)});
    }
  }

  // Template news: every pair of fillings of one template, a day apart each.
  std::int64_t day = t0 + static_cast<std::int64_t>(sources.size()) * 7 * 86400;
  for (const Template& tpl : templates()) {
    std::vector<std::pair<std::int64_t, std::string>> made;
    for (const auto& values : tpl.fillings) {
      SuiteArticle a;
      a.title = fill(tpl.title, values);
      a.text = fill(tpl.body, values);
      a.site = "template.example";
      made.emplace_back(add(a, day), a.text);
      day += 3600;
    }
    for (std::size_t i = 0; i < made.size(); ++i) {
      for (std::size_t k = i + 1; k < made.size(); ++k) {
        suite.pairs.push_back({made[i].first, made[k].first, false, false, "template",
                               true_jaccard(made[i].second, made[k].second)});
      }
    }
  }
  return suite;
}

Evaluation evaluate(const std::vector<SuiteArticle>& input,
                    const std::vector<LabelledPair>& pairs) {
  std::vector<SuiteArticle> articles = input;
  std::stable_sort(
      articles.begin(), articles.end(), [](const SuiteArticle& a, const SuiteArticle& b) {
        return a.published_at != b.published_at ? a.published_at < b.published_at : a.id < b.id;
      });

  dedup::NearDuplicateIndex index;
  dedup::StoryClusterer clusterer;
  std::unordered_map<std::int64_t, std::string> texts;
  std::unordered_map<std::string, std::int64_t> by_hash, by_url;
  std::unordered_map<std::int64_t, std::int64_t> root, story;
  const dedup::TextLookup lookup = [&](std::int64_t id) -> std::optional<std::string> {
    const auto it = texts.find(id);
    if (it == texts.end()) return std::nullopt;
    return it->second;
  };

  const auto started = std::chrono::steady_clock::now();
  for (const SuiteArticle& a : articles) {
    const std::int64_t time = std::max<std::int64_t>(parse_utc(a.published_at), 0);
    dedup::ArticleToClassify in{a.text, time, std::nullopt, std::nullopt, std::nullopt};
    const std::string canonical = a.url.empty() ? "" : dedup::canonicalize_url(a.url);
    if (!canonical.empty() && by_url.count(canonical)) {
      const std::int64_t prev = by_url[canonical];
      in.same_url = dedup::StoredArticleRef{prev, dedup::content_hash(texts[prev])};
    }
    const std::string hash = dedup::content_hash(a.text);
    if (const auto it = by_hash.find(hash); it != by_hash.end()) in.same_content_hash = it->second;

    const dedup::Verdict v = dedup::classify(in, index, lookup);
    std::int64_t first = a.id;
    if (v.kind == dedup::VerdictKind::kDuplicate || v.kind == dedup::VerdictKind::kRevision ||
        v.kind == dedup::VerdictKind::kUnchanged) {
      first = root.count(v.of) ? root[v.of] : v.of;
    }
    root[a.id] = first;
    if (first != a.id && story.count(first)) {
      story[a.id] = story[first];
      clusterer.restore({a.id, time, a.title, a.text, {}}, story[first]);
    } else {
      dedup::StoryArticle sa{a.id, time, a.title, a.text, {}};
      for (const std::int64_t other : v.different_facts) {
        if (story.count(other)) sa.exclude_stories.push_back(story[other]);
      }
      story[a.id] = clusterer.assign(sa).story_id;
    }
    texts[a.id] = a.text;
    by_hash.emplace(hash, a.id);
    if (!canonical.empty()) by_url.emplace(canonical, a.id);
    index.add({a.id, first, time, v.fingerprint});
  }

  Evaluation e;
  const std::chrono::duration<double, std::micro> took = std::chrono::steady_clock::now() - started;
  e.micros_per_article = articles.empty() ? 0 : took.count() / static_cast<double>(articles.size());
  const auto count = [](Counts& c, bool truth, bool predicted) {
    if (truth && predicted) ++c.tp;
    if (!truth && predicted) ++c.fp;
    if (truth && !predicted) ++c.fn;
    if (!truth && !predicted) ++c.tn;
  };
  for (const LabelledPair& p : pairs) {
    if (!root.count(p.a) || !root.count(p.b)) {
      e.errors.push_back("pair " + std::to_string(p.a) + " " + std::to_string(p.b) +
                         ": unknown article id");
      continue;
    }
    const bool dup = root[p.a] == root[p.b];
    count(e.duplicates, p.duplicate, dup);
    count(e.duplicates_by_kind[p.kind.empty() ? "-" : p.kind], p.duplicate, dup);
    count(e.stories, p.same_story, story[p.a] == story[p.b]);
    count(e.stories_by_kind[p.kind.empty() ? "-" : p.kind], p.same_story, story[p.a] == story[p.b]);
    if (dup != p.duplicate) {
      e.errors.push_back((dup ? "false duplicate " : "missed duplicate ") + std::to_string(p.a) +
                         " " + std::to_string(p.b) + " kind=" + p.kind +
                         " jaccard=" + std::to_string(p.jaccard));
    }
  }
  return e;
}

}  // namespace akhbar::bench
