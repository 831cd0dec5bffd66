// A webhook receiver on 127.0.0.1 for delivery tests: records every POST it
// gets (headers and body) and answers from a script — fail with a status,
// hang past the sender's timeout, or accept — then accepts everything.
#pragma once

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "tests/test_server.h"

namespace akhbar::testing {

struct ReceivedPost {
  std::string body;
  std::string delivery;
  std::string timestamp;
  std::string signature;
  std::string event_type;
  std::string event_types;
  int answered = 0;  // the status we answered with (0: hung)
};

class WebhookReceiver {
 public:
  struct Step {
    int status = 200;  // answered after `hang`
    std::chrono::milliseconds hang{0};
  };

  explicit WebhookReceiver(std::deque<Step> script = {}) : script_(std::move(script)) {
    server_.http().Post("/hook", [this](const httplib::Request& request, httplib::Response& r) {
      ++arrived_;
      Step step;
      {
        std::lock_guard lock(mutex_);
        if (!script_.empty()) {
          step = script_.front();
          script_.pop_front();
        }
      }
      // Recorded on arrival, so posts() is in the order the attempts were made.
      ReceivedPost post{request.body,
                        request.get_header_value("X-Akhbar-Delivery"),
                        request.get_header_value("X-Akhbar-Timestamp"),
                        request.get_header_value("X-Akhbar-Signature"),
                        request.get_header_value("X-Akhbar-Event-Type"),
                        request.get_header_value("X-Akhbar-Event-Types"),
                        step.hang.count() > 0 ? 0 : step.status};
      {
        std::lock_guard lock(mutex_);
        posts_.push_back(post);
      }
      if (step.hang.count() > 0) std::this_thread::sleep_for(step.hang);
      r.status = step.status;
      r.set_content("", "text/plain");
    });
    server_.start();
  }

  std::string url() const { return server_.url("/hook"); }
  // Requests that reached the handler (counted before any hang).
  int arrived() const { return arrived_; }
  std::vector<ReceivedPost> posts() {
    std::lock_guard lock(mutex_);
    return posts_;
  }
  // The posts we accepted (answered 2xx).
  std::vector<ReceivedPost> accepted() {
    std::vector<ReceivedPost> out;
    for (auto& p : posts())
      if (p.answered >= 200 && p.answered < 300) out.push_back(p);
    return out;
  }
  void set_script(std::deque<Step> script) {
    std::lock_guard lock(mutex_);
    script_ = std::move(script);
  }

 private:
  std::atomic<int> arrived_{0};
  std::mutex mutex_;
  std::deque<Step> script_;
  std::vector<ReceivedPost> posts_;
  TestServer server_;
};

}  // namespace akhbar::testing

#include <cstdio>
#include <cstdlib>

#include "tests/test_support.h"

namespace akhbar::testing {

// The shell recipe of docs/events.md, run as written (openssl, not our
// code): prints "valid" when `signature` is right for the timestamp and body.
inline constexpr const char* kShellVerifyRecipe =
    R"sh(expected="sha256=$( { printf '%s.' "$TIMESTAMP"; cat body.json; } | openssl dgst -sha256 -hmac "$SECRET" | sed 's/^.*= //')"
[ "$expected" = "$SIGNATURE" ] && echo valid)sh";

inline bool shell_verifies(const std::string& secret, const ReceivedPost& post) {
  TempDir dir;
  write_file(dir.file("body.json"), post.body);
  write_file(dir.file("verify.sh"), kShellVerifyRecipe);
  const auto quote = [](const std::string& s) {
    std::string q = "'";
    for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
  };
  const std::string command = "cd " + quote(dir.path().string()) + " && SECRET=" + quote(secret) +
                              " TIMESTAMP=" + quote(post.timestamp) +
                              " SIGNATURE=" + quote(post.signature) + " sh verify.sh";
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return false;
  char buffer[64] = {};
  const std::size_t n = fread(buffer, 1, sizeof buffer - 1, pipe);
  pclose(pipe);
  return std::string(buffer, n) == "valid\n";
}

}  // namespace akhbar::testing
