#include "notify/signature.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>

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

namespace akhbar::notify {
namespace {

std::string events_doc() { return testing::read_fixture("../../docs/events.md"); }

// The fenced block of docs/events.md that starts with "```LANG\n" + `start`.
std::string doc_block(const std::string& language, const std::string& start) {
  const std::string doc = events_doc();
  const auto begin = doc.find("```" + language + "\n" + start);
  if (begin == std::string::npos) return {};
  const auto body = begin + language.size() + 4;
  return doc.substr(body, doc.find("```", body) - body);
}

TEST(Signature, TheDocsShowTheShellRecipeTheTestsRun) {
  EXPECT_EQ(doc_block("sh", "expected="), std::string(testing::kShellVerifyRecipe) + "\n");
}

TEST(Signature, PythonRecipeFromTheDocsAcceptsOursAndRejectsOthers) {
  if (std::system("python3 -c pass >/dev/null 2>&1") != 0) GTEST_SKIP() << "no python3";
  const std::string recipe = doc_block("python", "import hashlib");
  ASSERT_FALSE(recipe.empty());
  testing::TempDir dir;
  const std::string timestamp = std::to_string(std::time(nullptr));
  const std::string body = R"({"events":[{"id":1,"title":"عنوان"}]})";
  testing::write_file(dir.file("body.json"), body);
  testing::write_file(
      dir.file("check.py"),
      recipe +
          "\nimport sys\nbody = open(sys.argv[1], 'rb').read()\n"
          "print(verify(b'k3y', sys.argv[2], body, sys.argv[3]),\n"
          "      verify(b'k3y', sys.argv[2], body + b' ', sys.argv[3]),\n"
          "      verify(b'k3y', str(int(sys.argv[2]) - 3600), body, sys.argv[3]))\n");
  const std::string command = "python3 " + dir.file("check.py") + " " + dir.file("body.json") +
                              " " + timestamp + " " + webhook_signature("k3y", timestamp, body);
  FILE* pipe = popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  char buffer[64] = {};
  const std::size_t n = fread(buffer, 1, sizeof buffer - 1, pipe);
  pclose(pipe);
  EXPECT_EQ(std::string(buffer, n), "True False False\n");
}

}  // namespace
}  // namespace akhbar::notify
