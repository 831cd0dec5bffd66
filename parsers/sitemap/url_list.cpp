#include "parsers/sitemap/url_list.h"

#include <optional>

#include "parsers/markup_chars.h"
#include "text/url.h"

namespace akhbar::parsers::sitemap_detail {

UrlList::Added UrlList::add(std::string_view ref, std::string& out) {
  ref = detail::trim_xml_space(ref);
  if (full()) return Added::kFull;
  // An empty <loc> would resolve to the base itself.
  std::optional<std::string> resolved;
  if (!ref.empty()) resolved = text::resolve_url(base_, ref);
  if (!resolved) {
    ++skipped_;
    return Added::kRejected;
  }
  if (!seen_.insert(*resolved).second) return Added::kDuplicate;
  out = std::move(*resolved);
  return Added::kNew;
}

}  // namespace akhbar::parsers::sitemap_detail
