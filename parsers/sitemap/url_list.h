// Internal to the sitemap reader: the URL list every sitemap form fills,
// with resolution against the base, the http(s) filter, de-duplication and
// the entry cap in one place.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_set>

namespace akhbar::parsers::sitemap_detail {

class UrlList {
 public:
  UrlList(std::string base_url, std::size_t max_entries)
      : base_(std::move(base_url)), max_(max_entries) {}

  enum class Added { kNew, kDuplicate, kRejected, kFull };

  // `ref` resolved; kNew puts it in `out`. kFull once max_entries were taken.
  Added add(std::string_view ref, std::string& out);

  std::size_t size() const { return seen_.size(); }
  std::size_t skipped() const { return skipped_; }
  bool full() const { return seen_.size() >= max_; }

 private:
  std::string base_;
  std::size_t max_;
  std::size_t skipped_ = 0;
  std::unordered_set<std::string> seen_;
};

}  // namespace akhbar::parsers::sitemap_detail
