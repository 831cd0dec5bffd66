#include "daemon/config.h"

#include <toml++/toml.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "daemon/admin_server.h"
#include "text/ascii.h"
#include "text/url.h"

namespace akhbar::daemon {

namespace {

// A config error at a node's position in the file.
class ConfigError {
 public:
  explicit ConfigError(std::string origin) : origin_(std::move(origin)) {}

  Error at(const toml::source_region& where, const std::string& what) const {
    std::ostringstream out;
    out << origin_;
    if (where.begin.line > 0) out << ":" << where.begin.line << ":" << where.begin.column;
    out << ": " << what;
    return make_error(out.str());
  }

 private:
  std::string origin_;
};

Result<std::int64_t> parse_with_units(
    std::string_view text, std::initializer_list<std::pair<std::string_view, std::int64_t>> units,
    std::string_view what) {
  size_t digits = 0;
  while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits]))) ++digits;
  if (digits == 0 || digits > 15)
    return make_error("invalid " + std::string(what) + " '" + std::string(text) + "'");
  const std::int64_t number = std::stoll(std::string(text.substr(0, digits)));
  std::string_view unit = text.substr(digits);
  while (!unit.empty() && unit.front() == ' ') unit.remove_prefix(1);
  for (const auto& [name, factor] : units) {
    std::int64_t product = 0;
    if (unit != name) continue;
    if (__builtin_mul_overflow(number, factor, &product)) {
      return make_error(std::string(what) + " '" + std::string(text) + "' is too large");
    }
    return product;
  }
  std::string known;
  for (const auto& [name, factor] : units)
    known += (known.empty() ? "" : ", ") + std::string(name.empty() ? "(none)" : name);
  return make_error("invalid " + std::string(what) + " '" + std::string(text) +
                    "' (units: " + known + ")");
}

// Reads tables key by key, checking types and rejecting unknown keys.
class TableReader {
 public:
  TableReader(const toml::table& table, std::string table_name, const ConfigError& errors)
      : table_(table), name_(std::move(table_name)), errors_(errors) {}

  Status read_string(std::string_view key, std::string& out) {
    return read(key, [&](const toml::node& node) -> Status {
      if (const auto* v = node.as_string()) {
        out = v->get();
        return {};
      }
      return errors_.at(node.source(), describe(key) + " must be a string");
    });
  }

  Status read_bool(std::string_view key, bool& out) {
    return read(key, [&](const toml::node& node) -> Status {
      if (const auto* v = node.as_boolean()) {
        out = v->get();
        return {};
      }
      return errors_.at(node.source(), describe(key) + " must be true or false");
    });
  }

  // An integer, or a string with units parsed by `parse`; must be >= minimum.
  Status read_quantity(std::string_view key, std::int64_t& out, std::int64_t minimum,
                       std::int64_t maximum, Result<std::int64_t> (*parse)(std::string_view)) {
    return read(key, [&](const toml::node& node) -> Status {
      std::int64_t value = 0;
      if (const auto* i = node.as_integer()) {
        value = i->get();
      } else if (const auto* s = node.as_string(); s && parse != nullptr) {
        auto parsed = parse(s->get());
        if (!parsed) return errors_.at(node.source(), describe(key) + ": " + parsed.error());
        value = *parsed;
      } else {
        return errors_.at(
            node.source(),
            describe(key) + (parse != nullptr ? " must be a number or a string with units"
                                              : " must be an integer"));
      }
      if (value < minimum) {
        return errors_.at(node.source(),
                          describe(key) + " must be at least " + std::to_string(minimum));
      }
      if (value > maximum) {
        return errors_.at(node.source(),
                          describe(key) + " must be at most " + std::to_string(maximum));
      }
      out = value;
      return {};
    });
  }

