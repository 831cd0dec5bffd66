#include "fetchers/site_key.h"

#include <arpa/inet.h>
#include <libpsl.h>

#include "text/ascii.h"
#include "text/url.h"

namespace akhbar::fetchers {

namespace {

// The list is immutable data loaded once: the newest of the system's
// publicsuffix file and libpsl's built-in copy.
const psl_ctx_t* suffix_list() {
  static const psl_ctx_t* const list = psl_latest(nullptr);
  return list;
}

bool is_ip_literal(const std::string& host) {
  unsigned char buffer[16];
  std::string bare = host;
  if (bare.size() > 2 && bare.front() == '[' && bare.back() == ']') {
    bare = bare.substr(1, bare.size() - 2);
  }
  return inet_pton(AF_INET, bare.c_str(), buffer) == 1 ||
         inet_pton(AF_INET6, bare.c_str(), buffer) == 1;
}

}  // namespace

std::string site_of_host(std::string_view raw_host) {
  std::string host = text::ascii_lower(raw_host);
  while (!host.empty() && host.back() == '.') host.pop_back();
  if (host.empty() || is_ip_literal(host)) return host;
  const psl_ctx_t* list = suffix_list();
  const char* registrable = list != nullptr ? psl_registrable_domain(list, host.c_str()) : nullptr;
  return registrable != nullptr ? std::string(registrable) : host;
}

std::string site_of_url(std::string_view url) { return site_of_host(text::url_host(url)); }

}  // namespace akhbar::fetchers
