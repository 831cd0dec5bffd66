// Internal to the article metadata readers (article_metadata.cpp,
// article_dates.cpp, article_json_ld.cpp): what they share. Not a public
// header.
#pragma once

#include <gumbo.h>

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "parsers/article_internal.h"

namespace akhbar::parsers::detail {

// Content of the first <meta> whose property, name or itemprop is one of
// `keys` (tried in order), white space collapsed; empty if none.
std::string meta_content(const Page& page, std::initializer_list<std::string_view> keys);

// Splits a keyword list at commas (Latin and Arabic) and semicolons.
void append_keywords(std::string_view list, std::vector<std::string>& out);

// class, id and itemprop in lower case, separated by spaces.
std::string lower_names(const GumboElement& e);

// ISO 8601 UTC or empty: article:published_time, JSON-LD datePublished,
// <time>/itemprop in the story, other date metas.
std::string published_of(const Page& page, const JsonLdArticle& json_ld, int container);

// The same for the last modification.
std::string modified_of(const Page& page, const JsonLdArticle& json_ld, int container);

struct VisibleDates {
  std::string published;
  std::string modified;
};

// Dates written for readers in the article's header and byline area.
VisibleDates visible_dates(const Page& page, int container, const std::string& title);

}  // namespace akhbar::parsers::detail
