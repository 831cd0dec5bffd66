// ExecSink: runs the sink's command (argv from the configuration, no shell)
// with the JSON on standard input: the batch (sink.h batch_json), or with
// per_event one run per event with that event's JSON line. Exit status 0 is
// delivered. A run longer than the timeout gets SIGTERM, then SIGKILL a
// second later, and counts as failed; so does stopping the dispatcher. The
// command's stdout and stderr go to the log, line by line.
#pragma once

#include "notify/sink.h"

namespace akhbar::notify {

struct CommandResult {
  int exit_code = -1;  // -1: did not exit by itself (killed, or could not start)
  std::string error;   // "" when it exited with 0
  std::string output;  // stdout and stderr interleaved
};

struct CommandOptions {
  std::int64_t timeout_ms = 10'000;
  std::size_t max_output_bytes = 64 * 1024;  // the rest is read and dropped
};

// Runs argv[0] (searched in PATH) with `input` on stdin.
CommandResult run_command(const std::vector<std::string>& argv, const std::string& input,
                          const CommandOptions& options, const std::atomic<bool>& stop);

class ExecSink : public Sink {
 public:
  explicit ExecSink(SinkSpec spec) : spec_(std::move(spec)) {}
  DeliveryOutcome deliver(const DeliveryBatch& batch, const std::atomic<bool>& stop) override;

 private:
  DeliveryOutcome run(const std::string& input, const std::atomic<bool>& stop);
  SinkSpec spec_;
};

}  // namespace akhbar::notify
