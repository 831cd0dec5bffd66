// [[sinks]] in the configuration: every key read, every bad value rejected
// with FILE:LINE:COL.
#include <gtest/gtest.h>

#include "daemon/config.h"

namespace akhbar::daemon {
namespace {

std::string error_for(const std::string& text) {
  auto config = parse_config(text, "test.toml");
  EXPECT_FALSE(config) << "accepted:\n" << text;
  return config ? std::string() : config.error();
}

void expect_error(const std::string& text, const std::string& position,
                  const std::string& message) {
  const std::string error = error_for(text);
  EXPECT_EQ(error.rfind("test.toml:" + position + ": ", 0), 0u) << error;
  EXPECT_NE(error.find(message), std::string::npos) << error;
}

TEST(SinkConfig, ReadsEveryKey) {
  auto config = parse_config(R"([admin]
max_event_streams = 3
[[sinks]]
name = "hook"
kind = "webhook"
url = "https://consumer.internal/akhbar"
secret = "s"
timeout = "30s"
batch_size = 20
max_attempts = 4
retry_delay = "10s"
max_retry_delay = "1h"
sites = ["aljazeera.net", "bbc.com"]
languages = ["ar"]
event_types = ["article.new", "story.new"]
include_text = true
enabled = false
[[sinks]]
name = "script_1"
kind = "exec"
command = ["/usr/local/bin/on-article", "--quiet"]
mode = "event"
)",
                             "test.toml");
  ASSERT_TRUE(config) << config.error();
  EXPECT_EQ(config->admin.max_event_streams, 3);
  ASSERT_EQ(config->sinks.size(), 2u);
  const auto& hook = config->sinks[0];
  EXPECT_EQ(hook.name, "hook");
  EXPECT_EQ(hook.kind, "webhook");
  EXPECT_EQ(hook.url, "https://consumer.internal/akhbar");
  EXPECT_EQ(hook.secret, "s");
  EXPECT_EQ(hook.timeout_ms, 30'000);
  EXPECT_EQ(hook.batch_size, 20);
  EXPECT_EQ(hook.max_attempts, 4);
  EXPECT_EQ(hook.retry_delay_seconds, 10);
  EXPECT_EQ(hook.max_retry_delay_seconds, 3600);
  EXPECT_EQ(hook.sites, (std::vector<std::string>{"aljazeera.net", "bbc.com"}));
  EXPECT_EQ(hook.languages, (std::vector<std::string>{"ar"}));
  EXPECT_EQ(hook.event_types, (std::vector<std::string>{"article.new", "story.new"}));
  EXPECT_TRUE(hook.include_text);
  EXPECT_FALSE(hook.enabled);
  const auto& exec = config->sinks[1];
  EXPECT_EQ(exec.command, (std::vector<std::string>{"/usr/local/bin/on-article", "--quiet"}));
  EXPECT_TRUE(exec.per_event);
  EXPECT_TRUE(exec.enabled);
  EXPECT_EQ(exec.batch_size, 50);  // defaults
  EXPECT_EQ(exec.max_attempts, 8);
  EXPECT_EQ(exec.timeout_ms, 10'000);
}

TEST(SinkConfig, BadSinksAreRejectedWithTheirPosition) {
  const std::string hook = "[[sinks]]\nname = \"h\"\nkind = \"webhook\"\nurl = \"http://x/\"\n";
  expect_error("[[sinks]]\nkind = \"webhook\"\nurl = \"http://x/\"\n", "1:1", "needs a 'name'");
  expect_error("[[sinks]]\nname = \"a b\"\nkind = \"exec\"\n", "2:8", "letters, digits");
  expect_error("[[sinks]]\nname = \"h\"\nkind = \"mail\"\n", "3:8",
               "'kind' must be webhook or exec (got 'mail')");
  expect_error("[[sinks]]\nname = \"h\"\nkind = \"webhook\"\nurl = \"ftp://x/\"\n", "4:7",
               "a webhook needs a 'url'");
  expect_error("[[sinks]]\nname = \"h\"\nkind = \"webhook\"\n", "1:1", "a webhook needs a 'url'");
  expect_error("[[sinks]]\nname = \"h\"\nkind = \"exec\"\n", "1:1", "needs a 'command'");
  expect_error("[[sinks]]\nname = \"h\"\nkind = \"exec\"\ncommand = \"run.sh\"\n", "4:11",
               "'sinks[1].command' must be an array of strings");
  expect_error("[[sinks]]\nname = \"h\"\nkind = \"exec\"\ncommand = [\"a\", 2]\n", "4:17",
               "must be an array of strings");
  expect_error("[[sinks]]\nname = \"h\"\nkind = \"exec\"\ncommand = [\"a\"]\nmode = \"each\"\n",
               "5:8", "'mode' must be batch or event");
  expect_error("[[sinks]]\nname = \"h\"\nkind = \"exec\"\ncommand = [\"a\"]\nurl = \"http://x/\"\n",
               "5:7", "'url' and 'secret' are for webhook sinks");
  expect_error(hook + "command = [\"a\"]\n", "5:11", "'command' and 'mode' are for exec sinks");
  expect_error(hook + "event_types = [\"article.created\"]\n", "5:15",
               "unknown event type 'article.created'");
  expect_error(hook + "batch_size = 0\n", "5:14", "'sinks[1].batch_size' must be at least 1");
  expect_error(hook + "max_attempts = 0\n", "5:16", "must be at least 1");
  expect_error(hook + "timeout = \"2x\"\n", "5:11", "invalid duration");
  expect_error(hook + "retry_delay = \"1h\"\nmax_retry_delay = \"1m\"\n", "6:19",
               "'max_retry_delay' is shorter than 'retry_delay'");
  expect_error(hook + "include_text = 1\n", "5:16", "true or false");
  expect_error(hook + "sites = \"a.example\"\n", "5:9", "must be an array of strings");
  expect_error(hook + "filter = 1\n", "5:1", "unknown key 'filter' in sinks[1]");
  expect_error(hook + hook, "5:1", "duplicate sink name 'h'");
  expect_error("sinks = 1\n", "1:9", "'sinks' must be an array of tables");
  expect_error("[admin]\nmax_event_streams = 0\n", "2:21", "at least 1");
}

}  // namespace
}  // namespace akhbar::daemon
