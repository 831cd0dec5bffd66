// Soak: `akhbar serve` against 2,000 feeds on a local server for ten
// minutes (by default). Each feed gains an article every few minutes, as
// real ones do. Every 10 s it samples the service's RSS and open file
// descriptors; at the end it prints start and end figures and checks that
// every article the server published is stored, with its event.
//
//   build/bin/soak [--akhbar build/bin/akhbar] [--feeds 2000] [--seconds 600]
//                  [--every 180] [--workdir DIR]
//
// The server runs in a forked child; akhbar is a second child. Nothing
// leaves 127.0.0.1.
#include <httplib.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

struct Options {
  std::string akhbar = "build/bin/akhbar";
  int feeds = 2000;
  int seconds = 600;
  int every = 180;  // a feed gains an article every this many seconds
  std::string workdir;
};

// Articles feed `f` has published `elapsed` seconds into the run: one at
// the start, then one every `every` seconds, each feed offset so that they
// do not all publish at once.
int published(int f, long elapsed, int every) {
  const long offset = (f * 7919L) % every;
  return 1 + static_cast<int>(elapsed >= offset ? (elapsed - offset) / every + 1 : 0);
}

std::string article_html(int f, int n) {
  static const char* kWords[] = {"أعلنت",     "الحكومة",  "اليوم",   "خطة",     "جديدة", "لدعم",
                                 "المزارعين", "في",       "المناطق", "الريفية", "وقال",  "الوزير",
                                 "إن",        "البرنامج", "يشمل",    "قروضا",   "ميسرة", "ومعدات",
                                 "حديثة",     "للري",     "وتدريب",  "الشباب",  "على",   "الزراعة"};
  std::mt19937 order(static_cast<unsigned>(f * 100003 + n));
  std::string body;
  for (int p = 0; p < 4; ++p) {
    body += "<p>";
    for (int w = 0; w < 30; ++w) body += std::string(kWords[order() % 24]) + " ";
    body +=
        "رقم " + std::to_string(f) + "-" + std::to_string(n) + "-" + std::to_string(p) + ".</p>";
  }
  return "<html lang=\"ar\"><head><title>خبر " + std::to_string(f) + "-" + std::to_string(n) +
         "</title></head><body><article><h1>خبر " + std::to_string(f) + "-" + std::to_string(n) +
         "</h1>" + body + "</article></body></html>";
}

[[noreturn]] void serve(int port_pipe, const Options& o, Clock::time_point start) {
  httplib::Server server;
  int port = 0;  // set once bound, before the first request
  server.set_tcp_nodelay(true);
  server.new_task_queue = [] { return new httplib::ThreadPool(16); };
  server.Get(R"(/feed/(\d+)\.xml)", [&](const httplib::Request& r, httplib::Response& res) {
    const int f = std::stoi(r.matches[1]);
    const long elapsed =
        std::chrono::duration_cast<std::chrono::seconds>(Clock::now() - start).count();
    const int count = published(f, elapsed, o.every);
    std::string xml = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>feed " +
                      std::to_string(f) + "</title>";
    for (int n = count - 1; n >= 0 && n >= count - 20; --n) {
      const std::string url = "http://127.0.0.1:" + std::to_string(port) + "/a/" +
                              std::to_string(f) + "/" + std::to_string(n) + ".html";
      xml += "<item><title>خبر " + std::to_string(n) + "</title><link>" + url + "</link></item>";
    }
    res.set_content(xml + "</channel></rss>", "application/rss+xml");
  });
  server.Get(R"(/a/(\d+)/(\d+)\.html)", [](const httplib::Request& r, httplib::Response& res) {
    res.set_content(article_html(std::stoi(r.matches[1]), std::stoi(r.matches[2])),
                    "text/html; charset=utf-8");
  });
  port = server.bind_to_any_port("127.0.0.1");
  if (write(port_pipe, &port, sizeof port) != sizeof port) _exit(1);
  server.listen_after_bind();
  _exit(0);
}

long proc_value_kib(pid_t pid, const char* field) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind(field, 0) == 0) return std::atol(line.c_str() + std::strlen(field));
  }
  return -1;
}

long open_fds(pid_t pid) {
  std::error_code ec;
  long n = 0;
  for (auto it = std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/fd", ec);
       !ec && it != std::filesystem::directory_iterator(); ++it) {
    ++n;
  }
  return n;
}

