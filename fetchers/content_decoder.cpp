#include "fetchers/content_decoder.h"

#include <brotli/decode.h>
#include <zlib.h>

#include <vector>

#include "text/ascii.h"

namespace akhbar::fetchers {

namespace {

constexpr std::size_t kChunk = 64 * 1024;

Status too_large(std::size_t max_output) {
  return make_error("too large: decoded body exceeds " + std::to_string(max_output) + " bytes");
}

class Identity final : public ContentDecoder {
 public:
  explicit Identity(std::size_t max_output) : max_output_(max_output) {}
  Status feed(std::string_view data, std::string& out) override {
    if (out.size() + data.size() > max_output_) return too_large(max_output_);
    out.append(data);
    return {};
  }
  Status finish() override { return {}; }

 private:
  std::size_t max_output_;
};

// gzip, or deflate in either of its forms: RFC 9110 says zlib-wrapped
// (RFC 1950), some servers send raw RFC 1951 data; the first bytes tell.
class Zlib final : public ContentDecoder {
 public:
  Zlib(bool gzip, std::size_t max_output) : gzip_(gzip), max_output_(max_output) {}
  ~Zlib() override {
    if (started_) inflateEnd(&stream_);
  }

  Status feed(std::string_view data, std::string& out) override {
    if (data.empty()) return {};
    if (!started_) {
      if (Status st = start(data); !st) return st;
    }
    if (ended_) {
      // Bytes after the end of the stream: tolerated only as trailing junk
      // would be by browsers (they are ignored), never decoded.
      return {};
    }
    stream_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    stream_.avail_in = static_cast<uInt>(data.size());
    while (stream_.avail_in > 0 && !ended_) {
      unsigned char buffer[kChunk];
      stream_.next_out = buffer;
      stream_.avail_out = sizeof buffer;
      const int rc = inflate(&stream_, Z_NO_FLUSH);
      if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR) {
        return make_error(std::string("corrupt ") + (gzip_ ? "gzip" : "deflate") + " data" +
                          (stream_.msg != nullptr ? std::string(": ") + stream_.msg : ""));
      }
      const std::size_t produced = sizeof buffer - stream_.avail_out;
      if (out.size() + produced > max_output_) return too_large(max_output_);
      out.append(reinterpret_cast<const char*>(buffer), produced);
      if (rc == Z_STREAM_END) ended_ = true;
      if (rc == Z_BUF_ERROR && produced == 0) break;
    }
    return {};
  }

  Status finish() override {
    if (started_ && !ended_) {
      return make_error(std::string("truncated ") + (gzip_ ? "gzip" : "deflate") +
                        " data: the compressed stream ends early");
    }
    return {};
  }

 private:
  Status start(std::string_view first) {
    int window = 15 + 16;  // gzip
    if (!gzip_) {
      const bool zlib_header =
          first.size() >= 2 && (static_cast<unsigned char>(first[0]) & 0x0F) == 8 &&
          ((static_cast<unsigned char>(first[0]) << 8) | static_cast<unsigned char>(first[1])) %
                  31 ==
              0;
      window = zlib_header ? 15 : -15;
    }
    if (inflateInit2(&stream_, window) != Z_OK) return make_error("cannot start inflating");
    started_ = true;
    return {};
  }

  bool gzip_;
  std::size_t max_output_;
  z_stream stream_{};
  bool started_ = false;
  bool ended_ = false;
};

class Brotli final : public ContentDecoder {
 public:
  explicit Brotli(std::size_t max_output)
      : state_(BrotliDecoderCreateInstance(nullptr, nullptr, nullptr)), max_output_(max_output) {}
  ~Brotli() override { BrotliDecoderDestroyInstance(state_); }

