#include "text/byte_scan.h"

#include <gtest/gtest.h>

#include <string>

namespace akhbar::text {
namespace {

// Every position of a 40-byte text, so that the byte looked for lands in
// each lane of a sixteen-byte block, in the tail after the last whole
// block, and in texts shorter than one block.
TEST(ByteScan, FindsTheFirstOfTheBytesAtEveryOffset) {
  for (std::size_t size = 0; size <= 40; ++size) {
    for (std::size_t at = 0; at < size; ++at) {
      std::string s(size, 'x');
      s[at] = '&';
      if (at + 1 < size) s[at + 1] = '<';  // a later hit must not win
      for (std::size_t from = 0; from <= at; ++from) {
        EXPECT_EQ((find_any_of<'<', '&'>(s, from)), at) << size << " " << at << " " << from;
      }
      EXPECT_EQ((find_any_of<'>'>(s, 0)), std::string_view::npos);
      if (at + 1 < size) {
        EXPECT_EQ((find_any_of<'<'>(s, 0)), at + 1);
      }
    }
  }
  EXPECT_EQ((find_any_of<'<'>(std::string(20, '<'), 20)), std::string_view::npos);
}

// Bytes 0-8, 11, 12 and 14-31 are XML-illegal controls; tab, LF and CR
// are not, nor is any byte from 0x20 up (UTF-8 included).
TEST(ByteScan, FindsEachControlCharacterAndNothingElse) {
  for (int byte = 0; byte < 256; ++byte) {
    const bool control = byte < 0x20 && byte != '\t' && byte != '\n' && byte != '\r';
    for (std::size_t at : {0u, 7u, 15u, 16u, 31u, 33u}) {
      std::string s(34, 'a');
      s[5] = '\t';
      s[20] = '\n';
      s[30] = '\r';
      if (at != 5 && at != 20 && at != 30) s[at] = static_cast<char>(byte);
      const std::size_t expected =
          control && at != 5 && at != 20 && at != 30 ? at : std::string_view::npos;
      EXPECT_EQ(find_xml_control_character(s), expected) << byte << " at " << at;
    }
  }
  EXPECT_EQ(find_xml_control_character(""), std::string_view::npos);
  EXPECT_EQ(find_xml_control_character("خبر\x7F\xC2\x85"), std::string_view::npos);
}

}  // namespace
}  // namespace akhbar::text
