// `akhbar sources add | import | export`: the configuration file is the list
// of sources; these commands edit it (daemon/config_edit.h) or print it as
// OPML. A running service picks the change up on SIGHUP.
#include <spdlog/spdlog.h>

#include <ctime>
#include <fstream>
#include <iostream>

#include "daemon/command_support.h"
#include "daemon/config_edit.h"
#include "daemon/poller.h"
#include "daemon/source_discovery.h"
#include "parsers/opml.h"
#include "text/url.h"

namespace akhbar::daemon {

namespace {

constexpr const char* kReloadHint =
    "run 'systemctl reload akhbar' (or send SIGHUP to akhbar serve) to poll it now";

// The interval given with --interval, else the configuration's default.
Result<std::int64_t> interval_of(const ParsedArgs& args, const Config& config) {
  if (!args.values.count("--interval")) return config.poll_interval_seconds;
  return parse_duration(args.value("--interval"));
}

// Writes `added` to the file, or with --dry-run only prints it.
int save(const ParsedArgs& args, const Config& config, const std::vector<SourceConfig>& added) {
  if (added.empty()) {
    std::cout << "nothing to add\n";
    return kExitOk;
  }
  if (args.has("--dry-run")) {
    std::cout << sources_as_toml(added, config.poll_interval_seconds);
    return kExitOk;
  }
  if (Status st = append_sources(config.config_path, added); !st) return fail(st.error());
  for (const auto& s : added) {
    std::cout << "added " << s.kind << " source '" << s.name << "': " << s.url << "\n";
  }
  std::cout << "to " << config.config_path << "; " << kReloadHint << "\n";
  return kExitOk;
}

bool already_configured(const Config& config, const std::string& url) {
  for (const auto& s : config.sources) {
    if (s.url == url) return true;
  }
  return false;
}

}  // namespace

int cmd_sources_add(const ParsedArgs& args) {
  auto config = load_selected_config(args);
  if (!config) return fail(config.error());
  auto interval = interval_of(args, *config);
  if (!interval) return fail(interval.error());
  const std::string& url = args.positional.at(0);
  if (!text::parse_http_url(url)) return fail("'" + url + "' is not an http or https URL");

  SourceConfig source;
  source.interval_seconds = *interval;
  if (args.values.count("--kind")) {
    // The operator knows: no discovery, the URL as given.
    source.kind = args.value("--kind");
    if (source.kind != "feed" && source.kind != "sitemap" && source.kind != "listing") {
      return fail("--kind must be feed, sitemap or listing");
    }
    source.url = url;
  } else {
    fetchers::HttpOptions options = http_options_from(config->http);
    // A handful of probes; a shorter gap than the service's is still polite.
    options.politeness.per_site_delay_ms =
        std::min<std::int64_t>(options.politeness.per_site_delay_ms, 250);
    fetchers::HttpClient http(options);
    auto found = discover_source(http, url);
    if (!found) return fail(found.error());
    std::cerr << found->kind << " " << found->url << " (" << found->how << ")\n";
    source.url = found->url;
    source.kind = found->kind;
    source.name = found->title;
  }
  if (already_configured(*config, source.url)) {
    return fail(source.url + " is already configured");
  }
  if (args.values.count("--name")) source.name = args.value("--name");
  if (source.name.empty() || source.name.size() > 60) source.name = text::url_host(source.url);
  if (args.values.count("--name") && unique_source_name(*config, source.name) != source.name) {
    return fail("a source named '" + source.name + "' is already configured");
  }
  source.name = unique_source_name(*config, source.name);
  return save(args, *config, {source});
}

int cmd_sources_import(const ParsedArgs& args) {
  auto config = load_selected_config(args);
  if (!config) return fail(config.error());
  auto document = read_file(args.positional.at(0));
  if (!document) return fail(document.error());
  auto imported = parsers::parse_opml(*document);
  if (!imported) return fail(args.positional.at(0) + ": " + imported.error());
  std::vector<SourceConfig> added;
  std::size_t known = 0;
  for (const auto& s : imported->sources) {
    if (already_configured(*config, s.url)) {
      ++known;
      continue;
    }
    SourceConfig source;
    source.url = s.url;
    source.kind = s.kind.empty() ? "feed" : s.kind;
    source.interval_seconds = config->poll_interval_seconds;
    source.name = unique_source_name(
        *config, s.name.empty() || s.name.size() > 60 ? text::url_host(s.url) : s.name, added);
    added.push_back(std::move(source));
  }
  std::cerr << imported->sources.size() << " sources in the file: " << added.size() << " new, "
            << known << " already configured, " << imported->duplicates << " duplicates, "
            << imported->skipped << " skipped (not http/https)\n";
  return save(args, *config, added);
}

int cmd_sources_export(const ParsedArgs& args) {
  auto config = load_selected_config(args);
  if (!config) return fail(config.error());
  std::vector<parsers::OpmlSource> sources;
  for (const auto& s : config->sources) sources.push_back({s.name, s.url, "", s.kind, ""});
  parsers::OpmlWriteOptions options;
  char date[64];
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  std::strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  options.date_created = date;
  const std::string document = parsers::write_opml(sources, options);
  const std::string output = args.value("--output");
  if (output.empty()) {
    std::cout << document;
    return kExitOk;
  }
  std::ofstream out(output, std::ios::binary);
  out << document;
  if (!out.flush()) return fail("cannot write " + output);
  std::cerr << sources.size() << " sources written to " << output << "\n";
  return kExitOk;
}

}  // namespace akhbar::daemon
