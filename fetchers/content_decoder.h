// Content-Encoding (gzip, deflate, br) decoded by us, as the bytes arrive,
// rather than by libcurl: libcurl passes a compressed stream that simply
// stops (a truncated gzip) as if it were whole, and a partial page must never
// be taken for a complete one. The decoded size is capped as it grows, so a
// compression bomb is stopped after max_output bytes, not after inflating.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "base/result.h"

namespace akhbar::fetchers {

class ContentDecoder {
 public:
  // The value sent as Accept-Encoding: what this decoder understands.
  static constexpr const char* kAcceptEncoding = "gzip, deflate, br";

  // A decoder for the response's Content-Encoding header value ("" or
  // "identity": bytes pass through). An encoding we cannot decode is an error.
  static Result<std::unique_ptr<ContentDecoder>> for_encoding(std::string_view content_encoding,
                                                              std::size_t max_output);
  virtual ~ContentDecoder() = default;

  // Decodes `data` and appends to `out`. Errors: corrupt data, or `out`
  // would grow past max_output (then the message starts with "too large").
  virtual Status feed(std::string_view data, std::string& out) = 0;
  // The body has ended: an error when the compressed stream was not complete.
  virtual Status finish() = 0;
};

}  // namespace akhbar::fetchers
