#include "fetchers/content_decoder.h"

#include <brotli/encode.h>
#include <gtest/gtest.h>

#include <string>

#include "tests/compression.h"

namespace akhbar::fetchers {
namespace {

using testing::compress_zlib;

std::string compress_brotli(const std::string& data) {
  std::size_t size = BrotliEncoderMaxCompressedSize(data.size());
  std::string out(size, '\0');
  BrotliEncoderCompress(BROTLI_DEFAULT_QUALITY, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_TEXT,
                        data.size(), reinterpret_cast<const uint8_t*>(data.data()), &size,
                        reinterpret_cast<uint8_t*>(out.data()));
  out.resize(size);
  return out;
}

// Feeds `wire` in chunks of `chunk` bytes; returns the decoded body or the error.
std::string decode(const std::string& encoding, const std::string& wire, std::size_t max = 1 << 24,
                   std::size_t chunk = 7) {
  auto decoder = ContentDecoder::for_encoding(encoding, max);
  if (!decoder) return "error: " + decoder.error();
  std::string out;
  for (std::size_t at = 0; at < wire.size(); at += chunk) {
    if (Status st = (*decoder)->feed(std::string_view(wire).substr(at, chunk), out); !st) {
      return "error: " + st.error();
    }
  }
  if (Status st = (*decoder)->finish(); !st) return "error: " + st.error();
  return out;
}

const std::string kText = [] {
  std::string s;
  for (int i = 0; i < 2000; ++i) s += "سطر رقم " + std::to_string(i) + " من الخبر\n";
  return s;
}();

TEST(ContentDecoder, RoundTripsEveryEncoding) {
  EXPECT_EQ(decode("gzip", compress_zlib(kText, 31)), kText);
  EXPECT_EQ(decode("x-gzip", compress_zlib(kText, 31)), kText);
  EXPECT_EQ(decode("deflate", compress_zlib(kText, 15)), kText);
  EXPECT_EQ(decode("deflate", compress_zlib(kText, -15)), kText);  // raw, as some servers send
  EXPECT_EQ(decode(" BR ", compress_brotli(kText)), kText);
  EXPECT_EQ(decode("", kText), kText);
  EXPECT_EQ(decode("identity", kText), kText);
}

TEST(ContentDecoder, TruncatedStreamsAreErrors) {
  for (const auto& [encoding, wire] :
       {std::pair<std::string, std::string>{"gzip", compress_zlib(kText, 31)},
        {"deflate", compress_zlib(kText, 15)},
        {"br", compress_brotli(kText)}}) {
    const std::string cut = wire.substr(0, wire.size() / 2);
    EXPECT_EQ(decode(encoding, cut).rfind("error: truncated", 0), 0u) << encoding;
    // Cut only the last byte: still not whole.
    EXPECT_EQ(decode(encoding, wire.substr(0, wire.size() - 1)).rfind("error: ", 0), 0u)
        << encoding;
  }
}

TEST(ContentDecoder, CorruptDataIsAnError) {
  std::string wire = compress_zlib(kText, 31);
  for (std::size_t i = 20; i < 60; ++i) wire[i] = static_cast<char>(wire[i] ^ 0x5A);
  EXPECT_EQ(decode("gzip", wire).rfind("error: ", 0), 0u);
  EXPECT_EQ(decode("gzip", "this is not gzip at all").rfind("error: corrupt gzip", 0), 0u);
  EXPECT_EQ(decode("br", "\xFF\xFF\xFF\xFF not brotli").rfind("error: corrupt brotli", 0), 0u);
}

TEST(ContentDecoder, BombsStopAtTheCap) {
  const std::string zeros(32 * 1024 * 1024, '\0');
  EXPECT_EQ(decode("gzip", compress_zlib(zeros, 31), 1 << 20, 4096).rfind("error: too large", 0),
            0u);
  EXPECT_EQ(decode("br", compress_brotli(zeros), 1 << 20, 4096).rfind("error: too large", 0), 0u);
  EXPECT_EQ(decode("", std::string(2000, 'x'), 1000).rfind("error: too large", 0), 0u);
}

TEST(ContentDecoder, EmptyBodyIsComplete) {
  EXPECT_EQ(decode("gzip", ""), "");
  EXPECT_EQ(decode("br", ""), "");
}

TEST(ContentDecoder, EncodingsAppliedOverEachOtherAreUndoneInReverse) {
  EXPECT_EQ(decode("gzip, br", compress_brotli(compress_zlib(kText, 31))), kText);
  EXPECT_EQ(decode("gzip,gzip", compress_zlib(compress_zlib(kText, 31), 31)), kText);
  const std::string twice = compress_zlib(compress_zlib(kText, 31), 31);
  EXPECT_EQ(decode("gzip,gzip", twice.substr(0, twice.size() - 3)).rfind("error: ", 0), 0u);
  EXPECT_EQ(decode("gzip,gzip,gzip,gzip", "x"),
            "error: too many Content-Encodings applied over each other");
}

TEST(ContentDecoder, UnknownEncodingIsAnError) {
  EXPECT_EQ(decode("compress", "x"), "error: unsupported Content-Encoding 'compress'");
  EXPECT_EQ(decode("gzip, zstd", "x"), "error: unsupported Content-Encoding 'zstd'");
}

}  // namespace
}  // namespace akhbar::fetchers
