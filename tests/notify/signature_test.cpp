#include "notify/signature.h"

#include <gtest/gtest.h>

#include "tests/notify/webhook_receiver.h"

namespace akhbar::notify {
namespace {

// RFC 4231, test case 2.
TEST(Signature, HmacSha256MatchesRfc4231) {
  EXPECT_EQ(hmac_sha256_hex("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

// RFC 4231, test case 1: a 20-byte key of 0x0b and "Hi There".
TEST(Signature, HmacSha256BinaryKey) {
  EXPECT_EQ(hmac_sha256_hex(std::string(20, '\x0b'), "Hi There"),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
}

TEST(Signature, WebhookSignatureIsOverTimestampDotBody) {
  EXPECT_EQ(webhook_signature("Jefe", "what do ya want", " for nothing?"),
            "sha256=" + hmac_sha256_hex("Jefe", "what do ya want. for nothing?"));
}

TEST(Signature, ShellRecipeFromTheDocsAcceptsOursAndRejectsATamperedBody) {
  testing::ReceivedPost post;
  post.timestamp = "1763800000";
  post.body = R"({"events":[{"id":1,"title":"عنوان"}]})";
  post.signature = webhook_signature("s3cret 'x'", post.timestamp, post.body);
  EXPECT_TRUE(testing::shell_verifies("s3cret 'x'", post));
  post.body += " ";
  EXPECT_FALSE(testing::shell_verifies("s3cret 'x'", post));
}

}  // namespace
}  // namespace akhbar::notify
