#include "notify/exec_sink.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <spdlog/spdlog.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <sstream>

extern char** environ;

namespace akhbar::notify {

namespace {

using Clock = std::chrono::steady_clock;

// Closes a descriptor once.
struct Fd {
  int fd = -1;
  ~Fd() { close_now(); }
  void close_now() {
    if (fd >= 0) ::close(fd);
    fd = -1;
  }
};

// Reaps `pid`, killing it first when it has not exited: SIGTERM, then
// SIGKILL after a grace second. Returns the wait status.
int reap(pid_t pid, bool kill_first) {
  int status = 0;
  if (kill_first) {
    ::kill(pid, SIGTERM);
    const auto grace = Clock::now() + std::chrono::seconds(1);
    while (Clock::now() < grace) {
      if (::waitpid(pid, &status, WNOHANG) == pid) return status;
      ::usleep(10'000);
    }
    ::kill(pid, SIGKILL);
  }
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return status;
}

// Blocks SIGPIPE in this thread while a command runs (writing to a command
// that exited must be an error, not the end of the daemon), then discards a
// SIGPIPE left pending and restores the mask.
class PipeSignalGuard {
 public:
  PipeSignalGuard() {
    sigemptyset(&pipe_);
    sigaddset(&pipe_, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_, &previous_);
  }
  ~PipeSignalGuard() {
    const timespec zero{0, 0};
    while (sigtimedwait(&pipe_, nullptr, &zero) == SIGPIPE) {
    }
    pthread_sigmask(SIG_SETMASK, &previous_, nullptr);
  }
  PipeSignalGuard(const PipeSignalGuard&) = delete;
  PipeSignalGuard& operator=(const PipeSignalGuard&) = delete;

 private:
  sigset_t pipe_, previous_;
};

}  // namespace

CommandResult run_command(const std::vector<std::string>& argv, const std::string& input,
                          const CommandOptions& options, const std::atomic<bool>& stop) {
  CommandResult result;
  if (argv.empty()) {
    result.error = "no command";
    return result;
  }
  const PipeSignalGuard pipe_guard;
  int in_pipe[2], out_pipe[2];
  if (::pipe2(in_pipe, O_CLOEXEC) != 0) {
    result.error = "pipe failed";
    return result;
  }
  if (::pipe2(out_pipe, O_CLOEXEC) != 0) {
    ::close(in_pipe[0]);
    ::close(in_pipe[1]);
    result.error = "pipe failed";
    return result;
  }
  Fd child_in{in_pipe[0]}, to_child{in_pipe[1]}, from_child{out_pipe[0]}, child_out{out_pipe[1]};
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, child_in.fd, 0);
  posix_spawn_file_actions_adddup2(&actions, child_out.fd, 1);
  posix_spawn_file_actions_adddup2(&actions, child_out.fd, 2);
  // The daemon blocks its signals for sigwait(); the command must not inherit that.
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  sigset_t none;
  sigemptyset(&none);
  posix_spawnattr_setsigmask(&attributes, &none);
  sigset_t defaults;
  sigemptyset(&defaults);
  sigaddset(&defaults, SIGPIPE);
  posix_spawnattr_setsigdefault(&attributes, &defaults);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  std::vector<std::string> args = argv;
  std::vector<char*> raw;
  for (auto& a : args) raw.push_back(a.data());
  raw.push_back(nullptr);
  pid_t pid = -1;
  const int spawned = ::posix_spawnp(&pid, raw[0], &actions, &attributes, raw.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  child_in.close_now();
  child_out.close_now();
  if (spawned != 0) {
    result.error = "cannot run " + argv[0] + ": " + std::strerror(spawned);
    return result;
  }
  ::fcntl(to_child.fd, F_SETFL, O_NONBLOCK);
  std::size_t written = 0;
  if (input.empty()) to_child.close_now();
  const auto deadline = Clock::now() + std::chrono::milliseconds(options.timeout_ms);
  bool timed_out = false, stopped = false, exited = false;
  int status = 0;
  // Feed stdin and drain stdout together: a command that writes before it
  // reads everything must not deadlock us.
  while (from_child.fd >= 0) {
    if (stop) {
      stopped = true;
      break;
    }
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) {
      timed_out = true;
      break;
    }
    pollfd fds[2] = {{from_child.fd, POLLIN, 0}, {to_child.fd, POLLOUT, 0}};
    const int ready =
        ::poll(fds, to_child.fd >= 0 ? 2 : 1, static_cast<int>(std::min<long>(left, 100)));
    if (ready < 0 && errno != EINTR) break;
    // A quiet pipe may be held open by something the command left running
    // in the background: the command's own exit is what counts.
    if (ready == 0 && ::waitpid(pid, &status, WNOHANG) == pid) {
      exited = true;
      break;
    }
    if (to_child.fd >= 0 && (fds[1].revents & (POLLOUT | POLLERR | POLLHUP))) {
      // A command that exits without reading gives EPIPE: SIGPIPE is
      // blocked in this thread (PipeSignalGuard).
      const ssize_t n = ::write(to_child.fd, input.data() + written, input.size() - written);
      if (n > 0) written += static_cast<std::size_t>(n);
      if ((n < 0 && errno != EAGAIN && errno != EINTR) || written == input.size())
        to_child.close_now();
    }
    if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) {
      char buffer[4096];
      const ssize_t n = ::read(from_child.fd, buffer, sizeof buffer);
      if (n > 0) {
        if (result.output.size() < options.max_output_bytes)
          result.output.append(
              buffer, std::min<std::size_t>(static_cast<std::size_t>(n),
                                            options.max_output_bytes - result.output.size()));
      } else if (n == 0 || errno != EINTR) {
        from_child.close_now();
      }
    }
  }
  to_child.close_now();
  if (timed_out || stopped) {
    status = reap(pid, true);
  } else if (!exited) {
    // Output closed: the command is ending (or closed its stdout and goes
    // on, which the deadline still bounds).
    while (Clock::now() < deadline && !stop) {
      if (::waitpid(pid, &status, WNOHANG) == pid) {
        exited = true;
        break;
      }
      ::usleep(10'000);
    }
    if (!exited) {
      timed_out = !stop;
      stopped = stop;
      status = reap(pid, true);
    }
  }
  if (timed_out) {
    result.error = "timed out after " + std::to_string(options.timeout_ms) + " ms";
  } else if (stopped) {
    result.error = "stopped";
  } else if (WIFEXITED(status)) {
    result.exit_code = WEXITSTATUS(status);
    if (result.exit_code != 0) result.error = "exit status " + std::to_string(result.exit_code);
  } else if (WIFSIGNALED(status)) {
    result.error = "killed by signal " + std::to_string(WTERMSIG(status));
  }
  return result;
}

DeliveryOutcome ExecSink::run(const std::string& input, const std::atomic<bool>& stop) {
  CommandOptions options;
  options.timeout_ms = spec_.timeout_ms;
  const CommandResult result = run_command(spec_.command, input, options, stop);
  std::istringstream lines(result.output);
  for (std::string line; std::getline(lines, line);) {
    spdlog::info("sink {}: {}", spec_.name, line);
  }
  DeliveryOutcome outcome;
  outcome.delivered = result.error.empty();
  outcome.error = result.error;
  return outcome;
}

DeliveryOutcome ExecSink::deliver(const DeliveryBatch& batch, const std::atomic<bool>& stop) {
  if (!spec_.per_event) return run(batch_json(batch), stop);
  // One run per event; a failure fails the batch, and the retry runs the
  // events that already went through again (at-least-once).
  for (const auto& event : batch.events) {
    DeliveryOutcome outcome = run(event_json(event) + "\n", stop);
    if (!outcome.delivered) return outcome;
  }
  return {true, {}, {}};
}

}  // namespace akhbar::notify
