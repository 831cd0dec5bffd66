// extract_speed [HTML_DIR] [--repeat N] [--html]: extraction speed over a directory of
// raw HTML pages (default ../shared/corpus/extraction/scrapinghub/html), on
// one core (this program is single-threaded).
//
// Every NAME.html is read into memory first; then, N rounds over all pages
// (default 3, the fastest round is reported):
//   ours   fetchers::decode_to_utf8 + parsers::extract_article, the full
//          extraction `akhbar extract` does (charset decode included);
//   gumbo  gumbo_parse + gumbo_destroy_output on the same raw bytes, gumbo's
//          bare parse with no prepass and no extraction.
// With --html, ours also builds the sanitised-HTML body (ExtractOptions::html).
// Prints pages/s and MB/s of each and the time ratio ours/gumbo (below 1
// means the whole extraction takes less time than gumbo's bare parse).
#include <gumbo.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "fetchers/charset.h"
#include "parsers/article.h"

namespace fs = std::filesystem;

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Keeps the optimiser from dropping work whose result is otherwise unused.
volatile std::size_t g_sink = 0;

double time_ours(const std::vector<std::string>& pages, bool html) {
  akhbar::parsers::ExtractOptions options;
  options.html = html;
  const auto start = Clock::now();
  for (const std::string& raw : pages) {
    const auto decoded = akhbar::fetchers::decode_to_utf8(raw, "");
    const auto article = akhbar::parsers::extract_article(decoded.text, options);
    g_sink = g_sink + article.paragraphs.size();
  }
  return seconds_since(start);
}

double time_gumbo(const std::vector<std::string>& pages) {
  const auto start = Clock::now();
  for (const std::string& raw : pages) {
    GumboOutput* output = gumbo_parse_with_options(&kGumboDefaultOptions, raw.data(), raw.size());
    g_sink = g_sink + output->root->v.element.children.length;
    gumbo_destroy_output(&kGumboDefaultOptions, output);
  }
  return seconds_since(start);
}

}  // namespace

int main(int argc, char** argv) {
  fs::path dir = "../shared/corpus/extraction/scrapinghub/html";
  int repeat = 3;
  bool html = false;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--repeat" && i + 1 < argc) {
      repeat = std::max(1, std::atoi(argv[++i]));
    } else if (arg == "--html") {
      html = true;
    } else if (arg == "-h" || arg == "--help" || (arg.size() > 1 && arg[0] == '-')) {
      std::fprintf(stderr, "usage: %s [HTML_DIR] [--repeat N] [--html]\n", argv[0]);
      return 2;
    } else {
      dir = arg;
    }
  }
  std::vector<fs::path> paths;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.path().extension() == ".html") paths.push_back(entry.path());
  }
  if (ec || paths.empty()) {
    std::fprintf(stderr, "no .html pages in %s%s%s\n", dir.c_str(), ec ? ": " : "",
                 ec ? ec.message().c_str() : "");
    return 1;
  }
  std::sort(paths.begin(), paths.end());
  std::vector<std::string> pages;
  std::size_t bytes = 0;
  for (const fs::path& path : paths) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream content;
    content << in.rdbuf();
    pages.push_back(content.str());
    bytes += pages.back().size();
  }

  // One warm-up round of each, then the fastest of `repeat` rounds,
  // alternating so both see the same machine load.
  time_ours(pages, html);
  time_gumbo(pages);
  double ours = 1e300;
  double gumbo = 1e300;
  for (int r = 0; r < repeat; ++r) {
    ours = std::min(ours, time_ours(pages, html));
    gumbo = std::min(gumbo, time_gumbo(pages));
  }
  const double n = static_cast<double>(pages.size());
  const double mb = static_cast<double>(bytes) / 1e6;
  std::printf("pages %zu (%.1f MB) from %s, best of %d rounds\n", pages.size(), mb, dir.c_str(),
              repeat);
  std::printf("ours  (decode + extract%s)  %8.3f s  %8.1f pages/s  %6.1f MB/s\n",
              html ? " + html" : "", ours, n / ours, mb / ours);
  std::printf("gumbo (bare parse)        %8.3f s  %8.1f pages/s  %6.1f MB/s\n", gumbo, n / gumbo,
              mb / gumbo);
  std::printf("ratio ours/gumbo time     %8.2f\n", ours / gumbo);
  return 0;
}
