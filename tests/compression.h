// Compressing test data with zlib itself, so the decoders under test are
// checked against an independent encoder.
#pragma once

#include <zlib.h>

#include <string>

namespace akhbar::testing {

// window_bits: 15 + 16 gzip (the default), 15 zlib-wrapped deflate, -15 raw deflate.
inline std::string compress_zlib(const std::string& data, int window_bits = 15 + 16) {
  z_stream z{};
  deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, window_bits, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&z, data.size()) + 32, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

inline std::string gzip(const std::string& data) { return compress_zlib(data); }

}  // namespace akhbar::testing
