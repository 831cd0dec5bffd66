#include "daemon/article_json.h"

namespace akhbar::daemon {

nlohmann::json article_json(const parsers::ExtractedArticle& article, const std::string& charset) {
  return {{"title", article.title},
          {"author", article.author},
          {"published_at", article.published_at},
          {"modified_at", article.modified_at},
          {"canonical_url", article.canonical_url},
          {"amp_url", article.amp_url},
          {"language", article.language},
          {"site_name", article.site_name},
          {"image_url", article.image_url},
          {"description", article.description},
          {"section", article.section},
          {"tags", article.tags},
          {"charset", charset},
          {"paragraphs", article.paragraphs},
          {"text", article.text()}};
}

}  // namespace akhbar::daemon
