#include "fetchers/charset.h"

#include <gtest/gtest.h>

#include "text/utf8.h"

namespace akhbar::fetchers {
namespace {

// "خبر" in windows-1256 (and, for these letters, ISO-8859-6): خ=0xCE ب=0xC8 ر=0xD1.
const std::string kKhabar1256 = "\xCE\xC8\xD1";

TEST(Charset, Utf8BomIsStrippedAndWins) {
  const auto d = decode_to_utf8("\xEF\xBB\xBFخبر", "text/html; charset=windows-1256");
  EXPECT_EQ(d.text, "خبر");
  EXPECT_EQ(d.source, "bom");
}

TEST(Charset, Utf16WithBom) {
  const std::string le("\xFF\xFE\x2E\x06\x28\x06\x31\x06", 8);  // خبر in UTF-16LE
  EXPECT_EQ(decode_to_utf8(le, "").text, "خبر");
  const std::string be("\xFE\xFF\x06\x2E\x06\x28\x06\x31", 8);
  EXPECT_EQ(decode_to_utf8(be, "").text, "خبر");
}

TEST(Charset, HttpHeaderCharset) {
  const auto d = decode_to_utf8("<p>" + kKhabar1256 + "</p>", "text/html; charset=windows-1256");
  EXPECT_EQ(d.text, "<p>خبر</p>");
  EXPECT_EQ(d.charset, "windows-1256");
  EXPECT_EQ(d.source, "http");
}

TEST(Charset, Iso88596DeclaredInHeader) {
  const auto d = decode_to_utf8(kKhabar1256, "text/html; Charset=\"ISO-8859-6\"");
  EXPECT_EQ(d.text, "خبر");
  EXPECT_EQ(d.charset, "iso-8859-6");
}

TEST(Charset, MetaCharsetWithoutHeader) {
  const auto d = decode_to_utf8(
      "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1256\">"
      "</head><body>" +
          kKhabar1256 + "</body></html>",
      "text/html");
  EXPECT_NE(d.text.find("خبر"), std::string::npos);
  EXPECT_EQ(d.source, "meta");
}

TEST(Charset, XmlDeclaration) {
  const auto d = decode_to_utf8(
      "<?xml version=\"1.0\" encoding=\"windows-1256\"?><rss>" + kKhabar1256 + "</rss>",
      "application/xml");
  EXPECT_NE(d.text.find("<rss>خبر</rss>"), std::string::npos);
  EXPECT_EQ(d.source, "xml");
}

TEST(Charset, XmlDeclarationAfterLeadingWhiteSpace) {
  // ISO-8859-6 and windows-1256 differ here: ي is 0xEA in ISO-8859-6.
  const auto d =
      decode_to_utf8("\n  <?xml version=\"1.0\" encoding=\"ISO-8859-6\"?><t>\xEA</t>", "");
  EXPECT_NE(d.text.find("<t>ي</t>"), std::string::npos) << d.text;
  EXPECT_EQ(d.charset, "iso-8859-6");
}

TEST(Charset, UndeclaredLegacyArabicIsGuessed) {
  const auto d = decode_to_utf8("<p>" + kKhabar1256 + "</p>", "");
  EXPECT_EQ(d.text, "<p>خبر</p>");
  EXPECT_EQ(d.charset, "windows-1256");
}

TEST(Charset, UndeclaredUtf8StaysUtf8) {
  const auto d = decode_to_utf8("<p>خبر</p>", "text/html");
  EXPECT_EQ(d.text, "<p>خبر</p>");
  EXPECT_EQ(d.charset, "utf-8");
}

TEST(Charset, InvalidBytesInDeclaredUtf8AreReplaced) {
  const auto d = decode_to_utf8("خبر\xFF\xFE", "text/html; charset=utf-8");
  EXPECT_TRUE(text::is_valid_utf8(d.text));
  EXPECT_EQ(d.text, "خبر\uFFFD\uFFFD");
}

TEST(Charset, UnknownDeclaredCharsetFallsBackSafely) {
  const auto d = decode_to_utf8("<p>خبر</p>", "text/html; charset=x-no-such-charset");
  EXPECT_EQ(d.text, "<p>خبر</p>");
  EXPECT_TRUE(text::is_valid_utf8(d.text));
}

TEST(Charset, Latin1LabelMeansWindows1252) {
  const auto d = decode_to_utf8("caf\xE9 \x93quoted\x94", "text/html; charset=iso-8859-1");
  EXPECT_EQ(d.text, "café “quoted”");
}

TEST(Charset, MetaClaimingUtf16InAsciiIsTreatedAsUtf8) {
  const auto d = decode_to_utf8("<meta charset=\"utf-16\"><p>خبر</p>", "");
  EXPECT_NE(d.text.find("<p>خبر</p>"), std::string::npos);
}

TEST(Charset, ContentTypeParsing) {
  EXPECT_EQ(charset_from_content_type("text/html; charset=UTF-8"), "utf-8");
  EXPECT_EQ(charset_from_content_type("text/html;charset='cp1256'"), "windows-1256");
  EXPECT_EQ(charset_from_content_type("text/html"), "");
}

}  // namespace
}  // namespace akhbar::fetchers
