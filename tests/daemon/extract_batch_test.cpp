// `akhbar extract --batch IN_DIR OUT_DIR` and the JSON of `extract --json`,
// run through the real binary on the fixture pages.
#include <gtest/gtest.h>
#include <zlib.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "daemon/article_json.h"
#include "tests/test_support.h"

namespace akhbar::testing {
namespace {

namespace fs = std::filesystem;

// `data` as one gzip member, compressed at test time.
std::string gzip(const std::string& data) {
  z_stream stream{};
  EXPECT_EQ(deflateInit2(&stream, Z_BEST_SPEED, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
  std::string out(deflateBound(&stream, data.size()), '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&stream, Z_FINISH), Z_STREAM_END);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return out;
}

std::string read_path(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string fixture_path(const std::string& relative) {
  return std::string(AKHBAR_FIXTURES_DIR) + "/" + relative;
}

// "N pages, M failed, X pages/s" with a positive X.
void expect_summary(const std::string& out, int pages, int failed) {
  const std::regex line(std::to_string(pages) + " pages, " + std::to_string(failed) +
                        " failed, ([0-9]+\\.[0-9]) pages/s\n");
  std::smatch m;
  ASSERT_TRUE(std::regex_search(out, m, line)) << out;
  EXPECT_GT(std::stod(m[1]), 0.0) << out;
}

TEST(ExtractBatch, WritesTextAndJsonForPlainAndGzippedPages) {
  TempDir dir;
  const fs::path in = dir.path() / "in";
  fs::create_directories(in);
  fs::copy_file(fixture_path("pages/article-economy.html"), in / "economy.html");
  fs::copy_file(fixture_path("integration/book-windows-1256.html"), in / "book.html");
  write_file((in / "youm7.html.gz").string(), gzip(read_fixture("pages/real-ar-youm7.html")));
  write_file((in / "notes.txt").string(), "not a page");  // ignored
  const fs::path out = dir.path() / "out" / "nested";     // created

  const auto r = run_akhbar({"extract", "--batch", in.string(), out.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  expect_summary(r.out, 3, 0);
  EXPECT_EQ(r.err, "");

  // Each NAME.txt is what `akhbar extract FILE` prints for the same page,
  // each NAME.json what `akhbar extract FILE --json` prints.
  const std::vector<std::pair<std::string, std::string>> pages = {
      {"economy", fixture_path("pages/article-economy.html")},
      {"book", fixture_path("integration/book-windows-1256.html")},
      {"youm7", fixture_path("pages/real-ar-youm7.html")}};
  for (const auto& [name, source] : pages) {
    const auto single = run_akhbar({"extract", source});
    ASSERT_EQ(single.exit_code, 0) << single.err;
    EXPECT_EQ(read_path(out / (name + ".txt")), single.out) << name;
    const auto single_json = run_akhbar({"extract", source, "--json"});
    ASSERT_EQ(single_json.exit_code, 0) << single_json.err;
    EXPECT_EQ(nlohmann::json::parse(read_path(out / (name + ".json"))),
              nlohmann::json::parse(single_json.out))
        << name;
  }
  EXPECT_FALSE(fs::exists(out / "notes.txt"));

  // The legacy-encoded page was decoded before extraction.
  const auto book = nlohmann::json::parse(read_path(out / "book.json"));
  EXPECT_EQ(book.at("charset"), "windows-1256");
  EXPECT_EQ(book.at("title"), "معرض الكتاب يستقبل آلاف الزوار في يومه الأول");
  EXPECT_FALSE(book.at("paragraphs").empty());
}

// The text of each <p>/<h2-4>/<li> line of `extract --html`, tags removed
// and the five escapes undone.
std::vector<std::string> html_block_texts(const std::string& html) {
  std::vector<std::string> out;
  const std::regex block("^<(p|h2|h3|h4|li)>(.*)</\\1>$");
  std::istringstream lines(html);
  for (std::string line; std::getline(lines, line);) {
    std::smatch m;
    if (!std::regex_match(line, m, block)) continue;
    std::string t = std::regex_replace(m[2].str(), std::regex("<a href=\"[^\"]*\">|</a>"), "");
    for (const auto& [from, to] : std::vector<std::pair<std::string, std::string>>{
             {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}, {"&amp;", "&"}}) {
      t = std::regex_replace(t, std::regex(from), to);
    }
    out.push_back(t);
  }
  return out;
}

TEST(ExtractHtml, PrintsTheSameParagraphsAsSanitisedHtml) {
  const std::string source = fixture_path("pages/real-ar-youm7.html");
  const auto text = run_akhbar({"extract", source});
  const auto html = run_akhbar({"extract", source, "--html"});
  ASSERT_EQ(html.exit_code, 0) << html.err;
  EXPECT_TRUE(html.out.starts_with("<div lang=\"ar\" dir=\"rtl\">\n")) << html.out;
  EXPECT_TRUE(html.out.ends_with("</div>\n"));
  std::string joined;
  for (const std::string& t : html_block_texts(html.out)) joined += t + "\n";
  EXPECT_EQ(joined, text.out);

  // --json --html: the same HTML under "html"; plain --json has no such key.
  const auto json = run_akhbar({"extract", source, "--json", "--html"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  EXPECT_EQ(nlohmann::json::parse(json.out).at("html"), html.out);
  EXPECT_FALSE(
      nlohmann::json::parse(run_akhbar({"extract", source, "--json"}).out).contains("html"));
}

TEST(ExtractHtml, BatchAddsHtmlToEachJson) {
  TempDir dir;
  const fs::path in = dir.path() / "in";
  fs::create_directories(in);
  fs::copy_file(fixture_path("pages/article-economy.html"), in / "economy.html");
  const fs::path out = dir.path() / "out";
  const auto r = run_akhbar({"extract", "--batch", in.string(), out.string(), "--html"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  expect_summary(r.out, 1, 0);
  const auto single = run_akhbar({"extract", fixture_path("pages/article-economy.html"), "--html"});
  EXPECT_EQ(nlohmann::json::parse(read_path(out / "economy.json")).at("html"), single.out);
}

TEST(ExtractBatch, BadPagesAreReportedCountedAndTheRestGoesOn) {
  TempDir dir;
  const fs::path in = dir.path() / "in";
  fs::create_directories(in);
  const std::string page = read_fixture("pages/article-sports.html");
  fs::copy_file(fixture_path("pages/article-sports.html"), in / "good.html");
  write_file((in / "corrupt.html.gz").string(),  // a gzip header, then an invalid block type
             std::string("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03", 10) + "\xff\xff\xff");
  write_file((in / "plain.html.gz").string(), page);  // not gzip at all
  const std::string zipped = gzip(page);
  write_file((in / "truncated.html.gz").string(), zipped.substr(0, zipped.size() / 2));
  write_file((in / "empty.html").string(), "");
  write_file((in / "menu.html").string(), "<html><body><nav><a href=/>الرئيسية</a></nav></body>");
  fs::create_symlink(in / "missing-target", in / "dangling.html");  // unreadable
  write_file((in / "twice.html").string(), page);                   // wins over twice.html.gz
  write_file((in / "twice.html.gz").string(), zipped);
  fs::create_directories(in / "folder.html");  // directories are not pages
  const fs::path out = dir.path() / "out";

  const auto r = run_akhbar({"extract", "--batch", in.string(), out.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  expect_summary(r.out, 9, 7);
  for (const char* bad : {"corrupt.html.gz", "plain.html.gz", "truncated.html.gz", "empty.html",
                          "menu.html", "dangling.html", "twice.html.gz"}) {
    EXPECT_NE(r.err.find(std::string(bad) + ": "), std::string::npos) << bad << "\n" << r.err;
  }
  EXPECT_NE(r.err.find("corrupt.html.gz: corrupt gzip data"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("plain.html.gz: corrupt gzip data"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("truncated.html.gz: truncated gzip data"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("empty.html: no article text found"), std::string::npos) << r.err;
  for (const char* name : {"good", "twice"}) {
    EXPECT_TRUE(fs::exists(out / (std::string(name) + ".txt"))) << name;
    EXPECT_TRUE(fs::exists(out / (std::string(name) + ".json"))) << name;
  }
  for (const char* name : {"corrupt", "plain", "truncated", "empty", "menu", "dangling"}) {
    EXPECT_FALSE(fs::exists(out / (std::string(name) + ".txt"))) << name;
  }
}

TEST(ExtractBatch, GzipBombIsRefusedNotExpanded) {
  TempDir dir;
  const fs::path in = dir.path() / "in";
  fs::create_directories(in);
  // 300 MiB of one letter, a few hundred KiB compressed: over the 256 MiB cap.
  z_stream stream{};
  ASSERT_EQ(deflateInit2(&stream, Z_BEST_SPEED, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
  const std::string chunk(1 << 20, 'a');
  std::string zipped;
  std::vector<char> buffer(1 << 16);
  for (int i = 0; i < 300; ++i) {
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(chunk.data()));
    stream.avail_in = static_cast<uInt>(chunk.size());
    const int flush = i == 299 ? Z_FINISH : Z_NO_FLUSH;
    do {
      stream.next_out = reinterpret_cast<Bytef*>(buffer.data());
      stream.avail_out = static_cast<uInt>(buffer.size());
      deflate(&stream, flush);
      zipped.append(buffer.data(), buffer.size() - stream.avail_out);
    } while (stream.avail_out == 0);
  }
  deflateEnd(&stream);
  write_file((in / "bomb.html.gz").string(), zipped);

  const auto r = run_akhbar({"extract", "--batch", in.string(), (dir.path() / "out").string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  expect_summary(r.out, 1, 1);
  EXPECT_NE(r.err.find("bomb.html.gz: decompressed page is larger than 256 MiB"), std::string::npos)
      << r.err;
}

TEST(ExtractBatch, EmptyInputDirectoryIsARunOfNoPages) {
  TempDir dir;
  fs::create_directories(dir.path() / "in");
  const auto r = run_akhbar(
      {"extract", "--batch", (dir.path() / "in").string(), (dir.path() / "out").string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "0 pages, 0 failed, 0.0 pages/s\n");
}

TEST(ExtractJson, UrlMakesCanonicalAndImageUrlsAbsolute) {
  // Pages often write both as relative paths; --url is the page's own address.
  TempDir dir;
  const std::string page = dir.file("story.html");
  write_file(page,
             "<!DOCTYPE html><html lang=ar><head><meta charset=utf-8>"
             "<link rel=canonical href=\"/news/2024/10/summit\">"
             "<meta property=\"og:image\" content=\"../media/summit.jpg\"></head><body>"
             "<article><h1>قمة إقليمية في العاصمة</h1><p>افتتح القادة صباح اليوم أعمال القمة "
             "الإقليمية في العاصمة، وسط إجراءات أمنية مشددة، لبحث ملفات المياه والطاقة والتجارة "
             "بين دول المنطقة، على أن يصدر البيان الختامي مساء الغد.</p></article></body></html>");
  const auto r = run_akhbar(
      {"extract", page, "--url", "https://example.com/news/2024/10/summit?ref=home", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j.at("canonical_url"), "https://example.com/news/2024/10/summit");
  EXPECT_EQ(j.at("image_url"), "https://example.com/news/2024/media/summit.jpg");
  EXPECT_FALSE(j.at("paragraphs").empty());

  // Without --url there is nothing to resolve against: empty, never relative.
  const auto bare = run_akhbar({"extract", page, "--json"});
  ASSERT_EQ(bare.exit_code, 0) << bare.err;
  const auto k = nlohmann::json::parse(bare.out);
  EXPECT_EQ(k.at("canonical_url"), "");
  EXPECT_EQ(k.at("image_url"), "");
}

TEST(ExtractBatch, MissingInputDirectoryOrUnusableOutputIsARuntimeFailure) {
  TempDir dir;
  const auto missing =
      run_akhbar({"extract", "--batch", dir.file("no-such-dir"), (dir.path() / "out").string()});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("no-such-dir"), std::string::npos) << missing.err;
  EXPECT_FALSE(fs::exists(dir.path() / "out"));

  fs::create_directories(dir.path() / "in");
  write_file(dir.file("file"), "a file where the output directory should be");
  const auto bad_out = run_akhbar({"extract", "--batch", dir.file("in"), dir.file("file")});
  EXPECT_EQ(bad_out.exit_code, 1);
  EXPECT_NE(bad_out.err.find("cannot create output directory"), std::string::npos) << bad_out.err;
}

TEST(ExtractBatch, WrongArgumentsAreUsageErrors) {
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"extract", "--batch", "in"},
        {"extract", "--batch"},
        {"extract", "--batch", "in", "out", "more"},
        {"extract", "--batch", "in", "out", "--url", "https://example.com/"},
        {"extract", "--batch", "in", "out", "--json"},
        {"extract", "a.html", "b.html"},
        {"extract"}}) {
    const auto r = run_akhbar(args);
    EXPECT_EQ(r.exit_code, 2) << args.size();
    EXPECT_NE(r.err.find("Usage: akhbar extract"), std::string::npos) << r.err;
  }
  const auto help = run_akhbar({"extract", "--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("akhbar extract --batch IN_DIR OUT_DIR"), std::string::npos) << help.out;
  EXPECT_NE(help.out.find("--html"), std::string::npos) << help.out;
}

TEST(ArticleJson, HasEveryFieldUnderItsStableName) {
  parsers::ExtractedArticle a;
  a.title = "عنوان";
  a.author = "كاتب";
  a.published_at = "2024-10-17T13:45:00Z";
  a.canonical_url = "https://example.com/a";
  a.amp_url = "https://example.com/amp/a";
  a.language = "ar";
  a.site_name = "الموقع";
  a.modified_at = "2024-10-18T08:00:00Z";
  a.image_url = "https://example.com/lead.jpg";
  a.description = "وصف قصير";
  a.section = "سياسة";
  a.tags = {"غزة", "مصر"};
  a.paragraphs = {"الفقرة الأولى", "الفقرة الثانية"};
  const nlohmann::json j = daemon::article_json(a, "windows-1256");
  EXPECT_EQ(j, nlohmann::json::parse(R"({
    "title": "عنوان", "author": "كاتب", "published_at": "2024-10-17T13:45:00Z",
    "modified_at": "2024-10-18T08:00:00Z",
    "canonical_url": "https://example.com/a", "amp_url": "https://example.com/amp/a",
    "language": "ar", "site_name": "الموقع",
    "image_url": "https://example.com/lead.jpg", "description": "وصف قصير",
    "section": "سياسة", "tags": ["غزة", "مصر"],
    "charset": "windows-1256", "paragraphs": ["الفقرة الأولى", "الفقرة الثانية"],
    "text": "الفقرة الأولى\nالفقرة الثانية"})"));
}

}  // namespace
}  // namespace akhbar::testing