  // An array of strings.
  Status read_string_array(std::string_view key, std::vector<std::string>& out) {
    return read(key, [&](const toml::node& node) -> Status {
      const auto* array = node.as_array();
      if (array == nullptr)
        return errors_.at(node.source(), describe(key) + " must be an array of strings");
      out.clear();
      for (const toml::node& item : *array) {
        const auto* v = item.as_string();
        if (v == nullptr)
          return errors_.at(item.source(), describe(key) + " must be an array of strings");
        out.push_back(v->get());
      }
      return {};
    });
  }

  // Every key of the table must have been read.
  Status reject_unknown() const {
    for (const auto& [key, node] : table_) {
      if (!known_.count(std::string(key.str()))) {
        return errors_.at(
            key.source().begin.line > 0 ? key.source() : node.source(),
            "unknown key '" + std::string(key.str()) + "'" + (name_.empty() ? "" : " in " + name_));
      }
    }
    return {};
  }

  // Marks a key as handled elsewhere.
  void allow(std::string_view key) { known_.insert(std::string(key)); }

 private:
  template <class F>
  Status read(std::string_view key, F&& convert) {
    known_.insert(std::string(key));
    const toml::node* node = table_.get(key);
    if (node == nullptr) return {};
    return convert(*node);
  }

  std::string describe(std::string_view key) const {
    return "'" + (name_.empty() ? "" : name_ + ".") + std::string(key) + "'";
  }

  const toml::table& table_;
  std::string name_;
  const ConfigError& errors_;
  std::set<std::string> known_;
};

// Upper bounds keep every derived time and count far from overflow and catch
// typos (an interval of "3000000d").
constexpr std::int64_t kMaxInterval = 365 * 86400;
constexpr std::int64_t kMaxTimeout = 3600;
constexpr std::int64_t kMaxBodySize = 1024LL * 1024 * 1024;

Status read_http(const toml::table& table, const ConfigError& errors, HttpConfig& http) {
  TableReader r(table, "http", errors);
  for (Status st :
       {r.read_string("user_agent", http.user_agent),
        r.read_quantity("connect_timeout", http.connect_timeout_seconds, 1, kMaxTimeout,
                        parse_duration),
        r.read_quantity("timeout", http.timeout_seconds, 1, kMaxTimeout, parse_duration),
        r.read_quantity("max_body_size", http.max_body_bytes, 1024, kMaxBodySize, parse_size),
        r.read_quantity("concurrency", http.concurrency, 1, 1000, nullptr),
        r.read_quantity("max_redirects", http.max_redirects, 0, 50, nullptr),
        r.read_quantity("per_site_concurrency", http.per_site_concurrency, 0, 1000, nullptr),
        r.read_quantity("per_site_delay", http.per_site_delay_ms, 0, 3'600'000, parse_milliseconds),
        r.read_quantity("max_backoff", http.max_backoff_seconds, 60, kMaxInterval, parse_duration),
        r.read_bool("allow_private_networks", http.allow_private_networks),
        r.read_string("proxy", http.proxy), r.reject_unknown()}) {
    if (!st) return st;
  }
  if (!http.proxy.empty()) {
    // Schemes are case-insensitive (RFC 3986 §3.1); stored lower-case, the
    // form libcurl documents, so "SOCKS5H://" cannot fall back to another type.
    const size_t separator = http.proxy.find("://");
    const std::string scheme = text::ascii_lower(http.proxy.substr(0, separator));
    if (separator == std::string::npos ||
        (scheme != "http" && scheme != "https" && scheme != "socks5" && scheme != "socks5h")) {
      return errors.at(table.get("proxy")->source(),
                       "'http.proxy' must start with http://, https://, socks5:// or socks5h://");
    }
    http.proxy.replace(0, separator, scheme);
  }
  if (http.user_agent.empty())
    return errors.at(table.source(), "'http.user_agent' must not be empty");
  return {};
}

Status read_admin(const toml::table& table, const ConfigError& errors, AdminConfig& admin) {
  TableReader r(table, "admin", errors);
  for (Status st : {r.read_string("listen", admin.listen), r.read_string("token", admin.token),
                    r.read_quantity("max_event_streams", admin.max_event_streams, 1, 256, nullptr),
                    r.reject_unknown()}) {
    if (!st) return st;
  }
  if (!admin.listen.empty()) {
    if (auto parsed = parse_listen_address(admin.listen); !parsed) {
      return errors.at(table.get("listen")->source(), "'admin.listen': " + parsed.error());
    }
  }
  return {};
}

