#include <zlib.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/article_json.h"
#include "daemon/command_support.h"
#include "fetchers/charset.h"
#include "parsers/article.h"

namespace akhbar::daemon {

namespace {

namespace fs = std::filesystem;

// A saved page larger than this, compressed or not, is refused rather than
// read (the fetcher's own default cap is 16 MiB): a gzip bomb cannot take
// the machine's memory.
constexpr std::size_t kMaxPageBytes = std::size_t{256} << 20;

// The gzip (or zlib) stream `data` decompressed; concatenated gzip members
// are joined. Corrupt or truncated input is an error, as is output past
// kMaxPageBytes.
Result<std::string> gunzip(std::string_view data) {
  z_stream stream{};
  if (inflateInit2(&stream, 15 + 32) != Z_OK) return make_error("zlib initialisation failed");
  std::string out;
  char buffer[64 * 1024];
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  int rc = Z_OK;
  while (true) {
    stream.next_out = reinterpret_cast<Bytef*>(buffer);
    stream.avail_out = sizeof buffer;
    rc = inflate(&stream, Z_NO_FLUSH);
    const std::size_t produced = sizeof buffer - stream.avail_out;
    if (out.size() + produced > kMaxPageBytes) {
      inflateEnd(&stream);
      return make_error("decompressed page is larger than " + std::to_string(kMaxPageBytes >> 20) +
                        " MiB");
    }
    out.append(buffer, produced);
    if (rc == Z_STREAM_END) {
      if (stream.avail_in == 0) break;
      // Another gzip member follows.
      if (inflateReset(&stream) != Z_OK) break;
      continue;
    }
    if (rc == Z_BUF_ERROR && stream.avail_in == 0) break;  // input ended early
    if (rc != Z_OK) break;
  }
  const std::string message = stream.msg != nullptr ? stream.msg : "";
  inflateEnd(&stream);
  if (rc == Z_STREAM_END) return out;
  if (rc == Z_BUF_ERROR || rc == Z_OK) return make_error("truncated gzip data");
  return make_error("corrupt gzip data" + (message.empty() ? "" : ": " + message));
}

// The raw bytes of one saved page: NAME.html as it is, NAME.html.gz unzipped.
Result<std::string> read_page(const fs::path& path, bool gzipped) {
  std::error_code ec;
  const auto size = fs::file_size(path, ec);
  if (ec) return make_error("cannot read: " + ec.message());
  if (size > kMaxPageBytes) {
    return make_error("file is larger than " + std::to_string(kMaxPageBytes >> 20) + " MiB");
  }
  auto raw = read_file(path.string());
  if (!raw) return make_error("cannot read");
  if (!gzipped) return raw;
  return gunzip(*raw);
}

Status write_text_file(const fs::path& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << content;
  out.close();
  if (!out) return make_error("cannot write " + path.string());
  return {};
}

struct BatchPage {
  std::string name;  // NAME, the output stem
  fs::path path;
  bool gzipped = false;
};

constexpr std::string_view kHtml = ".html";
constexpr std::string_view kHtmlGz = ".html.gz";

// The JSON of `extract --json` and of --batch's NAME.json; with --html it
// also carries the body as sanitised HTML.
nlohmann::json extract_json(const parsers::ExtractedArticle& article, const std::string& charset,
                            bool html) {
  nlohmann::json j = article_json(article, charset);
  if (html) j["html"] = article.html;
  return j;
}

int run_batch(const std::string& in_arg, const std::string& out_arg, bool html) {
  const fs::path in_dir = in_arg;
  const fs::path out_dir = out_arg;
  std::error_code ec;
  if (!fs::is_directory(in_dir, ec)) return fail("input directory " + in_arg + " does not exist");
  std::vector<BatchPage> pages;
  for (const auto& entry : fs::directory_iterator(in_dir, ec)) {
    std::error_code type_ec;
    if (entry.is_directory(type_ec)) continue;
    const std::string file = entry.path().filename().string();
    if (file.size() > kHtmlGz.size() && file.ends_with(kHtmlGz)) {
      pages.push_back({file.substr(0, file.size() - kHtmlGz.size()), entry.path(), true});
    } else if (file.size() > kHtml.size() && file.ends_with(kHtml)) {
      pages.push_back({file.substr(0, file.size() - kHtml.size()), entry.path(), false});
    }
  }
  if (ec) return fail("cannot list " + in_arg + ": " + ec.message());
  fs::create_directories(out_dir, ec);
  if (ec || !fs::is_directory(out_dir)) {
    return fail("cannot create output directory " + out_arg +
                (ec ? ": " + ec.message() : std::string()));
  }
  std::sort(pages.begin(), pages.end(), [](const BatchPage& a, const BatchPage& b) {
    return a.path.filename() < b.path.filename();
  });

  std::size_t failed = 0;
  std::set<std::string> names;
  const auto report = [&failed](const BatchPage& page, const std::string& message) {
    ++failed;
    std::cerr << "akhbar: " << page.path.filename().string() << ": " << message << "\n";
  };
  const auto start = std::chrono::steady_clock::now();
  for (const BatchPage& page : pages) {
    // NAME.html and NAME.html.gz would write the same NAME.txt: NAME.html
    // (first in sort order) wins, the other is reported.
    if (!names.insert(page.name).second) {
      report(page, "skipped: " + page.name + ".html is there too");
      continue;
    }
    auto raw = read_page(page.path, page.gzipped);
    if (!raw) {
      report(page, raw.error());
      continue;
    }
    const auto decoded = fetchers::decode_to_utf8(*raw, "");
    parsers::ExtractOptions options;
    options.html = html;
    const auto article = parsers::extract_article(decoded.text, options);
    if (article.paragraphs.empty()) {
      report(page, "no article text found");
      continue;
    }
    Status written = write_text_file(out_dir / (page.name + ".txt"), article.text() + "\n");
    if (written) {
      written = write_text_file(out_dir / (page.name + ".json"),
                                dump(extract_json(article, decoded.charset, html)) + "\n");
    }
    if (!written) report(page, written.error());
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  char summary[128];
  std::snprintf(summary, sizeof summary, "%zu pages, %zu failed, %.1f pages/s", pages.size(),
                failed, seconds > 0 ? static_cast<double>(pages.size()) / seconds : 0.0);
  std::cout << summary << std::endl;
  return kExitOk;
}

}  // namespace

Status check_extract_args(const ParsedArgs& args) {
  const std::size_t count = args.positional.size();
  if (args.has("--batch")) {
    if (count != 2) return make_error("--batch needs IN_DIR and OUT_DIR");
    if (args.values.count("--url") || args.has("--json")) {
      return make_error("--url and --json do not apply to --batch (it always writes JSON)");
    }
  } else if (count != 1) {
    return make_error(count == 0 ? "missing argument"
                                 : "unexpected argument '" + args.positional[1] + "'");
  }
  return {};
}

int cmd_extract(const ParsedArgs& args) {
  const bool html = args.has("--html");
  if (args.has("--batch")) return run_batch(args.positional.at(0), args.positional.at(1), html);
  const std::string& path = args.positional.at(0);
  auto raw = read_file(path);
  if (!raw) return fail(raw.error());
  const auto decoded = fetchers::decode_to_utf8(*raw, "");
  parsers::ExtractOptions options;
  options.url = args.value("--url");
  options.html = html;
  const auto article = parsers::extract_article(decoded.text, options);
  if (article.paragraphs.empty()) return fail("no article text found in " + path);
  if (args.has("--json")) {
    std::cout << dump(extract_json(article, decoded.charset, html)) << "\n";
  } else if (html) {
    std::cout << article.html;
  } else {
    std::cout << article.text() << "\n";
  }
  return kExitOk;
}

}  // namespace akhbar::daemon
