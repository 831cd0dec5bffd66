#include "dedup/url_canonical.h"

#include <gtest/gtest.h>

namespace akhbar::dedup {
namespace {

TEST(CanonicalizeUrl, LowercasesSchemeAndHostButNotPath) {
  EXPECT_EQ(canonicalize_url("HTTPS://WWW.Example.COM/News/Story"),
            "https://www.example.com/News/Story");
}

TEST(CanonicalizeUrl, DropsFragmentAndDefaultPorts) {
  EXPECT_EQ(canonicalize_url("https://a.example:443/x#comments"), "https://a.example/x");
  EXPECT_EQ(canonicalize_url("http://a.example:80/x"), "http://a.example/x");
  EXPECT_EQ(canonicalize_url("http://a.example:8080/x"), "http://a.example:8080/x");
}

TEST(CanonicalizeUrl, StripsTrackingParametersOnly) {
  EXPECT_EQ(canonicalize_url("https://a.example/x?utm_source=rss&id=5&fbclid=abc&UTM_Medium=m"),
            "https://a.example/x?id=5");
  EXPECT_EQ(canonicalize_url("https://a.example/x?utm_campaign=c"), "https://a.example/x");
  EXPECT_EQ(canonicalize_url("https://a.example/x?p=1&q=2"), "https://a.example/x?p=1&q=2");
}

TEST(CanonicalizeUrl, SameStoryUnderTwoTrackedUrlsIsOneUrl) {
  EXPECT_EQ(canonicalize_url("https://news.example/ar/1.html?utm_source=twitter"),
            canonicalize_url("https://NEWS.example/ar/1.html#top"));
}

TEST(CanonicalizeUrl, LeavesNonHttpInputAlone) {
  EXPECT_EQ(canonicalize_url("mailto:a@b.c"), "mailto:a@b.c");
  EXPECT_EQ(canonicalize_url(""), "");
}

}  // namespace
}  // namespace akhbar::dedup

namespace akhbar::dedup {
namespace {

TEST(CanonicalizeUrl, PercentEscapesHaveOneForm) {
  // Raw Arabic, lower-case and upper-case escapes of one path are one URL.
  const std::string expected = "https://a.example/%D8%AE%D8%A8%D8%B1";
  EXPECT_EQ(canonicalize_url("https://a.example/خبر"), expected);
  EXPECT_EQ(canonicalize_url("https://a.example/%d8%ae%d8%a8%d8%b1"), expected);
  EXPECT_EQ(canonicalize_url(expected), expected);
}

}  // namespace
}  // namespace akhbar::dedup