Status read_source(const toml::table& table, size_t index, const ConfigError& errors,
                   std::int64_t default_interval, SourceConfig& source) {
  const std::string name = "sources[" + std::to_string(index + 1) + "]";
  TableReader r(table, name, errors);
  source.interval_seconds = default_interval;
  for (Status st :
       {r.read_string("name", source.name), r.read_string("url", source.url),
        r.read_string("kind", source.kind),
        r.read_quantity("interval", source.interval_seconds, 1, kMaxInterval, parse_duration),
        r.read_bool("adaptive", source.adaptive),
        r.read_quantity("min_interval", source.min_interval_seconds, 1, kMaxInterval,
                        parse_duration),
        r.read_quantity("max_interval", source.max_interval_seconds, 1, kMaxInterval,
                        parse_duration),
        r.read_bool("enabled", source.enabled), r.read_bool("ignore_robots", source.ignore_robots),
        r.reject_unknown()}) {
    if (!st) return st;
  }
  if (source.name.empty()) return errors.at(table.source(), name + " needs a non-empty 'name'");
  const std::string label = "source '" + source.name + "'";
  if (source.url.empty()) return errors.at(table.source(), label + " needs a 'url'");
  if (!text::parse_http_url(source.url)) {
    return errors.at(table.get("url")->source(),
                     label + ": 'url' must be an absolute http or https URL");
  }
  if (source.min_interval_seconds == 0) {
    source.min_interval_seconds = std::min<std::int64_t>(source.interval_seconds, 300);
  }
  if (source.max_interval_seconds == 0) {
    source.max_interval_seconds = std::max<std::int64_t>(
        source.interval_seconds,
        std::min<std::int64_t>(86'400, std::max<std::int64_t>(6 * source.interval_seconds, 3600)));
  }
  if (source.min_interval_seconds > source.max_interval_seconds) {
    return errors.at(table.source(), label + ": 'min_interval' is longer than 'max_interval'");
  }
  if (source.kind.empty()) source.kind = "feed";
  if (source.kind != "feed" && source.kind != "sitemap" && source.kind != "listing") {
    return errors.at(
        table.get("kind")->source(),
        label + ": 'kind' must be one of feed, sitemap, listing (got '" + source.kind + "')");
  }
  return {};
}

bool valid_sink_name(const std::string& name) {
  if (name.empty()) return false;
  for (char c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-' && c != '.')
      return false;
  }
  return true;
}

Status read_sink(const toml::table& table, size_t index, const ConfigError& errors,
                 notify::SinkSpec& sink) {
  const std::string name = "sinks[" + std::to_string(index + 1) + "]";
  TableReader r(table, name, errors);
  std::int64_t timeout_seconds = sink.timeout_ms / 1000;
  std::string mode = "batch";
  for (Status st :
       {r.read_string("name", sink.name), r.read_string("kind", sink.kind),
        r.read_bool("enabled", sink.enabled), r.read_string("url", sink.url),
        r.read_string("secret", sink.secret), r.read_string_array("command", sink.command),
        r.read_string("mode", mode),
        r.read_quantity("timeout", timeout_seconds, 1, kMaxTimeout, parse_duration),
        r.read_quantity("batch_size", sink.batch_size, 1, 10'000, nullptr),
        r.read_quantity("max_attempts", sink.max_attempts, 1, 1000, nullptr),
        r.read_quantity("retry_delay", sink.retry_delay_seconds, 1, kMaxInterval, parse_duration),
        r.read_quantity("max_retry_delay", sink.max_retry_delay_seconds, 1, kMaxInterval,
                        parse_duration),
        r.read_string_array("sites", sink.sites), r.read_string_array("languages", sink.languages),
        r.read_string_array("event_types", sink.event_types),
        r.read_bool("include_text", sink.include_text), r.reject_unknown()}) {
    if (!st) return st;
  }
  sink.timeout_ms = timeout_seconds * 1000;
  if (!valid_sink_name(sink.name)) {
    return errors.at(table.get("name") ? table.get("name")->source() : table.source(),
                     name + " needs a 'name' of letters, digits, '_', '-' and '.'");
  }
  const std::string label = "sink '" + sink.name + "'";
  const auto at = [&](const char* key) {
    return table.get(key) ? table.get(key)->source() : table.source();
  };
  if (sink.kind == "webhook") {
    if (!text::parse_http_url(sink.url))
      return errors.at(at("url"), label + ": a webhook needs a 'url' (absolute http or https)");
    if (table.get("command") || table.get("mode"))
      return errors.at(at(table.get("command") ? "command" : "mode"),
                       label + ": 'command' and 'mode' are for exec sinks");
  } else if (sink.kind == "exec") {
    if (sink.command.empty() || sink.command.front().empty())
      return errors.at(
          at("command"),
          label + ": an exec sink needs a 'command' (an array: program and arguments)");
    if (table.get("url") || table.get("secret"))
      return errors.at(at(table.get("url") ? "url" : "secret"),
                       label + ": 'url' and 'secret' are for webhook sinks");
    if (mode != "batch" && mode != "event")
      return errors.at(at("mode"), label + ": 'mode' must be batch or event (got '" + mode + "')");
    sink.per_event = mode == "event";
  } else {
    return errors.at(at("kind"),
                     label + ": 'kind' must be webhook or exec (got '" + sink.kind + "')");
  }
  for (const auto& type : sink.event_types) {
    const auto& known = notify::known_event_types();
    if (std::find(known.begin(), known.end(), type) == known.end()) {
      std::string list;
      for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
      return errors.at(at("event_types"),
                       label + ": unknown event type '" + type + "' (known: " + list + ")");
    }
  }
  if (sink.max_retry_delay_seconds < sink.retry_delay_seconds)
    return errors.at(at("max_retry_delay"),
                     label + ": 'max_retry_delay' is shorter than 'retry_delay'");
  return {};
}

}  // namespace

Result<std::int64_t> parse_duration(std::string_view text) {
  return parse_with_units(text, {{"", 1}, {"s", 1}, {"m", 60}, {"h", 3600}, {"d", 86400}},
                          "duration");
}

Result<std::int64_t> parse_milliseconds(std::string_view text) {
  return parse_with_units(text, {{"", 1}, {"ms", 1}, {"s", 1000}, {"m", 60'000}}, "duration");
}

Result<std::int64_t> parse_size(std::string_view text) {
  return parse_with_units(text,
                          {{"", 1},
                           {"B", 1},
                           {"kB", 1000},
                           {"KB", 1000},
                           {"KiB", 1024},
                           {"MB", 1000'000},
                           {"MiB", 1024 * 1024},
                           {"GB", 1000'000'000},
                           {"GiB", 1024LL * 1024 * 1024}},
                          "size");
}

std::string Config::database_path() const {
  const std::filesystem::path db(database.empty() ? "akhbar.db" : database);
  if (db.is_absolute()) return db.string();
  if (const char* state = std::getenv("STATE_DIRECTORY"); state != nullptr && *state != '\0') {
    // systemd may pass several directories separated by ':'; the first is ours.
    const std::string first = std::string(state).substr(0, std::string(state).find(':'));
    return (std::filesystem::path(first) / db).string();
  }
  return db.string();
}

Result<Config> parse_config(std::string_view toml_text, const std::string& origin) {
  const ConfigError errors(origin);
  toml::table root;
  try {
    root = toml::parse(toml_text, origin);
  } catch (const toml::parse_error& e) {
    return errors.at(e.source(), std::string(e.description()));
  }

  Config config;
  TableReader r(root, "", errors);
  for (Status st :
       {r.read_string("database", config.database), r.read_string("log_level", config.log_level),
        r.read_quantity("poll_interval", config.poll_interval_seconds, 1, kMaxInterval,
                        parse_duration),
        r.read_quantity("max_articles_per_poll", config.max_articles_per_poll, 1, 100'000, nullptr),
        r.read_quantity("extraction_threads", config.extraction_threads, 0, 256, nullptr)}) {
    if (!st) return make_error(st.error());
  }
  static const std::set<std::string> kLevels = {"trace", "debug",    "info", "warn",
                                                "error", "critical", "off"};
  if (!kLevels.count(config.log_level)) {
    return errors.at(root.get("log_level")->source(),
                     "'log_level' must be one of trace, debug, info, warn, error, critical, off");
  }

  // Tables are read by their own readers below.
  r.allow("http");
  r.allow("admin");
  r.allow("retention");
  r.allow("sources");
  r.allow("sinks");
  if (Status st = r.reject_unknown(); !st) return make_error(st.error());
  if (const toml::node* http = root.get("http")) {
    const auto* table = http->as_table();
    if (table == nullptr) return errors.at(http->source(), "'http' must be a table ([http])");
    if (Status st = read_http(*table, errors, config.http); !st) return make_error(st.error());
  }
  if (const toml::node* admin = root.get("admin")) {
    const auto* table = admin->as_table();
    if (table == nullptr) return errors.at(admin->source(), "'admin' must be a table ([admin])");
    if (Status st = read_admin(*table, errors, config.admin); !st) return make_error(st.error());
  }
  if (const toml::node* retention = root.get("retention")) {
    const auto* table = retention->as_table();
    if (table == nullptr)
      return errors.at(retention->source(), "'retention' must be a table ([retention])");
    TableReader reader(*table, "retention", errors);
    for (Status st : {reader.read_quantity("full_text_days", config.retention_full_text_days, 0,
                                           36'500, nullptr),
                      reader.reject_unknown()}) {
      if (!st) return make_error(st.error());
    }
  }
  if (const toml::node* sources = root.get("sources")) {
    const auto* array = sources->as_array();
    if (array == nullptr)
      return errors.at(sources->source(), "'sources' must be an array of tables ([[sources]])");
    std::set<std::string> names;
    for (size_t i = 0; i < array->size(); ++i) {
      const toml::node& node = *array->get(i);
      const auto* table = node.as_table();
      if (table == nullptr)
        return errors.at(node.source(), "each entry of 'sources' must be a table");
      SourceConfig source;
      if (Status st = read_source(*table, i, errors, config.poll_interval_seconds, source); !st) {
        return make_error(st.error());
      }
      if (!names.insert(source.name).second) {
        return errors.at(table->source(), "duplicate source name '" + source.name + "'");
      }
      config.sources.push_back(std::move(source));
    }
  }
  if (const toml::node* sinks = root.get("sinks")) {
    const auto* array = sinks->as_array();
    if (array == nullptr)
      return errors.at(sinks->source(), "'sinks' must be an array of tables ([[sinks]])");
    std::set<std::string> names;
    for (size_t i = 0; i < array->size(); ++i) {
      const toml::node& node = *array->get(i);
      const auto* table = node.as_table();
      if (table == nullptr)
        return errors.at(node.source(), "each entry of 'sinks' must be a table");
      notify::SinkSpec sink;
      if (Status st = read_sink(*table, i, errors, sink); !st) return make_error(st.error());
      if (!names.insert(sink.name).second)
        return errors.at(table->source(), "duplicate sink name '" + sink.name + "'");
      config.sinks.push_back(std::move(sink));
    }
  }
  return config;
}

Result<Config> load_config(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    return make_error(path + ": not a configuration file (" +
                      (std::filesystem::exists(path, ec) ? "not a regular file" : "no such file") +
                      ")");
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream content;
  if (in) content << in.rdbuf();
  if (!in || in.bad()) return make_error(path + ": cannot read the configuration file");
  auto config = parse_config(content.str(), path);
  if (config) config->config_path = path;
  return config;
}

}  // namespace akhbar::daemon
