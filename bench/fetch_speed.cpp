// Fetch throughput: N small documents (default 5,000) from a local HTTP
// server, through HttpClient with per-site limits off, as fast as the
// client can take them. Prints requests per second and the client's peak
// RSS. The server runs in a forked child so its memory is not counted.
//
//   build/bin/fetch_speed [--count N] [--size BYTES] [--concurrency C]
#include <httplib.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "fetchers/http_client.h"

namespace {

long peak_rss_kib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

[[noreturn]] void serve(int port_pipe, std::size_t size) {
  httplib::Server server;
  // Without TCP_NODELAY the server's header and body writes wait on delayed
  // ACKs (~40 ms each) and the benchmark would measure that instead.
  server.set_tcp_nodelay(true);
  server.new_task_queue = [] { return new httplib::ThreadPool(64); };
  const std::string body(size, 'x');
  server.Get(R"(/doc/(\d+))", [&](const httplib::Request&, httplib::Response& r) {
    r.set_content(body, "text/html; charset=utf-8");
  });
  const int port = server.bind_to_any_port("127.0.0.1");
  if (write(port_pipe, &port, sizeof port) != sizeof port) _exit(1);
  server.listen_after_bind();
  _exit(0);
}

}  // namespace

int main(int argc, char** argv) {
  int count = 5000;
  std::size_t size = 2048;
  int concurrency = 8;  // the service's default [http] concurrency
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--count" && i + 1 < argc) {
      count = std::atoi(argv[++i]);
    } else if (arg == "--size" && i + 1 < argc) {
      size = static_cast<std::size_t>(std::atol(argv[++i]));
    } else if (arg == "--concurrency" && i + 1 < argc) {
      concurrency = std::atoi(argv[++i]);
    } else {
      std::fprintf(stderr, "usage: fetch_speed [--count N] [--size BYTES] [--concurrency C]\n");
      return 2;
    }
  }
  int pipe_fds[2];
  if (pipe(pipe_fds) != 0) return 1;
  const pid_t child = fork();
  if (child == 0) serve(pipe_fds[1], size);
  int port = 0;
  if (read(pipe_fds[0], &port, sizeof port) != sizeof port || port <= 0) {
    std::fprintf(stderr, "server did not start\n");
    return 1;
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(100));

  const long rss_before = peak_rss_kib();
  akhbar::fetchers::HttpOptions options;
  options.allow_private_networks = true;  // the server is on 127.0.0.1
  options.concurrency = concurrency;
  options.politeness = {0, 0};  // per-site limits off
  int failures = 0;
  double seconds = 0;
  std::size_t bytes = 0;
  {
    akhbar::fetchers::HttpClient client(options);
    std::vector<akhbar::fetchers::FetchRequest> requests;
    requests.reserve(static_cast<std::size_t>(count));
    for (int i = 0; i < count; ++i) {
      requests.push_back(
          {"http://127.0.0.1:" + std::to_string(port) + "/doc/" + std::to_string(i), "", ""});
    }
    const auto start = std::chrono::steady_clock::now();
    const auto responses = client.fetch_all(requests);
    seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    for (const auto& r : responses) {
      if (!r.ok()) ++failures;
      bytes += r.body.size();
    }
  }
  kill(child, SIGTERM);
  waitpid(child, nullptr, 0);

  std::printf("documents       %d x %zu bytes, concurrency %d, per-site limits off\n", count, size,
              concurrency);
  std::printf("failures        %d\n", failures);
  std::printf("elapsed         %.2f s\n", seconds);
  std::printf("requests/s      %.0f\n", count / seconds);
  std::printf("body MB/s       %.1f\n", static_cast<double>(bytes) / seconds / 1e6);
  std::printf("peak RSS        %.1f MiB (client process; %.1f MiB before the client)\n",
              peak_rss_kib() / 1024.0, rss_before / 1024.0);
  return failures == 0 ? 0 : 1;
}
