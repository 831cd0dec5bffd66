#include "daemon/config_edit.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <toml++/toml.h>

#include <cstdio>
#include <sstream>

#include "daemon/command_support.h"

namespace akhbar::daemon {

std::string sources_as_toml(const std::vector<SourceConfig>& sources,
                            std::int64_t default_interval) {
  toml::array tables;
  for (const auto& s : sources) {
    toml::table t;
    t.insert("name", s.name);
    t.insert("url", s.url);
    t.insert("kind", s.kind);
    if (s.interval_seconds != default_interval) t.insert("interval", s.interval_seconds);
    if (!s.enabled) t.insert("enabled", false);
    if (s.ignore_robots) t.insert("ignore_robots", true);
    tables.push_back(std::move(t));
  }
  toml::table root;
  root.insert("sources", std::move(tables));
  std::ostringstream out;
  out << toml::toml_formatter{root};
  return out.str() + "\n";
}

namespace {

Status write_atomically(const std::string& path, const std::string& text) {
  struct stat info {};
  const mode_t mode = ::stat(path.c_str(), &info) == 0 ? (info.st_mode & 07777) : 0644;
  const std::string temporary = path + ".akhbar-new";
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
  if (fd < 0) return make_error("cannot write " + temporary + ": " + std::strerror(errno));
  bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  ok = ok && ::fchmod(fd, mode) == 0 && ::fsync(fd) == 0;
  ok = (::close(fd) == 0) && ok;
  if (!ok || std::rename(temporary.c_str(), path.c_str()) != 0) {
    const std::string why = std::strerror(errno);
    std::remove(temporary.c_str());
    return make_error("cannot write " + path + ": " + why);
  }
  return {};
}

}  // namespace

Status append_sources(const std::string& path, const std::vector<SourceConfig>& sources) {
  auto current_text = read_file(path);
  if (!current_text) return make_error(current_text.error());
  auto current = parse_config(*current_text, path);
  if (!current) return make_error(current.error());
  std::string text = *current_text;
  if (!text.empty() && text.back() != '\n') text += '\n';
  text += "\n" + sources_as_toml(sources, current->poll_interval_seconds);
  if (auto checked = parse_config(text, path); !checked) {
    return make_error("not changed: the configuration would be invalid: " + checked.error());
  }
  return write_atomically(path, text);
}

std::string unique_source_name(const Config& config, const std::string& wanted,
                               const std::vector<SourceConfig>& also_taken) {
  const auto taken = [&](const std::string& name) {
    for (const auto& s : config.sources) {
      if (s.name == name) return true;
    }
    for (const auto& s : also_taken) {
      if (s.name == name) return true;
    }
    return false;
  };
  if (!taken(wanted)) return wanted;
  for (int n = 2;; ++n) {
    const std::string candidate = wanted + "-" + std::to_string(n);
    if (!taken(candidate)) return candidate;
  }
}

}  // namespace akhbar::daemon
