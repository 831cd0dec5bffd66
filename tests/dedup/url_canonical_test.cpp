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

namespace akhbar::dedup {
namespace {

TEST(CanonicalizeUrl, SortsQueryParametersByKey) {
  EXPECT_EQ(canonicalize_url("https://a.example/x?q=2&p=1"), "https://a.example/x?p=1&q=2");
  EXPECT_EQ(canonicalize_url("https://a.example/x?p=1&q=2"),
            canonicalize_url("https://a.example/x?q=2&utm_source=x&p=1"));
  // Repeated keys keep their relative order: it may matter to the site.
  EXPECT_EQ(canonicalize_url("https://a.example/x?b=1&a=2&a=1"), "https://a.example/x?a=2&a=1&b=1");
}

TEST(CanonicalizeUrl, KeepsKeysThatIdentifyTheArticle) {
  EXPECT_EQ(canonicalize_url("http://www.alriyadh.com/news.aspx?ArticleID=1234&fbclid=z"),
            "http://www.alriyadh.com/news.aspx?ArticleID=1234");
  EXPECT_NE(canonicalize_url("http://a.example/n.php?ArticleID=1"),
            canonicalize_url("http://a.example/n.php?ArticleID=2"));
  // Generic names that some sites use to choose the page are not tracking.
  EXPECT_EQ(canonicalize_url("https://a.example/x?ref=12&source=3"),
            "https://a.example/x?ref=12&source=3");
}

TEST(CanonicalizeUrl, StripsTheDocumentedClickIdentifiers) {
  EXPECT_EQ(canonicalize_url("https://a.example/x?id=7&gclid=1&msclkid=2&yclid=3&mc_eid=4&"
                             "_hsenc=5&igshid=6&twclid=7&ttclid=8&mkt_tok=9&UTM_CONTENT=10"),
            "https://a.example/x?id=7");
}

TEST(CanonicalizeUrl, DecodesEscapedUnreservedCharacters) {
  // %41 is 'A', %7E is '~', %2D is '-': RFC 3986 section 6.2.2.2.
  EXPECT_EQ(canonicalize_url("https://a.example/%7Euser/%41rticle%2D1"),
            "https://a.example/~user/Article-1");
  EXPECT_EQ(canonicalize_url("https://a.example/x?id=%31%32"), "https://a.example/x?id=12");
  // Reserved characters stay escaped: decoding would change the meaning.
  EXPECT_EQ(canonicalize_url("https://a.example/a%2Fb?q=a%26b"), "https://a.example/a%2Fb?q=a%26b");
  // An escaped tracking name is still a tracking name.
  EXPECT_EQ(canonicalize_url("https://a.example/x?%75tm_source=rss&id=1"),
            "https://a.example/x?id=1");
}

TEST(CanonicalizeUrl, TruncatedEscapeIsKeptAsWritten) {
  EXPECT_EQ(canonicalize_url("https://a.example/x?q=%4"), "https://a.example/x?q=%4");
}

}  // namespace
}  // namespace akhbar::dedup
