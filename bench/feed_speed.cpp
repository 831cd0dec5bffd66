// feed_speed [FEED_DIR] [--repeat N] [--list FILE]: feed parsing speed over
// a tree of saved feeds (default ../shared/corpus/feeds), on one core (this
// program is single-threaded).
//
// Every file under FEED_DIR except *.expected.json, README.md and
// MANIFEST.tsv (or, with --list, the files named one per line in FILE, so
// that bench/compare_feedparser.py times both sides on the same list) is
// read into memory first; then N rounds over all of them (default 3, the
// fastest round is reported) of what the poller does with a feed body:
// fetchers::decode_to_utf8 + parsers::parse_feed. Prints feeds/s and MB/s.
// Times are CPU time of this process, not wall time: on a shared machine
// they are what the parser costs, whatever else runs.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "bench/cpu_time.h"
#include "fetchers/charset.h"
#include "parsers/feed.h"

namespace fs = std::filesystem;

namespace {

// Keeps the optimiser from dropping work whose result is otherwise unused.
volatile std::size_t g_sink = 0;

struct Round {
  double seconds = 0;
  std::size_t feeds = 0;  // documents parse_feed accepted
};

Round time_ours(const std::vector<std::string>& bodies) {
  Round round;
  const double start = process_cpu_seconds();
  for (const std::string& raw : bodies) {
    const auto decoded = akhbar::fetchers::decode_to_utf8(raw, "");
    // As the poller does: decode_to_utf8 output is valid UTF-8.
    const auto feed =
        akhbar::parsers::parse_feed(decoded.text, {.base_url = {}, .known_valid_utf8 = true});
    if (feed) {
      ++round.feeds;
      g_sink = g_sink + feed->entries.size();
    }
  }
  round.seconds = process_cpu_seconds() - start;
  return round;
}

bool is_feed_file(const fs::path& p) {
  const std::string name = p.filename().string();
  return !name.ends_with(".expected.json") && name != "README.md" && name != "MANIFEST.tsv";
}

}  // namespace

int main(int argc, char** argv) {
  fs::path dir = "../shared/corpus/feeds";
  fs::path list;
  int repeat = 3;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--repeat" && i + 1 < argc) {
      repeat = std::max(1, std::atoi(argv[++i]));
    } else if (arg == "--list" && i + 1 < argc) {
      list = argv[++i];
    } else if (arg == "-h" || arg == "--help" || (arg.size() > 1 && arg[0] == '-')) {
      std::fprintf(stderr, "usage: %s [FEED_DIR] [--repeat N] [--list FILE]\n", argv[0]);
      return 2;
    } else {
      dir = arg;
    }
  }
  std::vector<fs::path> paths;
  std::error_code ec;
  if (!list.empty()) {
    std::ifstream in(list);
    for (std::string line; std::getline(in, line);) {
      if (!line.empty()) paths.emplace_back(line);
    }
  } else {
    for (auto it = fs::recursive_directory_iterator(dir, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (it->is_regular_file() && is_feed_file(it->path())) paths.push_back(it->path());
    }
    std::sort(paths.begin(), paths.end());
  }
  if (ec || paths.empty()) {
    std::fprintf(stderr, "no feed files in %s%s%s\n", dir.c_str(), ec ? ": " : "",
                 ec ? ec.message().c_str() : "");
    return 1;
  }
  std::vector<std::string> bodies;
  std::size_t bytes = 0;
  for (const fs::path& path : paths) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      std::fprintf(stderr, "cannot read %s\n", path.c_str());
      return 1;
    }
    std::ostringstream content;
    content << in.rdbuf();
    bodies.push_back(content.str());
    bytes += bodies.back().size();
  }

  time_ours(bodies);  // warm-up
  Round best;
  best.seconds = 1e300;
  for (int r = 0; r < repeat; ++r) {
    const Round round = time_ours(bodies);
    if (round.seconds < best.seconds) best = round;
  }
  const double n = static_cast<double>(bodies.size());
  const double mb = static_cast<double>(bytes) / 1e6;
  std::printf("feeds %zu (%.1f MB) from %s, best of %d rounds (CPU time)\n", bodies.size(), mb,
              list.empty() ? dir.c_str() : list.c_str(), repeat);
  std::printf(
      "ours (decode + parse_feed)  %8.3f s  %9.1f feeds/s  %7.1f MB/s  (%zu parsed as feeds)\n",
      best.seconds, n / best.seconds, mb / best.seconds, best.feeds);
  return 0;
}
