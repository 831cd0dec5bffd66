#include "daemon/command_support.h"

#include <iostream>

#include "fetchers/charset.h"
#include "parsers/article.h"

namespace akhbar::daemon {

int cmd_extract(const ParsedArgs& args) {
  const std::string& path = args.positional.at(0);
  auto raw = read_file(path);
  if (!raw) return fail(raw.error());
  const auto decoded = fetchers::decode_to_utf8(*raw, "");
  const auto article = parsers::extract_article(decoded.text, {args.value("--url")});
  if (article.paragraphs.empty()) return fail("no article text found in " + path);
  if (!args.has("--json")) {
    std::cout << article.text() << "\n";
    return kExitOk;
  }
  const Json out = {{"title", article.title},
                    {"author", article.author},
                    {"published_at", article.published_at},
                    {"canonical_url", article.canonical_url},
                    {"language", article.language},
                    {"site_name", article.site_name},
                    {"charset", decoded.charset},
                    {"paragraphs", article.paragraphs},
                    {"text", article.text()}};
  std::cout << dump(out) << "\n";
  return kExitOk;
}

}  // namespace akhbar::daemon