long long scalar(const std::string& db_path, const char* sql) {
  sqlite3* db = nullptr;
  long long value = -1;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_busy_timeout(db, 2000);
    sqlite3_stmt* q = nullptr;
    if (sqlite3_prepare_v2(db, sql, -1, &q, nullptr) == SQLITE_OK && sqlite3_step(q) == SQLITE_ROW)
      value = sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
  }
  sqlite3_close_v2(db);
  return value;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--akhbar")
      o.akhbar = argv[i + 1];
    else if (flag == "--feeds")
      o.feeds = std::atoi(argv[i + 1]);
    else if (flag == "--seconds")
      o.seconds = std::atoi(argv[i + 1]);
    else if (flag == "--every")
      o.every = std::max(1, std::atoi(argv[i + 1]));
    else if (flag == "--workdir")
      o.workdir = argv[i + 1];
  }
  if (o.workdir.empty()) {
    char pattern[] = "/tmp/akhbar-soak-XXXXXX";
    o.workdir = mkdtemp(pattern);
  }
  const auto start = Clock::now();
  int pipe_fds[2];
  if (pipe(pipe_fds) != 0) return 1;
  const pid_t server = fork();
  if (server == 0) serve(pipe_fds[1], o, start);
  int port = 0;
  if (read(pipe_fds[0], &port, sizeof port) != sizeof port || port <= 0) return 1;

  const std::string db = o.workdir + "/soak.db";
  const std::string config = o.workdir + "/soak.toml";
  {
    std::ofstream c(config);
    c << "database = \"" << db << "\"\nmax_articles_per_poll = 100\n"
      << "[http]\nallow_private_networks = true\nper_site_concurrency = 0\n"
      << "per_site_delay = 0\nconcurrency = 16\n[admin]\nlisten = \"\"\n";
    for (int f = 0; f < o.feeds; ++f) {
      c << "[[sources]]\nname = \"feed-" << f << "\"\nurl = \"http://127.0.0.1:" << port << "/feed/"
        << f << ".xml\"\ninterval = \"1m\"\nmin_interval = \"1m\"\n"
        << "max_interval = \"3m\"\n";
    }
  }
  const pid_t akhbar = fork();
  if (akhbar == 0) {
    const std::string log = o.workdir + "/akhbar.log";
    freopen(log.c_str(), "w", stderr);
    execl(o.akhbar.c_str(), o.akhbar.c_str(), "serve", "--config", config.c_str(), "--log-level",
          "warn", static_cast<char*>(nullptr));
    _exit(127);
  }
  std::printf("soak: %d feeds, %d s, an article per feed every %d s; workdir %s\n", o.feeds,
              o.seconds, o.every, o.workdir.c_str());
  std::printf("%8s %10s %8s %10s %8s\n", "t (s)", "RSS (KiB)", "fds", "articles", "events");
  long first_rss = -1, first_fds = -1, last_rss = -1, last_fds = -1, peak_rss = 0;
  for (int t = 10; t <= o.seconds; t += 10) {
    std::this_thread::sleep_until(start + std::chrono::seconds(t));
    int status = 0;
    if (waitpid(akhbar, &status, WNOHANG) == akhbar) {
      std::printf("akhbar exited early (status %d); see %s/akhbar.log\n", status,
                  o.workdir.c_str());
      kill(server, SIGTERM);
      return 1;
    }
    last_rss = proc_value_kib(akhbar, "VmRSS:");
    last_fds = open_fds(akhbar);
    peak_rss = std::max(peak_rss, last_rss);
    if (t == 60) {  // after the first full round: the baseline
      first_rss = last_rss;
      first_fds = last_fds;
    }
    std::printf("%8d %10ld %8ld %10lld %8lld\n", t, last_rss, last_fds,
                scalar(db, "SELECT count(*) FROM articles"),
                scalar(db, "SELECT count(*) FROM events WHERE type LIKE 'article.%'"));
    std::fflush(stdout);
  }
  // Stop publishing in effect: what the feeds list at the end must be stored.
  const long end = o.seconds;
  long long expected = 0;
  for (int f = 0; f < o.feeds; ++f) expected += published(f, end, o.every);
  // Let the service catch up on the last round (bounded).
  for (int i = 0; i < 30 && scalar(db, "SELECT count(*) FROM articles") < expected; ++i) {
    std::this_thread::sleep_for(std::chrono::seconds(10));
  }
  kill(akhbar, SIGTERM);
  int status = 0;
  waitpid(akhbar, &status, 0);
  kill(server, SIGTERM);
  waitpid(server, nullptr, 0);
  const long long stored = scalar(db, "SELECT count(*) FROM articles");
  const long long events = scalar(db, "SELECT count(*) FROM events WHERE type LIKE 'article.%'");
  std::printf("RSS after the first minute %ld KiB, at the end %ld KiB, peak %ld KiB\n", first_rss,
              last_rss, peak_rss);
  std::printf("open fds after the first minute %ld, at the end %ld\n", first_fds, last_fds);
  std::printf("articles published by the end %lld (at least), stored %lld, events %lld\n", expected,
              stored, events);
  std::printf("clean exit on SIGTERM: %s\n",
              WIFEXITED(status) && WEXITSTATUS(status) == 0 ? "yes" : "no");
  return stored >= expected && events == stored ? 0 : 1;
}
