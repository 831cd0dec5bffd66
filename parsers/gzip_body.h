// Bodies that are gzip files rather than gzip-encoded responses: a sitemap
// served as "application/x-gzip" (.xml.gz) arrives as compressed bytes that
// no Content-Encoding told the HTTP client to decode. These functions tell
// such bytes apart and inflate them with a cap on the output, so that a
// decompression bomb or a truncated file is an error value, never a crash or
// an unbounded allocation.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "base/result.h"

namespace akhbar::parsers {

// True when `body` starts with the gzip magic bytes 1f 8b (RFC 1952 §2.3.1).
bool is_gzip(std::string_view body);

struct GunzipOptions {
  // Output larger than this is an error (the whole body was wanted), or the
  // end of the output when `prefix_only` is set.
  std::size_t max_output = std::size_t{50} << 20;
  // Return at most max_output bytes of the start of the output, and accept a
  // stream that ends early: enough to sniff what the file is.
  bool prefix_only = false;
};

// The gzip stream `body` inflated; concatenated gzip members are joined.
// Errors: not gzip, corrupt or truncated data, output over max_output.
Result<std::string> gunzip_body(std::string_view body, const GunzipOptions& options = {});

}  // namespace akhbar::parsers
