// Feed parser: Base64 content (RFC 4287 §4.1.3.3, Atom 0.3 mode="base64")
// and encoding defects reported as `malformed`. The Base64 strings were
// made with Python's base64.b64encode from the expected text.
#include <gtest/gtest.h>

#include <string>
#include <utility>

#include "parsers/feed.h"

namespace akhbar::parsers {
namespace {

Feed parse_ok(const std::string& xml) {
  Result<Feed> result = parse_feed(xml);
  EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.error());
  return result.ok() ? std::move(result).value() : Feed{};
}

std::string atom_entry(const std::string& body) {
  return "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><title>t</title>" + body +
         "</entry></feed>";
}

TEST(FeedBase64Test, NonTextMediaTypeIsBase64) {
  const Feed feed =
      parse_ok(atom_entry("<summary type=\"application/octet-stream\">\n  RXhhbXBsZSA8Yj5B\n  "
                          "dG9tPC9iPg==\n</summary>"));
  ASSERT_EQ(feed.entries.size(), 1u);
  EXPECT_EQ(feed.entries[0].summary, "Example <b>Atom</b>");
  EXPECT_FALSE(feed.malformed);
}

TEST(FeedBase64Test, Atom03ModeBase64WithHtmlType) {
  const Feed feed = parse_ok(
      "<feed version=\"0.3\" xmlns=\"http://purl.org/atom/ns#\"><entry><title>t</title>"
      "<content type=\"text/html\" "
      "mode=\"base64\">PHA+2K7YqNixIDxiPti52KfYrNmEPC9iPjwvcD4=</content>"
      "</entry></feed>");
  ASSERT_EQ(feed.entries.size(), 1u);
  EXPECT_EQ(feed.entries[0].content, "<p>خبر <b>عاجل</b></p>");
  EXPECT_EQ(feed.entries[0].content_text, "خبر عاجل");
  // HTML content is also the summary when there is none.
  EXPECT_EQ(feed.entries[0].summary, "<p>خبر <b>عاجل</b></p>");
}

TEST(FeedBase64Test, BinaryContentIsNotASummary) {
  const Feed feed = parse_ok(atom_entry("<content type=\"video/mp4\">aGVsbG8=</content>"));
  ASSERT_EQ(feed.entries.size(), 1u);
  EXPECT_EQ(feed.entries[0].content, "hello");
  EXPECT_EQ(feed.entries[0].summary, "");
}

TEST(FeedBase64Test, UndecodableBase64StaysAsWritten) {
  // Missing padding, and bytes that are not UTF-8 (0xFF 0xFE): kept as written.
  const Feed feed =
      parse_ok(atom_entry("<summary type=\"application/octet-stream\">aGVsbG8</summary>"
                          "<content type=\"application/octet-stream\">//4=</content>"));
  ASSERT_EQ(feed.entries.size(), 1u);
  EXPECT_EQ(feed.entries[0].summary, "aGVsbG8");
  EXPECT_EQ(feed.entries[0].content, "//4=");
}

TEST(FeedBase64Test, XmlAndTextTypesAreNotBase64) {
  const Feed feed =
      parse_ok(atom_entry("<summary type=\"text/plain\">aGVsbG8=</summary>"
                          "<content type=\"application/xml\">aGVsbG8=</content>"));
  ASSERT_EQ(feed.entries.size(), 1u);
  EXPECT_EQ(feed.entries[0].summary, "aGVsbG8=");
  EXPECT_EQ(feed.entries[0].content, "aGVsbG8=");
}

TEST(FeedEncodingTest, InvalidUtf8InputIsMalformedButAReplacementCharacterIsNot) {
  // Valid feeds carry U+FFFD literally; that is no defect of the document.
  const Feed literal = parse_ok(
      "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>"
      "caf\xEF\xBF\xBD</title></channel></rss>");
  EXPECT_FALSE(literal.malformed) << literal.malformed_reason;
  // Invalid UTF-8 handed to the parser is (and is read with U+FFFD).
  const Feed invalid =
      parse_ok("<rss version=\"2.0\"><channel><title>caf\xE9</title></channel></rss>");
  EXPECT_TRUE(invalid.malformed);
  EXPECT_EQ(invalid.title, "caf\xEF\xBF\xBD");
}

TEST(FeedEncodingTest, UnknownDeclaredEncoding) {
  const Feed feed =
      parse_ok("<?xml version=\"1.0\" encoding=\"ms-arab\"?><rss version=\"2.0\"><channel/></rss>");
  EXPECT_TRUE(feed.malformed);
  EXPECT_NE(feed.malformed_reason.find("ms-arab"), std::string::npos) << feed.malformed_reason;
  for (const char* known :
       {"windows-1256", "ISO-8859-6", "utf-8", "UTF-16", "cp1256", "MacGreek"}) {
    const Feed ok = parse_ok("<?xml version=\"1.0\" encoding='" + std::string(known) +
                             "' ?><rss version=\"2.0\"><channel/></rss>");
    EXPECT_FALSE(ok.malformed) << known << ": " << ok.malformed_reason;
  }
}

TEST(FeedEncodingTest, EveryControlCharacterIsFoundWherever) {
  // The scan tests eight bytes at a time: try each forbidden byte at each
  // position of a word, and the allowed ones (tab, LF, CR) too.
  const std::string head = "<rss version=\"2.0\"><channel><title>";
  for (int c = 1; c < 0x20; ++c) {
    for (int offset = 0; offset < 9; ++offset) {
      const std::string xml = head + std::string(static_cast<std::size_t>(offset), 'x') +
                              static_cast<char>(c) + "yyyyyyyyyyyy</title></channel></rss>";
      const Feed feed = parse_ok(xml);
      const bool allowed = c == '\t' || c == '\n' || c == '\r';
      EXPECT_EQ(feed.malformed, !allowed) << "byte " << c << " at +" << offset;
    }
  }
}

}  // namespace
}  // namespace akhbar::parsers
