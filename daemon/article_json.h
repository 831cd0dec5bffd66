// The JSON object of one extracted article, as `akhbar extract --json` and
// `akhbar extract --batch` print it. Field names are stable: title, author,
// published_at, modified_at, canonical_url, amp_url, language, site_name, image_url,
// description, section, tags (a list), charset, paragraphs (a list), text.
// `--html` adds "html" (the commands add it; this function does not).
#pragma once

#include <nlohmann/json.hpp>

#include <string>

#include "parsers/article.h"

namespace akhbar::daemon {

// `charset` is the one the page was decoded from (fetchers::DecodedBody::charset).
nlohmann::json article_json(const parsers::ExtractedArticle& article, const std::string& charset);

}  // namespace akhbar::daemon
