// Article fields from the page's JSON-LD (schema.org *Article / *Posting,
// BreadcrumbList), read breadth-first with a node budget: never recursion on
// input.
#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "parsers/article_internal.h"
#include "parsers/article_metadata_parts.h"
#include "text/utf8.h"

namespace akhbar::parsers::detail {

namespace {

constexpr std::size_t kJsonLdMaxNodes = 10000;

const std::string* json_string(const nlohmann::json& object, const char* key) {
  const auto it = object.find(key);
  return (it != object.end() && it->is_string()) ? &it->get_ref<const std::string&>() : nullptr;
}

bool is_article_type(const nlohmann::json& type) {
  const auto matches = [](const nlohmann::json& t) {
    if (!t.is_string()) return false;
    const std::string& s = t.get_ref<const std::string&>();
    return s.ends_with("Article") || s.ends_with("Posting") || s == "Report";
  };
  if (type.is_array()) return std::any_of(type.begin(), type.end(), matches);
  return matches(type);
}

std::string json_author(const nlohmann::json& author) {
  if (author.is_string()) return author.get<std::string>();
  if (author.is_array() && !author.empty()) return json_author(author.front());
  if (author.is_object()) {
    if (const std::string* name = json_string(author, "name")) return *name;
  }
  return {};
}

// A string, or the first string of an array: "articleSection": ["News", ...].
std::string first_string(const nlohmann::json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_array() && !value.empty() && value.front().is_string()) {
    return value.front().get<std::string>();
  }
  return {};
}

// "image": "url" | {"url": ...} | [either, ...]; one level deep only.
std::string json_image(const nlohmann::json& image) {
  const auto of_object = [](const nlohmann::json& object) -> std::string {
    if (!object.is_object()) return {};
    for (const char* key : {"url", "contentUrl", "@id"}) {
      if (const std::string* s = json_string(object, key); s != nullptr && !s->empty()) return *s;
    }
    return {};
  };
  if (image.is_string()) return image.get<std::string>();
  if (image.is_object()) return of_object(image);
  if (image.is_array()) {
    for (const auto& item : image) {
      std::string url = item.is_string() ? item.get<std::string>() : of_object(item);
      if (!url.empty()) return url;
    }
  }
  return {};
}

std::vector<std::string> json_keywords(const nlohmann::json& keywords) {
  std::vector<std::string> out;
  if (keywords.is_string()) append_keywords(keywords.get_ref<const std::string&>(), out);
  if (keywords.is_array()) {
    for (const auto& item : keywords) {
      if (item.is_string()) append_keywords(item.get_ref<const std::string&>(), out);
    }
  }
  return out;
}

void read_json_ld_article(const nlohmann::json& object, JsonLdArticle& out) {
  if (const std::string* s = json_string(object, "headline")) out.headline = *s;
  if (const std::string* s = json_string(object, "datePublished")) out.date_published = *s;
  if (const std::string* s = json_string(object, "dateModified")) out.date_modified = *s;
  if (const std::string* s = json_string(object, "articleBody")) out.article_body = *s;
  if (const std::string* s = json_string(object, "description")) out.description = *s;
  if (const auto it = object.find("image"); it != object.end()) out.image = json_image(*it);
  if (const auto it = object.find("articleSection"); it != object.end()) {
    out.section = first_string(*it);
  }
  if (const auto it = object.find("keywords"); it != object.end()) {
    out.keywords = json_keywords(*it);
  }
  if (const auto it = object.find("author"); it != object.end()) {
    // Only a direct name or a one-level object/array: never recursion on input.
    const nlohmann::json& author = *it;
    if (author.is_array() && !author.empty() && !author.front().is_array()) {
      out.author = json_author(author.front());
    } else if (!author.is_array()) {
      out.author = json_author(author);
    }
  }
}

// Names of a schema.org BreadcrumbList's items in position order.
std::vector<std::string> json_breadcrumb(const nlohmann::json& list) {
  std::vector<std::pair<double, std::string>> items;
  const auto it = list.find("itemListElement");
  if (it == list.end() || !it->is_array()) return {};
  for (const auto& element : *it) {
    if (!element.is_object()) continue;
    std::string name;
    if (const std::string* s = json_string(element, "name")) name = *s;
    if (const auto item = element.find("item");
        name.empty() && item != element.end() && item->is_object()) {
      if (const std::string* s = json_string(*item, "name")) name = *s;
    }
    double position = static_cast<double>(items.size());
    if (const auto p = element.find("position"); p != element.end() && p->is_number()) {
      position = p->get<double>();
    }
    name = text::collapse_whitespace(name);
    if (!name.empty()) items.emplace_back(position, std::move(name));
  }
  std::stable_sort(items.begin(), items.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::string> out;
  for (auto& item : items) out.push_back(std::move(item.second));
  return out;
}

}  // namespace

JsonLdArticle read_json_ld(const Page& page) {
  JsonLdArticle out;
  bool have_article = false;
  bool have_breadcrumb = false;
  for (const std::string& raw : page.json_ld) {
    const nlohmann::json doc = nlohmann::json::parse(raw, nullptr, false);
    if (doc.is_discarded()) continue;
    // Breadth-first over arrays and @graph, bounded: never recursion on input.
    std::vector<const nlohmann::json*> queue{&doc};
    for (std::size_t i = 0; i < queue.size() && i < kJsonLdMaxNodes; ++i) {
      const nlohmann::json& value = *queue[i];
      if (value.is_array()) {
        for (const auto& item : value) queue.push_back(&item);
      } else if (value.is_object()) {
        const auto type = value.find("@type");
        if (!have_article && type != value.end() && is_article_type(*type)) {
          read_json_ld_article(value, out);
          have_article = true;
        } else if (!have_breadcrumb && type != value.end() && *type == "BreadcrumbList") {
          out.breadcrumb = json_breadcrumb(value);
          have_breadcrumb = true;
        }
        if (const auto graph = value.find("@graph"); graph != value.end()) {
          queue.push_back(&*graph);
        }
      }
      if (have_article && have_breadcrumb) return out;
    }
  }
  return out;
}

}  // namespace akhbar::parsers::detail
