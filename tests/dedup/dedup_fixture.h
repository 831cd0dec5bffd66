// Reads tests/fixtures/dedup/articles.jsonl: four real Arabic articles (gold
// texts of ../shared/corpus/extraction/arabic, see tests/fixtures/SOURCES.md).
#pragma once

#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace akhbar::dedup::testing {

struct FixtureArticle {
  std::string title;
  std::string text;  // paragraphs separated by '\n'
};

inline std::vector<FixtureArticle> fixture_articles() {
  std::ifstream in(std::string(AKHBAR_FIXTURES_DIR) + "/dedup/articles.jsonl");
  std::vector<FixtureArticle> out;
  for (std::string line; std::getline(in, line);) {
    const auto j = nlohmann::json::parse(line);
    out.push_back({j.at("title").get<std::string>(), j.at("text").get<std::string>()});
  }
  return out;
}

}  // namespace akhbar::dedup::testing
