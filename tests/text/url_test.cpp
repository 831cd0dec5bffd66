#include "text/url.h"

#include <gtest/gtest.h>

namespace akhbar::text {
namespace {

TEST(Url, ParsesHttpUrls) {
  auto parts = parse_http_url("HTTPS://Www.Aljazeera.NET:8443/news/2026/1?x=1#top");
  ASSERT_TRUE(parts);
  EXPECT_EQ(parts->scheme, "https");
  EXPECT_EQ(parts->host, "www.aljazeera.net");
  EXPECT_EQ(parts->port, "8443");
  EXPECT_EQ(parts->path, "/news/2026/1");
  EXPECT_EQ(parts->query, "x=1");
  EXPECT_EQ(parts->fragment, "top");
}

TEST(Url, RejectsOtherSchemesAndGarbage) {
  EXPECT_FALSE(parse_http_url("ftp://example.com/"));
  EXPECT_FALSE(parse_http_url("javascript:alert(1)"));
  EXPECT_FALSE(parse_http_url("not a url"));
  EXPECT_FALSE(parse_http_url(""));
}

TEST(Url, ResolvesRelativeReferences) {
  EXPECT_EQ(resolve_url("https://a.example/news/x.html", "y.html"),
            "https://a.example/news/y.html");
  EXPECT_EQ(resolve_url("https://a.example/news/x.html", "/ar/z"), "https://a.example/ar/z");
  EXPECT_EQ(resolve_url("https://a.example/news/x.html", "../up"), "https://a.example/up");
  EXPECT_EQ(resolve_url("https://a.example/news/", "//cdn.example/i"), "https://cdn.example/i");
  EXPECT_EQ(resolve_url("https://a.example/", "http://b.example/p"), "http://b.example/p");
}

TEST(Url, ResolveRefusesNonHttpTargets) {
  EXPECT_FALSE(resolve_url("https://a.example/", "javascript:void(0)"));
  EXPECT_FALSE(resolve_url("https://a.example/", "mailto:x@a.example"));
  EXPECT_FALSE(resolve_url("", "relative/only"));
}

TEST(Url, EncodesArabicPaths) {
  auto url = resolve_url("https://a.example/", "/أخبار/عاجل");
  ASSERT_TRUE(url);
  // Percent-encoded UTF-8 (أ is D8 A3), never raw bytes.
  EXPECT_EQ(url->rfind("https://a.example/%D8%A3", 0), 0u) << *url;
  for (const char c : *url) EXPECT_LT(static_cast<unsigned char>(c), 0x80);
}

// Regression (sitemap fuzzer): libcurl percent-decodes the host, so a host
// like "a%AA.example" became the raw byte 0xAA and invalid UTF-8 reached
// the store. Such a host names nothing: the URL is refused.
TEST(Url, RefusesAHostThatDecodesToInvalidUtf8) {
  EXPECT_FALSE(resolve_url("https://a.example/", "https://www.ak%AA%D8%tics/2026/1"));
  EXPECT_FALSE(parse_http_url("https://www.ak%AA.example/x"));
  // A percent-encoded UTF-8 host is still a host.
  EXPECT_TRUE(resolve_url("https://a.example/", "https://%D8%A3.example/x"));
}

TEST(Url, HostOf) {
  EXPECT_EQ(url_host("https://Arabic.CNN.com/x"), "arabic.cnn.com");
  EXPECT_EQ(url_host("nonsense"), "");
}

// Plain absolute URLs skip libcurl; these are what libcurl returns for them.
TEST(Url, PlainAbsoluteUrlsComeBackAsLibcurlWritesThem) {
  EXPECT_EQ(resolve_url("", "https://a.example/news/1?x=1&y=%d8%a7"),
            "https://a.example/news/1?x=1&y=%D8%A7");
  EXPECT_EQ(resolve_url("https://b.example/", "http://a.example/p/q.html"),
            "http://a.example/p/q.html");
  EXPECT_FALSE(resolve_url("not a url", "https://a.example/p"));
  // Not plain: libcurl normalises them.
  EXPECT_EQ(resolve_url("", "https://a.example/a/../b"), "https://a.example/b");
  EXPECT_EQ(resolve_url("", "HTTPS://a.example/b"), "https://a.example/b");
  EXPECT_EQ(resolve_url("", "https://a.example"), "https://a.example/");
}

}  // namespace
}  // namespace akhbar::text