  Status feed(std::string_view data, std::string& out) override {
    if (state_ == nullptr) return make_error("cannot start brotli decoding");
    if (data.empty()) return {};
    fed_ = true;
    const auto* next_in = reinterpret_cast<const uint8_t*>(data.data());
    std::size_t available_in = data.size();
    while (true) {
      uint8_t buffer[kChunk];
      uint8_t* next_out = buffer;
      std::size_t available_out = sizeof buffer;
      result_ = BrotliDecoderDecompressStream(state_, &available_in, &next_in, &available_out,
                                              &next_out, nullptr);
      if (result_ == BROTLI_DECODER_RESULT_ERROR) {
        return make_error(std::string("corrupt brotli data: ") +
                          BrotliDecoderErrorString(BrotliDecoderGetErrorCode(state_)));
      }
      const std::size_t produced = sizeof buffer - available_out;
      if (out.size() + produced > max_output_) return too_large(max_output_);
      out.append(reinterpret_cast<const char*>(buffer), produced);
      if (result_ != BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT) return {};
    }
  }

  Status finish() override {
    if (fed_ && result_ != BROTLI_DECODER_RESULT_SUCCESS) {
      return make_error("truncated brotli data: the compressed stream ends early");
    }
    return {};
  }

 private:
  BrotliDecoderState* state_;
  std::size_t max_output_;
  BrotliDecoderResult result_ = BROTLI_DECODER_RESULT_NEEDS_MORE_INPUT;
  bool fed_ = false;  // an empty body (a 304, a 204) is complete as it is
};

// Encodings applied one over another ("Content-Encoding: gzip, br", or two
// headers): undone in reverse order, each stage capped like the last.
class Chain final : public ContentDecoder {
 public:
  explicit Chain(std::vector<std::unique_ptr<ContentDecoder>> stages)
      : stages_(std::move(stages)) {}

  Status feed(std::string_view data, std::string& out) override {
    std::string carried(data);
    for (std::size_t i = 0; i + 1 < stages_.size(); ++i) {
      std::string next;
      if (Status st = stages_[i]->feed(carried, next); !st) return st;
      carried.swap(next);
    }
    return stages_.back()->feed(carried, out);
  }
  Status finish() override {
    for (auto& stage : stages_) {
      if (Status st = stage->finish(); !st) return st;
    }
    return {};
  }

 private:
  std::vector<std::unique_ptr<ContentDecoder>> stages_;  // first undone first
};

Result<std::unique_ptr<ContentDecoder>> one_decoder(const std::string& encoding,
                                                    std::size_t max_output) {
  if (encoding.empty() || encoding == "identity") {
    return std::unique_ptr<ContentDecoder>(std::make_unique<Identity>(max_output));
  }
  if (encoding == "gzip" || encoding == "x-gzip") {
    return std::unique_ptr<ContentDecoder>(std::make_unique<Zlib>(true, max_output));
  }
  if (encoding == "deflate") {
    return std::unique_ptr<ContentDecoder>(std::make_unique<Zlib>(false, max_output));
  }
  if (encoding == "br")
    return std::unique_ptr<ContentDecoder>(std::make_unique<Brotli>(max_output));
  return make_error("unsupported Content-Encoding '" + encoding + "'");
}

}  // namespace

Result<std::unique_ptr<ContentDecoder>> ContentDecoder::for_encoding(
    std::string_view content_encoding, std::size_t max_output) {
  std::vector<std::string> applied;  // in the order the server applied them
  while (!content_encoding.empty()) {
    const size_t comma = content_encoding.find(',');
    std::string one = text::ascii_lower(text::trim_ascii(content_encoding.substr(0, comma)));
    if (!one.empty() && one != "identity") applied.push_back(std::move(one));
    content_encoding =
        comma == std::string_view::npos ? std::string_view{} : content_encoding.substr(comma + 1);
  }
  if (applied.size() > 3) return make_error("too many Content-Encodings applied over each other");
  std::vector<std::unique_ptr<ContentDecoder>> stages;
  for (auto it = applied.rbegin(); it != applied.rend(); ++it) {
    auto stage = one_decoder(*it, max_output);
    if (!stage) return make_error(stage.error());
    stages.push_back(std::move(*stage));
  }
  if (stages.empty()) return one_decoder("", max_output);
  if (stages.size() == 1) return std::move(stages.front());
  return std::unique_ptr<ContentDecoder>(std::make_unique<Chain>(std::move(stages)));
}

}  // namespace akhbar::fetchers
