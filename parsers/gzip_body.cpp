// zlib's streaming inflate, one fixed-size output chunk at a time, so memory
// grows only as far as the cap allows.
#include "parsers/gzip_body.h"

#include <zlib.h>

#include <array>

namespace akhbar::parsers {

bool is_gzip(std::string_view body) {
  return body.size() >= 2 && static_cast<unsigned char>(body[0]) == 0x1f &&
         static_cast<unsigned char>(body[1]) == 0x8b;
}

namespace {

// Owns the z_stream so that every return path ends it.
class Inflater {
 public:
  Inflater() { ok_ = inflateInit2(&z_, 16 + MAX_WBITS) == Z_OK; }  // 16+: gzip wrapper only
  ~Inflater() {
    if (ok_) inflateEnd(&z_);
  }
  Inflater(const Inflater&) = delete;
  Inflater& operator=(const Inflater&) = delete;
  bool ok() const { return ok_; }
  z_stream& z() { return z_; }

 private:
  z_stream z_{};
  bool ok_ = false;
};

std::string cap_text(std::size_t bytes) {
  if (bytes % (1 << 20) == 0) return std::to_string(bytes >> 20) + " MiB";
  return std::to_string(bytes) + " bytes";
}

}  // namespace

Result<std::string> gunzip_body(std::string_view body, const GunzipOptions& options) {
  if (!is_gzip(body)) return make_error("not gzip data (no 1f 8b magic)");
  Inflater inflater;
  if (!inflater.ok()) return make_error("zlib initialisation failed");
  z_stream& z = inflater.z();
  // zlib takes a non-const pointer but never writes through next_in.
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(body.data()));
  z.avail_in = static_cast<uInt>(body.size());  // bodies are far below 4 GiB (fetch cap)
  std::string out;
  std::array<char, 64 * 1024> chunk{};
  while (true) {
    z.next_out = reinterpret_cast<Bytef*>(chunk.data());
    z.avail_out = static_cast<uInt>(chunk.size());
    const int rc = inflate(&z, Z_NO_FLUSH);
    const std::size_t produced = chunk.size() - z.avail_out;
    if (out.size() + produced > options.max_output) {
      if (options.prefix_only) {
        out.append(chunk.data(), options.max_output - out.size());
        return out;
      }
      return make_error("gzip data inflates past the " + cap_text(options.max_output) + " cap");
    }
    out.append(chunk.data(), produced);
    if (rc == Z_STREAM_END) {
      // Another member may follow (RFC 1952 §2.2); anything else after the
      // end is trailing garbage, which gzip(1) also ignores.
      if (z.avail_in == 0 || !is_gzip({reinterpret_cast<const char*>(z.next_in), z.avail_in})) {
        return out;
      }
      if (inflateReset(&z) != Z_OK) return make_error("zlib reset failed");
      continue;
    }
    if (rc == Z_OK) continue;
    if (rc == Z_BUF_ERROR && z.avail_in == 0) {
      if (options.prefix_only) return out;
      return make_error("truncated gzip data");
    }
    const std::string reason = z.msg != nullptr ? z.msg : "error " + std::to_string(rc);
    if (options.prefix_only && !out.empty()) return out;
    return make_error("corrupt gzip data: " + reason);
  }
}

}  // namespace akhbar::parsers
