// extract_corpus IN_HTML_DIR OUT_DIR: runs the article extractor over every
// NAME.html and writes OUT_DIR/NAME.txt (one paragraph per line) for
// ../shared/tools/score_extraction.py; prints the throughput.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "parsers/article.h"

namespace fs = std::filesystem;

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s IN_HTML_DIR OUT_DIR\n", argv[0]);
    return 2;
  }
  const fs::path in_dir = argv[1];
  const fs::path out_dir = argv[2];
  std::error_code ec;
  fs::create_directories(out_dir, ec);
  if (ec) {
    std::fprintf(stderr, "cannot create %s: %s\n", out_dir.c_str(), ec.message().c_str());
    return 1;
  }
  std::vector<fs::path> pages;
  for (const auto& entry : fs::directory_iterator(in_dir, ec)) {
    if (entry.path().extension() == ".html") pages.push_back(entry.path());
  }
  if (ec) {
    std::fprintf(stderr, "cannot read %s: %s\n", in_dir.c_str(), ec.message().c_str());
    return 1;
  }
  std::sort(pages.begin(), pages.end());

  double seconds = 0;
  std::size_t bytes = 0;
  for (const fs::path& path : pages) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream content;
    content << in.rdbuf();
    const std::string html = content.str();
    bytes += html.size();
    // Only the extraction is timed, not the file I/O.
    const auto start = std::chrono::steady_clock::now();
    const akhbar::parsers::ExtractedArticle article = akhbar::parsers::extract_article(html);
    seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::ofstream out(out_dir / (path.stem().string() + ".txt"), std::ios::binary);
    out << article.text() << '\n';
  }
  std::printf("pages %zu\nMB %.1f\nseconds %.3f\npages/second %.1f\n", pages.size(),
              static_cast<double>(bytes) / 1e6, seconds,
              seconds > 0 ? static_cast<double>(pages.size()) / seconds : 0.0);
  return 0;
}
