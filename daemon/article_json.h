// The JSON object of one extracted article, as `akhbar extract --json` and
// `akhbar extract --batch` print it. Field names are stable: title, author,
// published_at, canonical_url, language, site_name, charset, paragraphs, text.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

#include "parsers/article.h"

namespace akhbar::daemon {

// `charset` is the one the page was decoded from (fetchers::DecodedBody::charset).
nlohmann::json article_json(const parsers::ExtractedArticle& article, const std::string& charset);

}  // namespace akhbar::daemon
